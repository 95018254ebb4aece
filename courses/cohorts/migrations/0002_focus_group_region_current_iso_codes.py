"""Focus groups' regions: the current ISO codes of cms.regions instead of the cohorts' own list.

The old list had the former alphabetic codes and made-up ones for Abai, Jetisu and Ulytau
(KZ-ABY, KZ-ZHT, KZ-ULY); reversing writes exactly those back.
"""

from django.db import migrations

import cms.regions
from cms.regions import FORMER_CODES, MADE_UP_CODES, normalise_region, rewrite_stored_codes

MODELS = [("cohorts", "FocusGroup")]
# Current code → the code the previous version stored for that region.
PREVIOUS = {current: old for old, current in (FORMER_CODES | MADE_UP_CODES).items()}


def to_current_codes(apps, schema_editor):
    for app_label, model in MODELS:
        rewrite_stored_codes(apps.get_model(app_label, model).objects, normalise_region)


def to_previous_codes(apps, schema_editor):
    for app_label, model in MODELS:
        rewrite_stored_codes(apps.get_model(app_label, model).objects, PREVIOUS.get)


class Migration(migrations.Migration):

    dependencies = [
        ('cohorts', '0001_focus_groups_schedule_attendance'),
    ]

    operations = [
        migrations.RunPython(to_current_codes, to_previous_codes),
        migrations.AlterField(
            model_name='focusgroup',
            name='region',
            field=cms.regions.RegionField(max_length=16, verbose_name='region'),
        ),
    ]
