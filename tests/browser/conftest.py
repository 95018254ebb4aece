"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

Fixtures:
- ``browser``: one headless Chromium for the session (never a browser downloaded by Playwright).
- ``page``: a fresh context and page per test. Every request to a host other than the live
  server is blocked and recorded; the test fails at teardown if any was attempted.
- ``axe_page``: the same, with axe-core (from node_modules, the npm package) injected into every
  document through the DevTools protocol, which the page's CSP does not apply to.
- ``assert_accessible(page)``: runs axe-core for WCAG 2.0/2.1/2.2 A and AA, fails listing violations.
- ``site_url``: the live server's base URL, with the ``home_tree`` content and the quick exit pointed
  at a local neutral page.

Mark browser test modules with ``pytestmark = pytest.mark.django_db(transaction=True)``: the live
server runs in another thread, so data must be committed. Transactional tests flush every table,
so fixtures recreate what migrations made (``ensure_wagtail_roots`` in tests/conftest.py).
"""

import json
import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make test` (it installs it) or apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


class NetworkGuard:
    """Blocks and records every request that would leave this machine."""

    def __init__(self):
        self.blocked: list[str] = []

    def __call__(self, route):
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


def _new_page(browser, *, axe: bool):
    context = browser.new_context(locale="en-GB", service_workers="allow")
    guard = NetworkGuard()
    context.route("**/*", guard)
    if axe:
        context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.set_default_timeout(10_000)
    return context, page, guard


@pytest.fixture
def page(browser):
    context, page, guard = _new_page(browser, axe=False)
    yield page
    context.close()
    assert not guard.blocked, f"requests tried to leave 127.0.0.1: {guard.blocked}"


@pytest.fixture
def axe_page(browser):
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `make test` (it runs npm ci)")
    context, page, guard = _new_page(browser, axe=True)
    yield page
    context.close()
    assert not guard.blocked, f"requests tried to leave 127.0.0.1: {guard.blocked}"


def accessibility_violations(page) -> list[dict]:
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]


@pytest.fixture
def assert_accessible():
    def check(page):
        # After a click the page's elements may be there before its stylesheets: axe would then
        # judge the unstyled page (targets too small, contrast), as CI once did under load.
        page.wait_for_load_state("load")
        violations = accessibility_violations(page)
        assert not violations, f"{page.url}: {json.dumps(violations, ensure_ascii=False, indent=1)}"

    return check


@pytest.fixture
def site_url(live_server, home_tree):
    from wagtail.models import Site

    from cms.home.models import HelplineSettings

    settings = HelplineSettings.for_site(Site.objects.get(is_default_site=True))
    settings.quick_exit_url = f"{live_server.url}/healthz?neutral"
    settings.save()
    return live_server.url
