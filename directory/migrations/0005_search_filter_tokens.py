"""Add the filter tokens (directory.search.filter_tokens) to every service's search document.

The search index reads the document when a service is indexed: run ``manage.py update_index``
after this migration (as after any upgrade that changes indexed text), or text searches combined
with filters find only the services saved since.
"""

from django.db import migrations

CHUNK = 2000


def add_tokens(apps, schema_editor):
    from directory.search import MARK, filter_tokens

    Service = apps.get_model("directory", "Service")
    connection = schema_editor.connection
    id_field = Service._meta.pk
    quote = connection.ops.quote_name
    update = f"UPDATE {quote(Service._meta.db_table)} SET search_document = %s WHERE {quote(id_field.column)} = %s"
    keys = list(Service.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(keys), CHUNK):
        services = list(
            Service.objects.filter(pk__in=keys[start : start + CHUNK]).prefetch_related(
                "service_areas__region", "attributes__taxonomy_term", "languages", "schedules"
            )
        )
        rows = []
        for service in services:
            words = [word for word in service.search_document.split() if not word.startswith(MARK)]
            tokens = filter_tokens(
                region_codes=[area.region.code for area in service.service_areas.all()],
                nationwide=service.nationwide,
                kind_codes=[attribute.taxonomy_term.code for attribute in service.attributes.all()],
                languages=[language.code for language in service.languages.all()],
                is_free=service.is_free,
                anonymous=service.anonymous,
                open_24_7=service.open_24_7,
                schedules=[(s.byday, s.opens_at, s.closes_at) for s in service.schedules.all()],
            )
            rows.append((" ".join(words + tokens), id_field.get_db_prep_value(service.pk, connection)))
        # One plain UPDATE per row, sent in a batch: bulk_update's CASE over hundreds of ids is
        # several times slower at 100k services.
        with connection.cursor() as cursor:
            cursor.executemany(update, rows)


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_listing_indexes")]

    operations = [migrations.RunPython(add_tokens, migrations.RunPython.noop, elidable=True)]
