"""Reads of the directory that views, the API, posters and the widget share.

Public reads show only published (``live``) services whose status is active, in the requested
language; a service not translated into that language falls back to its Kazakh, then Russian,
then English row, so every service appears exactly once per language (``Service.listed_*``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    UUIDField,
    Value,
    When,
)
from django.db.models.functions import Cast, Replace
from django.utils import timezone
from modelsearch.query import And, PlainText
from wagtail.search.backends import get_search_backend

from .fenced_keys import FencedKeys, matching_keys
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
from .search import query_filter_groups, terms

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


def _text_query(words: list[str]):
    return And([PlainText(word) for word in words]) if len(words) > 1 else PlainText(words[0])


def _index_entries(words: list[str], groups: list[list[str]] = ()):
    """The search index rows of services matching every word (each as a prefix) and having a
    token of every group of filter tokens (directory.search.query_filter_groups), annotated with
    ``service_key`` (the service's primary key as the database compares it), or None when the
    search backend is not one of the two database backends this module knows.

    Querying the index table directly lets the database stream matches in the index's own order
    (its primary key, the order services were first indexed) and stop at a page's LIMIT; the
    filter tokens make the full-text index itself skip the services the filters leave out.
    """
    from modelsearch.utils import get_descendants_content_types_pks

    backend = get_search_backend()
    backend_name = type(backend).__name__
    content_types = get_descendants_content_types_pks(Service)
    # Words and tokens are letters and digits only (terms() and search._token), so they can be
    # written into the engines' query syntax as they are.
    if connection.vendor == "sqlite" and backend_name == "SQLiteSearchBackend":
        # The FTS5 table (its rowid is the index entry's id). The backend stores object ids as
        # str(uuid) (with dashes) but SQLite keeps UUID columns as 32 hex digits: strip the dashes.
        from modelsearch.backends.database.sqlite.query import MatchExpression
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

        parts = [f'"{word}"*' for word in words]
        parts += ["(" + " OR ".join(f'"{token}"' for token in group) + ")" for group in groups]
        match = MatchExpression(["autocomplete"], _RawMatch(" AND ".join(parts)))
        return (
            SQLiteFTSIndexEntry.objects.filter(match)
            .filter(index_entry__content_type__in=content_types)
            .annotate(service_key=Replace(F("index_entry__object_id"), Value("-"), Value("")))
        )
    if connection.vendor == "postgresql" and backend_name == "PostgresSearchBackend":
        from django.contrib.postgres.search import SearchQuery
        from modelsearch.backends.database.postgres.postgres import IndexEntry

        parts = [f"{word}:*" for word in words]
        parts += ["(" + " | ".join(group) + ")" for group in groups]
        tsquery = SearchQuery(" & ".join(parts), search_type="raw", config=backend.autocomplete_config)
        # CASE keeps the cast away from other models' entries (page ids are not UUIDs) whatever
        # order the planner evaluates the conditions in.
        key = Case(When(content_type_id__in=content_types, then=Cast("object_id", UUIDField())))
        return IndexEntry.objects.filter(content_type_id__in=content_types, autocomplete=tsquery).annotate(
            service_key=key
        )
    return None


class _RawMatch(Value):
    """An FTS5 query string as MatchExpression compiles it (a "%s" and the text)."""

    def as_sql(self, compiler, connection):
        return "%s", [self.value]


def _search_ids(words: list[str]):
    """A subquery of the ids of services matching every word (each as a prefix)."""
    entries = _index_entries(words)
    if entries is not None:
        return entries.values("service_key")
    backend = get_search_backend()
    return backend.autocomplete(_text_query(words), Service, order_by_relevance=False).get_queryset().values("pk")


def _open_schedules(moment: dt.datetime) -> Q:
    """Schedule rows whose interval covers ``moment`` (Asia/Almaty), including one that started
    the day before and runs past midnight."""
    moment = moment.astimezone(ALMATY)
    day = WEEKDAYS[moment.weekday()]
    yesterday = WEEKDAYS[(moment.weekday() - 1) % 7]
    now = moment.time().replace(microsecond=0)
    same_day = Q(byday=day) & (
        Q(opens_at__lt=F("closes_at"), opens_at__lte=now, closes_at__gt=now)
        | Q(closes_at__lte=F("opens_at"), opens_at__lte=now)
    )
    overnight = Q(byday=yesterday, closes_at__lte=F("opens_at"), closes_at__gt=now)
    return same_day | overnight


def is_open_at(moment: dt.datetime) -> ExpressionWrapper:
    """Whether a service is open at ``moment`` (Asia/Almaty): 24/7, or a schedule row covering
    that time; a value per row (usable as a filter), probing only the schedules of those rows."""
    open_schedule = Schedule.objects.filter(_open_schedules(moment), service=OuterRef("pk"))
    return ExpressionWrapper(Q(open_24_7=True) | Exists(open_schedule), output_field=BooleanField())


def filter_services(services: QuerySet[Service], filters: ServiceFilters, *, now: dt.datetime | None = None):
    """``services`` narrowed by ``filters``; an empty text query matches everything."""
    if filters.q:
        words = terms(filters.q)
        if words:
            services = services.filter(pk__in=_search_ids(words))
    return _filter_facets(services, filters, now=now)


def _filter_facets(
    services: QuerySet[Service], filters: ServiceFilters, *, now: dt.datetime | None = None, probe: bool = False
):
    """``services`` narrowed by every filter but the text query.

    Region and kind of help, which usually keep a small share of the services, are uncorrelated
    "id IN (subquery)": the database can build that id set once and start from it. With ``probe``
    (the candidates come from the search index, already narrowed by the filter tokens, so they are
    few) they are checked per candidate instead (EXISTS), as language and "open now" always are:
    building the set of a region's services would cost more than the search itself.
    """
    if filters.region:
        in_region = ServiceArea.objects.filter(region__code=filters.region)
        if probe:
            services = services.filter(Q(nationwide=True) | Exists(in_region.filter(service=OuterRef("pk"))))
        else:
            services = services.filter(Q(nationwide=True) | Q(pk__in=in_region.values("service_id")))
    if filters.kind:
        of_kind = ServiceAttribute.objects.filter(taxonomy_term__code=filters.kind)
        if probe:
            services = services.filter(Exists(of_kind.filter(service=OuterRef("pk"))))
        else:
            services = services.filter(pk__in=of_kind.values("service_id"))
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
        services = services.filter(is_open_at(now or almaty_now()))
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
    """The help page's results (without the pinned services, which go first on every page) as
    services by name: the same selection as ``result_keys``."""
    keys = result_keys(language_code=language_code, filters=filters, now=now).order_by()
    return Service.objects.filter(pk__in=keys).select_related("organization").order_by("name", "id")


def result_keys(
    *, language_code: str, filters: ServiceFilters, now: dt.datetime | None = None
) -> QuerySet | FencedKeys:
    """The primary keys of the help page's results in list order, to slice (a page, as a list)
    or, after ``order_by()``, to count or use as a subquery; the pinned services are left out.

    Without a text query the list is alphabetical, read along the per-language listing index.
    With one, it is in the search index's order (the order services were first indexed): every
    other order (by name, by relevance) needs every match read and sorted, so a word found in
    half of 100,000 services would cost 50,000 rows per page. Here the database walks the matches
    in the index's order, checks each against the filters, and stops at the page's LIMIT; the
    index itself leaves out most services the filters reject (directory.search filter tokens).
    """
    now = now or almaty_now()
    listed = public_services(language_code=language_code).filter(pinned=False)
    words = terms(filters.q) if filters.q else []
    if not words:
        # Probed per row too: the listing index is walked in name order and stops at LIMIT, while
        # the set of a region's services made PostgreSQL read every service area (30 ms at 100k).
        services = _filter_facets(listed, filters, now=now, probe=True)
        return services.order_by("name", "id").values_list("pk", flat=True)
    entries = _index_entries(words, query_filter_groups(filters, now=now.astimezone(ALMATY)))
    if entries is None:
        services = _filter_facets(listed, filters, now=now)
        return services.filter(pk__in=_search_ids(words)).order_by("name", "id").values_list("pk", flat=True)
    services = _filter_facets(listed, filters, now=now, probe=True)
    if connection.vendor == "postgresql" and filters.kind:
        # A kind of help keeps about one service in eight, so the matches are few and far apart
        # in index order, and PostgreSQL, expecting fewer than a page of them to pass the filters,
        # checks every match before sorting: sort them first (fenced_keys). The other filter
        # tokens (region or nationwide, languages, yes/no flags, days) keep dense matches: there
        # walking the index in id order and stopping at the LIMIT, the planner's choice, beats
        # reading every match of a common prefix from the GIN index (measured at 100k services:
        # kind 27 -> 17 ms, "open now" + anonymous + language 4 -> 12 ms with the fence).
        return FencedKeys(entries=entries, services=services)
    return matching_keys(entries=entries, services=services).order_by("pk")


@dataclass(frozen=True)
class ListedRow:
    """What a list needs to pick a service's card: which service, its last change, open or not."""

    pk: uuid.UUID
    updated_at: dt.datetime
    is_open: bool
    pinned: bool


def listed_rows(*, language_code: str, keys: list, now: dt.datetime) -> tuple[list[ListedRow], list[ListedRow]]:
    """The pinned services (by name) and the services ``keys`` (as ``result_keys`` gives them, in
    that order) as ListedRows, in one query."""
    wanted = [key if isinstance(key, uuid.UUID) else uuid.UUID(str(key)) for key in keys]
    services = Service.objects.filter(Q(pk__in=wanted) | Q(pinned=True, **{listed_field(language_code): True}))
    rows = [
        ListedRow(*values)
        for values in services.annotate(is_open=is_open_at(now))
        .order_by("name", "id")
        .values_list("pk", "updated_at", "is_open", "pinned")
    ]
    found = {row.pk: row for row in rows if not row.pinned}
    return [row for row in rows if row.pinned], [found[key] for key in wanted if key in found]


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
