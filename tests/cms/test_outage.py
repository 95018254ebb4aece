"""A database outage answers 503 with a short page in the visitor's language, never a traceback."""

import uuid

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client, RequestFactory

from cms.home.views import OUTAGE_RETRY_AFTER, is_database_outage, server_error
from tests.factories import UserFactory

HEADINGS = {
    "kk": "Қызмет уақытша қолжетімсіз",
    "ru": "Сервис временно недоступен",
    "en": "Service temporarily unavailable",
}


@pytest.fixture
def browser():
    # Like a real server: the exception becomes a response instead of propagating into the test.
    return Client(raise_request_exception=False)


def assert_outage_page(response, lang):
    assert response.status_code == 503
    assert response["Retry-After"] == str(OUTAGE_RETRY_AFTER)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert f'lang="{lang}"' in html
    assert HEADINGS[lang] in html
    assert "Traceback" not in html
    assert "connection" not in html  # nothing of the database error reaches the visitor


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_database_error_in_a_view_gets_the_503_page_in_the_request_language(browser, monkeypatch, lang):
    def unreachable(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("quizzes.views.quiz_for_key", unreachable)
    response = browser.get(f"/{lang}/quizzes/{uuid.uuid4()}/")
    assert_outage_page(response, lang)


@pytest.mark.django_db
def test_database_error_while_loading_the_session_gets_the_503_page(browser, monkeypatch):
    browser.force_login(UserFactory())

    def unreachable(self):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr("django.contrib.sessions.backends.cached_db.SessionStore.load", unreachable)
    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", unreachable)
    response = browser.get("/ru/learning/check-in/")
    assert_outage_page(response, "ru")


@pytest.mark.django_db
def test_other_errors_still_get_the_plain_500_page(browser, monkeypatch):
    def broken(**kwargs):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr("quizzes.views.quiz_for_key", broken)
    response = browser.get(f"/en/quizzes/{uuid.uuid4()}/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "a bug" not in response.content.decode()


@pytest.mark.django_db
def test_outage_page_is_rendered_without_a_query(django_assert_num_queries):
    request = RequestFactory().get("/kk/help/", HTTP_ACCEPT_LANGUAGE="ru")
    with django_assert_num_queries(0):
        try:
            raise OperationalError("the database system is shutting down")
        except OperationalError:
            response = server_error(request)
    assert_outage_page(response, "kk")


def test_language_comes_from_accept_language_outside_the_language_prefixes():
    request = RequestFactory().get("/admin/pages/", HTTP_ACCEPT_LANGUAGE="ru,en;q=0.5")
    try:
        raise InterfaceError("connection already closed")
    except InterfaceError:
        response = server_error(request)
    assert_outage_page(response, "ru")


def test_an_error_raised_from_a_database_error_is_an_outage():
    try:
        try:
            raise OperationalError("could not connect to server")
        except OperationalError as error:
            raise RuntimeError("template failed") from error
    except RuntimeError as wrapped:
        assert is_database_outage(wrapped)
    assert not is_database_outage(ValueError("no"))
    assert not is_database_outage(None)
