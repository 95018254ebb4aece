from django.db import migrations

AUDIENCES = ("school_psychologist", "health_psychologist", "teacher", "social_pedagogue")


def create_audiences(apps, schema_editor):
    Audience = apps.get_model("guidelines", "Audience")
    for sort_order, code in enumerate(AUDIENCES):
        Audience.objects.update_or_create(code=code, defaults={"sort_order": sort_order})


def delete_audiences(apps, schema_editor):
    apps.get_model("guidelines", "Audience").objects.filter(code__in=AUDIENCES).delete()


class Migration(migrations.Migration):
    dependencies = [("guidelines", "0001_guideline_pages")]

    operations = [migrations.RunPython(create_audiences, delete_audiences)]
