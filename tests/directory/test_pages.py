import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.services import HoursData, PhoneData

from .factories import WORKDAYS, location, make_service

pytestmark = pytest.mark.django_db

LANGUAGES = ("kk", "ru", "en")
HELPLINE_NAME = {"kk": "111 — көмек желісі", "ru": "111 — линия помощи", "en": "111 — help line"}


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_page_lists_services_with_111_first(client, home_tree, helpline, language):
    make_service(names={"kk": "Аааа демо"})
    html = html_of(client.get(f"/{language}/help/"))
    assert html.index(HELPLINE_NAME[language]) < html.index("Аааа демо")
    assert 'href="tel:111"' in html


def test_111_is_pinned_first_on_every_result_page(client, home_tree, helpline):
    for number in range(22):
        make_service(names={"kk": f"Қызмет {number:02d}"})
    first = html_of(client.get("/kk/help/"))
    second = html_of(client.get("/kk/help/?page=2"))
    assert "Қызмет 21" not in first and "Қызмет 21" in second
    for html in (first, second):
        assert html.index(HELPLINE_NAME["kk"]) < html.index("Қызмет ")
    # The pinned line is not counted twice among the results.
    assert "22" in re.search(r'<h2 id="results-heading">([^<]+)</h2>', first).group(1)


def test_nothing_found_says_so_and_still_offers_111(client, home_tree, helpline):
    make_service(names={"kk": "Заң кеңесі"})
    html = html_of(client.get("/en/help/?q=zebra"))
    assert "No services found" in html
    assert "Nothing matches this search" in html
    assert HELPLINE_NAME["en"] in html
    assert html.count('href="tel:111"') >= 3  # the site bar, the pinned card and the empty state


def test_nothing_found_offers_111_from_settings_when_no_service_is_pinned(client, home_tree):
    html = html_of(client.get("/ru/help/?q=zebra"))
    assert "Ничего не найдено" in html
    assert html.count('href="tel:111"') >= 3


def test_search_and_filters_come_from_the_query_string(client, home_tree, helpline):
    make_service(names={"kk": "Заң кеңесі"}, kinds=["legal"])
    make_service(names={"kk": "Психолог"}, kinds=["psychological"])
    html = html_of(client.get("/kk/help/?kind=legal"))
    assert "Заң кеңесі" in html and "Психолог</a>" not in html
    html = html_of(client.get("/kk/help/?q=psiholog"))
    assert "Психолог" in html and "Заң кеңесі" not in html


def test_bad_filter_values_show_an_error_next_to_the_field_and_are_ignored(client, home_tree, helpline):
    make_service(names={"kk": "Қызмет"})
    html = html_of(client.get("/en/help/?age=old&region=KZ-00&page=zzz"))
    assert "Enter a whole number." in html
    assert "Select a valid choice." in html
    assert "Қызмет" in html


def test_public_directory_pages_set_no_cookies(client, home_tree, helpline):
    service = make_service(names={"kk": "Қызмет"})
    urls = ("/kk/help/", "/ru/help/?q=помощь&free=on", "/en/help/region/almaty/", service.get_absolute_url())
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "csrfmiddlewaretoken" not in response.content.decode()


def test_pages_have_no_inline_scripts_or_styles(client, home_tree, helpline):
    html = html_of(client.get("/kk/help/"))
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and " style=" not in html


def help_page_queries(client, url="/ru/help/?free=on&q=демо", *, cached=True) -> int:
    client.get(url)  # fills the site and settings caches, the reference lists and the cards
    if not cached:
        cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def make_results(count, start=0):
    for number in range(start, start + count):
        make_service(
            names={"kk": f"Демо {number}"}, location=location(), kinds=["psychological", "legal"],
            phones=[PhoneData(kind="voice", number="+7 000 000 0001"), PhoneData(kind="sms", number="+7 000 000 0002")],
        )


@pytest.mark.parametrize("url", ["/ru/help/?free=on&q=демо", "/ru/help/?free=on&open_now=on&language=ru", "/kk/help/"])
def test_help_page_query_count_does_not_grow_with_results(client, home_tree, helpline, url, monkeypatch):
    from directory import selectors

    # A weekday noon, when the services are open (an empty page would need one query less).
    monkeypatch.setattr(selectors, "almaty_now", lambda: dt.datetime(2026, 11, 25, 12, 0, tzinfo=selectors.ALMATY))
    make_results(1)
    few = (help_page_queries(client, url), help_page_queries(client, url, cached=False))
    make_results(24, start=1)
    many = (help_page_queries(client, url), help_page_queries(client, url, cached=False))
    assert many == few
    # Warm: the page's keys with the capped count, and their rows with the pinned ones (the site
    # chrome is cached too). Empty cache: also the two reference lists, the cards' services with
    # their six kinds of details, and the chrome's own queries. On PostgreSQL a text search also
    # reads the words its typed prefixes begin (selectors._expansions).
    expanding = int(connection.vendor == "postgresql" and "q=" in url)
    assert many == (2 + expanding, 17 + expanding)


def test_region_page_query_count_is_fixed(client, home_tree, helpline, django_assert_max_num_queries):
    for number in range(12):
        make_service(names={"kk": f"Демо {number}"}, location=location())
    # The very first request also creates the helpline settings and fills every cache.
    with django_assert_max_num_queries(21):
        assert client.get("/kk/help/region/almaty/").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/kk/help/region/almaty/").status_code == 200


def test_text_results_come_in_search_index_order_and_page_without_repeats(client, home_tree, helpline):
    # Created (and so indexed) from "Я" back to "А": the index order is not the alphabetical one.
    names = [f"{letter} кеңес орталығы" for letter in "ЯЮЭЫШЧЦХФУТСРПОНМЛКЙИЗЖЕДГВБА"[:25]]
    for name in names:
        make_service(names={"kk": name})
    first = html_of(client.get("/kk/help/?q=kenes"))
    second = html_of(client.get("/kk/help/?q=kenes&page=2"))
    listed = re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', first.split("data-service-list")[1])
    listed += re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', second.split("data-service-list")[1])
    assert listed == names
    # Without a text query the list is alphabetical.
    plain = html_of(client.get("/kk/help/")).split("data-service-list")[1]
    assert re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', plain) == sorted(names)[:20]


@pytest.mark.parametrize("head_limit", [400, 0])  # keys read with the count, or counted apart (deep pages)
def test_a_long_list_is_counted_a_few_pages_ahead_and_still_pages_on(
    client, home_tree, helpline, monkeypatch, head_limit
):
    from directory import views

    monkeypatch.setattr(views, "COUNTED_PAGES", 1)  # count one page (20) ahead instead of five
    monkeypatch.setattr(views, "HEAD_LIMIT", head_limit)
    make_results(22)
    first = html_of(client.get("/kk/help/"))
    heading = re.search(r'<h2 id="results-heading">([^<]+)</h2>', first).group(1)
    assert "20" in heading and "22" not in heading
    assert 'rel="next"' in first
    second = html_of(client.get("/kk/help/?page=2"))
    assert "22" in re.search(r'<h2 id="results-heading">([^<]+)</h2>', second).group(1)
    assert len(re.findall(r'<h3><a href="/kk/help/service/', second.split("data-service-list")[1])) == 2


def test_the_search_form_keeps_what_was_asked_with_labelled_fields(client, home_tree, helpline):
    html = html_of(client.get("/en/help/?q=psiholog&region=KZ-75&kind=legal&age=12&language=ru&free=on&anonymous=on"))
    start = html.index('<form method="get" action="/en/help/"')
    form = html[start:html.index("</form>", start)]
    assert 'type="search" name="q" value="psiholog"' in form
    assert '<option value="KZ-75" selected>' in form
    assert '<option value="legal" selected>' in form
    assert '<option value="ru" selected>' in form
    assert 'name="age" value="12"' in form
    assert 'name="free" id="id_free" checked' in form and 'name="anonymous" id="id_anonymous" checked' in form
    assert 'name="open_now" id="id_open_now">' in form
    for field in ("q", "region", "kind", "age", "language", "open_now", "open_24_7", "free", "anonymous"):
        assert f'<label for="id_{field}">' in form and f'id="id_{field}"' in form


def test_region_page_shows_its_services_and_nationwide_ones(client, home_tree, helpline):
    make_service(names={"kk": "Алматыдағы"}, region_codes=["KZ-75"])
    make_service(names={"kk": "Астанадағы"}, region_codes=["KZ-71"])
    html = html_of(client.get("/ru/help/region/almaty/"))
    assert "<h1>Помощь: Алматы</h1>" in html or "Алматы</h1>" in html
    assert "Алматыдағы" in html and "Астанадағы" not in html
    assert HELPLINE_NAME["ru"] in html


def test_unknown_region_and_service_are_404(client, home_tree):
    assert client.get("/kk/help/region/atlantis/").status_code == 404
    assert client.get("/kk/help/service/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_service_page_shows_contacts_hours_address_languages_age_and_last_verified(client, home_tree, helpline):
    service = make_service(
        locales=("kk", "en"),
        names={"kk": "Жасөспірімдер орталығы", "en": "Teen centre"},
        minimum_age=12, maximum_age=18, anonymous=True,
        languages=["kk", "ru"],
        phones=[
            PhoneData(kind="voice", number="+7 000 000 0101", free_of_charge=True),
            PhoneData(kind="sms", number="+7 000 000 0102"),
            PhoneData(kind="messenger", messenger="telegram", link="https://t.me/demo_invalid"),
        ],
        hours=[HoursData(byday=day, opens_at=dt.time(9), closes_at=dt.time(18)) for day in WORKDAYS],
        location=location(address_1="Demo Street 5", city="Almaty"),
        assured_date=dt.date(2026, 3, 4),
    )
    html = html_of(client.get(f"/en/help/service/{service.translation_key}/"))
    assert "<h1>Teen centre</h1>" in html
    assert 'href="tel:+70000000101"' in html
    assert 'href="sms:+70000000102"' in html
    assert 'href="https://t.me/demo_invalid"' in html
    assert "Demo Street 5, Almaty" in html
    assert "Kazakh, Russian" in html
    assert "Ages 12–18" in html
    assert "Anonymous" in html
    assert "09:00–18:00" in html and "Sunday" in html
    assert "Open now" in html or "Closed now" in html
    assert 'datetime="2026-03-04"' in html
    assert HELPLINE_NAME["en"] in html  # 111 offered on every directory page


def test_service_page_falls_back_to_kazakh_and_says_so(client, home_tree):
    service = make_service(names={"kk": "Тек қазақша"})
    html = html_of(client.get(f"/ru/help/service/{service.translation_key}/"))
    assert "Тек қазақша" in html
    assert 'lang="kk"' in html


def test_service_worker_is_javascript_scoped_to_the_help_pages(client, home_tree):
    response = client.get("/ru/help/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert '"/ru/help/"' in body
    assert "caches.open" in body
    html = html_of(client.get("/ru/help/"))
    assert 'data-sw="/ru/help/sw.js"' in html


def test_help_page_stays_small(client, home_tree, helpline):
    for number in range(20):
        make_service(names={"kk": f"Қызмет {number}"}, location=location())
    html = html_of(client.get("/kk/help/"))
    assert len(html.encode()) < 80_000
    assert "https://" not in re.sub(r'href="https://[^"]*"', "", html)  # nothing loaded from another host


def region_links_of(html: str) -> str:
    return re.search(r'<nav class="region-links".*?</nav>', html, re.S).group(0)


def test_the_region_links_mark_only_the_page_s_own_region(client, home_tree, helpline):
    assert "aria-current" not in region_links_of(html_of(client.get("/ru/help/")))
    links = region_links_of(html_of(client.get("/ru/help/region/almaty/")))
    assert links.count('aria-current="page"') == 1
    assert re.search(r'<a href="/ru/help/region/almaty/" aria-current="page">[^<]+</a>', links)


def test_the_option_and_region_lists_follow_a_renamed_region_and_escape_its_name(
    client, home_tree, helpline, django_capture_on_commit_callbacks
):
    from directory.models import Region

    before = html_of(client.get("/en/help/?region=KZ-75"))
    assert "Fish &amp; <Chips>" not in before
    region = Region.objects.get(locale__language_code="en", code="KZ-75")
    region.name = "Fish & <Chips>"
    with django_capture_on_commit_callbacks(execute=True):
        region.save()
    html = html_of(client.get("/en/help/?region=KZ-75&n=1"))
    assert '<option value="KZ-75" selected>Fish &amp; &lt;Chips&gt;</option>' in html
    assert ">Fish &amp; &lt;Chips&gt;</a></li>" in region_links_of(html)
    assert "<Chips>" not in html
    # The other language's lists are their own.
    assert "Chips" not in html_of(client.get("/ru/help/?region=KZ-75"))
