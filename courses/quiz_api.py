"""The one place this app talks to the quizzes app, so a change there touches one module here."""

from quizzes import selectors as quiz_selectors
from quizzes import services as quiz_services


def passed_all(*, user, quizzes: list) -> bool:
    """Whether the learner passed every one of ``quizzes`` (any language version), in one query."""
    passed = quiz_services.passed_quiz_keys(quizzes=quizzes, user=user)
    return all(quiz.translation_key in passed for quiz in quizzes)


def quizzes_by_pk(*, pks: list[int]) -> dict:
    return quiz_selectors.quizzes_by_pk(pks=pks)


def quiz_cards(*, pks: list[int], user) -> dict:
    return quiz_selectors.quiz_cards(pks=pks, user=user)


def learner_attempts(*, user):
    return quiz_selectors.learner_attempts(user=user)


def learner_attempts_export(*, user) -> list[dict]:
    return quiz_selectors.learner_attempts_export(user=user)
