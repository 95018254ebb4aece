"""Starting, saving and submitting attempts through the services: limits, time, draw, results."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes import selectors, services
from quizzes.models import Attempt, AttemptAnswer
from quizzes.signals import attempt_submitted
from tests.factories import UserFactory
from tests.quizzes.conftest import right_answers
from tests.quizzes.factories import QuizFactory, locale, quiz_with_every_type, single, true_false
from tests.quizzes.test_translation import translate

pytestmark = pytest.mark.django_db


def submit(attempt, answers=None):
    return services.submit_attempt(attempt=attempt, answers=answers or {}, idempotency_key=attempt.idempotency_key)


def test_all_right_answers_of_every_type_pass_with_100_percent(learner):
    quiz = quiz_with_every_type()
    attempt = services.start_attempt(quiz=quiz, user=learner)
    done = submit(attempt, right_answers(attempt))
    assert done.percent == 100
    assert done.passed
    assert AttemptAnswer.objects.filter(attempt=done, correct=True).count() == 5


def test_score_below_pass_mark_fails(learner):
    quiz = QuizFactory(pass_mark=60)
    single(quiz)
    true_false(quiz)
    attempt = services.start_attempt(quiz=quiz, user=learner)
    answers = right_answers(attempt)
    answers.pop(str(attempt.question_ids[0]))
    done = submit(attempt, answers)
    assert done.percent == 50
    assert done.passed is False


def test_answers_to_questions_outside_the_attempt_are_ignored(learner):
    quiz = QuizFactory(draw_count=1)
    first, second = single(quiz), single(quiz)
    attempt = services.start_attempt(quiz=quiz, user=learner)
    other = second if attempt.question_ids == [first.pk] else first
    done = submit(attempt, {str(other.pk): {"options": [other.blocks_of("option")[0].id]}})
    assert done.score == 0
    assert done.max_score == 1


def test_starting_again_resumes_the_attempt_in_progress(learner):
    quiz = quiz_with_every_type()
    first = services.start_attempt(quiz=quiz, user=learner)
    assert services.start_attempt(quiz=quiz, user=learner).pk == first.pk


def test_attempt_limit_refuses_a_further_attempt(learner):
    quiz = quiz_with_every_type(max_attempts=2)
    submit(services.start_attempt(quiz=quiz, user=learner))
    submit(services.start_attempt(quiz=quiz, user=learner))
    assert selectors.attempts_left(quiz=quiz, user=learner) == 0
    with pytest.raises(services.QuizClosed, match="2"):
        services.start_attempt(quiz=quiz, user=learner)
    assert Attempt.objects.count() == 2


def test_attempt_limit_counts_every_language_version(learner):
    quiz = quiz_with_every_type(max_attempts=1)
    submit(services.start_attempt(quiz=quiz, user=learner))
    russian = quiz.copy_for_translation(locale("ru"))
    russian.save()
    with pytest.raises(services.QuizClosed):
        services.start_attempt(quiz=russian, user=learner)


def test_unlimited_attempts_report_none_left(learner):
    quiz = quiz_with_every_type(max_attempts=None)
    assert selectors.attempts_left(quiz=quiz, user=learner) is None


def test_random_draw_takes_n_questions_and_keeps_them_for_the_attempt(learner):
    quiz = QuizFactory(draw_count=3, shuffle_questions=True, shuffle_options=True)
    for _ in range(8):
        single(quiz)
    attempt = services.start_attempt(quiz=quiz, user=learner)
    assert len(attempt.question_ids) == 3
    assert len(set(attempt.question_ids)) == 3
    again = services.start_attempt(quiz=quiz, user=learner)
    assert again.question_ids == attempt.question_ids
    assert again.option_order == attempt.option_order
    Attempt.objects.get(pk=attempt.pk)  # stored, not recomputed
    done = submit(attempt)
    assert [a.question_id for a in done.answers.order_by("position")] == attempt.question_ids


def test_random_draws_differ_between_attempts():
    quiz = QuizFactory(draw_count=2, shuffle_questions=True)
    for _ in range(10):
        single(quiz)
    draws = {tuple(services.start_attempt(quiz=quiz, user=UserFactory()).question_ids) for _ in range(12)}
    assert len(draws) > 1


def test_shuffle_off_keeps_the_editors_order(learner):
    quiz = QuizFactory(shuffle_questions=False)
    questions = [single(quiz) for _ in range(5)]
    attempt = services.start_attempt(quiz=quiz, user=learner)
    assert attempt.question_ids == [q.pk for q in questions]


def test_time_limit_sets_a_deadline(learner):
    quiz = quiz_with_every_type(time_limit_minutes=10)
    attempt = services.start_attempt(quiz=quiz, user=learner)
    assert attempt.deadline - attempt.started_at == timedelta(minutes=10)


def test_submission_within_the_grace_period_is_scored_as_sent(learner):
    quiz = quiz_with_every_type(time_limit_minutes=10)
    attempt = services.start_attempt(quiz=quiz, user=learner)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - services.GRACE / 2)
    done = submit(attempt, right_answers(attempt))
    assert not done.late
    assert done.percent == 100


def test_late_submission_scores_only_the_answers_saved_in_time(learner):
    quiz = quiz_with_every_type(time_limit_minutes=10)
    attempt = services.start_attempt(quiz=quiz, user=learner)
    answers = right_answers(attempt)
    first = str(attempt.question_ids[0])
    services.save_answers(attempt=attempt, answers={first: answers[first]}, idempotency_key=attempt.idempotency_key)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - services.GRACE - timedelta(seconds=1))
    done = submit(attempt, answers)
    assert done.late
    assert done.score == 1
    assert done.percent == 20


def test_saving_after_the_deadline_is_refused(learner):
    quiz = quiz_with_every_type(time_limit_minutes=1)
    attempt = services.start_attempt(quiz=quiz, user=learner)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=5))
    with pytest.raises(services.TimeUp):
        services.save_answers(attempt=attempt, answers={}, idempotency_key=attempt.idempotency_key)


def test_abandoned_timed_attempt_is_finished_when_the_learner_comes_back(learner):
    quiz = quiz_with_every_type(time_limit_minutes=1, max_attempts=3)
    attempt = services.start_attempt(quiz=quiz, user=learner)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(hours=1))
    second = services.start_attempt(quiz=quiz, user=learner)
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.late
    assert second.number == 2


def test_wrong_idempotency_key_is_refused(learner):
    attempt = services.start_attempt(quiz=quiz_with_every_type(), user=learner)
    with pytest.raises(services.InvalidSubmission):
        services.submit_attempt(attempt=attempt, answers={}, idempotency_key="not-the-key")
    attempt.refresh_from_db()
    assert not attempt.is_submitted


def test_second_submission_returns_the_first_result_unchanged(learner):
    quiz = quiz_with_every_type()
    attempt = services.start_attempt(quiz=quiz, user=learner)
    first = submit(attempt, right_answers(attempt))
    second = submit(attempt, {})
    assert second.replayed and not first.replayed
    assert second.percent == first.percent == 100
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 5


def test_submitted_signal_is_sent_once(learner, django_capture_on_commit_callbacks):
    received = []

    def listener(sender, attempt, **kwargs):
        received.append(attempt.pk)

    attempt_submitted.connect(listener)
    try:
        attempt = services.start_attempt(quiz=quiz_with_every_type(), user=learner)
        with django_capture_on_commit_callbacks(execute=True):
            submit(attempt)
            submit(attempt)
    finally:
        attempt_submitted.disconnect(listener)
    assert received == [attempt.pk]


def test_best_result_and_has_passed(learner):
    quiz = quiz_with_every_type()
    assert selectors.best_result(quiz=quiz, user=learner) is None
    assert not selectors.has_passed(quiz=quiz, user=learner)
    submit(services.start_attempt(quiz=quiz, user=learner))
    attempt = services.start_attempt(quiz=quiz, user=learner)
    best = submit(attempt, right_answers(attempt))
    submit(services.start_attempt(quiz=quiz, user=learner))
    assert selectors.best_result(quiz=quiz, user=learner).pk == best.pk
    assert selectors.has_passed(quiz=quiz, user=learner)


def standing_the_slow_way(quiz, user) -> tuple:
    current = selectors.open_attempt(quiz=quiz, user=user)
    best = selectors.best_result(quiz=quiz, user=user)
    return (
        best.pk if best else None,
        selectors.has_passed(quiz=quiz, user=user),
        selectors.attempts_used(quiz=quiz, user=user),
        selectors.attempts_left(quiz=quiz, user=user),
        current.pk if current else None,
    )


def standing_in_one_query(quiz, user, django_assert_num_queries) -> tuple:
    with django_assert_num_queries(1):
        standing = selectors.learner_standing(quiz=quiz, user=user)
    return (
        standing.best.pk if standing.best else None,
        standing.passed,
        standing.used,
        standing.left,
        standing.current.pk if standing.current else None,
    )


@pytest.mark.parametrize("max_attempts", [None, 3])
def test_learner_standing_agrees_with_the_single_reads(learner, max_attempts, django_assert_num_queries):
    quiz = quiz_with_every_type(max_attempts=max_attempts)
    other_language = translate(quiz, "ru")
    seen = []

    def check():
        expected = standing_the_slow_way(quiz, learner)
        assert standing_in_one_query(quiz, learner, django_assert_num_queries) == expected
        seen.append(expected)

    check()  # nothing yet
    submit(services.start_attempt(quiz=quiz, user=learner))  # failed
    check()
    attempt = services.start_attempt(quiz=other_language, user=learner)  # the Russian version counts too
    best = submit(attempt, right_answers(attempt))
    check()
    services.start_attempt(quiz=quiz, user=learner)  # in progress
    check()
    assert seen[-1][0] == best.pk and seen[-1][1] is True and seen[-1][2] == 3 and seen[-1][4] is not None
    assert selectors.learner_standing(quiz=quiz, user=UserFactory()).used == 0


def test_quiz_without_questions_cannot_be_started(learner):
    with pytest.raises(services.QuizClosed):
        services.start_attempt(quiz=QuizFactory(), user=learner)


def test_anonymous_attempt_stores_no_personal_data():
    quiz = quiz_with_every_type(allow_anonymous=True)
    attempt = services.start_attempt(quiz=quiz, anonymous_key="k" * 32, context="lecture:7")
    done = submit(attempt, right_answers(attempt))
    assert done.user_id is None
    stored = {f.name for f in Attempt._meta.concrete_fields}
    # Nothing that could identify a person or a device exists on the model at all.
    assert not stored & {"ip", "ip_address", "user_agent", "session_key", "cookie", "email", "name"}
    assert done.context == "lecture:7"
    assert done.percent == 100


def test_anonymous_double_start_with_the_same_key_gives_one_attempt():
    quiz = quiz_with_every_type(allow_anonymous=True)
    first = services.start_attempt(quiz=quiz, anonymous_key="same-key-123")
    second = services.start_attempt(quiz=quiz, anonymous_key="same-key-123")
    assert first.pk == second.pk


def test_anonymous_attempt_refused_when_the_quiz_is_not_anonymous():
    with pytest.raises(services.QuizClosed):
        services.start_attempt(quiz=quiz_with_every_type(), user=None)


def test_knowledge_gain_pairs_first_pre_test_with_best_post_test():
    pre = QuizFactory(slug="pre")
    true_false(pre)
    single(pre)
    post = QuizFactory(slug="post", pre_test=pre)
    true_false(post)
    single(post)
    learner, other = UserFactory(), UserFactory()
    submit(services.start_attempt(quiz=pre, user=learner))  # 0 %: the baseline
    attempt = services.start_attempt(quiz=pre, user=learner)
    submit(attempt, right_answers(attempt))  # a later pre-test retake does not move the baseline
    attempt = services.start_attempt(quiz=post, user=learner)
    answers = right_answers(attempt)
    answers.pop(str(attempt.question_ids[0]))
    submit(attempt, answers)  # 50 %
    attempt = services.start_attempt(quiz=post, user=learner)
    submit(attempt, right_answers(attempt))  # 100 %
    submit(services.start_attempt(quiz=pre, user=other))
    rows = {row.user_id: row for row in selectors.knowledge_gain(post_test=post)}
    assert rows[learner.pk].pre == 0
    assert rows[learner.pk].post == 100
    assert rows[learner.pk].gain == 100
    assert rows[other.pk].post is None and rows[other.pk].gain is None


def test_knowledge_gain_narrowed_to_some_learners():
    pre = QuizFactory()
    single(pre)
    post = QuizFactory(pre_test=pre)
    single(post)
    learner, other = UserFactory(), UserFactory()
    for user in (learner, other):
        submit(services.start_attempt(quiz=pre, user=user))
    assert [row.user_id for row in selectors.knowledge_gain(post_test=post, users=[learner.pk])] == [learner.pk]


def test_quiz_by_slug_finds_the_language_version(learner):
    quiz = quiz_with_every_type(slug="demo-pre-test")
    assert selectors.quiz_by_slug(slug="demo-pre-test", language_code="kk").pk == quiz.pk
    assert selectors.quiz_by_slug(slug="missing") is None


def test_learner_export_lists_only_their_own_attempts(learner, django_assert_max_num_queries):
    quiz = quiz_with_every_type()
    attempt = services.start_attempt(quiz=quiz, user=learner)
    submit(attempt, right_answers(attempt))
    services.start_attempt(quiz=quiz_with_every_type(), user=UserFactory())
    with django_assert_max_num_queries(2):
        data = selectors.learner_attempts_export(user=learner)
    assert len(data) == 1
    assert data[0]["percent"] == "100.00" and len(data[0]["answers"]) == 5


def test_deleting_a_learner_deletes_their_attempts(learner):
    attempt = services.start_attempt(quiz=quiz_with_every_type(), user=learner)
    submit(attempt)
    learner.delete()
    assert not Attempt.objects.exists()
    assert not AttemptAnswer.objects.exists()
