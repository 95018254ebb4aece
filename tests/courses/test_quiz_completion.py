import pytest

from courses import selectors, services
from courses.models import Certificate
from quizzes import services as quiz_services
from tests.quizzes.factories import QuizFactory, true_false

from .conftest import build_course

pytestmark = pytest.mark.django_db


def quiz_with_one_question():
    quiz = QuizFactory(pass_mark=100)
    true_false(quiz, answer=True)
    return quiz


def take(quiz, user, *, right: bool):
    attempt = quiz_services.start_attempt(quiz=quiz, user=user)
    answers = {str(question_id): {"value": "true" if right else "false"} for question_id in attempt.question_ids}
    return quiz_services.submit_attempt(attempt=attempt, answers=answers, idempotency_key=attempt.idempotency_key)


@pytest.fixture
def tested_course(course_index):
    tree = build_course(course_index, modules=1, lessons_per_module=2)
    tree.course.pre_test = quiz_with_one_question()
    tree.course.post_test = quiz_with_one_question()
    tree.course.save_revision().publish()
    lesson_quiz = quiz_with_one_question()
    lesson = tree.lessons[1]
    lesson.body = [("text", "<p>Мәтін</p>"), ("quiz", lesson_quiz)]
    lesson.save_revision().publish()
    tree.course.refresh_from_db()
    tree.lesson_quiz = lesson_quiz
    return tree


def test_required_quizzes_are_the_lesson_quizzes_and_the_post_test_not_the_pre_test(tested_course):
    required = selectors.required_quizzes(course=tested_course.course)
    assert [quiz.pk for quiz in required] == [tested_course.lesson_quiz.pk, tested_course.course.post_test.pk]


def test_lessons_alone_do_not_complete_a_course_with_quizzes(learner, tested_course):
    enrolment = services.enrol(user=learner, course=tested_course.course)
    for lesson in tested_course.lessons:
        services.complete_lesson(user=learner, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None


def test_a_failed_quiz_does_not_complete_the_course(learner, tested_course, django_capture_on_commit_callbacks):
    enrolment = services.enrol(user=learner, course=tested_course.course)
    for lesson in tested_course.lessons:
        services.complete_lesson(user=learner, lesson=lesson)
    with django_capture_on_commit_callbacks(execute=True):
        take(tested_course.lesson_quiz, learner, right=True)
        take(tested_course.course.post_test, learner, right=False)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None


def test_passing_the_last_quiz_completes_the_course_and_issues_the_certificate(
    learner, tested_course, django_capture_on_commit_callbacks
):
    enrolment = services.enrol(user=learner, course=tested_course.course)
    for lesson in tested_course.lessons:
        services.complete_lesson(user=learner, lesson=lesson)
    with django_capture_on_commit_callbacks(execute=True):
        take(tested_course.lesson_quiz, learner, right=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        take(tested_course.course.post_test, learner, right=True)
        # The certificate task is enqueued by a callback of the completion the quiz signal triggered.
    while callbacks:
        pending = list(callbacks)
        callbacks.clear()
        for callback in pending:
            callback()
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert Certificate.objects.filter(user=learner).count() == 1


def test_quizzes_can_be_made_optional_for_completion(learner, tested_course):
    tested_course.course.require_quizzes_passed = False
    tested_course.course.save_revision().publish()
    enrolment = services.enrol(user=learner, course=tested_course.course)
    for lesson in tested_course.lessons:
        services.complete_lesson(user=learner, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def test_course_and_lesson_pages_show_the_quizzes(learner_client, tested_course):
    services.enrol(user=learner_client.user, course=tested_course.course)
    course_html = learner_client.get(tested_course.course.url).content.decode()
    assert tested_course.course.pre_test.title in course_html
    assert tested_course.course.post_test.title in course_html
    lesson_html = learner_client.get(tested_course.lessons[1].url).content.decode()
    assert tested_course.lesson_quiz.title in lesson_html
    assert f"/quizzes/{tested_course.lesson_quiz.translation_key}/" in lesson_html


def test_a_submission_whose_completion_check_fails_is_not_kept_and_its_retry_completes_the_course(
    learner, tested_course, monkeypatch
):
    from django.db import OperationalError

    from quizzes.models import AttemptAnswer

    enrolment = services.enrol(user=learner, course=tested_course.course)
    for lesson in tested_course.lessons:
        services.complete_lesson(user=learner, lesson=lesson)
    take(tested_course.lesson_quiz, learner, right=True)
    attempt = quiz_services.start_attempt(quiz=tested_course.course.post_test, user=learner)
    answers = {str(question_id): {"value": "true"} for question_id in attempt.question_ids}

    def unreachable(**kwargs):
        raise OperationalError("the database system is shutting down")

    # The database goes away after the answers are written, while the course is being checked.
    with monkeypatch.context() as patch:
        patch.setattr(services, "evaluate_completion", unreachable)
        with pytest.raises(OperationalError):
            quiz_services.submit_attempt(attempt=attempt, answers=answers, idempotency_key=attempt.idempotency_key)
    attempt.refresh_from_db()
    assert not attempt.is_submitted
    assert not AttemptAnswer.objects.filter(attempt=attempt).exists()

    retried = quiz_services.submit_attempt(attempt=attempt, answers=answers, idempotency_key=attempt.idempotency_key)
    assert not retried.replayed and retried.passed
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
