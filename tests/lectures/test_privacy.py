"""Nothing that identifies a student (or a teacher's device) is stored or logged anywhere."""

import logging
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from courses.lectures.models import ClassCheckIn, Feedback, SelfCheckResult
from quizzes.models import Attempt, AttemptAnswer
from tests.quizzes.factories import QuizFactory, single

pytestmark = pytest.mark.django_db

IP = "203.0.113.77"
AGENT = "Mozilla/5.0 (StudentPhone; UniqueAgent/9.9)"
HEADERS = {"REMOTE_ADDR": IP, "HTTP_USER_AGENT": AGENT, "HTTP_X_FORWARDED_FOR": IP, "HTTP_ACCEPT_LANGUAGE": "kk"}


def everything_in_the_database() -> str:
    """Every row of every table, as text."""
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names come from introspection
            dump.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(dump)


@pytest.fixture
def student_flow(open_session, lecture):
    quiz = QuizFactory(allow_anonymous=True)
    single(quiz)
    lecture.self_check_quiz = quiz
    lecture.save_revision().publish()
    client = Client(**HEADERS)
    responses = [
        client.get(f"/kk/lecture-sessions/{open_session.pk}/"),
        client.post(
            "/kk/class-check-in/",
            {
                "code": open_session.check_in_code,
                "school": "School 1",
                "region": "KZ-75",
                "grade": "g9",
                "students_present": "20",
            },
        ),
        client.post(
            f"/kk/lecture-sessions/{open_session.pk}/feedback/",
            {"usefulness": "4", "clarity": "5", "knows_where_to_get_help": "no", "comment": "ok", "region": ""},
        ),
    ]
    start = client.post(f"/kk/lecture-sessions/{open_session.pk}/self-check/", {"anonymous_key": "a" * 30})
    page = client.get(start["Location"])
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page.content.decode()).group(1)
    responses += [start, page, client.post(start["Location"], {"idempotency_key": key})]
    return responses


def test_rows_written_by_check_in_feedback_and_self_check_hold_nothing_personal(student_flow):
    assert ClassCheckIn.objects.count() == Feedback.objects.count() == SelfCheckResult.objects.count() == 1
    allowed = {
        ClassCheckIn: {
            "id",
            "session",
            "school",
            "school_key",
            "region",
            "grade",
            "class_letter",
            "students_present",
            "reports",
            "report_tokens",  # random per form shown, made by the server: names a form, not a person
            "checked_in_at",
            "updated_at",
        },
        Feedback: {
            "id",
            "session",
            "region",
            "usefulness",
            "clarity",
            "knows_where_to_get_help",
            "comment",
            "comment_status",
            "submitted_on",
        },
        SelfCheckResult: {"id", "session", "region", "attempt", "score_percent", "submitted_on"},
    }
    for model, names in allowed.items():
        assert {field.name for field in model._meta.concrete_fields} == names, model
    attempt = Attempt.objects.get()
    assert attempt.user_id is None
    assert attempt.anonymous_key == "a" * 30
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 1


def test_no_ip_address_or_browser_is_stored_in_any_table(student_flow):
    dump = everything_in_the_database()
    assert IP not in dump
    assert "UniqueAgent" not in dump


def test_no_session_row_is_created_for_students(student_flow):
    assert not apps.get_model("sessions", "Session").objects.exists()


def test_no_public_response_sets_a_cookie(student_flow):
    for response in student_flow:
        assert not response.cookies, response.request["PATH_INFO"]
        assert "Set-Cookie" not in response.headers


def test_no_ip_address_reaches_the_logs(open_session, caplog):
    client = Client(**HEADERS)
    with caplog.at_level(logging.DEBUG):
        client.post("/kk/class-check-in/", {"code": "BAD"})
        client.post(
            "/kk/class-check-in/",
            {
                "code": open_session.check_in_code,
                "school": "S",
                "region": "KZ-75",
                "grade": "g9",
                "students_present": "5",
            },
        )
        client.post(f"/kk/lecture-sessions/{open_session.pk}/feedback/", {"usefulness": "9"})
        client.get("/kk/lecture-sessions/999999/")
    text = "\n".join(f"{record.getMessage()} {record.__dict__.get('args')}" for record in caplog.records)
    assert IP not in text
    assert "UniqueAgent" not in text


def test_public_lecture_session_and_check_in_pages_set_no_cookies(client, lecture_tree, open_session):
    urls = [
        lecture_tree["index"]["kk"].url,
        lecture_tree["series"]["kk"].url,
        lecture_tree["lecture"]["kk"].url,
        f"/kk/lecture-sessions/{open_session.pk}/",
        f"/kk/lecture-sessions/{open_session.pk}/watch/",
        f"/kk/lecture-sessions/{open_session.pk}/feedback/",
        f"/kk/lecture-sessions/{open_session.pk}/calendar.ics",
        "/kk/class-check-in/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
