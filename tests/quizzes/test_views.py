"""The public quiz pages: no-JavaScript flow, kept answers, permissions, anonymity, CSRF."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from quizzes import services
from quizzes.blocks import QuizChooserBlock
from quizzes.models import Attempt, AttemptAnswer, QuestionKind, RevealAnswers
from tests.factories import UserFactory
from tests.quizzes.conftest import right_answers
from tests.quizzes.factories import QuizFactory, accepted, option, quiz_with_every_type, short, single

pytestmark = pytest.mark.django_db


def quiz_url(quiz, lang="kk"):
    return f"/{lang}/quizzes/{quiz.translation_key}/"


def attempt_url(attempt, lang="kk"):
    return f"/{lang}/quizzes/attempts/{attempt.key}/"


def form_data(attempt, answers) -> dict:
    """The POST body a browser sends for ``answers``."""
    data = {"idempotency_key": attempt.idempotency_key, "action": "submit"}
    for question_id, response in answers.items():
        if "options" in response:
            data[f"q{question_id}"] = response["options"]
        elif "value" in response:
            data[f"q{question_id}"] = response["value"]
        elif "text" in response:
            data[f"q{question_id}"] = response["text"]
        else:
            for prompt, chosen in response["pairs"].items():
                data[f"q{question_id}-{prompt}"] = chosen
    return data


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    client.user = learner
    return client


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_quiz_page_renders_in_each_language(signed_in, home_tree, lang):
    quiz = quiz_with_every_type(title="Балаларды қорғау")
    response = signed_in.get(quiz_url(quiz, lang))
    assert response.status_code == 200
    assert "Балаларды қорғау" in response.text
    assert f'lang="{lang}"' in response.text


def test_unknown_quiz_is_not_found(client, home_tree):
    assert client.get("/kk/quizzes/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_signed_out_visitor_is_asked_to_sign_in(client, home_tree):
    quiz = quiz_with_every_type()
    response = client.get(quiz_url(quiz))
    assert "/kk/accounts/login/?next=" in response.text
    start = client.post(f"{quiz_url(quiz)}start/")
    assert start.status_code == 302 and "/accounts/login/" in start["Location"]
    assert Attempt.objects.count() == 0


def test_learner_takes_a_quiz_without_javascript(signed_in, home_tree):
    quiz = quiz_with_every_type(reveal_answers=RevealAnswers.AFTER_EACH_ATTEMPT)
    quiz.questions.filter(kind=QuestionKind.SINGLE).update(explanation="Because 111 is the helpline.")
    start = signed_in.post(f"{quiz_url(quiz)}start/")
    assert start.status_code == 303
    page = signed_in.get(start["Location"])
    attempt = Attempt.objects.get()
    assert page.status_code == 200
    assert f'value="{attempt.idempotency_key}"' in page.text
    assert "<script" not in page.text.split("<main")[1].split("</main>")[0]
    sent = signed_in.post(attempt_url(attempt), form_data(attempt, right_answers(attempt)))
    assert sent.status_code == 303
    result = signed_in.get(sent["Location"])
    assert "100 %" in result.text or "100" in result.text
    assert "Because 111 is the helpline." in result.text
    attempt.refresh_from_db()
    assert attempt.passed


def test_unanswered_questions_keep_every_typed_answer(signed_in, home_tree):
    quiz = QuizFactory()
    choice = single(quiz)
    typed = short(quiz)
    attempt = services.start_attempt(quiz=quiz, user=signed_in.user)
    right = choice.blocks_of("option")[0].id
    data = form_data(attempt, {str(choice.pk): {"options": [right]}})
    data[f"q{typed.pk}"] = ""
    response = signed_in.post(attempt_url(attempt), data)
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert f'value="{right}" checked' in response.text
    assert 'href="#question-2"' in response.text
    assert 'name="confirm_incomplete"' in response.text
    attempt.refresh_from_db()
    assert not attempt.is_submitted
    assert attempt.draft == {str(choice.pk): {"options": [right]}}


def test_typed_short_answer_is_kept_on_a_validation_error(signed_in, home_tree):
    quiz = QuizFactory()
    typed = short(quiz)
    single(quiz)
    attempt = services.start_attempt(quiz=quiz, user=signed_in.user)
    response = signed_in.post(attempt_url(attempt), form_data(attempt, {str(typed.pk): {"text": "бір бір <бір>"}}))
    assert 'value="бір бір &lt;бір&gt;"' in response.text


def test_sending_with_unanswered_questions_when_confirmed(signed_in, home_tree):
    quiz = quiz_with_every_type()
    attempt = services.start_attempt(quiz=quiz, user=signed_in.user)
    data = form_data(attempt, {})
    data["confirm_incomplete"] = "1"
    assert signed_in.post(attempt_url(attempt), data).status_code == 303
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.score == 0


def test_saving_keeps_answers_and_says_when(signed_in, home_tree):
    quiz = QuizFactory()
    typed = short(quiz)
    attempt = services.start_attempt(quiz=quiz, user=signed_in.user)
    data = form_data(attempt, {str(typed.pk): {"text": "111"}})
    data["action"] = "save"
    response = signed_in.post(attempt_url(attempt), data)
    assert response.status_code == 200
    assert 'role="status"' in response.text
    again = signed_in.get(attempt_url(attempt))
    assert 'value="111"' in again.text


def test_posting_the_same_form_twice_records_it_once(signed_in, home_tree):
    quiz = quiz_with_every_type()
    attempt = services.start_attempt(quiz=quiz, user=signed_in.user)
    data = form_data(attempt, right_answers(attempt))
    first = signed_in.post(attempt_url(attempt), data)
    data_changed = form_data(attempt, {})
    data_changed["confirm_incomplete"] = "1"
    second = signed_in.post(attempt_url(attempt), data_changed)
    assert first.status_code == second.status_code == 303
    attempt.refresh_from_db()
    assert attempt.percent == 100
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 5


def test_a_form_with_a_wrong_key_is_refused_and_keeps_answers(signed_in, home_tree):
    quiz = QuizFactory()
    typed = short(quiz)
    attempt = services.start_attempt(quiz=quiz, user=signed_in.user)
    data = form_data(attempt, {str(typed.pk): {"text": "мой ответ"}})
    data["idempotency_key"] = "forged"
    response = signed_in.post(attempt_url(attempt), data)
    assert response.status_code == 400
    assert 'value="мой ответ"' in response.text
    attempt.refresh_from_db()
    assert not attempt.is_submitted


def test_late_submission_is_explained(signed_in, home_tree):
    quiz = quiz_with_every_type(time_limit_minutes=5)
    attempt = services.start_attempt(quiz=quiz, user=signed_in.user)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=10))
    sent = signed_in.post(attempt_url(attempt, "en"), form_data(attempt, right_answers(attempt)))
    assert sent.status_code == 303
    result = signed_in.get(sent["Location"])
    assert "after the time limit" in result.text
    assert "had not saved any answers" in result.text
    attempt.refresh_from_db()
    assert attempt.late and attempt.score == 0


def test_timed_attempt_shows_the_deadline_as_a_clock_time(signed_in, home_tree):
    quiz = quiz_with_every_type(time_limit_minutes=20)
    attempt = services.start_attempt(quiz=quiz, user=signed_in.user)
    response = signed_in.get(attempt_url(attempt))
    local = timezone.localtime(attempt.deadline).strftime("%H:%M")
    assert local in response.text
    assert "quizzes/timer.js" in response.text


def test_another_learners_attempt_is_not_found(client, home_tree):
    quiz = quiz_with_every_type()
    owner, intruder = UserFactory(), UserFactory()
    attempt = services.start_attempt(quiz=quiz, user=owner)
    client.force_login(intruder)
    assert client.get(attempt_url(attempt)).status_code == 404
    assert client.post(attempt_url(attempt), form_data(attempt, right_answers(attempt))).status_code == 404
    attempt.refresh_from_db()
    assert not attempt.is_submitted


def test_another_learners_submitted_attempt_is_not_found(client, home_tree):
    quiz = quiz_with_every_type()
    owner = UserFactory()
    attempt = services.start_attempt(quiz=quiz, user=owner)
    services.submit_attempt(attempt=attempt, answers={}, idempotency_key=attempt.idempotency_key)
    assert client.get(attempt_url(attempt)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(attempt_url(attempt)).status_code == 404


def test_used_up_attempts_are_explained(signed_in, home_tree):
    quiz = quiz_with_every_type(max_attempts=1)
    attempt = services.start_attempt(quiz=quiz, user=signed_in.user)
    services.submit_attempt(attempt=attempt, answers={}, idempotency_key=attempt.idempotency_key)
    assert "used all your attempts" in signed_in.get(quiz_url(quiz, "en")).text
    assert "барлық әрекеттерді пайдаландыңыз" in signed_in.get(quiz_url(quiz, "kk")).text
    refused = signed_in.post(f"{quiz_url(quiz)}start/")
    assert refused.status_code == 409
    assert Attempt.objects.count() == 1


def test_answers_are_hidden_until_passing_or_the_last_attempt(signed_in, home_tree):
    quiz = QuizFactory(max_attempts=3, reveal_answers=RevealAnswers.AFTER_PASSING_OR_LAST)
    single(quiz, explanation="The helpline is 111.")
    attempt = services.start_attempt(quiz=quiz, user=signed_in.user)
    services.submit_attempt(attempt=attempt, answers={}, idempotency_key=attempt.idempotency_key)
    assert "The helpline is 111." not in signed_in.get(attempt_url(attempt)).text
    attempt = services.start_attempt(quiz=quiz, user=signed_in.user)
    services.submit_attempt(attempt=attempt, answers=right_answers(attempt), idempotency_key=attempt.idempotency_key)
    assert "The helpline is 111." in signed_in.get(attempt_url(attempt)).text


def test_option_feedback_is_shown_after_submitting(signed_in, home_tree):
    quiz = QuizFactory()
    question = single(quiz, answers=[option("111", True), option("112", feedback="112 is for emergencies.")])
    attempt = services.start_attempt(quiz=quiz, user=signed_in.user)
    wrong = question.blocks_of("option")[1].id
    services.submit_attempt(
        attempt=attempt, answers={str(question.pk): {"options": [wrong]}}, idempotency_key=attempt.idempotency_key
    )
    assert "112 is for emergencies." in signed_in.get(attempt_url(attempt)).text


def test_anonymous_self_check_sets_no_cookie_and_stores_no_person(home_tree):
    client = Client()
    quiz = quiz_with_every_type(allow_anonymous=True)
    page = client.get(f"{quiz_url(quiz)}?context=lecture:5")
    assert 'name="csrfmiddlewaretoken"' not in page.text
    key = page.text.split('name="anonymous_key" value="')[1].split('"')[0]
    start = client.post(f"{quiz_url(quiz)}start/", {"anonymous_key": key, "context": "lecture:5"})
    assert start.status_code == 303
    attempt = Attempt.objects.get()
    form = client.get(start["Location"])
    assert 'name="csrfmiddlewaretoken"' not in form.text
    sent = client.post(attempt_url(attempt), form_data(attempt, right_answers(attempt)))
    result = client.get(sent["Location"])
    for response in (page, start, form, sent, result):
        assert not response.cookies, response.cookies
    assert not client.cookies
    attempt.refresh_from_db()
    assert attempt.user_id is None and attempt.context == "lecture:5" and attempt.percent == 100


def test_signed_in_learner_stays_anonymous_on_a_self_check(signed_in, home_tree):
    quiz = quiz_with_every_type(allow_anonymous=True)
    signed_in.post(f"{quiz_url(quiz)}start/", {"anonymous_key": "abc123abc123"})
    assert Attempt.objects.get().user_id is None


def test_anonymous_post_from_another_site_is_refused(client, home_tree):
    quiz = quiz_with_every_type(allow_anonymous=True)
    response = client.post(f"{quiz_url(quiz)}start/", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    response = client.post(f"{quiz_url(quiz)}start/", HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert Attempt.objects.count() == 0


def test_signed_in_post_without_csrf_token_is_refused(learner, home_tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    quiz = quiz_with_every_type()
    assert client.post(f"{quiz_url(quiz)}start/").status_code == 403
    assert Attempt.objects.count() == 0


def test_next_link_must_stay_on_this_site(signed_in, home_tree):
    quiz = quiz_with_every_type()
    page = signed_in.get(f"{quiz_url(quiz)}?next=https://evil.example/").text
    assert 'href="https://evil.example' not in page
    assert 'value="https://evil.example' not in page
    assert 'href="/kk/course/lesson/"' in signed_in.get(f"{quiz_url(quiz)}?next=/kk/course/lesson/").text


def test_quiz_block_shows_the_learners_best_result(rf, learner):
    quiz = quiz_with_every_type(max_attempts=3)
    attempt = services.start_attempt(quiz=quiz, user=learner)
    services.submit_attempt(attempt=attempt, answers=right_answers(attempt), idempotency_key=attempt.idempotency_key)
    request = rf.get("/kk/course/lesson/")
    request.user = learner
    html = QuizChooserBlock().render(quiz, context={"request": request})
    assert quiz.title in html
    assert "100 %" in html
    assert f"/kk/quizzes/{quiz.translation_key}/?next=%2Fkk%2Fcourse%2Flesson%2F" in html


def test_attempt_page_query_count_does_not_grow_with_questions(signed_in, home_tree, django_assert_max_num_queries):
    quiz = QuizFactory()
    for _ in range(20):
        single(quiz)
    short(quiz, answers=[accepted("x")])
    attempt = services.start_attempt(quiz=quiz, user=signed_in.user)
    with django_assert_max_num_queries(12):
        assert signed_in.get(attempt_url(attempt)).status_code == 200


def test_result_page_query_count_does_not_grow_with_questions(signed_in, home_tree, django_assert_max_num_queries):
    quiz = QuizFactory()
    for _ in range(20):
        single(quiz)
    attempt = services.start_attempt(quiz=quiz, user=signed_in.user)
    services.submit_attempt(attempt=attempt, answers={}, idempotency_key=attempt.idempotency_key)
    with django_assert_max_num_queries(14):
        assert signed_in.get(attempt_url(attempt)).status_code == 200
