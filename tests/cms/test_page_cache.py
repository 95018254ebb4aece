"""Page caching for anonymous visitors: which responses a shared cache may keep, and purging."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.cache import get_max_age
from wagtail.models import Page, PageViewRestriction

from cms.home.page_cache import is_shareable
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_published_page_is_shared_for_anonymous_visitors(client, home_tree, settings):
    response = client.get("/kk/about/")
    assert response.status_code == 200
    assert {"public", f"s-maxage={settings.PAGE_CACHE_SECONDS}", "max-age=0"} <= directives(response)
    assert not response.cookies


def test_page_seen_by_a_signed_in_visitor_is_private(client, home_tree):
    client.force_login(UserFactory())
    response = client.get("/kk/about/")
    assert response.status_code == 200
    assert "private" in directives(response)
    assert "public" not in directives(response)


def test_visitor_with_a_csrf_cookie_gets_no_shared_copy(client, home_tree):
    client.cookies["csrftoken"] = "x" * 32
    response = client.get("/kk/about/")
    assert "public" not in directives(response)
    assert "private" in directives(response)


def test_login_restricted_page_is_never_cached(client, home_tree):
    page = home_tree["page"]["en"]
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    anonymous = client.get(page.url)
    assert anonymous.status_code == 302
    assert {"private", "no-store"} <= directives(anonymous)
    client.force_login(UserFactory())
    signed_in = client.get(page.url)
    assert signed_in.status_code == 200
    assert {"private", "no-store"} <= directives(signed_in)
    assert "public" not in directives(signed_in)


def test_preview_is_private(home_tree):
    page = home_tree["page"]["en"]
    response = page.make_preview_request()
    assert response.status_code == 200
    assert "private" in directives(response)
    assert "public" not in directives(response)


def test_sign_in_form_with_its_csrf_cookie_is_never_shared(client, home_tree):
    response = client.get("/en/accounts/login/")
    assert response.cookies  # the CSRF cookie
    assert "public" not in directives(response)
    assert "no-store" in directives(response)


def test_a_page_that_sets_a_cookie_is_not_shared():
    request = RequestFactory().get("/kk/")
    request.shared_cache_seconds = 60
    response = HttpResponse("x")
    assert is_shareable(request, response)
    response.set_cookie("anything", "1")
    assert not is_shareable(request, response)


def test_a_response_varying_on_language_is_not_shared():
    request = RequestFactory().get("/")
    request.shared_cache_seconds = 60
    response = HttpResponse("x")
    response["Vary"] = "Accept-Language, Cookie"
    assert not is_shareable(request, response)


def test_views_that_did_not_ask_are_not_shared(client, home_tree):
    response = client.get("/en/browse-safely/")
    assert response.status_code == 200
    assert "public" not in directives(response)


def test_directory_pages_are_shared_briefly(client, home_tree, helpline):
    response = client.get("/en/help/")
    assert "public" in directives(response)
    assert 0 < int(next(d for d in directives(response) if d.startswith("s-maxage=")).split("=")[1]) <= 60
    assert get_max_age(response) == 0  # browsers ask again; only the front cache keeps it


@pytest.fixture
def helpline(db):
    from tests.directory.factories import make_helpline

    return make_helpline()


def test_publishing_a_page_purges_its_url(home_tree, purge_server, django_capture_on_commit_callbacks):
    page = home_tree["page"]["ru"]
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert ("/ru/about/", "testserver") in purge_server.purged
    # Each translation is purged when it is published itself, not with this one.
    assert not any(path.startswith(("/kk/", "/en/")) for path, _host in purge_server.purged)


def test_unpublishing_a_page_purges_its_url(home_tree, purge_server, django_capture_on_commit_callbacks):
    page = Page.objects.get(pk=home_tree["page"]["en"].pk).specific
    assert page.live
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert ("/en/about/", "testserver") in purge_server.purged


def _purged(purge_server) -> set[str]:
    return {path for path, _host in purge_server.purged}


def test_deleting_a_live_page_purges_it_and_its_subpages(home_tree, purge_server, django_capture_on_commit_callbacks):
    from tests.factories import StandardPageFactory

    page = home_tree["page"]["en"]
    StandardPageFactory(parent=page, slug="team", title="Team", locale=page.locale)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=page.pk).delete()
    assert {"/en/about/", "/en/about/team/"} <= _purged(purge_server)


def test_restricting_a_page_purges_its_public_copy_and_its_subpages(
    home_tree, purge_server, django_capture_on_commit_callbacks
):
    from tests.factories import StandardPageFactory

    page = home_tree["page"]["en"]
    StandardPageFactory(parent=page, slug="team", title="Team", locale=page.locale)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert {"/en/about/", "/en/about/team/"} <= _purged(purge_server)


def test_moving_a_page_purges_its_old_urls(home_tree, purge_server, django_capture_on_commit_callbacks):
    from wagtail.actions.move_page import MovePageAction

    from tests.factories import StandardPageFactory

    about = home_tree["page"]["en"]
    team = StandardPageFactory(parent=about, slug="team", title="Team", locale=about.locale)
    StandardPageFactory(parent=team, slug="lead", title="Lead", locale=about.locale)
    with django_capture_on_commit_callbacks(execute=True):
        home = Page.objects.get(pk=home_tree["home"]["en"].pk)  # fresh: the tree's child count changed
        MovePageAction(Page.objects.get(pk=team.pk), target=home, pos="last-child").execute()
    assert {"/en/about/team/", "/en/about/team/lead/"} <= _purged(purge_server)


def test_publishing_a_subpage_purges_the_pages_that_list_it(
    home_tree, purge_server, django_capture_on_commit_callbacks
):
    from tests.factories import StandardPageFactory

    about = home_tree["page"]["en"]
    team = StandardPageFactory(parent=about, slug="team", title="Team", locale=about.locale)
    lead = StandardPageFactory(parent=team, slug="lead", title="Lead", locale=about.locale)
    StandardPageFactory(parent=about, slug="history", title="History", locale=about.locale)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=lead.pk).specific.save_revision().publish()
    purged = _purged(purge_server)
    # Its own URL and its ancestors' (an index lists its children, a course its lessons), nothing else.
    assert {"/en/about/team/lead/", "/en/about/team/", "/en/about/", "/en/"} <= purged
    assert "/en/about/history/" not in purged
    assert not any(path.startswith(("/kk/", "/ru/")) for path in purged)


def test_unpublishing_a_subpage_purges_the_pages_that_listed_it(
    home_tree, purge_server, django_capture_on_commit_callbacks
):
    from tests.factories import StandardPageFactory

    about = home_tree["page"]["ru"]
    team = StandardPageFactory(parent=about, slug="team", title="Команда", locale=about.locale)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=team.pk).specific.unpublish()
    assert {"/ru/about/team/", "/ru/about/", "/ru/"} <= _purged(purge_server)


def test_publishing_a_section_purges_every_page_of_its_language(
    home_tree, purge_server, django_capture_on_commit_callbacks
):
    """A section of the home page may be in the main menu, which every page of its language shows."""
    from tests.factories import StandardPageFactory

    about = home_tree["page"]["en"]
    team = StandardPageFactory(parent=about, slug="team", title="Team", locale=about.locale)
    other = StandardPageFactory(parent=home_tree["home"]["en"], slug="contacts", title="Contacts", locale=about.locale)
    StandardPageFactory(parent=team, slug="draft", title="Draft", locale=about.locale, live=False)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=other.pk).specific.save_revision().publish()
    purged = _purged(purge_server)
    assert {"/en/", "/en/about/", "/en/about/team/", "/en/contacts/"} <= purged
    assert "/en/about/team/draft/" not in purged  # not live: nothing of it can be cached
    assert not any(path.startswith(("/kk/", "/ru/")) for path in purged)


def test_moving_a_page_purges_the_pages_that_list_it_before_and_after(
    home_tree, purge_server, django_capture_on_commit_callbacks
):
    from wagtail.actions.move_page import MovePageAction

    from tests.factories import StandardPageFactory

    about = home_tree["page"]["en"]
    team = StandardPageFactory(parent=about, slug="team", title="Team", locale=about.locale)
    history = StandardPageFactory(parent=about, slug="history", title="History", locale=about.locale)
    lead = StandardPageFactory(parent=team, slug="lead", title="Lead", locale=about.locale)
    with django_capture_on_commit_callbacks(execute=True):
        MovePageAction(Page.objects.get(pk=lead.pk), target=Page.objects.get(pk=history.pk), pos="last-child").execute()
    assert {"/en/about/team/lead/", "/en/about/team/", "/en/about/history/", "/en/about/"} <= _purged(purge_server)


def test_publishing_a_page_purges_its_subpages_which_name_it(
    home_tree, purge_server, django_capture_on_commit_callbacks
):
    from tests.factories import StandardPageFactory

    about = home_tree["page"]["en"]
    team = StandardPageFactory(parent=about, slug="team", title="Team", locale=about.locale)
    StandardPageFactory(parent=team, slug="lead", title="Lead", locale=about.locale)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=team.pk).specific.save_revision().publish()
    assert {"/en/about/team/lead/", "/en/about/team/", "/en/about/"} <= _purged(purge_server)


def test_restricting_a_subpage_purges_the_pages_that_listed_it_and_lifting_it_again(
    home_tree, purge_server, django_capture_on_commit_callbacks
):
    """Menus and indexes list public pages only: both changes alter them."""
    from tests.factories import StandardPageFactory

    about = home_tree["page"]["ru"]
    team = StandardPageFactory(parent=about, slug="team", title="Команда", locale=about.locale)
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=team, restriction_type=PageViewRestriction.LOGIN)
    assert {"/ru/about/team/", "/ru/about/", "/ru/"} <= _purged(purge_server)
    purge_server.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert {"/ru/about/team/", "/ru/about/", "/ru/"} <= _purged(purge_server)


def test_changing_a_service_purges_its_pages_in_every_language(
    home_tree, purge_server, django_capture_on_commit_callbacks
):
    from tests.directory.factories import make_service

    with django_capture_on_commit_callbacks(execute=True):
        service = make_service(names={"kk": "Сынақ"})
    paths = {path for path, _host in purge_server.purged}
    for language in ("kk", "ru", "en"):
        assert f"/{language}/help/" in paths
        assert f"/{language}/help/service/{service.translation_key}/" in paths


def test_a_page_that_was_not_cached_is_no_purge_error(purge_server, caplog):
    from cms.home.frontend_cache import NginxPurgeBackend

    backend = NginxPurgeBackend({"LOCATION": f"http://127.0.0.1:{purge_server.server_address[1]}"})
    with caplog.at_level("DEBUG", logger="wagtail.frontendcache"):
        backend.purge("https://help.example.kz/kk/missing/")
    assert purge_server.purged == [("/kk/missing/", "help.example.kz")]
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


def test_an_unreachable_purge_endpoint_is_logged(caplog):
    from cms.home.frontend_cache import NginxPurgeBackend

    backend = NginxPurgeBackend({"LOCATION": f"http://127.0.0.1:{closed_port()}"})
    backend.purge("https://help.example.kz/kk/")
    assert any("Couldn't purge" in record.getMessage() for record in caplog.records)


def closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
