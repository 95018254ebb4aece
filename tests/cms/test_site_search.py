"""Site search over pages: the folded form finds Kazakh in either script and Russian inflections."""

import re

import pytest

from tests.factories import StandardPageFactory


def found(client, path, query) -> str:
    """The results list of a search (the menus link to pages too)."""
    html = client.get(path, {"q": query}).content.decode()
    match = re.search(r'<ol class="search-results">.*?</ol>', html, re.S)
    return match.group(0) if match else ""


@pytest.fixture
def pages(home_tree):
    kk = StandardPageFactory(
        parent=home_tree["home"]["kk"], slug="komek", title="Психологиялық көмек", summary="Жасөспірімдерге қолдау"
    )
    other = StandardPageFactory(parent=home_tree["home"]["kk"], slug="baska", title="Байланыс", summary="Мекенжай")
    return {"kk": kk, "other": other}


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["көмек", "kömek", "komek", "KOMEK", "психологиялық", "psihologiialyk", "жасөспір"])
def test_kazakh_page_is_found_by_cyrillic_latin_and_partial_words(client, pages, query):
    html = found(client, "/kk/search/", query)
    assert pages["kk"].url in html
    assert pages["other"].url not in html


@pytest.mark.django_db
def test_russian_inflected_form_finds_the_page(client, home_tree):
    page = StandardPageFactory(parent=home_tree["home"]["ru"], slug="pomosh", title="Психологическая помощь")
    html = found(client, "/ru/search/", "психологической помощи")
    assert page.url in html


@pytest.mark.django_db
def test_every_word_must_match(client, pages):
    html = found(client, "/kk/search/", "көмек мекенжай")
    assert html == ""


@pytest.mark.django_db
def test_punctuation_only_query_finds_nothing_without_error(client, home_tree):
    response = client.get("/kk/search/", {"q": "?!…"})
    assert response.status_code == 200
    assert "111" in response.content.decode()
