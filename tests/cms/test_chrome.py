import re

import pytest

pytestmark = pytest.mark.django_db

ASSET = re.compile(r'(?:src|href|action|srcset)="([^"]+)"')


def public_urls(tree) -> list[str]:
    urls = []
    for code in ("kk", "ru", "en"):
        urls += [
            tree["home"][code].url,
            tree["page"][code].url,
            f"/{code}/search/",
            f"/{code}/search/?q=a",
            f"/{code}/browse-safely/",
            f"/{code}/accounts/login/",
        ]
    return urls


def first_focusable(html: str) -> str:
    body = html.split("<body", 1)[1]
    return re.search(r"<(a|button|input|select|textarea)\b[^>]*>", body).group(0)


def test_every_public_page_has_the_helpline_quick_exit_and_emergency_number(client, home_tree):
    for url in public_urls(home_tree):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'href="tel:111"' in html, url
        assert 'href="tel:112"' in html, url
        assert "data-quick-exit" in html, url
        assert "js/quick-exit.js" in html, url


def test_quick_exit_is_the_first_focusable_element(client, home_tree):
    for url in public_urls(home_tree):
        assert "data-quick-exit" in first_focusable(client.get(url).content.decode()), url


def test_quick_exit_goes_to_the_neutral_site_from_settings(client, home_tree):
    from wagtail.models import Site

    from cms.home.models import HelplineSettings

    settings = HelplineSettings.for_site(Site.objects.get())
    settings.quick_exit_url = "https://weather.example/"
    settings.save()
    assert 'href="https://weather.example/"' in first_focusable(client.get("/en/").content.decode())


def test_helpline_channels_come_from_site_settings(client, home_tree):
    from wagtail.models import Site

    from cms.home.models import HelplineSettings

    settings = HelplineSettings.for_site(Site.objects.get())
    settings.helpline_sms = "1111"
    settings.helpline_telegram = "https://t.me/demo_helpline"
    settings.save()
    html = client.get("/ru/").content.decode()
    assert 'href="sms:1111"' in html
    assert 'href="https://t.me/demo_helpline"' in html


def test_no_page_loads_anything_from_another_host(client, home_tree):
    for url in public_urls(home_tree):
        html = client.get(url).content.decode()
        for target in ASSET.findall(html):
            if target.startswith(("tel:", "sms:", "#", "mailto:")):
                continue
            if target.startswith(("http://", "https://", "//")):
                # Only plain links may leave the site (quick exit, messengers), never assets.
                tag = html[: html.index(f'"{target}"')].rsplit("<", 1)[1]
                assert tag.startswith("a "), f"{url} loads {target}"
            else:
                assert target.startswith("/") or target.startswith("?"), f"{url} has {target}"


def test_anonymous_visitors_get_no_cookie(client, home_tree):
    # The sign-in form for specialists is the one page that needs a CSRF cookie.
    for url in [url for url in public_urls(home_tree) if "/accounts/" not in url]:
        response = client.get(url)
        assert not response.cookies, f"{url} set {list(response.cookies)}"
        assert "Set-Cookie" not in response.headers


def test_the_browse_safely_page_explains_quick_exit(client, home_tree):
    html = client.get("/en/browse-safely/").content.decode()
    assert "Shift key three times" in html


def main_menu(client, url: str) -> str:
    html = client.get(url).content.decode()
    return html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]


def test_later_pages_take_the_menu_and_the_helpline_from_the_cache(client, home_tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/kk/")
    # A Django view (no page routing): the cached chrome needs no query at all, not even the site's.
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/kk/browse-safely/")
    assert response.status_code == 200
    assert not queries.captured_queries, [query["sql"] for query in queries.captured_queries]
    html = response.content.decode()
    assert 'href="tel:111"' in html
    assert 'href="/kk/about/"' in html.split('class="main-nav"', 1)[1]


def test_a_published_page_joins_the_menu_at_once(client, home_tree):
    from tests.factories import StandardPageFactory

    assert "/kk/new-page/" not in main_menu(client, "/kk/")
    page = StandardPageFactory(parent=home_tree["home"]["kk"], slug="new-page", title="Жаңа бет", live=False)
    page.save_revision().publish()
    assert 'href="/kk/new-page/"' in main_menu(client, "/kk/")


def test_an_unpublished_page_leaves_the_menu_at_once(client, home_tree):
    assert 'href="/kk/about/"' in main_menu(client, "/kk/")
    home_tree["page"]["kk"].unpublish()
    assert 'href="/kk/about/"' not in main_menu(client, "/kk/")


def test_a_restricted_page_leaves_the_menu_at_once(client, home_tree):
    from wagtail.models import PageViewRestriction

    assert 'href="/ru/about/"' in main_menu(client, "/ru/")
    PageViewRestriction.objects.create(page=home_tree["page"]["ru"], restriction_type=PageViewRestriction.LOGIN)
    assert 'href="/ru/about/"' not in main_menu(client, "/ru/")


def test_saved_helpline_settings_show_on_the_next_page(client, home_tree):
    from wagtail.models import Site

    from cms.home.models import HelplineSettings

    assert 'href="sms:' not in client.get("/ru/").content.decode()
    settings = HelplineSettings.for_site(Site.objects.get())
    settings.helpline_sms = "1111"
    settings.save()
    assert 'href="sms:1111"' in client.get("/ru/").content.decode()


def test_the_cached_header_keeps_each_page_s_language_links_and_search_query(client, home_tree):
    """The header is cached in fragments; the language links and the site search's query sit
    between them and follow each request."""

    def header(url: str) -> str:
        return client.get(url).content.decode().split("<header", 1)[1].split("</header>", 1)[0]

    first = header("/kk/search/?q=алма")
    assert 'href="/ru/search/?q=' in first and 'value="алма"' in first
    second = header("/kk/browse-safely/")
    assert 'href="/ru/browse-safely/"' in second
    assert 'href="/ru/search/' not in second and 'value=""' in second
    assert 'href="/kk/about/"' in second.split('class="main-nav"', 1)[1]


def test_a_change_starts_another_generation_when_it_is_committed(home_tree, django_capture_on_commit_callbacks):
    """A page rendered between the signal and the commit read the old rows, and may have cached
    them under the generation the signal started: the commit starts another."""
    from cms.home import selectors

    page = home_tree["page"]["kk"]
    with django_capture_on_commit_callbacks() as callbacks:
        page.unpublish()
        during = selectors._generation()
    assert selectors.forget_chrome in callbacks
    for callback in callbacks:
        callback()
    assert selectors._generation() != during


def test_language_links_are_kept_apart_from_the_menu_in_the_process(client, home_tree):
    """One entry per page visited: in the chrome's own memo they would empty it, menu and all."""
    from cms.home import selectors

    client.get(home_tree["page"]["kk"].url)
    assert any(":languages:" in key for key in selectors._local_links._entries)
    assert not any(":languages:" in key for key in selectors._local._entries)
    assert any(":menu:" in key for key in selectors._local._entries)
