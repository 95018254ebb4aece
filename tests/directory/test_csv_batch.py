"""A CSV import saves its rows in bulk (directory.batch), without the model signals that
save_service relies on: what the import leaves behind must equal what saving the same rows one by
one leaves, and the queries must not grow with the rows."""

import csv
import dataclasses
import datetime as dt
import io
import uuid
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import ReferenceIndex, Revision

from directory import card_cache
from directory.batch import ServiceRow, save_services
from directory.models import Location, Organization, Service
from directory.selectors import ServiceFilters, search_services
from directory.services import (
    COLUMNS,
    HoursData,
    LocationData,
    PhoneData,
    export_services_csv,
    import_services_csv,
    save_service,
)
from tests.factories import SuperUserFactory

from .factories import location, make_service, service_data

pytestmark = pytest.mark.django_db

KEYS = [uuid.UUID(int=n) for n in range(1, 5)]
CHILDREN = ("attributes", "service_areas", "languages", "phones", "schedules", "service_at_locations")
# Columns that hold ids or moments, which differ between two runs by nature.
VOLATILE = {"id", "updated_at", "first_published_at", "last_published_at", "latest_revision", "live_revision"}


def rows(version: int = 0) -> list[ServiceRow]:
    """Services in two languages, with a location, nationwide, unpublished, pinned, and two rows
    of one organisation spelt differently (the second spelling renames it)."""
    suffix = f" {version}" if version else ""
    return [
        ServiceRow(KEYS[0], "kk", service_data(
            name=f"Психологиялық орталық{suffix}", kinds=["psychological", "legal"], location=location(),
            organization_name="Қамқор",
        )),
        ServiceRow(KEYS[0], "ru", service_data(
            name=f"Психологический центр{suffix}", kinds=["psychological", "legal"],
            location=location(name="Центр", address_1="пр. Абая, 1"), organization_name="Қамқор",
        )),
        ServiceRow(KEYS[1], "kk", service_data(
            name=f"Бүкіл ел{suffix}", region_codes=[], nationwide=True, hours=[], pinned=bool(version),
            phones=[PhoneData(kind="voice", number="150", open_24_7=True),
                    PhoneData(kind="messenger", messenger="telegram", link="https://t.me/help")],
            organization_name="ҚАМҚОР" if version else "Басқа ұйым",
        )),
        ServiceRow(KEYS[2], "ru", service_data(
            name=f"Черновик{suffix}", live=bool(version), kinds=["medical"], region_codes=["KZ-75", "KZ-71"],
            hours=[HoursData(byday="SA", opens_at=dt.time(22), closes_at=dt.time(6))],
            location=LocationData(name="Пункт", city="Астана", region_code="KZ-71",
                                  latitude=Decimal("51.1"), longitude=Decimal("71.4")),
        )),
    ]


def snapshot() -> dict:
    """Everything the directory stores about the services of KEYS, without ids and moments (an
    organisation or a location created by the save is named by its key and language)."""
    labels = {
        str(pk): (model.__name__, str(key), locale_id)
        for model in (Organization, Location)
        for pk, key, locale_id in model.objects.values_list("pk", "translation_key", "locale_id")
    }

    def stable(value):
        return labels.get(str(value), value)

    state = {}
    for service in Service.objects.filter(translation_key__in=KEYS).select_related("locale", "organization"):
        fields = {
            f.name: getattr(service, f.attname) for f in Service._meta.concrete_fields if f.name not in VOLATILE
        }
        fields["organization"] = (service.organization.name, service.organization.translation_key)
        fields["published"] = (service.first_published_at is not None, service.last_published_at is not None)
        children = {
            relation: sorted(
                tuple(
                    (f.name, stable(getattr(child, f.attname)))
                    for f in child._meta.concrete_fields if f.name not in ("id", "service")
                )
                for child in getattr(service, relation).all()
            )
            for relation in CHILDREN
        }
        revisions = list(Revision.objects.for_instance(service).order_by("created_at", "pk"))
        latest = revisions[-1]
        content = {key: stable(value) for key, value in latest.content.items() if key not in VOLATILE | {"pk"}}
        for relation in CHILDREN:
            content[relation] = sorted(
                str(sorted((k, stable(v)) for k, v in child.items() if k not in ("pk", "id", "service")))
                for child in latest.content.get(relation, [])
            )
        child_pks = {str(child.pk) for relation in CHILDREN for child in getattr(service, relation).all()}
        references = []
        for to_type, to_id, model_path, content_path in ReferenceIndex.objects.filter(
            base_content_type=Service.get_content_type(), object_id=str(service.pk)
        ).values_list("to_content_type_id", "to_object_id", "model_path", "content_path"):
            parts = content_path.split(".")
            # A child's reference names the child by id: it must be one of the current children.
            assert len(parts) == 1 or parts[1] in child_pks, content_path
            references.append((to_type, str(stable(to_id)), model_path))
        state[(service.translation_key, service.locale.language_code)] = {
            "fields": fields,
            "children": children,
            "revisions": len(revisions),
            "latest revision": (content, latest.user_id, latest.object_str),
            "latest is live": service.live_revision_id == latest.pk,
            "references": sorted(references),
        }
    location_type = ContentType.objects.get_for_model(Location)
    for place in Location.objects.select_related("organization"):
        fields = {f.name: getattr(place, f.attname) for f in Location._meta.concrete_fields if f.name not in VOLATILE}
        fields["organization"] = place.organization.name
        references = ReferenceIndex.objects.filter(base_content_type=location_type, object_id=str(place.pk))
        state[("location", place.translation_key, place.locale_id)] = (
            fields, sorted((str(stable(to)), p) for to, p in references.values_list("to_object_id", "model_path")),
        )
    state["organizations"] = sorted(Organization.objects.values_list("name", "translation_key", "locale_id"))
    return state


def found(query: str, language: str = "kk") -> set:
    return {s.translation_key for s in search_services(language_code=language, filters=ServiceFilters(q=query))}


def searches() -> dict:
    return {
        query: (found(query, "kk"), found(query, "ru"), found(query, "en"))
        for query in ("психолог", "psikholog", "центр", "бүкіл", "черновик", "юридическая", "almaty", "астана")
    }


def one_by_one(batch: list[ServiceRow], user=None) -> None:
    for row in batch:
        save_service(translation_key=row.translation_key, language_code=row.language_code, data=row.data, user=user)


def outcome(save, batch, user=None) -> tuple[dict, dict]:
    """What saving ``batch`` with ``save`` leaves behind; rolled back afterwards."""
    with transaction.atomic():
        save(batch, user=user)
        result = snapshot(), searches()
        transaction.set_rollback(True)
    return result


def test_bulk_save_leaves_what_saving_one_by_one_leaves():
    admin_user = SuperUserFactory()
    make_service(names={"kk": "Басқа қызмет"}, organization_name="Қамқор")  # an organisation already there
    created = outcome(one_by_one, rows(), admin_user)
    assert created == outcome(save_services, rows(), admin_user)
    assert KEYS[0] in created[1]["психолог"][0]  # the comparison compares something
    one_by_one(rows())
    updated = outcome(one_by_one, rows(version=1), admin_user)
    assert updated == outcome(save_services, rows(version=1), admin_user)
    assert updated[0][(KEYS[1], "kk")]["fields"]["organization"][0] == "ҚАМҚОР"
    assert updated[0][(KEYS[0], "kk")]["revisions"] == 2


def test_an_import_is_found_by_the_help_search_and_listed_on_its_region_page(client, home_tree, helpline):
    header = "id,language,name,organization,kinds,regions,phone\n"
    content = header + "".join(
        f",{language},{name},Ұйым,legal,KZ-75,+7 000 000 0001\n"
        for language, name in (("kk", "Жедел заң кеңесі"), ("ru", "Срочная юридическая консультация"))
    )
    assert client.get("/kk/help/region/almaty/").status_code == 200  # cached before the import
    assert import_services_csv(content=content, dry_run=False).ok
    assert "Жедел заң кеңесі" in client.get("/kk/help/?q=жедел").content.decode()
    assert "Срочная юридическая консультация" in client.get("/ru/help/?q=срочная").content.decode()
    # Text with filters goes through the filter tokens of the search document: the import writes them.
    assert "Жедел заң кеңесі" in client.get("/kk/help/?q=жедел&region=KZ-75&kind=legal").content.decode()
    assert "Жедел заң кеңесі" not in client.get("/kk/help/?q=жедел&region=KZ-71").content.decode()
    assert "Жедел заң кеңесі" in client.get("/kk/help/region/almaty/").content.decode()
    assert "Жедел заң кеңесі" not in client.get("/kk/help/region/astana/").content.decode()


def test_an_import_renaming_an_organisation_reaches_the_cached_cards_of_other_services(
    client, home_tree, helpline, django_capture_on_commit_callbacks
):
    make_service(names={"kk": "Басқа қызмет"}, organization_name="Қамқор қоры")
    assert "Қамқор қоры" in client.get("/kk/help/").content.decode()
    generation = cache.get(card_cache.GENERATION_KEY)
    content = "language,name,organization,kinds,regions\nkk,Жаңа қызмет,ҚАМҚОР ҚОРЫ,legal,KZ-75\n"
    with django_capture_on_commit_callbacks(execute=True):
        assert import_services_csv(content=content, dry_run=False).ok
    assert cache.get(card_cache.GENERATION_KEY) != generation
    html = client.get("/kk/help/").content.decode()
    assert html.count("ҚАМҚОР ҚОРЫ") == 2 and "Қамқор қоры" not in html


def test_an_import_purges_the_pages_saving_one_by_one_purges(purge_server, django_capture_on_commit_callbacks):
    def purged(save) -> set:
        purge_server.purged.clear()
        with django_capture_on_commit_callbacks(execute=True):
            save(rows())
        return {path for path, _host in purge_server.purged}

    by_one = purged(one_by_one)
    Service.objects.all().delete()
    assert purged(save_services) == by_one
    assert {"/kk/help/", "/ru/help/region/almaty/", f"/en/help/service/{KEYS[2]}/"} <= by_one


def test_nothing_is_purged_or_bumped_when_the_import_rolls_back(purge_server, django_capture_on_commit_callbacks):
    generation = cache.get(card_cache.GENERATION_KEY)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        save_services(rows())
        transaction.set_rollback(True)
    assert callbacks == [] and purge_server.purged == []
    assert cache.get(card_cache.GENERATION_KEY) == generation


def csv_of(count: int, *, first: int = 1000, version: int = 0) -> str:
    """``count`` rows alike (every column used), two languages of services numbered from ``first``."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for n in range(count):
        writer.writerow({
            "id": str(uuid.UUID(int=first + n // 2)), "language": ("kk", "ru")[n % 2], "name": f"Орталық {n} {version}",
            "organization": f"Ұйым {n // 4}", "kinds": "legal; psychological", "regions": "KZ-75; KZ-71",
            "phone": "+7 700 000 0001", "sms": "+7 700 000 0002", "telegram": "https://t.me/x",
            "hours": "MO-FR 09:00-18:00", "languages": "kk; ru", "address": "Абай, 1", "city": "Алматы",
            "latitude": "43.2", "longitude": "76.9", "published": "yes",
        })
    return out.getvalue()


def import_queries(content: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        report = import_services_csv(content=content, dry_run=False)
    assert report.ok, report.errors
    return len(queries)


# An import's queries, measured: about 35 to create and 40 to update whatever the number of rows
# (in batches of 500). The bound leaves room for a few more, never for one per row.
MAX_IMPORT_QUERIES = 50


def test_import_queries_do_not_grow_with_the_rows():
    small = import_queries(csv_of(4, first=1000))
    large = import_queries(csv_of(40, first=2000))
    assert small <= MAX_IMPORT_QUERIES and large == small
    small_update = import_queries(csv_of(4, first=1000, version=1))
    large_update = import_queries(csv_of(40, first=2000, version=1))
    # SQLite's search backend updates an existing index entry with one statement per service
    # (modelsearch's add_items); PostgreSQL's updates them all in one.
    per_row = 1 if connection.vendor == "sqlite" else 0
    assert small_update <= MAX_IMPORT_QUERIES + 4 * per_row
    assert large_update - small_update == (40 - 4) * per_row


def test_a_large_import_is_checked_and_saved_and_round_trips():
    content = csv_of(120)
    assert import_services_csv(content=content, dry_run=True).ok
    report = import_services_csv(content=content, dry_run=False)
    assert (report.rows, report.created) == (120, 120)
    assert Service.objects.filter(live=True).count() == 120
    service_ids = [str(pk) for pk in Service.objects.values_list("pk", flat=True)]
    assert Revision.objects.filter(object_id__in=service_ids).count() == 120
    exported = export_services_csv()
    again = import_services_csv(content=exported, dry_run=False)
    assert again.ok and again.updated == 120
    assert export_services_csv() == exported


def test_bulk_save_refuses_the_same_service_twice_in_one_language():
    row = rows()[0]
    with pytest.raises(ValueError):
        save_services([row, dataclasses.replace(row, data=service_data(name="Екінші"))])
