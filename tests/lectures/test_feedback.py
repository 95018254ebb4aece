import pytest
from django.test import Client

from courses.lectures import services
from courses.lectures.choices import ModerationStatus
from courses.lectures.models import Feedback

pytestmark = pytest.mark.django_db


def answers(**overrides):
    return {
        "usefulness": "5",
        "clarity": "4",
        "knows_where_to_get_help": "yes",
        "comment": "",
        "region": "KZ-75",
    } | overrides


def test_student_sends_feedback_without_cookie_or_csrf_token(open_session):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/kk/lecture-sessions/{open_session.pk}/feedback/", answers())
    assert response.status_code == 200
    assert not response.cookies
    feedback = Feedback.objects.get()
    assert (feedback.usefulness, feedback.clarity, feedback.knows_where_to_get_help, feedback.region) == (
        5,
        4,
        True,
        "KZ-75",
    )
    assert feedback.comment_status == ""


def test_feedback_is_not_open_before_the_lecture_starts(client, lecture):
    from .factories import LectureSessionFactory

    session = LectureSessionFactory(lecture=lecture)
    assert client.get(f"/kk/lecture-sessions/{session.pk}/feedback/").status_code == 404
    assert client.post(f"/kk/lecture-sessions/{session.pk}/feedback/", answers()).status_code == 404
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("field", ["usefulness", "clarity"])
@pytest.mark.parametrize("value", ["0", "6", "x", ""])
def test_marks_outside_1_to_5_are_refused_and_the_rest_is_kept(client, open_session, field, value):
    response = client.post(
        f"/en/lecture-sessions/{open_session.pk}/feedback/", answers(**{field: value}, comment="Kept text")
    )
    html = response.content.decode()
    assert "form__field--error" in html
    assert "Kept text" in html
    assert not Feedback.objects.exists()


def test_comment_is_stored_as_plain_text_and_held_for_moderation(client, open_session):
    client.post(
        f"/kk/lecture-sessions/{open_session.pk}/feedback/",
        answers(comment='<script>alert(1)</script><a href="https://x" onclick="y">Good</a> lecture'),
    )
    feedback = Feedback.objects.get()
    assert feedback.comment == "alert(1)Good lecture"
    assert feedback.comment_status == ModerationStatus.PENDING


def test_moderation_approves_or_rejects_a_comment(open_session):
    feedback = services.submit_feedback(
        session=open_session, usefulness=4, clarity=4, knows_where_to_get_help=True, comment="Useful"
    )
    services.moderate_comment(feedback=feedback, approve=True)
    assert Feedback.objects.get().comment_status == ModerationStatus.APPROVED
    services.moderate_comment(feedback=feedback, approve=False)
    assert Feedback.objects.get().comment_status == ModerationStatus.REJECTED


def test_feedback_without_a_comment_cannot_be_moderated(open_session):
    feedback = services.submit_feedback(session=open_session, usefulness=4, clarity=4, knows_where_to_get_help=False)
    with pytest.raises(services.LectureError):
        services.moderate_comment(feedback=feedback, approve=True)


def test_feedback_region_hint_from_the_class_link_is_preselected(client, open_session):
    html = client.get(f"/en/lecture-sessions/{open_session.pk}/feedback/?region=KZ-71").content.decode()
    assert '<option value="KZ-71" selected>' in html


def test_a_class_link_made_with_a_former_region_code_still_preselects_the_region(client, open_session):
    html = client.get(f"/en/lecture-sessions/{open_session.pk}/feedback/?region=KZ-AST").content.decode()
    assert '<option value="KZ-71" selected>' in html


def test_feedback_with_a_former_region_code_is_stored_with_the_current_one(open_session):
    feedback = services.submit_feedback(
        session=open_session, usefulness=4, clarity=4, knows_where_to_get_help=True, region="KZ-ALA"
    )
    assert feedback.region == "KZ-75"


def test_feedback_per_session_is_rate_limited(open_session, monkeypatch):
    monkeypatch.setattr(services, "FEEDBACK_PER_SESSION", 1)
    services.submit_feedback(session=open_session, usefulness=4, clarity=4, knows_where_to_get_help=True)
    with pytest.raises(services.LectureError):
        services.submit_feedback(session=open_session, usefulness=4, clarity=4, knows_where_to_get_help=True)
    assert Feedback.objects.count() == 1
