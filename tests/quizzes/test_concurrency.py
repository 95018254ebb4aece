"""Exactly-once submission under real concurrency: threads with their own PostgreSQL connections.

SQLite serialises every write, so these only mean something on PostgreSQL (CI runs the suite
there with DATABASE_URL=postgres://...).
"""

import threading
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from quizzes import services
from quizzes.models import Attempt, AttemptAnswer
from quizzes.signals import attempt_submitted
from tests.factories import UserFactory
from tests.quizzes.conftest import right_answers
from tests.quizzes.factories import quiz_with_every_type

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="concurrency tests need PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/pct_test",
    ),
]

THREADS = 8


def run_together(work: Callable[[int], object], count: int = THREADS) -> list:
    """Run ``work(i)`` in ``count`` threads released at the same moment; return results or errors."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def runner(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_concurrent_submissions_of_one_attempt_are_recorded_once():
    learner = UserFactory()
    quiz = quiz_with_every_type()
    attempt = services.start_attempt(quiz=quiz, user=learner)
    answers = right_answers(attempt)
    sent = []
    attempt_submitted.connect(lambda sender, attempt, **kw: sent.append(attempt.pk), weak=False, dispatch_uid="t")
    try:
        results = run_together(
            lambda i: services.submit_attempt(
                attempt=Attempt.objects.get(pk=attempt.pk), answers=answers, idempotency_key=attempt.idempotency_key
            )
        )
    finally:
        attempt_submitted.disconnect(dispatch_uid="t")
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(1 for r in results if not r.replayed) == 1
    assert {r.percent for r in results} == {100}
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == len(attempt.question_ids)
    assert sent == [attempt.pk]


def test_concurrent_starts_by_one_learner_make_one_attempt():
    learner = UserFactory()
    quiz = quiz_with_every_type(max_attempts=3)
    results = run_together(lambda i: services.start_attempt(quiz=quiz, user=learner))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert {r.pk for r in results} == {Attempt.objects.get().pk}


def test_concurrent_starts_never_exceed_the_attempt_limit():
    learner = UserFactory()
    quiz = quiz_with_every_type(max_attempts=2)
    for _ in range(2):
        attempt = services.start_attempt(quiz=quiz, user=learner)
        services.submit_attempt(attempt=attempt, answers={}, idempotency_key=attempt.idempotency_key)
    results = run_together(lambda i: services.start_attempt(quiz=quiz, user=learner))
    assert all(isinstance(r, services.QuizClosed) for r in results), results
    assert Attempt.objects.count() == 2


def test_the_same_form_posted_concurrently_over_http_is_recorded_once():
    learner = UserFactory()
    quiz = quiz_with_every_type()
    attempt = services.start_attempt(quiz=quiz, user=learner)
    data = {"idempotency_key": attempt.idempotency_key, "action": "submit", "confirm_incomplete": "1"}
    for question_id, response in right_answers(attempt).items():
        if "options" in response:
            data[f"q{question_id}"] = response["options"]
        elif "value" in response:
            data[f"q{question_id}"] = response["value"]
        elif "text" in response:
            data[f"q{question_id}"] = response["text"]
        else:
            for prompt, chosen in response["pairs"].items():
                data[f"q{question_id}-{prompt}"] = chosen

    def post(i):
        client = Client()
        client.force_login(learner)
        return client.post(f"/kk/quizzes/attempts/{attempt.key}/", data).status_code

    results = run_together(post)
    assert results == [303] * THREADS
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.percent == 100
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == len(attempt.question_ids)
