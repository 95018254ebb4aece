import pytest

from tests.factories import UserFactory


@pytest.fixture
def learner(db):
    return UserFactory()


def right_answers(attempt) -> dict:
    """Full-marks answers for every question of ``attempt``."""
    from quizzes.models import Question, QuestionKind
    from quizzes.scoring import option_weights

    answers = {}
    for question in Question.objects.filter(pk__in=attempt.question_ids):
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            answers[str(question.pk)] = {"options": [k for k, w in option_weights(question).items() if w > 0]}
        elif question.kind == QuestionKind.TRUE_FALSE:
            answers[str(question.pk)] = {"value": "true" if question.true_false_answer else "false"}
        elif question.kind == QuestionKind.SHORT_ANSWER:
            answers[str(question.pk)] = {"text": question.blocks_of("accepted_answer")[0].value["text"]}
        else:
            answers[str(question.pk)] = {"pairs": {b.id: b.id for b in question.blocks_of("pair") if b.value["prompt"]}}
    return answers
