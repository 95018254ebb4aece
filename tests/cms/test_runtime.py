from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest


def test_almaty_is_utc_plus_five_in_2026():
    # Kazakhstan moved to a single time zone, UTC+5, on 1 March 2024.
    for month in (1, 7, 12):
        moment = datetime(2026, month, 15, 12, 0, tzinfo=ZoneInfo("Asia/Almaty"))
        assert moment.utcoffset().total_seconds() == 5 * 3600
    assert datetime(2026, 6, 1, 7, 0, tzinfo=UTC).astimezone(ZoneInfo("Asia/Almaty")).hour == 12


def test_project_time_zone_is_almaty(settings):
    assert settings.TIME_ZONE == "Asia/Almaty"


@pytest.mark.django_db
def test_liveness_answers_without_touching_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readiness_checks_database_and_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_readiness_fails_when_the_database_is_unreachable(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_load_demo_is_idempotent(capsys):
    from django.core.management import call_command
    from wagtail.models import Page

    from cms.accounts.models import User

    call_command("load_demo")
    counts = (Page.objects.count(), User.objects.count())
    call_command("load_demo")
    assert (Page.objects.count(), User.objects.count()) == counts
    output = capsys.readouterr().out
    assert "admin@demo.invalid" in output
    assert "backup codes" in output


@pytest.mark.django_db
def test_home_page_query_count_is_pinned(client, home_tree, django_assert_max_num_queries):
    client.get("/kk/")  # warm Wagtail's site-root cache, as any running server has
    with django_assert_max_num_queries(9):
        response = client.get("/kk/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_search_finds_pages_in_the_current_language_only(client, home_tree):
    html = client.get("/en/search/?q=About").content.decode()
    assert home_tree["page"]["en"].url in html
    assert home_tree["page"]["ru"].url not in html


def test_entry_point_without_page_or_link_gets_a_clear_error():
    from wagtail.blocks import StructBlockValidationError

    from cms.home.blocks import EntryPointBlock

    block = EntryPointBlock()
    value = block.to_python({"audience": "a", "title": "t", "text": "x", "page": None, "link": ""})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "page" in error.value.block_errors
