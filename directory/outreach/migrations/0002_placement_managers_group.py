"""The "Placement managers" group: coordinators and editors added to it by an administrator manage
placements in the admin (a coordinator only those of their own region: the views check it)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Placement managers"
CODENAMES = ["add_placement", "change_placement", "delete_placement", "view_placement"]


def create_group(apps, schema_editor):
    # On a new database the model permissions are only made after every migration has run.
    config = apps.get_app_config("directory_outreach")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="directory_outreach", codename__in=CODENAMES),
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory_outreach", "0001_placements_and_daily_scan_counts"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
