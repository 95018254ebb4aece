"""SearchWord: every word of the services' search documents (directory.models.search_words),
filled here from the documents already written."""

from django.db import migrations, models

CHUNK = 2000


def fill(apps, schema_editor):
    from directory.search import MARK

    Service = apps.get_model("directory", "Service")
    SearchWord = apps.get_model("directory", "SearchWord")
    words = set()
    for document in Service.objects.values_list("search_document", flat=True).iterator(chunk_size=CHUNK):
        words.update(word for word in document.split() if not word.startswith(MARK))
    SearchWord.objects.bulk_create([SearchWord(word=word) for word in sorted(words)], batch_size=CHUNK)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_search_filter_tokens"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.TextField(primary_key=True, serialize=False)),
            ],
            options={
                "verbose_name": "search word",
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
