"""Check-ins, feedback and self-check results: the current ISO codes of cms.regions.

The lectures' old list had the former alphabetic codes and the numeric codes of Abai, Jetisu and
Ulytau; reversing writes the former alphabetic codes back, which gives exactly that list.
"""

from django.db import migrations

import cms.regions
from cms.regions import FORMER_CODES, normalise_region, rewrite_stored_codes

MODELS = [("lectures", "ClassCheckIn"), ("lectures", "Feedback"), ("lectures", "SelfCheckResult")]
# Current code → the code the previous version stored for that region.
PREVIOUS = {current: old for old, current in FORMER_CODES.items()}


def to_current_codes(apps, schema_editor):
    for app_label, model in MODELS:
        rewrite_stored_codes(apps.get_model(app_label, model).objects, normalise_region)


def to_previous_codes(apps, schema_editor):
    for app_label, model in MODELS:
        rewrite_stored_codes(apps.get_model(app_label, model).objects, PREVIOUS.get)


class Migration(migrations.Migration):

    dependencies = [
        ('lectures', '0002_self_check_quiz'),
    ]

    operations = [
        migrations.RunPython(to_current_codes, to_previous_codes),
        migrations.AlterField(
            model_name='classcheckin',
            name='region',
            field=cms.regions.RegionField(max_length=8, verbose_name='region'),
        ),
        migrations.AlterField(
            model_name='feedback',
            name='region',
            field=cms.regions.RegionField(blank=True, max_length=8, verbose_name='region'),
        ),
        migrations.AlterField(
            model_name='selfcheckresult',
            name='region',
            field=cms.regions.RegionField(blank=True, max_length=8, verbose_name='region'),
        ),
    ]
