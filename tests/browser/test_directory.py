import re
from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from tests.directory.factories import location, make_helpline, make_service

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LANGUAGES = ("kk", "ru", "en")


@pytest.fixture
def directory(site_url):
    # A transactional test may start after another one flushed the tables; the regions and kinds
    # of help come from a data migration, so load them again (the loader is idempotent).
    import_module("directory.migrations.0002_regions_and_kinds_of_help").load(apps, None)
    helpline = make_helpline()
    psych = make_service(
        locales=LANGUAGES,
        names={
            "kk": "Жасөспірімдер психологы (демо)",
            "ru": "Психолог для подростков (демо)",
            "en": "Teen psychologist (demo)",
        },
        kinds=["psychological"], minimum_age=10, maximum_age=18, is_free=True, anonymous=True,
        location=location(),
    )
    legal = make_service(
        locales=LANGUAGES,
        names={"kk": "Заң кеңесі (демо)", "ru": "Юридическая консультация (демо)", "en": "Legal advice (demo)"},
        kinds=["legal"], is_free=False, location=location(latitude=None, longitude=None),
    )
    return {"url": site_url, "helpline": helpline, "psych": psych, "legal": legal}


def test_search_and_filters_work_by_keyboard(page, directory):
    page.goto(f"{directory['url']}/en/help/")
    page.get_by_label("What do you need help with?").focus()
    page.keyboard.type("psix")  # Kazakh/Russian "психолог" typed in Latin letters, in part
    page.keyboard.press("Tab")  # region
    page.keyboard.press("Tab")  # kind of help
    assert page.evaluate("document.activeElement.name") == "kind"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # helpline, then psychological
    assert page.get_by_label("Kind of help").input_value() == "psychological"
    page.keyboard.press("Tab")
    page.keyboard.type("12")
    for _field in range(4):  # language, open now, open 24/7, free
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "free"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # anonymous
    page.keyboard.press("Tab")  # submit
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/help/?*")
    assert "kind=psychological" in page.url and "free=on" in page.url and "age=12" in page.url
    results = page.locator("[data-service-list]")
    assert "Teen psychologist (demo)" in results.inner_text()
    assert "Legal advice (demo)" not in results.inner_text()
    # The 111 line stays first, above the results.
    first_card = page.locator(".service-card").first
    assert "111" in first_card.inner_text()


def test_nothing_found_still_offers_111(page, directory):
    page.goto(f"{directory['url']}/ru/help/?q=зебра")
    assert page.get_by_role("heading", name="Ничего не найдено").is_visible()
    assert page.locator(".directory-empty a[href='tel:111']").is_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_directory_pages_are_accessible(axe_page, directory, assert_accessible, language):
    base = directory["url"]
    for path in (
        f"/{language}/help/",
        f"/{language}/help/?q=zzzz",
        f"/{language}/help/region/almaty/",
        f"/{language}/help/service/{directory['psych'].translation_key}/",
    ):
        axe_page.goto(base + path)
        assert_accessible(axe_page)


CONTROLLED_WITHIN_10_S = """() => navigator.serviceWorker.controller !== null || new Promise(resolve => {
    navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true));
    setTimeout(() => resolve(navigator.serviceWorker.controller !== null), 10000);
})"""


def test_help_page_works_offline_after_one_visit(page, directory):
    base = directory["url"]
    page.goto(f"{base}/kk/help/")
    # Waits until the worker is active (evaluate awaits the promise); it controls the page only
    # from the next load on.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    # Not wait_for_function: its polling evaluates a string, which the page's CSP forbids.
    assert page.evaluate(CONTROLLED_WITHIN_10_S), "the service worker does not control the reloaded page"
    page.context.set_offline(True)
    try:
        page.goto(f"{base}/kk/help/")
        assert page.locator("h1").inner_text() == "Көмек табу"
        assert page.locator("a[href='tel:111']").first.is_visible()
        # A search cannot reach the server: the saved help page is shown instead of an error.
        page.goto(f"{base}/kk/help/?q=psiholog")
        assert page.locator("h1").inner_text() == "Көмек табу"
    finally:
        page.context.set_offline(False)


def test_near_me_sorts_only_after_permission_and_sends_nothing(browser, directory):
    context = browser.new_context(
        locale="en-GB", geolocation={"latitude": 43.25, "longitude": 76.9}, permissions=["geolocation"]
    )
    sent = []
    context.on("request", lambda request: sent.append(f"{request.url} {request.post_data or ''}"))
    page = context.new_page()
    try:
        page.goto(f"{directory['url']}/en/help/")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        button = page.get_by_role("button", name="Sort by distance from me")
        assert button.is_visible()
        before = len(sent)
        button.click()
        # Not wait_for_function: its polling evaluates a string, which the page's CSP forbids.
        expect(page.locator("[data-near-me-status]")).to_have_text(re.compile(r"\S"))
        page.wait_for_timeout(300)
        # The position never leaves the browser: nothing sent after the click carries it.
        assert not [line for line in sent[before:] if "43.25" in line or "76.9" in line or "lat" in line]
        first = page.locator("[data-service-list] > li").first
        assert first.get_attribute("data-lat") is not None
    finally:
        context.close()
