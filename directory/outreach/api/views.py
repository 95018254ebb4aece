"""The HSDS 3.0 open data API (paths and parameters from ../shared/hsds/openapi.json).

Read-only, public, published and active data only, JSON for errors too. ``lang`` (kk, ru, en)
or the Accept-Language header picks the language of text fields; ids are the same in all.
"""

from operator import itemgetter

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import translation
from django.utils.translation import get_language

from directory.models import Service, ServiceAtLocation, ServiceAttribute

from . import queries
from .params import (
    DEFAULT_PER_PAGE,
    JSON,
    MAX_PER_PAGE,
    MAX_PROXIMITY,
    MINIMAL_PER_PAGE,
    NDJSON,
    Paging,
    boolean_param,
    datetime_param,
    format_param,
    language_param,
    page_of,
    parse_uuid,
    postcode_param,
    proximity_param,
    search_param,
    uuid_param,
)
from .responses import ApiError, api_view, json_response, ndjson_response
from .serializers import SERVICE_AT_LOCATION_PREFETCH, SERVICE_PREFETCH, Serializer

HSDS_VERSION = "3.0"
HSDS_PROFILE = "https://docs.openreferral.org/en/3.0/"
HSDS_OPENAPI = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"


def _language(request) -> str:
    return language_param(request.GET, get_language() or settings.LANGUAGE_CODE)


def _respond(request, build):
    """Run ``build(serializer)`` with the request's language active (derived labels are translated)."""
    if format_param(request.GET) != JSON:
        raise ApiError(400, "'format' ndjson is offered by the list endpoints only.", parameter="format")
    language = _language(request)
    with translation.override(language):
        response = json_response(request, build(Serializer(language=language)))
        response["Content-Language"] = language
    response["Vary"] = "Accept-Language"
    return response


def _list(
    request, make, *, key="translation_key", key_of_row=None, per_page=DEFAULT_PER_PAGE, max_per_page=MAX_PER_PAGE
):
    """A list endpoint. ``make(serializer)`` checks the endpoint's parameters and returns the rows
    (a queryset, or a list for the small vocabularies) and the function that serialises a batch.

    format=json (the default) is an HSDS Page. format=ndjson streams every row, one object a
    line, without paging ("should stream all the results without pagination", openapi.json):
    rows come in chunks ordered by ``key`` (the record's id), each chunk a bounded number of
    queries, so memory holds one chunk whatever the size of the directory. Every parameter is
    checked before the first line goes out, so errors are still a 400 JSON response.
    """
    params = request.GET
    output = format_param(params)
    paging = Paging.from_query(params, default=per_page, maximum=max_per_page)
    language = _language(request)
    with translation.override(language):
        serializer = Serializer(language=language)
        rows, serialize = make(serializer)
        if output == NDJSON:
            chunks = _stream(queries.in_chunks(rows, key, key_of_row=key_of_row), serialize, language)
            response = ndjson_response(request, chunks, language=language)
        else:
            response = json_response(request, page_of(rows, paging, serialize))
            response["Content-Language"] = language
    response["Vary"] = "Accept-Language"
    return response


def _stream(chunks, serialize, language: str):
    # The streamed body is read after the view has returned: activate the language again for
    # each chunk's derived labels ("Free of charge"...), and only around the serialising.
    for chunk in chunks:
        with translation.override(language):
            items = serialize(chunk)
        yield items


def _detail_key(raw: str, kind: str):
    """A path id that is not a UUID cannot name any record: 404, like any unknown id."""
    try:
        return parse_uuid(raw)
    except ApiError:
        raise _not_found(kind, raw) from None


def _not_found(kind: str, raw: str) -> ApiError:
    return ApiError(404, f"No published {kind} has the id '{raw[:60]}'.")


def _service_search(services, text: str):
    """The directory's own search: Kazakh in Cyrillic or Latin letters, word starts, Russian endings."""
    from directory.selectors import ServiceFilters, filter_services

    return filter_services(services, ServiceFilters(q=text))


def _text_matches(rows, text: str, *fields: str) -> list:
    """Rows whose fields hold every word of ``text`` (as a word start), in any script or case.

    For the small vocabularies (taxonomies, terms): matched in Python with the directory's own
    folding, because SQLite's LIKE folds only ASCII letters.
    """
    from directory.search import terms

    wanted = terms(text)
    found = []
    for row in rows:
        have = terms(" ".join(str(getattr(row, field)) for field in fields))
        if all(any(word.startswith(part) or part.startswith(word) for word in have) for part in wanted):
            found.append(row)
    return found


def _filter_services(services, params):
    term = uuid_param(params, "taxonomy_term_id")
    if term is not None:
        services = services.filter(
            Exists(ServiceAttribute.objects.filter(service=OuterRef("pk"), taxonomy_term__translation_key=term))
        )
    taxonomy = uuid_param(params, "taxonomy_id")
    if taxonomy is not None:
        services = services.filter(
            Exists(
                ServiceAttribute.objects.filter(
                    service=OuterRef("pk"), taxonomy_term__taxonomy__translation_key=taxonomy
                )
            )
        )
    organization = uuid_param(params, "organization_id")
    if organization is not None:
        services = services.filter(organization__translation_key=organization)
    modified_after = datetime_param(params, "modified_after")
    if modified_after is not None:
        services = services.filter(updated_at__gte=modified_after)
    search = search_param(params)
    if search:
        services = _service_search(services, search)
    return services


# How this API reads the parameters the spec leaves open, sent in the landing response (the only
# API documentation the site has; openapi.json allows more properties than the three it names).
PARAMETER_NOTES = {
    "format": "json (default): an HSDS Page. ndjson: on the list endpoints, every result without paging, "
    "one JSON object a line (application/x-ndjson), streamed in id order; page and per_page are checked but not used.",
    "minimal": f"/services only: each item is just {{'id', 'modified_date'}} (the service's last_modified). "
    f"With format=json it is still a Page, ordered by id, {MINIMAL_PER_PAGE} items by default and at most, "
    "so one call holds every service of the directory; format=ndjson streams them all. "
    "Cannot be combined with full.",
    "full": "/services, /service_at_locations and /organizations: each item fully nested, as the "
    "endpoint's /{id} shows it.",
    "full_service": "/organizations and /organizations/{id}: the organisation's services fully nested "
    "(on the list it implies full).",
    "postcode": "/service_at_locations only: services at a location whose address has this postal code "
    "(spaces, hyphens and letter case are ignored). Service areas are regions, not postcodes, so a "
    "postcode does not select services by their service area.",
    "proximity": "/service_at_locations only, with postcode: services at a location at most this many metres "
    f"(up to {MAX_PROXIMITY}) from the postcode's centroid, nearest first. The directory has no postcode "
    "centroid data: the centroid is the mean position of the directory's public locations with that "
    "postal code, so a postcode none of them has is answered with a 400 error.",
}


@api_view
def meta(request):
    return _respond(
        request,
        lambda serializer: {
            "version": HSDS_VERSION,
            "profile": HSDS_PROFILE,
            "openapi_url": HSDS_OPENAPI,
            "formats": [JSON, NDJSON],
            "parameters": PARAMETER_NOTES,
        },
    )


@api_view
def not_found(request):
    raise ApiError(404, "No such path in this API. Start at /api/hsds/.")


@api_view
def services(request):
    params = request.GET
    full = boolean_param(params, "full")
    minimal = boolean_param(params, "minimal")
    if minimal and full:
        raise ApiError(400, "'minimal' and 'full' ask for opposite shapes: use one of them.", parameter="minimal")

    def make(serializer):
        rows = _filter_services(queries.services(serializer.language), params)
        if minimal:
            # The spec's minimal is "an array of just service 'id' and 'modified_date'" that
            # should hold every service in one call, while the /services response is a Page. We
            # keep the Page (clients read one shape; format=ndjson gives the bare stream) and make
            # its pages large (MINIMAL_PER_PAGE), so one call holds every service of a directory
            # this size. Items are exactly {id, modified_date}: they are not service_list items
            # (no name or status), which the spec's wording asks for. Two columns, no join, no
            # prefetch: a single query when everything fits on the first page. Ordered by id,
            # which never changes, so paging through a directory being edited is stable.
            return rows.order_by("translation_key").values_list("translation_key", "updated_at"), (
                serializer.service_minimal
            )
        rows = rows.select_related("organization").order_by("-pinned", "name", "translation_key")
        if full:
            return rows.prefetch_related(*SERVICE_PREFETCH), serializer.service_full_list
        return rows, serializer.service_list

    if minimal:
        return _list(request, make, key_of_row=itemgetter(0), per_page=MINIMAL_PER_PAGE, max_per_page=MINIMAL_PER_PAGE)
    return _list(request, make)


@api_view
def service(request, id):
    key = _detail_key(id, "service")

    def build(serializer):
        found = (
            queries.services(serializer.language)
            .filter(translation_key=queries.key_of(Service, key))
            .select_related("organization")
            .prefetch_related(*SERVICE_PREFETCH)
            .first()
        )
        if found is None:
            raise _not_found("service", id)
        return serializer.service_full_list([found])[0]

    return _respond(request, build)


@api_view
def organizations(request):
    params = request.GET
    search = search_param(params)
    # full: each organisation as /organizations/{id} shows it (services in brief, locations);
    # full_service: the same with fully nested services, so it implies full.
    full_service = boolean_param(params, "full_service")
    full = boolean_param(params, "full") or full_service

    def make(serializer):
        rows = queries.organizations(serializer.language).order_by("name", "translation_key")
        if search:
            # A service's search text holds its organisation's name, folded across scripts and cases.
            matching = _service_search(queries.public_services(), search).values("organization__translation_key")
            rows = rows.filter(Q(name__icontains=search) | Q(translation_key__in=matching))
        if not full:
            return rows, lambda items: [serializer.organization_core(item) for item in items]

        def serialize(items):
            services = (
                queries.services(serializer.language)
                .filter(organization__translation_key__in=[item.translation_key for item in items])
                .select_related("organization")
                .order_by("-pinned", "name", "translation_key")
            )
            if full_service:
                services = services.prefetch_related(*SERVICE_PREFETCH)
            return serializer.organization_full_list(items, list(services), full_service=full_service)

        return rows, serialize

    return _list(request, make)


@api_view
def organization(request, id):
    key = _detail_key(id, "organization")
    full_service = boolean_param(request.GET, "full_service")

    def build(serializer):
        from directory.models import Organization

        key_found = queries.key_of(Organization, key)
        found = (
            queries.organizations(serializer.language).filter(translation_key=key_found).first() if key_found else None
        )
        if found is None:
            raise _not_found("organization", id)
        services = (
            queries.services(serializer.language)
            .filter(organization__translation_key=found.translation_key)
            .select_related("organization")
            .order_by("-pinned", "name")
        )
        if full_service:
            services = services.prefetch_related(*SERVICE_PREFETCH)
        return serializer.organization_full(found, list(services), full_service=full_service)

    return _respond(request, build)


def _service_at_locations(language: str, params, *, full: bool = False):
    services = _filter_services(queries.services(language), params)
    rows = (
        ServiceAtLocation.objects.filter(service__in=services)
        .select_related("service__organization", "location__organization")
        .order_by("service__name", "sort_order", "id")
    )
    if full:
        rows = rows.select_related("location__region").prefetch_related(*SERVICE_AT_LOCATION_PREFETCH)
    return rows


@api_view
def service_at_locations(request):
    params = request.GET
    full = boolean_param(params, "full")
    postcode = postcode_param(params)
    proximity = proximity_param(params)
    if proximity is not None and not postcode:
        raise ApiError(
            400,
            "'proximity' needs 'postcode': distances are measured from the postcode's centroid.",
            parameter="proximity",
        )

    def make(serializer):
        rows = _service_at_locations(serializer.language, params, full=full)
        if proximity is not None:
            centre = queries.postcode_centroid(postcode)
            if centre is None:
                raise ApiError(
                    400,
                    f"'proximity' needs a postcode known to the directory: no public location with postcode "
                    f"'{postcode}' has coordinates, so its centroid is unknown.",
                    parameter="proximity",
                )
            rows = queries.within(rows, centre, proximity).order_by("distance", "service__name", "sort_order", "id")
        elif postcode:
            rows = queries.in_postcode(rows, postcode)
        return rows, serializer.service_at_location_full_list if full else serializer.service_at_location_list

    return _list(request, make, key="id")


@api_view
def service_at_location(request, id):
    key = _detail_key(id, "service_at_location")

    def build(serializer):
        # A link's id is its row id; a row of the same link in another language is found by the
        # translation keys of its service and location.
        source = ServiceAtLocation.objects.filter(pk=key).select_related("service", "location").first()
        found = None
        if source is not None:
            found = (
                ServiceAtLocation.objects.filter(
                    service__in=queries.services(serializer.language),
                    service__translation_key=source.service.translation_key,
                    location__translation_key=source.location.translation_key,
                )
                .select_related("service__organization", "location__region", "location__organization")
                .prefetch_related(*SERVICE_AT_LOCATION_PREFETCH)
                .first()
            )
        if found is None:
            raise _not_found("service_at_location", id)
        return serializer.service_at_location_full(found)

    return _respond(request, build)


@api_view
def taxonomies(request):
    params = request.GET
    search = search_param(params)

    def make(serializer):
        rows = queries.taxonomies(serializer.language).order_by("name", "translation_key")
        if search:
            rows = _text_matches(rows, search, "name", "description")
        return rows, lambda items: [serializer.taxonomy(item) for item in items]

    return _list(request, make)


@api_view
def taxonomy(request, id):
    from directory.models import Taxonomy

    key = _detail_key(id, "taxonomy")

    def build(serializer):
        key_found = queries.key_of(Taxonomy, key)
        found = queries.taxonomies(serializer.language).filter(translation_key=key_found).first() if key_found else None
        if found is None:
            raise _not_found("taxonomy", id)
        return serializer.taxonomy(found)

    return _respond(request, build)


@api_view
def taxonomy_terms(request):
    params = request.GET
    search = search_param(params)
    taxonomy_id = uuid_param(params, "taxonomy_id")
    parent_id = uuid_param(params, "parent_id")
    top_only = boolean_param(params, "top_only")

    def make(serializer):
        rows = queries.taxonomy_terms(serializer.language).select_related("taxonomy", "parent", "locale")
        if taxonomy_id:
            rows = rows.filter(taxonomy__translation_key=taxonomy_id)
        if parent_id:
            rows = rows.filter(parent__translation_key=parent_id)
        if top_only:
            rows = rows.filter(parent__isnull=True)
        rows = rows.order_by("sort_order", "name", "translation_key")
        if search:
            rows = _text_matches(rows, search, "name", "code", "description")
        return rows, lambda items: [serializer.taxonomy_term(item) for item in items]

    return _list(request, make)


@api_view
def taxonomy_term(request, id):
    from directory.models import TaxonomyTerm

    key = _detail_key(id, "taxonomy_term")

    def build(serializer):
        key_found = queries.key_of(TaxonomyTerm, key)
        found = serializer.terms.get(key_found) if key_found else None
        if found is None:
            raise _not_found("taxonomy_term", id)
        return serializer.taxonomy_term(found)

    return _respond(request, build)
