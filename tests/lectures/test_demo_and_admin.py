import io

import pytest
from django.conf import settings
from django.core.management import call_command

from courses.lectures.models import ClassCheckIn, Feedback, LectureIndexPage, LecturePage, LectureSession
from courses.lectures.models.sessions import SessionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from tests.conftest import ensure_wagtail_roots

    ensure_wagtail_roots()
    call_command("load_demo", stdout=io.StringIO())


def test_demo_loader_is_listed():
    assert "courses.lectures.demo.load" in settings.DEMO_LOADERS


def test_demo_has_a_series_in_kk_and_ru_with_a_past_and_an_upcoming_session(demo):
    # English shows untranslated aliases of the Kazakh pages; real translations exist in kk and ru.
    translated = LecturePage.objects.filter(alias_of__isnull=True)
    assert set(translated.values_list("locale__language_code", flat=True)) == {"kk", "ru"}
    assert {page.language for page in LecturePage.objects.all()} == {"kk", "ru"}
    statuses = {session.status() for session in LectureSession.objects.all()}
    assert SessionStatus.ENDED in statuses and SessionStatus.SCHEDULED in statuses
    past = next(session for session in LectureSession.objects.all() if session.status() == SessionStatus.ENDED)
    assert past.recording_file and past.captions
    assert past.captions.open("rb").read().startswith(b"WEBVTT")
    assert ClassCheckIn.objects.filter(session=past).exists()
    assert Feedback.objects.filter(session=past).exists()
    assert all(page.self_check_quiz_id for page in LecturePage.objects.all())


def test_demo_loader_is_idempotent(demo):
    counts = (LecturePage.objects.count(), LectureSession.objects.count(), ClassCheckIn.objects.count())
    feedback = Feedback.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert (LecturePage.objects.count(), LectureSession.objects.count(), ClassCheckIn.objects.count()) == counts
    assert Feedback.objects.count() == feedback


def test_home_page_door_leads_to_the_lecture_index(demo, client):
    index = LectureIndexPage.objects.get(locale__language_code="ru")
    html = client.get("/ru/").content.decode()
    assert f'href="{index.url}"' in html
    assert client.get(index.url).status_code == 200


@pytest.mark.parametrize("model", ["lecturesession", "lecturer", "lecturerfocusgroup", "classcheckin", "feedback"])
def test_admin_lists_lecture_snippets(verified_client, lecture, model):
    assert verified_client.get(f"/admin/snippets/lectures/{model}/").status_code == 200


def test_admin_edits_a_lecture_page(verified_client, lecture):
    assert verified_client.get(f"/admin/pages/{lecture.pk}/edit/").status_code == 200


def test_admin_moderates_a_comment(verified_client, open_session):
    feedback = Feedback.objects.create(
        session=open_session,
        usefulness=3,
        clarity=3,
        knows_where_to_get_help=True,
        comment="Hi",
        comment_status="pending",
    )
    url = f"/admin/snippets/lectures/feedback/edit/{feedback.pk}/"
    assert verified_client.get(url).status_code == 200
    response = verified_client.post(url, {"comment_status": "approved"})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.comment_status, feedback.comment, feedback.usefulness) == ("approved", "Hi", 3)
