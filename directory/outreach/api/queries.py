"""Which rows the API shows, in which language.

Directory content is translatable: each language is its own row sharing a ``translation_key``.
The API names every record by that key, so an id is the same in every language, and it shows
the row in the requested language, or the default language's row where no translation exists.
"""

import uuid

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from directory import selectors
from directory.models import Location, Organization, Service, ServiceAtLocation, ServiceStatus, Taxonomy, TaxonomyTerm


def in_language(rows: QuerySet, language: str) -> QuerySet:
    """One row per translation_key: the ``language`` row, else the default language's row."""
    default = settings.LANGUAGE_CODE
    if language == default:
        return rows.filter(locale__language_code=default)
    translated = rows.filter(locale__language_code=language, translation_key=OuterRef("translation_key"))
    return rows.filter(Q(locale__language_code=language) | (Q(locale__language_code=default) & ~Exists(translated)))


def public_services() -> QuerySet[Service]:
    """Published and active rows in every language: drafts, inactive, defunct and closed
    services are never shown."""
    return Service.objects.filter(live=True, status=ServiceStatus.ACTIVE)


def services(language: str) -> QuerySet[Service]:
    """One row per public service, in ``language`` where translated (the directory's own rule)."""
    return selectors.public_services(language_code=language)


def organizations(language: str) -> QuerySet[Organization]:
    """Organisations that provide at least one public service."""
    providing = public_services().values("organization__translation_key")
    return in_language(Organization.objects.filter(translation_key__in=providing), language)


def locations(language: str) -> QuerySet[Location]:
    return in_language(Location.objects.all(), language)


def taxonomies(language: str) -> QuerySet[Taxonomy]:
    return in_language(Taxonomy.objects.all(), language)


def taxonomy_terms(language: str) -> QuerySet[TaxonomyTerm]:
    return in_language(TaxonomyTerm.objects.all(), language)


def service_at_locations(language: str) -> QuerySet[ServiceAtLocation]:
    return ServiceAtLocation.objects.filter(service__in=services(language))


def key_of(model, value: uuid.UUID) -> uuid.UUID | None:
    """The translation key for an id: ids are translation keys, but a row's own id is accepted too."""
    row = model._default_manager.filter(Q(translation_key=value) | Q(pk=value)).values("translation_key").first()
    return row["translation_key"] if row else None
