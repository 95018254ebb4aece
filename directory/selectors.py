"""Reads of the directory that views, the API, posters and the widget share.

Public reads show only published (``live``) services whose status is active, in the requested
language; a service not translated into that language falls back to its Kazakh, then Russian,
then English row, so every service appears exactly once per language (``Service.listed_*``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils import timezone
from modelsearch.query import And, PlainText
from wagtail.search.backends import get_search_backend

from .listing import listed_field
from .models import (
    Region,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceAttribute,
    ServiceLanguage,
    ServiceStatus,
    TaxonomyTerm,
)
from .search import terms

ALMATY = ZoneInfo("Asia/Almaty")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
STALE_AFTER = dt.timedelta(days=365)


@dataclass(frozen=True)
class ServiceFilters:
    """What a visitor asked for on the help page. Empty values mean "any"."""

    q: str = ""
    region: str = ""  # Region.code
    kind: str = ""  # TaxonomyTerm.code
    age: int | None = None
    language: str = ""  # ServiceLanguage.code
    open_now: bool = False
    free: bool = False
    anonymous: bool = False
    open_24_7: bool = False


def almaty_now() -> dt.datetime:
    return timezone.now().astimezone(ALMATY)


def public_services(*, language_code: str) -> QuerySet[Service]:
    """Published, active services, one row per service, in ``language_code`` where translated
    (else Kazakh, Russian, English: see directory.listing)."""
    return Service.objects.filter(**{listed_field(language_code): True})


def _search_ids(words: list[str]):
    """A subquery of the ids of services matching every word (each as a prefix)."""
    query = And([PlainText(word) for word in words]) if len(words) > 1 else PlainText(words[0])
    backend = get_search_backend()
    results = backend.autocomplete(query, Service, order_by_relevance=False)
    if connection.vendor == "sqlite" and type(backend).__name__ == "SQLiteSearchBackend":
        # The SQLite backend stores object ids as str(uuid) (with dashes) but SQLite keeps UUID
        # columns as 32 hex digits, so its own pk__in join never matches: strip the dashes.
        from modelsearch.backends.database.sqlite.query import MatchExpression
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry
        from modelsearch.utils import get_descendants_content_types_pks

        compiler = results.query_compiler
        match = MatchExpression(
            compiler.FTS_TABLE_FIELDS, compiler.build_search_query(query, config=None)
        )
        return (
            SQLiteFTSIndexEntry.objects.filter(match)
            .filter(index_entry__content_type__in=get_descendants_content_types_pks(Service))
            .values(hex_id=Replace(F("index_entry__object_id"), Value("-"), Value("")))
        )
    return results.get_queryset().values("pk")


def open_at(moment: dt.datetime) -> Q:
    """Services open at ``moment`` (Asia/Almaty): 24/7, or an interval covering that time,
    including one that started the day before and runs past midnight."""
    moment = moment.astimezone(ALMATY)
    day = WEEKDAYS[moment.weekday()]
    yesterday = WEEKDAYS[(moment.weekday() - 1) % 7]
    now = moment.time().replace(microsecond=0)
    same_day = Schedule.objects.filter(service=OuterRef("pk"), byday=day).filter(
        Q(opens_at__lt=F("closes_at"), opens_at__lte=now, closes_at__gt=now)
        | Q(closes_at__lte=F("opens_at"), opens_at__lte=now)
    )
    overnight = Schedule.objects.filter(
        service=OuterRef("pk"), byday=yesterday, closes_at__lte=F("opens_at"), closes_at__gt=now
    )
    return Q(open_24_7=True) | Exists(same_day) | Exists(overnight)


def filter_services(services: QuerySet[Service], filters: ServiceFilters, *, now: dt.datetime | None = None):
    """``services`` narrowed by ``filters``; an empty text query matches everything."""
    if filters.q:
        words = terms(filters.q)
        if words:
            ids = _search_ids(words)
            services = services.filter(pk__in=ids)
    if filters.region:
        in_region = ServiceArea.objects.filter(service=OuterRef("pk"), region__code=filters.region)
        services = services.filter(Q(nationwide=True) | Exists(in_region))
    if filters.kind:
        services = services.filter(
            Exists(ServiceAttribute.objects.filter(service=OuterRef("pk"), taxonomy_term__code=filters.kind))
        )
    if filters.age is not None:
        services = services.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=filters.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=filters.age),
        )
    if filters.language:
        services = services.filter(
            Exists(ServiceLanguage.objects.filter(service=OuterRef("pk"), code=filters.language))
        )
    if filters.open_now:
        services = services.filter(open_at(now or almaty_now()))
    if filters.free:
        services = services.filter(is_free=True)
    if filters.anonymous:
        services = services.filter(anonymous=True)
    if filters.open_24_7:
        services = services.filter(open_24_7=True)
    return services


def with_details(services: QuerySet[Service]) -> QuerySet[Service]:
    """Everything a service card or page shows, in a fixed number of queries."""
    return services.select_related("organization").prefetch_related(
        "phones",
        "schedules",
        "languages",
        Prefetch("attributes", queryset=ServiceAttribute.objects.select_related("taxonomy_term")),
        Prefetch("service_areas", queryset=ServiceArea.objects.select_related("region")),
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location", "location__region"),
        ),
    )


def search_services(*, language_code: str, filters: ServiceFilters, now: dt.datetime | None = None):
    """The help page's result list (without the pinned services, which go first on every page)."""
    services = filter_services(public_services(language_code=language_code), filters, now=now)
    return services.filter(pinned=False).select_related("organization").order_by("name", "id")


def pinned_services(*, language_code: str) -> QuerySet[Service]:
    """The services shown first on every directory page (the 111 line); details not prefetched."""
    services = public_services(language_code=language_code).filter(pinned=True)
    return services.select_related("organization").order_by("name")


def services_for_region(*, language_code: str, region_code: str) -> QuerySet[Service]:
    """Published active services of a region (nationwide ones included), pinned first."""
    services = filter_services(public_services(language_code=language_code), ServiceFilters(region=region_code))
    return with_details(services.order_by("-pinned", "name", "id"))


def service_detail(*, language_code: str, translation_key) -> Service | None:
    """One public service by its translation key (the same in every language), with details."""
    return with_details(public_services(language_code=language_code).filter(translation_key=translation_key)).first()


def regions(*, language_code: str) -> list[Region]:
    """The regions in ``language_code``, in their usual order."""
    return list(Region.objects.filter(locale__language_code=language_code).order_by("sort_order", "name"))


def region_by_slug(*, language_code: str, slug: str) -> Region | None:
    return Region.objects.filter(locale__language_code=language_code, slug=slug).first()


def region_by_code(*, language_code: str, code: str) -> Region | None:
    """The region with the current or the former (alphabetic) ISO code, e.g. KZ-75 or KZ-ALA."""
    code = code.upper()
    return (
        Region.objects.filter(locale__language_code=language_code)
        .filter(Q(code=code) | Q(former_code=code))
        .first()
    )


def kinds_of_help(*, language_code: str) -> list[TaxonomyTerm]:
    return list(TaxonomyTerm.objects.filter(locale__language_code=language_code).order_by("sort_order", "name"))


def services_needing_verification(*, today: dt.date | None = None) -> QuerySet[Service]:
    """Services (every language) not verified in the last 12 months, oldest first, never verified first."""
    today = today or timezone.localdate()
    stale = Q(assured_date__isnull=True) | Q(assured_date__lt=today - STALE_AFTER)
    return (
        Service.objects.filter(stale)
        .exclude(status=ServiceStatus.DEFUNCT)
        .select_related("organization", "locale")
        .order_by(F("assured_date").asc(nulls_first=True), "name")
    )


def names_by_code() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Names of every kind of help and region in every language, keyed by code."""
    term_names: dict[str, list[str]] = {}
    for code, name in TaxonomyTerm.objects.values_list("code", "name"):
        term_names.setdefault(code, []).append(name)
    region_names: dict[str, list[str]] = {}
    for code, name in Region.objects.values_list("code", "name"):
        region_names.setdefault(code, []).append(name)
    return term_names, region_names
