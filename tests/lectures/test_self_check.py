import re

import pytest
from django.test import Client

from courses.lectures.models import SelfCheckResult
from quizzes.models import Attempt
from quizzes.services import start_attempt
from tests.quizzes.factories import QuizFactory, single, true_false

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz(lecture):
    quiz = QuizFactory(allow_anonymous=True)
    single(quiz, text="Which number?")
    true_false(quiz, answer=False, text="Keep bad secrets?")
    lecture.self_check_quiz = quiz
    lecture.save_revision().publish()
    return quiz


def start(client, session, region="KZ-75"):
    response = client.post(
        f"/kk/lecture-sessions/{session.pk}/self-check/", {"anonymous_key": "k" * 20, "region": region}
    )
    assert response.status_code == 303
    return response["Location"]


def right_answers(html: str, quiz) -> dict:
    first, second = quiz.questions.order_by("sort_order")
    right_option = next(block.id for block in first.blocks_of("option") if block.value["correct"])
    key = re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)
    return {"idempotency_key": key, "region": "KZ-75", f"q{first.pk}": right_option, f"q{second.pk}": "false"}


def test_session_page_links_to_the_self_check_after_the_start(client, open_session, quiz):
    html = client.get(f"/kk/lecture-sessions/{open_session.pk}/?region=KZ-75").content.decode()
    assert f"/kk/lecture-sessions/{open_session.pk}/self-check/?region=KZ-75" in html


def test_student_takes_the_self_check_anonymously_without_cookies(open_session, quiz):
    client = Client(enforce_csrf_checks=True)
    location = start(client, open_session)
    page = client.get(location)
    assert not page.cookies
    response = client.post(location.split("?")[0], right_answers(page.content.decode(), quiz))
    assert "100%" in response.content.decode()
    assert not response.cookies
    result = SelfCheckResult.objects.get()
    assert (result.session, result.region, result.score_percent) == (open_session, "KZ-75", 100)
    attempt = Attempt.objects.get()
    assert attempt.user is None and attempt.context == f"lecture-session:{open_session.pk}"


def test_a_submission_sent_twice_is_counted_once(client, open_session, quiz):
    location = start(client, open_session)
    data = right_answers(client.get(location).content.decode(), quiz)
    client.post(location.split("?")[0], data)
    client.post(location.split("?")[0], data)
    client.get(location)
    assert SelfCheckResult.objects.count() == 1


def test_double_click_on_start_makes_one_attempt(client, open_session, quiz):
    assert start(client, open_session) == start(client, open_session)
    assert Attempt.objects.count() == 1


def test_attempt_of_another_session_is_not_reachable(client, open_session, past_session, quiz):
    location = start(client, open_session)
    key = location.split("/")[-2]
    assert client.get(f"/kk/lecture-sessions/{past_session.pk}/self-check/{key}/").status_code == 404


def test_self_check_is_404_without_a_quiz_or_before_the_start(client, lecture, open_session):
    from .factories import LectureSessionFactory

    assert client.get(f"/kk/lecture-sessions/{open_session.pk}/self-check/").status_code == 404
    quiz = QuizFactory(allow_anonymous=True)
    single(quiz)
    lecture.self_check_quiz = quiz
    lecture.save_revision().publish()
    upcoming = LectureSessionFactory(lecture=lecture)
    assert client.get(f"/kk/lecture-sessions/{upcoming.pk}/self-check/").status_code == 404


def test_signed_in_attempts_are_not_counted(open_session, quiz):
    from courses.lectures import services
    from tests.factories import UserFactory

    attempt = start_attempt(quiz=quiz, user=UserFactory())
    with pytest.raises(services.LectureError):
        services.record_self_check(session=open_session, attempt=attempt)
