import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ("kk", "ru", "en")


def test_quick_exit_button_replaces_the_page_in_history(page, site_url):
    page.goto(f"{site_url}/en/")
    page.goto(f"{site_url}/en/about/")
    length = page.evaluate("history.length")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hasAttribute('data-quick-exit')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site_url}/healthz?neutral")
    assert page.evaluate("history.length") == length
    page.go_back()
    page.wait_for_url(f"{site_url}/en/")


def test_three_shift_presses_leave_the_site_and_replace_history(page, site_url):
    page.goto(f"{site_url}/ru/")
    page.goto(f"{site_url}/ru/about/")
    length = page.evaluate("history.length")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(f"{site_url}/healthz?neutral")
    assert page.evaluate("history.length") == length


def test_two_shift_presses_do_not_leave(page, site_url):
    page.goto(f"{site_url}/kk/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url == f"{site_url}/kk/"


def test_language_switcher_keeps_the_page(page, site_url):
    page.goto(f"{site_url}/kk/about/")
    page.get_by_role("navigation", name="Тіл").get_by_role("link", name="Русский").click()
    page.wait_for_url(f"{site_url}/ru/about/")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.get_by_role("navigation", name="Язык").get_by_role("link", name="English").click()
    page.wait_for_url(f"{site_url}/en/about/")


def test_root_redirects_to_the_browser_language(page, site_url):
    page.goto(f"{site_url}/")
    assert page.url == f"{site_url}/en/"


def test_skip_link_is_second_and_moves_to_main(page, site_url):
    page.goto(f"{site_url}/en/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_pages_work_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/en/")
    assert page.get_by_role("link", name=re.compile("111")).first.is_visible()
    page.get_by_role("searchbox", name="Search the site").fill("About")
    page.get_by_role("searchbox", name="Search the site").press("Enter")
    page.wait_for_url(re.compile(r"/en/search/\?q=About"))
    assert page.get_by_role("link", name="About").first.is_visible()
    context.close()


@pytest.mark.parametrize("code", LANGUAGES)
def test_home_standard_and_search_pages_have_no_accessibility_violations(axe_page, site_url, assert_accessible, code):
    for path in (f"/{code}/", f"/{code}/about/", f"/{code}/search/?q=a", f"/{code}/browse-safely/"):
        axe_page.goto(f"{site_url}{path}")
        assert_accessible(axe_page)
        assert not axe_page.console_errors, axe_page.console_errors


def test_home_page_weighs_under_100_kb(page, site_url):
    sizes = []
    page.on("response", lambda response: sizes.append(len(response.body())))
    page.goto(f"{site_url}/kk/", wait_until="networkidle")
    total = sum(sizes)
    print(f"home page transferred {total} bytes in {len(sizes)} responses")
    assert total < 100 * 1024
