from django.db import migrations, models


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
    ]
