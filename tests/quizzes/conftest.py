import pytest

from tests.factories import UserFactory


@pytest.fixture
def learner(db):
    return UserFactory()


def right_answers(attempt) -> dict:
    """Full-marks answers for every question of ``attempt``."""
    from quizzes.models import Question
    from quizzes.scoring import full_marks_response

    return {str(q.pk): full_marks_response(q) for q in Question.objects.filter(pk__in=attempt.question_ids)}
