"""HSDS API parameters beyond paging and filters: format=ndjson, minimal, postcode and proximity.

Every object returned is validated against the compiled schemas in ../shared/hsds.
"""

import datetime
import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.models import Service, TaxonomyTerm
from directory.outreach.api import queries

from .hsds_schemas import assert_valid, assert_valid_page
from .outreach_factories import LocationFactory, OrganizationFactory, make_service

pytestmark = pytest.mark.django_db

LIST_SCHEMAS = {
    "services": "service_list",
    "organizations": "organization_list",
    "service_at_locations": "service_at_location_list",
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
}


def get(client, path, **params):
    response = client.get(f"/api/hsds/{path}", params)
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response


def ndjson(client, path, **params) -> list[dict]:
    response = client.get(f"/api/hsds/{path}", {"format": "ndjson", **params})
    assert response.status_code == 200
    assert response.streaming, "ndjson is streamed, never built whole in memory"
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["X-Accel-Buffering"] == "no", "nginx passes lines on as they come"
    body = b"".join(response.streaming_content).decode()
    assert body == "" or body.endswith("\n")
    return [json.loads(line) for line in body.splitlines()]


def located_service(name: str, *, live: bool = True, terms=("psychological",), **location_fields) -> Service:
    location = LocationFactory(**location_fields)
    return make_service(name=name, location=location, organization=location.organization, live=live, terms=terms)


# --- format=ndjson --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", list(LIST_SCHEMAS))
def test_ndjson_streams_every_result_of_a_list_without_paging(client, path):
    for number in range(3):
        located_service(f"Service {number}")
    page = get(client, path, per_page=100).json()
    assert page["total_items"] >= 3 or path.startswith("taxonom")
    lines = ndjson(client, path, per_page=1, page=2)  # paging is ignored: every result comes
    assert len(lines) == page["total_items"]
    assert {line["id"] for line in lines} == {item["id"] for item in page["contents"]}
    for line in lines:
        assert_valid(line, LIST_SCHEMAS[path])


def test_ndjson_keeps_filters_language_and_full_shapes(client):
    helpline = make_service(name="111", nationwide=True, regions=(), terms=("helpline",), open_24_7=True)
    located_service("Кеңес", terms=("legal",))
    make_service(name="Draft", live=False)
    legal = TaxonomyTerm.objects.get(code="legal", locale__language_code="kk")
    found = ndjson(client, "services", taxonomy_term_id=str(legal.translation_key))
    assert [line["name"] for line in found] == ["Кеңес"]

    full = ndjson(client, "services", full="true", lang="ru")
    assert {line["id"] for line in full} == {
        str(service.translation_key) for service in Service.objects.filter(live=True)
    }
    for line in full:
        assert_valid(line, "service")
    by_id = {line["id"]: line for line in full}
    assert (
        by_id[str(helpline.translation_key)]["schedules"][0]["description"] == "Работает круглосуточно, 7 дней в неделю"
    )

    terms = ndjson(client, "taxonomy_terms", lang="ru", search="юридическая")
    assert terms == get(client, "taxonomy_terms", lang="ru", search="юридическая", per_page=100).json()["contents"]
    assert "legal" in {term["code"] for term in terms} and {term["language"] for term in terms} == {"ru"}
    assert len(terms) < TaxonomyTerm.objects.filter(locale__language_code="ru").count()


def test_an_empty_ndjson_stream_is_an_empty_body(client):
    assert ndjson(client, "services") == []


def test_ndjson_reads_the_rows_in_chunks_with_the_same_queries_per_chunk(client, monkeypatch):
    """Memory holds one chunk: each chunk is one LIMITed query (keyset, no OFFSET) plus the same
    few lookups, and nothing is read before the client starts reading."""
    monkeypatch.setattr(queries, "STREAM_CHUNK_SIZE", 2)
    for number in range(5):
        located_service(f"Service {number}")
    with CaptureQueriesContext(connection) as context:
        response = client.get("/api/hsds/services", {"format": "ndjson"})
        assert len(context.captured_queries) == 0, "the view reads no rows before streaming"
        counts, lines = [], []
        for chunk in response.streaming_content:
            counts.append(len(context.captured_queries))
            lines.append(chunk.decode().count("\n"))
    # A chunk's queries run before it is yielded: count from one yield to the next.
    per_chunk = [counts[0], *[counts[i + 1] - counts[i] for i in range(len(counts) - 1)]]
    assert lines == [2, 2, 1]
    assert per_chunk == [2, 2, 2], "a chunk: its services (LIMIT 2, with organisations) + their translations"
    service_reads = [q["sql"] for q in context.captured_queries if 'FROM "directory_service"' in q["sql"]]
    assert len(service_reads) == 3
    assert all("LIMIT 2" in sql and "OFFSET" not in sql for sql in service_reads)


def test_full_ndjson_chunks_cost_the_same_whatever_the_chunk_holds(client, monkeypatch):
    monkeypatch.setattr(queries, "STREAM_CHUNK_SIZE", 3)
    for number in range(9):
        service = located_service(f"Service {number}", postal_code=f"05000{number}")
        if number % 3 == 0:
            # At its service's location too: a chunk of services without any location would
            # skip the locations' translations (one query less), and which services share a
            # chunk depends on their random ids.
            place = service.service_at_locations.get().location
            make_service(
                name=f"Қызмет {number}", language="ru", translation_of=service, terms=("legal", "medical"),
                location=place,
            )  # fmt: skip
    with CaptureQueriesContext(connection) as context:
        response = client.get("/api/hsds/services", {"format": "ndjson", "full": "true", "lang": "ru"})
        marks = []
        for _chunk in response.streaming_content:
            marks.append(len(context.captured_queries))
    first, *rest = [marks[0], *[marks[i + 1] - marks[i] for i in range(len(marks) - 1)]]
    assert len(rest) == 2
    # A chunk: its services with organisations, 6 prefetches (phones, schedules, languages, areas,
    # attributes, places), the organisations' and locations' translations.
    assert rest == [9, 9], rest
    assert first == 9 + 2, "the first chunk also loads the region names and the taxonomy, once"


def test_head_of_an_ndjson_list_reads_no_rows(rf):
    # Called directly: the test client would drop a HEAD body without reading it.
    from directory.outreach.api import views

    make_service(name="One")
    with CaptureQueriesContext(connection) as context:
        response = views.services(rf.head("/api/hsds/services", {"format": "ndjson"}))
        assert b"".join(response.streaming_content) == b""
    assert response.status_code == 200
    assert not context.captured_queries
    assert b"".join(views.services(rf.get("/api/hsds/services", {"format": "ndjson"})).streaming_content)


@pytest.mark.parametrize("path", ["services", "taxonomy_terms"])
def test_other_formats_and_bad_parameters_are_a_400_before_any_line_is_sent(client, path):
    for params, parameter in (({"format": "csv"}, "format"), ({"format": "ndjson", "lang": "de"}, "lang")):
        response = get(client, path, **params)
        assert response.status_code == 400
        assert response.json()["error"]["parameter"] == parameter


def test_ndjson_is_for_lists_only(client):
    service = make_service(name="One")
    response = get(client, f"services/{service.translation_key}", format="ndjson")
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "format"


# --- full on the lists of service_at_locations and organisations ---------------------------------


def _count(client, path, **params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(f"/api/hsds/{path}", params).status_code == 200
    return len(context.captured_queries)


def test_full_service_at_locations_are_fully_nested_in_bounded_queries(client):
    located_service("First", terms=("legal", "medical"))
    body = get(client, "service_at_locations", full="true").json()
    assert_valid_page(body, "service_at_location_list")
    item = body["contents"][0]
    assert_valid(item, "service_at_location")
    assert item == get(client, f"service_at_locations/{item['id']}").json(), "as the detail shows it"
    assert item["phones"] and item["schedules"] and item["location"]["addresses"]
    few = _count(client, "service_at_locations", full="true", per_page=100)
    for number in range(12):
        located_service(f"More {number}", terms=("legal", "medical"))
    assert _count(client, "service_at_locations", full="true", per_page=100) == few
    for line in ndjson(client, "service_at_locations", full="true"):
        assert_valid(line, "service_at_location")


@pytest.mark.parametrize("params", [{"full": "true"}, {"full_service": "true"}])
def test_full_organizations_are_fully_nested_in_bounded_queries(client, params):
    first = located_service("First")
    make_service(name="Second", organization=first.organization)
    make_service(name="Hidden", organization=first.organization, live=False)
    body = get(client, "organizations", **params).json()
    assert_valid_page(body, "organization_list")
    item = body["contents"][0]
    assert_valid(item, "organization")
    assert item == get(client, f"organizations/{item['id']}", **params).json(), "as the detail shows it"
    assert [service["name"] for service in item["services"]] == ["First", "Second"]
    assert ("phones" in item["services"][0]) == ("full_service" in params)
    assert item["locations"][0]["name"]
    few = _count(client, "organizations", per_page=100, **params)
    for number in range(12):
        located_service(f"More {number}", terms=("legal", "medical"))
    assert _count(client, "organizations", per_page=100, **params) == few
    for line in ndjson(client, "organizations", **params):
        assert_valid(line, "organization")


# --- minimal=true -----------------------------------------------------------------------------------


def test_minimal_is_a_page_of_just_ids_and_modified_dates_holding_every_service(client):
    services = [make_service(name=f"Service {number}") for number in range(25)]
    make_service(name="Draft", live=False)
    body = get(client, "services", minimal="true").json()
    assert_valid_page(body, "service_minimal")
    assert (body["total_items"], body["size"], body["total_pages"], body["last_page"]) == (25, 25, 1, True)
    assert [item["id"] for item in body["contents"]] == sorted(str(service.translation_key) for service in services)
    first = Service.objects.get(pk=services[0].pk)
    item = next(item for item in body["contents"] if item["id"] == str(first.translation_key))
    assert item == {"id": str(first.translation_key), "modified_date": first.updated_at.isoformat()}


def test_minimal_is_one_query_and_pages_when_asked(client, django_assert_num_queries):
    for number in range(5):
        make_service(name=f"Service {number}", terms=("legal", "medical"))
    with django_assert_num_queries(1):
        assert client.get("/api/hsds/services", {"minimal": "true"}).json()["size"] == 5
    second = get(client, "services", minimal="true", per_page=2, page=2).json()
    assert (second["total_items"], second["total_pages"], second["size"]) == (5, 3, 2)
    assert get(client, "services", minimal="true", per_page=10_001).status_code == 400


def test_minimal_keeps_the_filters_and_streams_as_ndjson(client):
    old = make_service(name="Old")
    new = make_service(name="New")
    Service.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=30))
    since = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    body = get(client, "services", minimal="true", modified_after=since).json()
    assert [item["id"] for item in body["contents"]] == [str(new.translation_key)]
    lines = ndjson(client, "services", minimal="true")
    assert {line["id"] for line in lines} == {str(old.translation_key), str(new.translation_key)}
    for line in lines:
        assert_valid(line, "service_minimal")


@pytest.mark.parametrize(
    ("params", "parameter"), [({"minimal": "maybe"}, "minimal"), ({"minimal": "true", "full": "true"}, "minimal")]
)
def test_bad_minimal_is_a_400(client, params, parameter):
    response = get(client, "services", **params)
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == parameter
    assert parameter in response.json()["error"]["message"]


# --- postcode and proximity -------------------------------------------------------------------------


@pytest.fixture
def places(db):
    """Two Almaty locations 0.2° of latitude apart (about 22 km) with postcode 050000, a third
    half way between them with another postcode, and one in Astana with a 2015 Kazpost code."""
    return {
        "north": located_service("North", postal_code="050000", latitude="43.300000", longitude="76.900000"),
        "south": located_service("South", postal_code="050 000", latitude="43.100000", longitude="76.900000"),
        "middle": located_service("Middle", postal_code="050010", latitude="43.200000", longitude="76.901000"),
        "astana": located_service("Astana", postal_code="Z05H9E8", latitude="51.128000", longitude="71.430000"),
    }


def names(body) -> list[str]:
    return [item["service"]["name"] for item in body["contents"]]


def test_postcode_keeps_services_at_an_address_with_that_postcode_whatever_its_spelling(client, places):
    body = get(client, "service_at_locations", postcode="050000").json()
    assert_valid_page(body, "service_at_location_list")
    assert sorted(names(body)) == ["North", "South"]
    assert names(get(client, "service_at_locations", postcode="z05-h9e8").json()) == ["Astana"]
    assert get(client, "service_at_locations", postcode="999999").json()["total_items"] == 0


def test_proximity_measures_from_the_mean_of_the_postcodes_locations(client, places):
    # The 050000 centroid is 43.2, 76.9: Middle (80 m away, another postcode) is in, the two
    # 050000 locations 11 km away are not.
    near = get(client, "service_at_locations", postcode="050000", proximity="1000").json()
    assert_valid_page(near, "service_at_location_list")
    assert names(near) == ["Middle"]
    wider = get(client, "service_at_locations", postcode="050000", proximity="12000").json()
    assert names(wider)[0] == "Middle", "nearest first"
    assert sorted(names(wider)) == ["Middle", "North", "South"]
    assert [
        line["service"]["name"] for line in ndjson(client, "service_at_locations", postcode="Z05H9E8", proximity="5000")
    ] == ["Astana"]
    assert get(client, "service_at_locations", postcode="050000", proximity="1100000").json()["total_items"] == 4


def test_the_centroid_comes_from_published_locations_with_coordinates_only(client, places):
    located_service("Draft", live=False, postal_code="060000", latitude="47.1", longitude="51.9")
    located_service("Unplaced", postal_code="070000", latitude=None, longitude=None)
    for postcode in ("060000", "070000", "999999"):
        response = get(client, "service_at_locations", postcode=postcode, proximity="5000")
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["parameter"] == "proximity"
        assert postcode in error["message"] and "known to the directory" in error["message"]
    assert names(get(client, "service_at_locations", postcode="070000").json()) == ["Unplaced"]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"proximity": "1000"}, "proximity"),
        ({"postcode": "050000", "proximity": "near"}, "proximity"),
        ({"postcode": "050000", "proximity": "0"}, "proximity"),
        ({"postcode": "050000", "proximity": "-5"}, "proximity"),
        ({"postcode": "050000", "proximity": "nan"}, "proximity"),
        ({"postcode": "050000", "proximity": "1e9"}, "proximity"),
        ({"postcode": "05/0000"}, "postcode"),
        ({"postcode": "0500001234567"}, "postcode"),
        ({"postcode": "050000", "format": "ndjson", "proximity": "far"}, "proximity"),
    ],
)
def test_bad_postcode_or_proximity_is_a_400_naming_it(client, params, parameter):
    response = get(client, "service_at_locations", **params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["parameter"] == parameter
    assert parameter in error["message"]


def test_proximity_costs_one_query_more_whatever_the_page_size(client, places):
    def count(**params) -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/api/hsds/service_at_locations", params).status_code == 200
        return len(context.captured_queries)

    everything = count(per_page=100)
    assert count(per_page=100, postcode="050000") == everything
    assert count(per_page=100, postcode="050000", proximity="1100000") == everything + 1, "the centroid"
    assert count(per_page=1, postcode="050000", proximity="1100000") == count(per_page=1) + 1


def test_the_landing_response_documents_these_parameters(client):
    body = get(client, "").json()
    assert body["formats"] == ["json", "ndjson"]
    assert {"format", "minimal", "full", "full_service", "postcode", "proximity"} <= set(body["parameters"])
    assert "centroid" in body["parameters"]["proximity"]


def test_unknown_service_at_location_ids_stay_404_with_the_new_parameters(client):
    response = get(client, f"service_at_locations/{uuid.uuid4()}", postcode="050000")
    assert response.status_code == 404
    OrganizationFactory()  # an organisation with no public service is not listed
    assert ndjson(client, "organizations") == []
