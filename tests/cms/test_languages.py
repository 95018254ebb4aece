import re

import pytest

pytestmark = pytest.mark.django_db

LANGUAGES = ("kk", "ru", "en")


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("ru-RU,ru;q=0.9", "/ru/"), ("en-GB,en;q=0.8", "/en/"), ("kk", "/kk/"), ("de-DE", "/kk/"), ("", "/kk/")],
)
def test_root_redirects_by_browser_language_defaulting_to_kazakh(client, home_tree, accept, expected):
    response = client.get("/", headers={"accept-language": accept} if accept else {})
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize("code", LANGUAGES)
def test_home_page_renders_in_each_language(client, home_tree, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}">' in html
    assert home_tree["home"][code].title in html


def test_interface_strings_are_translated(client, home_tree):
    assert "Жылдам шығу" in client.get("/kk/").content.decode()
    assert "Быстрый выход" in client.get("/ru/").content.decode()
    assert "Quick exit" in client.get("/en/").content.decode()


@pytest.mark.parametrize("code", LANGUAGES)
def test_language_switcher_links_to_the_same_page_in_each_language(client, home_tree, code):
    html = client.get(home_tree["page"][code].url).content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    for other in LANGUAGES:
        assert f'href="{home_tree["page"][other].url}"' in switcher
    assert f'hreflang="{code}" aria-current="true"' in switcher


def test_language_switcher_keeps_a_non_page_view_and_its_query(client, home_tree):
    html = client.get("/ru/search/?q=test").content.decode()
    assert 'href="/kk/search/?q=test"' in html
    assert 'href="/en/search/?q=test"' in html


def test_untranslated_page_falls_back_visibly_to_kazakh(client, home_tree):
    from wagtail.models import Locale

    from tests.factories import StandardPageFactory

    page = StandardPageFactory(parent=home_tree["home"]["kk"], slug="only-kk", title="Тек қазақша")
    alias = page.copy_for_translation(Locale.objects.get(language_code="ru"), alias=True)
    response = client.get(alias.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Тек қазақша" in html
    assert "Эта страница ещё не переведена" in html


def test_missing_page_is_a_translated_404_with_the_helpline(client, home_tree):
    response = client.get("/ru/does-not-exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Страница не найдена" in html
    assert 'href="tel:111"' in html


def switcher_of(client, url: str) -> str:
    html = client.get(url).content.decode()
    return re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)


def test_a_page_s_language_links_come_from_the_cache_after_the_first_visit(client, home_tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = home_tree["page"]["kk"]
    first = switcher_of(client, page.url)
    with CaptureQueriesContext(connection) as queries:
        assert switcher_of(client, page.url) == first
    translations = [query["sql"] for query in queries.captured_queries if '"translation_key" =' in query["sql"]]
    assert not translations


def test_a_translation_published_or_unpublished_shows_in_the_links_at_once(client, home_tree):
    from cms.home.demo import upsert_translation
    from tests.factories import StandardPageFactory

    page = StandardPageFactory(parent=home_tree["home"]["kk"], slug="news", title="Жаңалықтар")
    assert 'href="/ru/"' in switcher_of(client, page.url)  # no Russian page yet: the Russian home page
    russian = upsert_translation(page, "ru", title="Новости")
    assert f'href="{russian.url}"' in switcher_of(client, page.url)
    russian.refresh_from_db()  # the copy publish() left in memory still reads as a draft
    russian.unpublish()
    assert 'href="/ru/"' in switcher_of(client, page.url)


def test_an_alias_made_by_copying_shows_in_the_links_at_once(client, home_tree):
    """Tree synchronisation makes live aliases in the other languages without publishing them."""
    from wagtail.models import Locale

    from tests.factories import StandardPageFactory

    page = StandardPageFactory(parent=home_tree["home"]["kk"], slug="copied", title="Көшірме")
    assert 'href="/ru/"' in switcher_of(client, page.url)
    alias = page.copy_for_translation(Locale.objects.get(language_code="ru"), alias=True)
    assert alias.live
    assert f'href="{alias.url}"' in switcher_of(client, page.url)
