import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import caches
from wagtail.models import Page, Site

from cms.home.demo import locales, upsert_translation
from tests.factories import PASSWORD, HomePageFactory, StandardPageFactory, SuperUserFactory, backup_code_for

LANGUAGES = ("kk", "ru", "en")


@pytest.fixture(autouse=True)
def _clear_cache():
    for alias in ("default", "counters"):
        caches[alias].clear()
    yield
    for alias in ("default", "counters"):
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _fresh_rate_limits(monkeypatch):
    """Each test starts with no uses counted in the process and Redis not marked as down, so a limit
    reached (or an outage seen) by one test never decides another."""
    from cms.home import rate_limit

    monkeypatch.setattr(rate_limit, "_local", rate_limit.LocalWindows())
    monkeypatch.setattr(rate_limit, "_retry_at", 0.0)


def ensure_wagtail_roots() -> None:
    """The root page and root collection that Wagtail's migrations create.

    Transactional tests (the browser tests) flush every table, migration data included.
    """
    from wagtail.models import Collection, Locale

    locale = Locale.objects.get_or_create(language_code="kk")[0]
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


@pytest.fixture
def home_tree(db):
    """A site whose home page exists in kk, ru and en, with one standard page translated.

    Returns a dict: home[code] and page[code] for each language.
    """
    ensure_wagtail_roots()
    Page.objects.filter(depth=2).delete()
    found = locales()
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="home", title="Басты бет", locale=found["kk"])
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="Test")
    page = StandardPageFactory(parent=home, slug="about", title="Бағдарлама туралы", locale=found["kk"])
    tree = {"home": {"kk": home}, "page": {"kk": page}}
    for code, home_title, page_title in (("ru", "Главная", "О программе"), ("en", "Home", "About")):
        tree["home"][code] = upsert_translation(home, code, title=home_title)
        tree["page"][code] = upsert_translation(page, code, title=page_title)
    return tree


@pytest.fixture
def verified_client(client, db):
    """A client signed in as a superuser who passed two-factor verification with a backup code."""
    user = SuperUserFactory()
    code = backup_code_for(user)
    response = client.post("/en/accounts/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    response = client.post("/en/accounts/verify/", {"token": code})
    assert response.status_code == 302
    client.user = user
    return client


class PurgeRecorder(BaseHTTPRequestHandler):
    """Stands in for nginx's purge endpoint: records each PURGE, answers 404 for /missing/."""

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.server.purged.append((self.path, self.headers["Host"]))
        self.send_response(404 if self.path.endswith("/missing/") else 200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "cms.home.frontend_cache.NginxPurgeBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield server
    server.shutdown()
    server.server_close()
