"""The embeddable help widget in a real browser: accessible, and framable by another origin."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import import_module

import pytest
from django.apps import apps

from tests.directory.outreach_factories import make_service

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def services(db):
    # Another transactional test may have flushed the tables the data migration filled.
    import_module("directory.migrations.0002_regions_and_kinds_of_help").load(apps, None)
    make_service(name="111 желісі", phone="111", pinned=True, nationwide=True, regions=())
    make_service(name="Алматы жасөспірімдер орталығы (демо)", phone="+7 000 000 11 22", regions=("KZ-75",))
    make_service(name="Ұлттық сенім телефоны (демо)", phone="+7 000 000 01 50", nationwide=True, regions=())


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_widget_has_no_accessibility_violations(axe_page, site_url, services, assert_accessible, language):
    axe_page.goto(f"{site_url}/{language}/help/widget/?region=KZ-75")
    assert axe_page.locator("a[href='tel:111']").is_visible()
    assert_accessible(axe_page)
    assert not axe_page.console_errors


@pytest.fixture
def embedder():
    """Another website: a tiny server on its own port (another origin) serving a page that frames
    the given path. A real local server, because Chromium refuses local-network frames inside a
    page that Playwright fulfilled itself."""
    pages: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def embed(page, url: str) -> None:
        pages["/school-site.html"] = f'<!DOCTYPE html><title>School</title><iframe src="{url}" title="Help"></iframe>'
        page.goto(f"http://127.0.0.1:{server.server_port}/school-site.html")

    yield embed
    server.shutdown()


def test_another_website_can_frame_the_widget(page, site_url, services, embedder):
    embedder(page, f"{site_url}/kk/help/widget/?region=KZ-75")
    frame = page.frame_locator("iframe")
    frame.locator("a[href='tel:111']").wait_for()
    assert frame.locator("text=Алматы жасөспірімдер орталығы (демо)").is_visible()


def test_another_website_cannot_frame_the_help_pages(page, site_url, services, embedder):
    embedder(page, f"{site_url}/kk/")
    page.wait_for_timeout(1000)
    assert page.frames[1].url.startswith("chrome-error://"), "the browser refused to show the page in a frame"
    assert page.frames[1].locator("a[href='tel:111']").count() == 0


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_coordinators_scan_report_has_no_accessibility_violations(
    axe_page, site_url, services, assert_accessible, language
):
    from cms.accounts.models import Role
    from tests.directory.outreach_factories import PlacementFactory, scans, today
    from tests.factories import PASSWORD, UserFactory, backup_code_for

    scans(PlacementFactory(name="№25 мектеп-гимназия (демо)"), (today(), 12))
    user = UserFactory(role=Role.COORDINATOR, region="KZ-75")
    code = backup_code_for(user)
    axe_page.goto(f"{site_url}/{language}/staff/placements/")
    axe_page.fill("input[name=email]", user.email)
    axe_page.fill("input[name=password]", PASSWORD)
    axe_page.locator("form.form button[type=submit]").click()
    axe_page.fill("input[name=token]", code)
    axe_page.locator("form.form button[type=submit]").click()
    axe_page.wait_for_url(f"{site_url}/{language}/staff/placements/")
    assert axe_page.get_by_role("rowheader", name="№25 мектеп-гимназия (демо)").is_visible()
    assert_accessible(axe_page)
