"""The HSDS open data API: shapes (validated against ../shared/hsds), paging, filters, errors."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.models import Service, ServiceAtLocation, Taxonomy, TaxonomyTerm

from .hsds_schemas import assert_valid, assert_valid_page
from .outreach_factories import LocationFactory, OrganizationFactory, locale, make_service, region

pytestmark = pytest.mark.django_db


def get(client, path, **params):
    response = client.get(f"/api/hsds/{path}", params)
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response


@pytest.fixture
def helpline(db):
    return make_service(
        name="111 — балалар мен отбасыларға арналған байланыс орталығы",
        nationwide=True,
        regions=(),
        terms=("helpline",),
        phone="111",
        pinned=True,
        open_24_7=True,
    )


@pytest.fixture
def counselling(db):
    location = LocationFactory()
    service = make_service(
        name="Жасөспірімдерге психологиялық көмек",
        location=location,
        organization=location.organization,
        terms=("psychological", "legal"),
    )
    ru_location = LocationFactory(
        organization=location.organization,
        translation_key=location.translation_key,
        locale=locale("ru"),
        name="Демо центр",
        region=region("KZ-75", "ru"),
    )
    make_service(
        name="Психологическая помощь подросткам",
        language="ru",
        translation_of=service,
        location=ru_location,
        terms=("psychological",),
    )
    return service


def test_meta_names_the_hsds_version_and_allows_any_origin(client):
    response = get(client, "")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == "3.0"
    assert body["openapi_url"].startswith("https://")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_service_list_is_an_hsds_page_of_valid_services(client, helpline, counselling):
    body = get(client, "services").json()
    assert_valid_page(body, "service_list")
    assert body["total_items"] == 2
    assert body["contents"][0]["id"] == str(helpline.translation_key), "the pinned 111 line comes first"


def test_full_service_list_items_validate_against_the_compiled_service_schema(client, helpline, counselling):
    body = get(client, "services", full="true").json()
    assert body["size"] == 2
    for item in body["contents"]:
        assert_valid(item, "service")
        assert item["phones"] and item["schedules"] and item["attributes"]


def test_service_detail_is_fully_nested_and_valid(client, counselling):
    body = get(client, f"services/{counselling.translation_key}").json()
    assert_valid(body, "service")
    assert body["name"] == "Жасөспірімдерге психологиялық көмек"
    assert {a["taxonomy_term"]["code"] for a in body["attributes"] if "taxonomy_term" in a} == {
        "psychological",
        "legal",
    }
    assert body["service_areas"][0]["extent"] == "KZ-75"
    assert body["service_at_locations"][0]["location"]["addresses"][0]["city"] == "Алматы"
    assert body["cost_options"][0]["amount"] == 0
    assert {language["code"] for language in body["languages"]} == {"kk", "ru"}


def test_service_id_is_the_same_in_every_language_and_text_follows_the_language(client, counselling):
    kk = get(client, f"services/{counselling.translation_key}", lang="kk").json()
    ru = get(client, f"services/{counselling.translation_key}", lang="ru").json()
    by_header = client.get(f"/api/hsds/services/{counselling.translation_key}", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert kk["id"] == ru["id"] == by_header["id"]
    assert ru["name"] == by_header["name"] == "Психологическая помощь подросткам"
    assert ru["attributes"][0]["taxonomy_term"]["name"] == "Психологическая помощь"
    assert_valid(ru, "service")


def test_a_missing_translation_falls_back_to_the_kazakh_record(client, helpline):
    body = get(client, f"services/{helpline.translation_key}", lang="en").json()
    assert body["name"] == helpline.name


def test_the_verifier_email_is_not_published(client, counselling):
    body = get(client, f"services/{counselling.translation_key}").json()
    assert "assurer_email" not in body
    assert body["assured_date"] == "2026-09-01"


@pytest.mark.parametrize(
    "state", [{"live": False}, {"status": "inactive"}, {"status": "defunct"}, {"status": "temporarily closed"}]
)
def test_drafts_and_services_that_are_not_active_are_never_shown(client, helpline, state):
    hidden = make_service(name="Hidden", **state)
    body = get(client, "services").json()
    assert [item["id"] for item in body["contents"]] == [str(helpline.translation_key)]
    response = get(client, f"services/{hidden.translation_key}")
    assert response.status_code == 404
    assert get(client, "service_at_locations").json()["total_items"] == 0


def test_paging_reports_pages_and_a_page_past_the_end_is_empty(client):
    for number in range(5):
        make_service(name=f"Service {number}")
    first = get(client, "services", per_page=2).json()
    assert (first["total_items"], first["total_pages"], first["size"]) == (5, 3, 2)
    assert first["first_page"] and not first["last_page"]
    last = get(client, "services", per_page=2, page=3).json()
    assert (last["size"], last["last_page"], last["first_page"]) == (1, True, False)
    names = [
        item["name"] for page in (1, 2, 3) for item in get(client, "services", per_page=2, page=page).json()["contents"]
    ]
    assert names == [f"Service {number}" for number in range(5)]
    past = get(client, "services", per_page=2, page=9).json()
    assert past["empty"] and past["contents"] == []


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"per_page": "101"}, "per_page"),
        ({"per_page": "-1"}, "per_page"),
        ({"taxonomy_term_id": "psychology"}, "taxonomy_term_id"),
        ({"organization_id": "1"}, "organization_id"),
        ({"modified_after": "yesterday"}, "modified_after"),
        ({"full": "maybe"}, "full"),
        ({"lang": "de"}, "lang"),
        ({"format": "xml"}, "format"),
        ({"search": "x" * 201}, "search"),
    ],
)
def test_bad_parameters_get_a_400_json_error_naming_the_parameter(client, params, parameter):
    response = get(client, "services", **params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["parameter"] == parameter
    assert parameter in error["message"]
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", ["services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms"])
def test_unknown_ids_get_a_404_json_error_not_a_redirect(client, path):
    for unknown in (str(uuid.uuid4()), "not-a-uuid"):
        response = get(client, f"{path}/{unknown}")
        assert response.status_code == 404
        assert unknown in response.json()["error"]["message"]


def test_an_unknown_path_gets_a_404_json_error(client):
    response = get(client, "programs")
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_only_get_is_allowed(client):
    response = client.post("/api/hsds/services")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["error"]["status"] == 405


def test_search_finds_kazakh_typed_in_latin_letters(client, helpline, counselling):
    body = get(client, "services", search="psihologiyalyq").json()
    assert [item["id"] for item in body["contents"]] == [str(counselling.translation_key)]
    assert get(client, "services", search="заң мен тұрғын үй").json()["total_items"] == 0


def test_taxonomy_term_filter_matches_the_term_in_any_language(client, helpline, counselling):
    legal = TaxonomyTerm.objects.get(code="legal", locale__language_code="ru")
    body = get(client, "services", taxonomy_term_id=str(legal.translation_key)).json()
    assert [item["id"] for item in body["contents"]] == [str(counselling.translation_key)]


def test_modified_after_keeps_services_changed_since(client, helpline, counselling):
    Service.objects.filter(pk=helpline.pk).update(updated_at=timezone.now() - datetime.timedelta(days=10))
    since = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    body = get(client, "services", modified_after=since).json()
    assert [item["id"] for item in body["contents"]] == [str(counselling.translation_key)]
    with_offset = get(client, "services", modified_after=f"{since}T00:00:00+05:00").json()
    assert with_offset["total_items"] == 1


def test_organizations_list_only_those_with_a_public_service(client, counselling):
    OrganizationFactory(name="Drafts only")
    make_service(name="Draft", live=False, organization=OrganizationFactory(name="Has a draft"))
    body = get(client, "organizations").json()
    assert_valid_page(body, "organization_list")
    assert [item["id"] for item in body["contents"]] == [str(counselling.organization.translation_key)]


def test_organization_detail_validates_with_its_services_and_locations(client, counselling):
    key = counselling.organization.translation_key
    body = get(client, f"organizations/{key}").json()
    assert_valid(body, "organization")
    assert [service["id"] for service in body["services"]] == [str(counselling.translation_key)]
    full = get(client, f"organizations/{key}", full_service="true").json()
    assert_valid(full, "organization")
    assert full["services"][0]["phones"]


def test_service_at_locations_list_and_detail_validate(client, counselling):
    body = get(client, "service_at_locations").json()
    assert_valid_page(body, "service_at_location_list")
    assert body["total_items"] == 1
    item_id = body["contents"][0]["id"]
    detail = get(client, f"service_at_locations/{item_id}").json()
    assert_valid(detail, "service_at_location")
    assert detail["service"]["id"] == str(counselling.translation_key)
    assert detail["phones"][0]["number"] == "+7 727 000 00 01"


def test_a_service_at_location_id_from_one_language_finds_the_other(client, counselling):
    kk_link = ServiceAtLocation.objects.get(service=counselling)
    ru = get(client, f"service_at_locations/{kk_link.pk}", lang="ru").json()
    assert ru["service"]["name"] == "Психологическая помощь подросткам"


def test_taxonomies_and_terms_validate_and_filter(client):
    taxonomy = Taxonomy.objects.get(locale__language_code="kk")
    body = get(client, "taxonomies").json()
    assert_valid_page(body, "taxonomy")
    assert body["contents"][0]["id"] == str(taxonomy.translation_key)
    assert_valid(get(client, f"taxonomies/{taxonomy.translation_key}").json(), "taxonomy")

    terms = get(client, "taxonomy_terms", per_page=100, lang="ru").json()
    assert_valid_page(terms, "taxonomy_term")
    assert terms["total_items"] == 8
    assert {term["language"] for term in terms["contents"]} == {"ru"}
    legal = next(term for term in terms["contents"] if term["code"] == "legal")
    assert_valid(get(client, f"taxonomy_terms/{legal['id']}").json(), "taxonomy_term")
    assert get(client, "taxonomy_terms", taxonomy_id=str(uuid.uuid4())).json()["total_items"] == 0
    assert get(client, "taxonomy_terms", top_only="true").json()["total_items"] == 8
    assert get(client, "taxonomy_terms", search="заң").json()["total_items"] == 1


def _queries(client, path, **params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(f"/api/hsds/{path}", params).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("path", "params"),
    [("services", {}), ("services", {"full": "true"}), ("service_at_locations", {}), ("organizations", {})],
)
def test_query_count_does_not_grow_with_page_size(client, path, params):
    location = LocationFactory()
    make_service(name="First", location=location, organization=location.organization)
    small = _queries(client, path, **params)
    for number in range(15):
        location = LocationFactory()
        make_service(
            name=f"More {number}", location=location, organization=location.organization, terms=("legal", "medical")
        )
    assert _queries(client, path, per_page=100, **params) == small


def test_full_service_page_needs_a_fixed_small_number_of_queries(client, django_assert_max_num_queries):
    for number in range(20):
        location = LocationFactory()
        make_service(name=f"Service {number}", location=location, organization=location.organization)
    with django_assert_max_num_queries(14):
        body = client.get("/api/hsds/services", {"full": "true", "per_page": 50}).json()
    assert body["size"] == 20


def test_organization_search_folds_case_and_script(client, counselling):
    OrganizationFactory(name="Other")
    name = counselling.organization.name
    for query in (name.upper(), "demo uiym"):
        body = get(client, "organizations", search=query).json()
        assert [item["id"] for item in body["contents"]] == [str(counselling.organization.translation_key)], query
