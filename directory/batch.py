"""Saving many services at once (a CSV import) with the outcome of ``services.save_service`` for
each, in a number of queries that does not grow with the rows (bar the batches of 500).

``save_service`` gets part of its work done by the models' save methods and by signal handlers,
once per saved object (each service is saved twice, each child once): about 130 queries and
0.1-1 s a row. Here each of those duties is done once for all the rows, inside the same
transaction unless it is a cache that must only change after the commit:

- the service row, its search text (``Service.save``) and its children (``ClusterableModel.save``):
  one read of the existing rows, inserts and updates in bulk, the old children deleted per table;
- the revision (``save_revision``) marked live as ``save_service`` marks it: inserted in bulk;
- the listed flags (``listing.refresh_listing`` on every save): ``listing.refresh_listings``;
- the search index (modelsearch's ``post_save`` task): the backend's ``add_bulk``, so an imported
  service is found as soon as the import commits;
- Wagtail's reference index ("usage" in the admin; its ``post_save`` task): rebuilt in bulk;
- the card cache generation (``post_save`` of an organisation or a location): bumped once after
  the commit when an organisation or location was written;
- the front cache (``post_save`` of a service): one purge after the commit.

Model signals do not fire for the bulk writes: a new duty hooked to a service's ``post_save``
must be added here too (tests/directory/test_csv_batch.py compares the two paths).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from wagtail.models import Locale, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

from . import card_cache, front_cache
from .listing import refresh_listings
from .models import Location, Organization, Service
from .search import document_for, record_words
from .selectors import names_by_code
from .services import (
    SERVICE_FIELDS,
    ServiceData,
    Vocabulary,
    apply_location_data,
    apply_service_data,
    location_key,
    organization_key,
)

logger = logging.getLogger(__name__)

BATCH = 500
CHILD_RELATIONS = ("attributes", "service_areas", "languages", "phones", "schedules", "service_at_locations")
# Every column save_service changes on an existing row (the others keep their values).
UPDATED_FIELDS = (
    *SERVICE_FIELDS, "pinned", "organization", "live", "updated_at", "search_document", "latest_revision",
    "live_revision", "has_unpublished_changes", "first_published_at", "last_published_at",
)
LOCATION_FIELDS = ("organization", "name", "address_1", "city", "region", "latitude", "longitude", "updated_at")


@dataclass(frozen=True)
class ServiceRow:
    """One service in one language, as ``save_service`` takes it."""

    translation_key: uuid.UUID
    language_code: str
    data: ServiceData


def _chunks(items: Sequence, size: int = BATCH) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def save_services(rows: Sequence[ServiceRow], *, user=None) -> list[Service]:
    """Create or update every row and publish it, as ``save_service`` would one after the other."""
    pairs = [(row.translation_key, row.language_code) for row in rows]
    if len(set(pairs)) != len(pairs):
        raise ValueError("Each service may appear once per language.")
    if not rows:
        return []
    now = timezone.now()
    languages = {language for _key, language in pairs}
    locales = {locale.language_code: locale for locale in Locale.objects.filter(language_code__in=languages)}
    vocabulary = Vocabulary()
    organizations, organizations_written = _organizations(rows, locales, now=now)
    locations = _locations(rows, locales, organizations, vocabulary=vocabulary, now=now)

    existing = {
        (service.translation_key, service.locale_id): service
        for chunk in _chunks(list(dict.fromkeys(row.translation_key for row in rows)))
        for service in Service.objects.filter(translation_key__in=chunk)
    }
    names = names_by_code()
    services = []
    for row, organization, location in zip(rows, organizations, locations, strict=True):
        locale = locales[row.language_code]
        service = existing.get((row.translation_key, locale.pk)) or Service(translation_key=row.translation_key)
        service.locale = locale  # the object already read, not one query per row
        apply_service_data(service, row.data, organization=organization, location=location, vocabulary=vocabulary)
        service.updated_at = now
        service.search_document = document_for(service, names=names)
        services.append(service)

    _save_revisions(services, user=user, now=now)
    new = [service for service in services if service._state.adding]
    changed = [service for service in services if not service._state.adding]
    Service.objects.bulk_create(new, batch_size=BATCH)
    _update_rows(changed, UPDATED_FIELDS)
    _replace_children(services, changed)

    refresh_listings([service.translation_key for service in services])
    record_words(service.search_document for service in services)
    _index_for_search(services)
    _rebuild_references(services)
    _rebuild_references([location for location in dict.fromkeys(locations) if location is not None])
    if organizations_written or any(location is not None for location in locations):
        transaction.on_commit(card_cache.bump_generation)
    front_cache.purge_after_commit(service.translation_key for service in services)
    return services


def _organizations(
    rows: Sequence[ServiceRow], locales: dict[str, Locale], *, now
) -> tuple[list[Organization], bool]:
    """Each row's organisation, found or created as ``services._organization`` does row by row
    (the one in the row's language with the name's key or with that very name, renamed to the
    row's spelling), and whether any was created or renamed."""
    wanted = {(locales[row.language_code].pk, row.data.organization_name) for row in rows}
    keys = list({organization_key(name) for _locale, name in wanted})
    names = list({name for _locale, name in wanted})
    by_key: dict[tuple, list[Organization]] = {}
    by_name: dict[tuple, list[Organization]] = {}
    found: dict[object, Organization] = {}
    for key_chunk in _chunks(keys):
        found.update((o.pk, o) for o in Organization.objects.filter(translation_key__in=key_chunk))
    for name_chunk in _chunks(names):
        found.update((o.pk, o) for o in Organization.objects.filter(name__in=name_chunk))
    for organization in found.values():
        by_key.setdefault((organization.locale_id, organization.translation_key), []).append(organization)
        by_name.setdefault((organization.locale_id, organization.name), []).append(organization)

    created: dict[object, Organization] = {}
    renamed: dict[object, Organization] = {}
    chosen = []
    for row in rows:
        locale, name = locales[row.language_code], row.data.organization_name
        key = organization_key(name)
        candidates = {o.pk: o for o in (*by_key.get((locale.pk, key), ()), *by_name.get((locale.pk, name), ()))}
        # save_service takes .first() in the model's order (by name).
        organization = min(candidates.values(), key=lambda o: o.name, default=None)
        if organization is None:
            organization = Organization(name=name, locale=locale, translation_key=key)
            created[organization.pk] = organization
            by_key.setdefault((locale.pk, key), []).append(organization)
            by_name.setdefault((locale.pk, name), []).append(organization)
        elif organization.name != name:
            by_name[(locale.pk, organization.name)].remove(organization)
            by_name.setdefault((locale.pk, name), []).append(organization)
            organization.name = name
            organization.updated_at = now
            if organization.pk not in created:
                renamed[organization.pk] = organization
        chosen.append(organization)
    Organization.objects.bulk_create(list(created.values()), batch_size=BATCH)
    Organization.objects.bulk_update(list(renamed.values()), ["name", "updated_at"], batch_size=BATCH)
    return chosen, bool(created or renamed)


def _locations(
    rows: Sequence[ServiceRow], locales: dict[str, Locale], organizations: list[Organization], *,
    vocabulary: Vocabulary, now,
) -> list[Location | None]:
    """Each row's location (saved), or None for a row without one."""
    keys = list({location_key(row.translation_key) for row in rows if row.data.location is not None})
    existing = {
        (location.translation_key, location.locale_id): location
        for chunk in _chunks(keys)
        for location in Location.objects.filter(translation_key__in=chunk)
    }
    new, changed, result = [], [], []
    for row, organization in zip(rows, organizations, strict=True):
        if row.data.location is None:
            result.append(None)
            continue
        locale, key = locales[row.language_code], location_key(row.translation_key)
        location = existing.get((key, locale.pk))
        if location is None:
            location = Location(translation_key=key)
            new.append(location)
        else:
            location.updated_at = now
            changed.append(location)
        location.locale = locale
        apply_location_data(location, row.data.location, organization=organization, vocabulary=vocabulary)
        result.append(location)
    Location.objects.bulk_create(new, batch_size=BATCH)
    _update_rows(changed, LOCATION_FIELDS)
    return result


def _update_rows(objects: Sequence[Model], field_names: Sequence[str]) -> None:
    """Save ``field_names`` of each of ``objects`` (all of one model): one UPDATE statement run for
    every row in one call. QuerySet.bulk_update builds a CASE of every row for every field, which
    took 30 s for 1,000 services; this takes milliseconds. Values are prepared as Model.save
    prepares them."""
    if not objects:
        return
    meta = type(objects[0])._meta
    fields = [meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    params = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields]
        + [meta.pk.get_db_prep_save(obj.pk, connection)]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _save_revisions(services: list[Service], *, user, now) -> None:
    """A revision of each service, marked as ``save_service`` marks it (live when published)."""
    content_type, base_content_type = Service.get_content_type(), Service.get_base_content_type()
    revisions = [
        Revision(
            content_type=content_type, base_content_type=base_content_type, object_id=str(service.pk), user=user,
            created_at=now, content=service.serializable_data(), object_str=str(service),
        )
        for service in services
    ]
    if connection.features.can_return_rows_from_bulk_insert:
        Revision.objects.bulk_create(revisions, batch_size=BATCH)
    else:  # the services must point at their revisions, so each needs its id back
        for revision in revisions:
            revision.save()
    for service, revision in zip(services, revisions, strict=True):
        service.latest_revision = revision
        if service.live:
            service.live_revision = revision
            service.has_unpublished_changes = False
            service.first_published_at = service.first_published_at or now
            service.last_published_at = now
        else:  # saved as a draft: save_revision marks the unpublished changes
            service.has_unpublished_changes = True


def _replace_children(services: list[Service], changed: list[Service]) -> None:
    """Write the children held in memory, replacing those of the services that existed.

    The old children are deleted without loading them: no model refers to them, and their
    delete signals only maintain the reference index, rebuilt for their services afterwards.
    """
    changed_pks = [service.pk for service in changed]
    for relation in CHILD_RELATIONS:
        model = Service._meta.get_field(relation).related_model
        for chunk in _chunks(changed_pks):
            model.objects.filter(service_id__in=chunk)._raw_delete(model.objects.db)
        model.objects.bulk_create(
            [child for service in services for child in getattr(service, relation).all()], batch_size=BATCH
        )


def _index_for_search(services: list[Service]) -> None:
    """What modelsearch's post_save handler does for each service, in one call per backend."""
    if not getattr(Service, "search_auto_update", True):
        return
    for backend in get_search_backends(with_auto_update=True):
        try:
            for chunk in _chunks(services):
                backend.add_bulk(Service, list(chunk))
        except Exception:
            logger.exception("Could not index %d imported services for search", len(services))
            # As modelsearch does: an external engine's failure must not lose the import; the
            # database backends' must roll it back with the rest.
            if not backend.catch_indexing_errors:
                raise


def _rebuild_references(objects: Iterable[Model]) -> None:
    """``ReferenceIndex.create_or_update_for_object`` for each object (all of one model, without
    parent models), in a read, an insert and a delete per batch."""
    objects = list(objects)
    if not objects or not ReferenceIndex.is_indexed(type(objects[0])):
        return
    content_type = ContentType.objects.get_for_model(type(objects[0]), for_concrete_model=False)
    for chunk in _chunks(objects):
        wanted = {
            (str(obj.pk), *reference)
            for obj in chunk
            for reference in ReferenceIndex._extract_references_from_object(obj)
        }
        existing = {
            (object_id, to_content_type_id, to_object_id, model_path, content_path): pk
            for pk, object_id, to_content_type_id, to_object_id, model_path, content_path in (
                ReferenceIndex.objects.filter(
                    base_content_type=content_type, object_id__in=[str(obj.pk) for obj in chunk]
                ).values_list("pk", "object_id", "to_content_type_id", "to_object_id", "model_path", "content_path")
            )
        }
        ReferenceIndex.objects.bulk_create(
            [
                ReferenceIndex(
                    content_type=content_type, base_content_type=content_type, object_id=object_id,
                    to_content_type_id=to_content_type_id, to_object_id=to_object_id, model_path=model_path,
                    content_path=content_path, content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
                for object_id, to_content_type_id, to_object_id, model_path, content_path in wanted - existing.keys()
            ],
            ignore_conflicts=connection.features.supports_ignore_conflicts,
        )
        stale = [pk for reference, pk in existing.items() if reference not in wanted]
        if stale:
            # One statement (QuerySet.delete() sends 100 ids a statement); nothing refers to these rows.
            references = ReferenceIndex.objects.filter(pk__in=stale)
            references._raw_delete(references.db)
