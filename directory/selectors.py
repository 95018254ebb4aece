"""Reads of the directory that views, the API, posters and the widget share.

Public reads show only published (``live``) services whose status is active, in the requested
language; a service not translated into that language falls back to its Kazakh, then Russian,
then English row, so every service appears exactly once per language (``Service.listed_*``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    TimeField,
    UUIDField,
    Value,
    When,
)
from django.db.models.functions import Cast, Replace
from django.utils import timezone
from modelsearch.query import And, PlainText
from wagtail.search.backends import get_search_backend

from .compiled import KeyList, Slot, compiled
from .fenced_keys import fenced_sql, matching_keys
from .listing import listed_field
from .models import (
    Region,
    Schedule,
    SearchWord,
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


def _search_engine() -> str | None:
    """"sqlite" or "postgres" when the search index is one of the two database tables this module
    queries directly (see _index_entries), else None."""
    backend_name = type(get_search_backend()).__name__
    if connection.vendor == "sqlite" and backend_name == "SQLiteSearchBackend":
        return "sqlite"
    if connection.vendor == "postgresql" and backend_name == "PostgresSearchBackend":
        return "postgres"
    return None


def _match_text(
    engine: str, words: list[str], groups: list[list[str]] = (), expansions: dict[str, list[str]] | None = None
) -> str:
    """The engine's full-text query for every word (each as a prefix) and a token of every group
    of filter tokens (directory.search.query_filter_groups). Words and tokens are letters and
    digits only (terms() and search._token), so they go into the query syntax as they are.
    On PostgreSQL a word in ``expansions`` (``_expansions``) is asked as the indexed words it
    begins, which finds the same entries."""
    if engine == "sqlite":
        parts = [f'"{word}"*' for word in words]
        parts += ["(" + " OR ".join(f'"{token}"' for token in group) + ")" for group in groups]
        return "{autocomplete} : (" + " AND ".join(parts) + ")"
    expansions = expansions or {}
    parts = ["(" + " | ".join(expansions[word]) + ")" if word in expansions else f"{word}:*" for word in words]
    parts += ["(" + " | ".join(group) + ")" for group in groups]
    return " & ".join(parts)


# A prefix that begins more indexed words than this is left to the index as a prefix: the OR of
# so many words would cost about as much as the prefix's bitmap.
EXPANSION_LIMIT = 40


def _expansions(words: list[str]) -> dict[str, list[str]]:
    """For each typed word that begins at most EXPANSION_LIMIT indexed words (SearchWord), those
    words, in one query.

    PostgreSQL's GIN index reads every entry of a prefix (``komek:*``) into a bitmap before it
    intersects the other terms: at 100k services 17-24 ms for a common prefix with a kind of
    help. Asked for whole words it walks the rarest term's entries and skips through the others:
    3-6 ms for the same matches. SearchWord holds every word of every search document, so the
    words a prefix begins are exactly the index's words it would match.
    """
    prefixes = list(dict.fromkeys(words))

    def build() -> QuerySet:
        queries = [
            SearchWord.objects.filter(word__startswith=Slot(f"prefix{index}", TextField(), prefix))
            .order_by()
            .values_list("word", flat=True)[: EXPANSION_LIMIT + 1]
            for index, prefix in enumerate(prefixes)
        ]
        return queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]

    query = compiled(("expansions", len(prefixes)), build)
    found = {row[0] for row in query.rows({f"prefix{index}": prefix for index, prefix in enumerate(prefixes)})}
    expansions = {}
    for prefix in prefixes:
        begun = sorted(word for word in found if word.startswith(prefix))
        if 0 < len(begun) <= EXPANSION_LIMIT:
            expansions[prefix] = begun
    return expansions


def _service_content_types() -> list[int]:
    from modelsearch.utils import get_descendants_content_types_pks

    return list(get_descendants_content_types_pks(Service))


def _index_entries(engine: str, match, content_types: list, tokens=None):
    """The search index rows of services matching ``match`` (``_match_text``, its text or a Slot
    of a compiled query: directory.compiled), annotated with ``service_key`` (the service's
    primary key as the database compares it). On PostgreSQL ``tokens`` (filter tokens as
    ``_match_text`` writes them, or a Slot) may be given apart from the words, as a second match
    condition.

    Querying the index table directly lets the database stream matches in the index's own order
    (its primary key, the order services were first indexed) and stop at a page's LIMIT; the
    filter tokens make the full-text index itself skip the services the filters leave out.
    """
    if engine == "sqlite":
        # The FTS5 table (its rowid is the index entry's id). The backend stores object ids as
        # str(uuid) (with dashes) but SQLite keeps UUID columns as 32 hex digits: strip the dashes.
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

        return (
            SQLiteFTSIndexEntry.objects.filter(_fts_match_class()(match))
            .filter(index_entry__content_type__in=content_types)
            .annotate(service_key=Replace(F("index_entry__object_id"), Value("-"), Value("")))
        )
    from django.contrib.postgres.search import SearchQuery
    from modelsearch.backends.database.postgres.postgres import IndexEntry

    config = get_search_backend().autocomplete_config
    entries = IndexEntry.objects.filter(
        content_type_id__in=content_types, autocomplete=SearchQuery(match, search_type="raw", config=config)
    )
    if tokens is not None:
        entries = entries.filter(autocomplete=SearchQuery(tokens, search_type="raw", config=config))
    # CASE keeps the cast away from other models' entries (page ids are not UUIDs) whatever
    # order the planner evaluates the conditions in.
    key = Case(When(content_type_id__in=content_types, then=Cast("object_id", UUIDField())))
    return entries.annotate(service_key=key)


@cache
def _fts_match_class():
    """The class of an FTS5 MATCH condition; made on first use, since it needs modules that
    belong to the SQLite backend."""
    from modelsearch.backends.database.sqlite.query import MatchExpression
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

    class FtsMatch(MatchExpression):
        """``<FTS5 table> MATCH <query>`` with the whole query (``_match_text``) as one parameter:
        modelsearch's MatchExpression writes the query's values into its text, which a Slot has
        none of until it is bound."""

        def __init__(self, query):
            super().__init__(["autocomplete"], query)

        def as_sql(self, compiler, connection):
            query = self.query if hasattr(self.query, "as_sql") else Value(self.query)
            sql, params = compiler.compile(query)
            return f"{SQLiteFTSIndexEntry._meta.db_table} MATCH {sql}", params

    return FtsMatch


def _search_ids(words: list[str]):
    """A subquery of the ids of services matching every word (each as a prefix)."""
    engine = _search_engine()
    if engine is not None:
        return _index_entries(engine, _match_text(engine, words), _service_content_types()).values("service_key")
    backend = get_search_backend()
    return backend.autocomplete(_text_query(words), Service, order_by_relevance=False).get_queryset().values("pk")


def _open_schedules(moment: dt.datetime) -> Q:
    """Schedule rows whose interval covers ``moment`` (Asia/Almaty), including one that started
    the day before and runs past midnight."""
    return _open_schedules_on(*_weekday_and_time(moment))


def _weekday_and_time(moment: dt.datetime) -> tuple[str, str, dt.time]:
    """The weekday, the day before and the time of day of ``moment`` in Asia/Almaty."""
    moment = moment.astimezone(ALMATY)
    return WEEKDAYS[moment.weekday()], WEEKDAYS[(moment.weekday() - 1) % 7], moment.time().replace(microsecond=0)


def _open_schedules_on(day, yesterday, now) -> Q:
    """Schedule rows open on weekday ``day`` at time ``now`` (values, or slots of a compiled
    query: directory.compiled)."""
    same_day = Q(byday=day) & (
        Q(opens_at__lt=F("closes_at"), opens_at__lte=now, closes_at__gt=now)
        | Q(closes_at__lte=F("opens_at"), opens_at__lte=now)
    )
    overnight = Q(byday=yesterday, closes_at__lte=F("opens_at"), closes_at__gt=now)
    return same_day | overnight


def is_open_at(moment: dt.datetime) -> ExpressionWrapper:
    """Whether a service is open at ``moment`` (Asia/Almaty): 24/7, or a schedule row covering
    that time; a value per row (usable as a filter), probing only the schedules of those rows."""
    return _is_open(_open_schedules(moment))


def _is_open(open_schedules: Q) -> ExpressionWrapper:
    open_schedule = Schedule.objects.filter(open_schedules, service=OuterRef("pk"))
    return ExpressionWrapper(Q(open_24_7=True) | Exists(open_schedule), output_field=BooleanField())


def filter_services(services: QuerySet[Service], filters: ServiceFilters, *, now: dt.datetime | None = None):
    """``services`` narrowed by ``filters``; an empty text query matches everything."""
    if filters.q:
        words = terms(filters.q)
        if words:
            services = services.filter(pk__in=_search_ids(words))
    return _filter_facets(services, filters, now=now)


def _filter_facets(
    services: QuerySet[Service],
    filters: ServiceFilters,
    *,
    now: dt.datetime | None = None,
    probe: bool = False,
    values: dict | None = None,
):
    """``services`` narrowed by every filter but the text query. The filters on compare with
    ``values`` (``_facet_values``, as they are or as Slots of a compiled query), by default the
    values of ``filters`` at ``now``.

    Region and kind of help, which usually keep a small share of the services, are uncorrelated
    "id IN (subquery)": the database can build that id set once and start from it. With ``probe``
    (the candidates come from the search index, already narrowed by the filter tokens, so they are
    few) they are checked per candidate instead (EXISTS), as language and "open now" always are:
    building the set of a region's services would cost more than the search itself.
    """
    value = values if values is not None else _facet_values(filters, now or almaty_now())
    if filters.region:
        in_region = ServiceArea.objects.filter(_coded("region", Region, value["region"], probe=probe))
        if probe:
            services = services.filter(Q(nationwide=True) | Exists(in_region.filter(service=OuterRef("pk"))))
        else:
            services = services.filter(Q(nationwide=True) | Q(pk__in=in_region.values("service_id")))
    if filters.kind:
        of_kind = ServiceAttribute.objects.filter(_coded("taxonomy_term", TaxonomyTerm, value["kind"], probe=probe))
        if probe:
            services = services.filter(Exists(of_kind.filter(service=OuterRef("pk"))))
        else:
            services = services.filter(pk__in=of_kind.values("service_id"))
    if filters.age is not None:
        services = services.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=value["age"]),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=value["age"]),
        )
    if filters.language:
        services = services.filter(
            Exists(ServiceLanguage.objects.filter(service=OuterRef("pk"), code=value["language"]))
        )
    if filters.open_now:
        services = services.filter(_is_open(_open_schedules_on(value["day"], value["yesterday"], value["time"])))
    if filters.free:
        services = services.filter(is_free=True)
    if filters.anonymous:
        services = services.filter(anonymous=True)
    if filters.open_24_7:
        services = services.filter(open_24_7=True)
    return services


def _coded(relation: str, model, code, *, probe: bool) -> Q | Expression:
    """The condition "``relation`` is the row (in any language) coded ``code``".

    Probed per candidate on PostgreSQL, the ids of the code's rows are read once, before the
    probes (``= ANY(ARRAY(subquery))`` is planned as an InitPlan), instead of joining the region
    or kind table in every probe. At 100k services the key query of "психолог" + region + free
    fell from 5.3 to 3.1-4.8 ms and a region's alphabetical list from 1.8 to 1.3 ms (minimum of
    100 to 200 runs). Elsewhere the join is what the planner does best with.
    """
    if probe and connection.vendor == "postgresql":
        from django.contrib.postgres.expressions import ArraySubquery

        ids = ArraySubquery(model.objects.filter(code=code).order_by().values("id"))
        return EqualsAny(F(f"{relation}_id"), ids)
    return Q(**{f"{relation}__code": code})


class EqualsAny(Func):
    """``expression = ANY(array)``: true when the array holds the expression's value."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        value, array = self.get_source_expressions()
        value_sql, value_params = compiler.compile(value)
        array_sql, array_params = compiler.compile(array)
        return f"({value_sql} = ANY({array_sql}))", (*value_params, *array_params)


# The values a query compares with, by name, and how the database takes each (directory.compiled).
_VALUE_FIELDS = {
    "region": CharField(),
    "kind": CharField(),
    "age": IntegerField(),
    "language": CharField(),
    "day": CharField(),
    "yesterday": CharField(),
    "time": TimeField(),
    "match": CharField(),
    "tokens": CharField(),
}


def _facet_values(filters: ServiceFilters, now: dt.datetime) -> dict[str, object]:
    """What the filters on compare with, by name (see ``_filter_facets``)."""
    values: dict[str, object] = {}
    if filters.region:
        values["region"] = filters.region
    if filters.kind:
        values["kind"] = filters.kind
    if filters.age is not None:
        values["age"] = filters.age
    if filters.language:
        values["language"] = filters.language
    if filters.open_now:
        values["day"], values["yesterday"], values["time"] = _weekday_and_time(now)
    return values


def _facet_shape(filters: ServiceFilters) -> tuple[bool, ...]:
    """Which filters are on: everything about ``filters`` that changes the SQL of _filter_facets."""
    return (
        bool(filters.region), bool(filters.kind), filters.age is not None, bool(filters.language),
        filters.open_now, filters.free, filters.anonymous, filters.open_24_7,
    )  # fmt: skip


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
    keys = result_keys(language_code=language_code, filters=filters, now=now).queryset().order_by()
    return Service.objects.filter(pk__in=keys).select_related("organization").order_by("name", "id")


def result_keys(*, language_code: str, filters: ServiceFilters, now: dt.datetime | None = None) -> KeyList:
    """The primary keys of the help page's results in list order, to slice (a page) or count; the
    pinned services are left out.

    Without a text query the list is alphabetical, read along the per-language listing index.
    With one, it is in the search index's order (the order services were first indexed): every
    other order (by name, by relevance) needs every match read and sorted, so a word found in
    half of 100,000 services would cost 50,000 rows per page. Here the database walks the matches
    in the index's order, checks each against the filters, and stops at the page's LIMIT; the
    index itself leaves out most services the filters reject (directory.search filter tokens).

    Each search runs this query, and building it through the ORM cost several times what the
    database spends on it: it is compiled once per shape (language, which filters are on, text
    or not) and bound to the search's values (directory.compiled).
    """
    now = now or almaty_now()
    words = terms(filters.q) if filters.q else []
    engine = _search_engine() if words else None
    if words and engine is None:

        def build_without_index() -> QuerySet:
            listed = public_services(language_code=language_code).filter(pinned=False)
            services = _filter_facets(listed, filters, now=now)
            return services.filter(pk__in=_search_ids(words)).order_by("name", "id").values_list("pk", flat=True)

        return KeyList(shape=None, build=build_without_index, values={})

    values = _facet_values(filters, now)
    # The ids of the service content types are part of the shape: they are fixed in a process,
    # and a foreign key lookup compares with values, not slots.
    content_types = tuple(_service_content_types()) if words else ()
    # See "fence" below.
    fenced = engine == "postgres" and bool(filters.kind or filters.region)
    if words:
        groups = query_filter_groups(filters, now=now.astimezone(ALMATY))
        expansions = _expansions(words) if engine == "postgres" else None
        if fenced:
            # The words and the filter tokens as two conditions: the GIN index then intersects
            # two scans instead of one query mixing ORs of words and of tokens ("komek ortalyq"
            # with a kind of help at 100k: 6.8 -> 5.7 ms, minimum of 100).
            values["match"] = _match_text(engine, words, (), expansions)
            values["tokens"] = _match_text(engine, [], groups)
        else:
            values["match"] = _match_text(engine, words, groups, expansions)

    def parts() -> tuple[QuerySet, QuerySet | None]:
        """The services passing the filters, and the index entries matching the text."""
        slots = {name: Slot(name, _VALUE_FIELDS[name], value) for name, value in values.items()}
        listed = public_services(language_code=language_code).filter(pinned=False)
        # Probed per row: the listing index (or the search index) is walked in order and stops at
        # LIMIT, while the set of a region's services made PostgreSQL read every service area.
        services = _filter_facets(listed, filters, probe=True, values=slots)
        if not words:
            return services, None
        return services, _index_entries(engine, slots["match"], list(content_types), tokens=slots.get("tokens"))

    def build() -> QuerySet:
        services, entries = parts()
        if entries is None:
            return services.order_by("name", "id").values_list("pk", flat=True)
        return matching_keys(entries=entries, services=services).order_by("pk")

    fence = None
    if fenced and words:
        # A kind of help keeps about one service in eight and a region about one in twelve (with
        # the nationwide ones), so the matches are few and far apart in index order, and
        # PostgreSQL, expecting to find a page of them soon, walks the index entries in id order
        # and checks each: thousands of entries at 100k services. Read from the full-text index
        # (cheap once prefixes are expanded to words) and sorted first (fenced_keys), they are
        # probed only until the page is full. The other filter tokens (languages, yes/no flags,
        # days) keep dense matches, where the walk stops soon. Measured at 100k, key query alone
        # (ms, walk -> fenced): kind + age 27 -> 6; "психолог" + region + free 12 -> 5;
        # "помощь" + region 8 -> 3; "көмек" + region 6 -> 7; "көмек" + open now + anonymous +
        # language 3 -> 9 (not fenced).
        def fence(start: int, stop: int | None) -> tuple[str, tuple]:
            services, entries = parts()
            return fenced_sql(entries=entries, services=services, start=start, stop=stop)

    shape = ("result_keys", language_code, _facet_shape(filters), engine, content_types)
    return KeyList(shape=shape, build=build, values=values, fence=fence)


@dataclass(frozen=True)
class ListedRow:
    """What a list needs to pick a service's card: which service, its last change, open or not."""

    pk: uuid.UUID
    updated_at: dt.datetime
    is_open: bool
    pinned: bool


def listed_rows(*, language_code: str, keys: list, now: dt.datetime) -> tuple[list[ListedRow], list[ListedRow]]:
    """The pinned services (by name) and the services ``keys`` (as ``result_keys`` gives them, in
    that order) as ListedRows, in one query.

    Every list page runs it, so it is compiled once per language and number of keys
    (directory.compiled) and only bound to the keys and the time on each request."""
    wanted = [key if isinstance(key, uuid.UUID) else uuid.UUID(str(key)) for key in keys]

    def build() -> QuerySet:
        slots = [Slot(f"key{index}", UUIDField()) for index in range(len(wanted))]
        day, yesterday, time = Slot("day", CharField()), Slot("yesterday", CharField()), Slot("time", TimeField())
        services = Service.objects.filter(Q(pk__in=slots) | Q(pinned=True, **{listed_field(language_code): True}))
        return (
            services.annotate(is_open=_is_open(_open_schedules_on(day, yesterday, time)))
            .order_by("name", "id")
            .values_list("pk", "updated_at", "is_open", "pinned")
        )

    query = compiled(("listed_rows", language_code, len(wanted)), build)
    day, yesterday, time = _weekday_and_time(now)
    values = {"day": day, "yesterday": yesterday, "time": time}
    values.update((f"key{index}", key) for index, key in enumerate(wanted))
    rows = [ListedRow(*row) for row in query.rows(values)]
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
    """Services not verified in the last 12 months, oldest first, never verified first: once each
    (marking one verified marks every language), as the translation verified longest ago."""
    today = today or timezone.localdate()
    stale = Q(assured_date__isnull=True) | Q(assured_date__lt=today - STALE_AFTER)
    rows = Service.objects.filter(stale).exclude(status=ServiceStatus.DEFUNCT)
    stalest = (
        rows.filter(translation_key=OuterRef("translation_key"))
        .order_by(F("assured_date").asc(nulls_first=True), "locale_id")
        .values("pk")[:1]
    )
    return (
        rows.filter(pk=Subquery(stalest))
        .select_related("organization", "locale")
        .order_by(F("assured_date").asc(nulls_first=True), "name")
    )


def languages_of(translation_keys) -> dict:
    """The language codes each of ``translation_keys`` has a row in, in one query."""
    languages: dict = {}
    rows = Service.objects.filter(translation_key__in=list(translation_keys)).order_by("locale__language_code")
    for key, code in rows.values_list("translation_key", "locale__language_code"):
        languages.setdefault(key, []).append(code)
    return languages


def names_by_code() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Names of every kind of help and region in every language, keyed by code."""
    term_names: dict[str, list[str]] = {}
    for code, name in TaxonomyTerm.objects.values_list("code", "name"):
        term_names.setdefault(code, []).append(name)
    region_names: dict[str, list[str]] = {}
    for code, name in Region.objects.values_list("code", "name"):
        region_names.setdefault(code, []).append(name)
    return term_names, region_names
