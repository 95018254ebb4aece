"""The one place this app talks to the quizzes app, so a change there touches one module here."""

from quizzes import selectors as quiz_selectors
from quizzes import services as quiz_services


def has_passed(*, user, quiz) -> bool:
    return quiz_services.has_passed(quiz=quiz, user=user)


def learner_attempts(*, user):
    return quiz_selectors.learner_attempts(user=user)


def learner_attempts_export(*, user) -> list[dict]:
    return quiz_selectors.learner_attempts_export(user=user)
