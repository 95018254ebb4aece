from datetime import timedelta

import pytest
from django.utils import timezone

from .factories import LectureSessionFactory

pytestmark = pytest.mark.django_db


def test_a_new_session_purges_the_lecture_in_every_language_and_the_index(
    lecture_tree, purge_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        LectureSessionFactory(lecture=lecture_tree["lecture"]["kk"])
    purged = {path for path, _host in purge_server.purged}
    for language in ("kk", "ru"):
        assert lecture_tree["lecture"][language].url in purged
        assert lecture_tree["index"][language].url in purged


def test_cancelling_a_session_purges_the_lecture(lecture_tree, purge_server, django_capture_on_commit_callbacks):
    session = LectureSessionFactory(lecture=lecture_tree["lecture"]["kk"])
    purge_server.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session.is_cancelled = True
        session.save()
    assert lecture_tree["lecture"]["ru"].url in {path for path, _host in purge_server.purged}


def test_changing_a_session_purges_its_own_page_in_every_language(
    lecture_tree, purge_server, django_capture_on_commit_callbacks
):
    session = LectureSessionFactory(lecture=lecture_tree["lecture"]["kk"])
    purge_server.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session.join_url = "https://example.com/other"
        session.save()
    purged = {path for path, _host in purge_server.purged}
    for language in ("kk", "ru", "en"):
        assert f"/{language}/lecture-sessions/{session.pk}/" in purged


def shared_seconds(response) -> int | None:
    for part in response.get("Cache-Control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name == "s-maxage":
            return int(value)
    return None


def test_a_session_page_is_shared_until_its_join_button_opens(client, lecture):
    # The join button opens 15 minutes before the start: here 20 s from now.
    start = timezone.now() + timedelta(minutes=15, seconds=20)
    session = LectureSessionFactory(lecture=lecture, starts_at=start, ends_at=start + timedelta(minutes=45))
    response = client.get(f"/kk/lecture-sessions/{session.pk}/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert 1 <= shared_seconds(response) <= 20


def test_a_session_page_far_from_any_change_is_shared_for_a_minute(client, lecture):
    start = timezone.now() + timedelta(days=3)
    session = LectureSessionFactory(lecture=lecture, starts_at=start, ends_at=start + timedelta(minutes=45))
    response = client.get(f"/ru/lecture-sessions/{session.pk}/")
    assert shared_seconds(response) == 60


def test_a_session_page_is_not_shared_in_the_second_before_it_changes(client, lecture):
    start = timezone.now() + timedelta(minutes=15, milliseconds=500)
    session = LectureSessionFactory(lecture=lecture, starts_at=start, ends_at=start + timedelta(minutes=45))
    response = client.get(f"/kk/lecture-sessions/{session.pk}/")
    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")


def test_a_live_session_page_expires_when_the_lecture_ends(client, lecture):
    start = timezone.now() - timedelta(minutes=44, seconds=30)
    session = LectureSessionFactory(lecture=lecture, starts_at=start, ends_at=start + timedelta(minutes=45))
    response = client.get(f"/kk/lecture-sessions/{session.pk}/")
    assert 1 <= shared_seconds(response) <= 30
