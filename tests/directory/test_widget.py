"""The embeddable widget: the only page other origins may frame; 111 first, then region services."""

import pytest

from tests.cms.test_security import csp

from .outreach_factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(db):
    make_service(name="111 желісі", phone="111", pinned=True, nationwide=True, regions=())
    local = make_service(name="Алматы жасөспірімдер орталығы", phone="+7 727 000 11 22", regions=("KZ-75",))
    make_service(name="Алматинский центр для подростков", language="ru", translation_of=local, phone="+7 727 000 11 22")
    make_service(name="Ұлттық сенім телефоны 150", phone="150", nationwide=True, regions=(), open_24_7=True)
    make_service(name="Астана дағдарыс орталығы", regions=("KZ-71",))
    make_service(name="Жабық орталық", regions=("KZ-75",), status="temporarily closed")


def test_the_widget_may_be_framed_by_any_site(client, directory):
    response = client.get("/kk/help/widget/", {"region": "KZ-75"})
    assert response.status_code == 200
    assert csp(response)["frame-ancestors"] == ["*"]
    assert "X-Frame-Options" not in response
    # The rest of the policy stays as strict as everywhere else.
    assert csp(response)["script-src"][0] == "'self'"
    assert csp(response)["default-src"] == ["'self'"]


def test_other_pages_still_refuse_framing(client, directory, home_tree):
    for path in ("/kk/", "/api/hsds/services"):
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY"
        assert csp(response)["frame-ancestors"] == ["'none'"]
    redirect = client.get("/kk/help/p/NOPE42/")
    assert redirect["X-Frame-Options"] == "DENY"


def test_the_widget_shows_111_first_then_the_regions_services(client, directory):
    html = client.get("/kk/help/widget/", {"region": "KZ-75"}).content.decode()
    assert 'href="tel:111"' in html
    local = html.index("Алматы жасөспірімдер орталығы")
    assert html.index('href="tel:111"') < local < html.index("Ұлттық сенім телефоны 150"), "local before nationwide"
    assert "Астана дағдарыс орталығы" not in html
    assert "Жабық орталық" not in html
    assert html.count("111 желісі") == 0, "the pinned line is the big 111 link, not repeated in the list"


def test_the_widget_speaks_the_language_of_its_address(client, directory):
    html = client.get("/ru/help/widget/", {"region": "KZ-75"}).content.decode()
    assert '<html lang="ru">' in html
    assert "Алматинский центр для подростков" in html


def test_the_former_region_code_works_too(client, directory):
    html = client.get("/kk/help/widget/", {"region": "kz-ala"}).content.decode()
    assert "Алматы жасөспірімдер орталығы" in html


def test_an_unknown_region_still_shows_111_and_nationwide_help(client, directory):
    response = client.get("/kk/help/widget/", {"region": "KZ-99"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="tel:111"' in html
    assert "Ұлттық сенім телефоны 150" in html
    assert "Алматы жасөспірімдер орталығы" not in html


def test_the_widget_sets_no_cookie_and_runs_no_script(client, directory):
    response = client.get("/kk/help/widget/", {"region": "KZ-75"})
    assert not response.cookies
    assert "<script" not in response.content.decode()
    assert "public" in response["Cache-Control"]


def test_the_widget_needs_a_fixed_number_of_queries(client, directory, django_assert_max_num_queries):
    for number in range(10):
        make_service(name=f"Қосымша қызмет {number}", regions=("KZ-75",))
    with django_assert_max_num_queries(12):
        response = client.get("/kk/help/widget/", {"region": "KZ-75"})
    assert response.content.decode().count('class="widget__service"') == 12


def test_editors_get_copy_paste_iframe_code_per_region(verified_client, directory):
    response = verified_client.get("/admin/help-widget/", {"language": "ru"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;iframe src=&quot;http://testserver/ru/help/widget/?region=KZ-75&quot;" in html
    assert html.count("&lt;iframe") == 20


def test_the_widget_code_page_is_for_signed_in_staff_only(client, directory):
    response = client.get("/admin/help-widget/")
    assert response.status_code == 302
