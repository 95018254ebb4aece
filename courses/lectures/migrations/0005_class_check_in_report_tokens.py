from django.db import migrations, models


def keep_the_last_token(apps, schema_editor):
    """Going back to one token per class: keep the newest, which fits the old column."""
    ClassCheckIn = apps.get_model("lectures", "ClassCheckIn")
    for check_in in ClassCheckIn.objects.filter(report_tokens__contains=" "):
        check_in.report_tokens = check_in.report_tokens.split()[-1]
        check_in.save(update_fields=["report_tokens"])


class Migration(migrations.Migration):
    """A class remembers the tokens of its last reports, not only of the last one: form A, then
    form B, then form A sent again is two reports, not three."""

    dependencies = [
        ("lectures", "0004_class_check_in_report_token"),
    ]

    operations = [
        migrations.RenameField(model_name="classcheckin", old_name="report_token", new_name="report_tokens"),
        migrations.AlterField(
            model_name="classcheckin",
            name="report_tokens",
            field=models.CharField(blank=True, editable=False, max_length=264),
        ),
        # Undone first when migrating back, before the column shrinks to 32 characters again.
        migrations.RunPython(migrations.RunPython.noop, keep_the_last_token),
    ]
