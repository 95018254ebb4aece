"""Quizzes in a real browser: keyboard only, without JavaScript, the timer, and axe on every page."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from quizzes import services
from quizzes.models import Attempt
from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory, option, quiz_with_every_type, single, true_false

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, site_url, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site_url,
            }
        ]
    )


def test_learner_passes_a_quiz_by_keyboard(page, site_url):
    quiz = QuizFactory(title="Keyboard quiz")
    single(quiz, text="Which number is the helpline?", answers=[option("111", True), option("112")])
    true_false(quiz, text="The helpline is free.", answer=True)
    learner = UserFactory()
    sign_in(page, site_url, learner)
    page.goto(f"{site_url}/en/quizzes/{quiz.translation_key}/")
    page.get_by_role("button", name="Start the quiz").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/quizzes/attempts/**")
    # Tab into the first radio group, arrow to the right option, then on to the next group.
    page.get_by_role("radio", name="111").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # "True" is the first radio of the second group
    assert page.get_by_role("radio", name="True").is_checked()
    page.get_by_role("button", name="Send my answers").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".quiz-result")
    assert page.get_by_role("heading", name="Passed").is_visible()
    attempt = Attempt.objects.get()
    assert attempt.passed and attempt.percent == 100
    assert not page.console_errors


def test_quiz_pages_have_no_accessibility_violations(axe_page, site_url, assert_accessible):
    quiz = quiz_with_every_type(time_limit_minutes=30, max_attempts=2)
    learner = UserFactory()
    sign_in(axe_page, site_url, learner)
    axe_page.goto(f"{site_url}/ru/quizzes/{quiz.translation_key}/")
    assert_accessible(axe_page)
    axe_page.get_by_role("button", name="Начать тест").click()
    axe_page.wait_for_url("**/quizzes/attempts/**")
    assert_accessible(axe_page)
    axe_page.get_by_role("button", name="Отправить ответы").click()
    axe_page.wait_for_selector(".quiz-errors")  # unanswered questions: the error summary
    assert_accessible(axe_page)
    axe_page.get_by_role("button", name="Отправить с вопросами без ответа").click()
    axe_page.wait_for_selector(".quiz-result")
    assert_accessible(axe_page)


def test_anonymous_self_check_works_without_javascript_and_sets_no_cookie(browser, site_url):
    quiz = quiz_with_every_type(allow_anonymous=True, title="Self-check")
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(f"{site_url}/kk/quizzes/{quiz.translation_key}/")
    page.get_by_role("button", name="Өзін-өзі тексеруді бастау").click()
    page.wait_for_url("**/quizzes/attempts/**")
    page.locator("input[type=text]").fill("111")
    page.get_by_role("button", name="Жауаптарымды жіберу").click()
    # One answer only: the page comes back with the error and keeps what was typed.
    assert page.locator("input[type=text]").input_value() == "111"
    assert page.locator(".quiz-errors").is_visible()
    page.get_by_role("button", name="Жауапсыз сұрақтармен жіберу").click()
    page.wait_for_selector(".quiz-result")
    assert context.cookies() == []
    attempt = Attempt.objects.get()
    assert attempt.user_id is None and attempt.is_submitted
    context.close()


def test_timer_sends_the_answers_when_time_is_up(page, site_url):
    quiz = quiz_with_every_type(time_limit_minutes=1)
    learner = UserFactory()
    attempt = services.start_attempt(quiz=quiz, user=learner)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=3))
    sign_in(page, site_url, learner)
    page.goto(f"{site_url}/en/quizzes/attempts/{attempt.key}/")
    assert "Time left:" in page.locator(".quiz-timer__left").inner_text()
    page.wait_for_selector(".quiz-result", timeout=15_000)
    attempt.refresh_from_db()
    assert attempt.is_submitted and not attempt.late
