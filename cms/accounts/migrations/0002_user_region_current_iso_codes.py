"""User.region becomes a choice from cms.regions, and stored codes become the current ISO codes.

Accounts held free text: former alphabetic codes (KZ-ALA), the codes the focus groups made up for
the 2022 regions (KZ-ABY, KZ-ZHT, KZ-ULY), current ones, any letter case. Each becomes the current
code; text that names no region is kept for an administrator to correct. Reversing writes the
former alphabetic codes back where a region had one (the previous code matched those).
"""

from django.db import migrations

import cms.regions
from cms.regions import FORMER_CODES, normalise_region, rewrite_stored_codes

MODELS = [("accounts", "User")]
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
        ('accounts', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(to_current_codes, to_previous_codes),
        migrations.AlterField(
            model_name='user',
            name='region',
            field=cms.regions.RegionField(blank=True, max_length=16, verbose_name='region'),
        ),
    ]
