from .attempt import Attempt, AttemptAnswer, AttemptStatus
from .quiz import ANSWER_BLOCKS, Question, QuestionKind, Quiz, RevealAnswers

__all__ = [
    "ANSWER_BLOCKS",
    "Attempt",
    "AttemptAnswer",
    "AttemptStatus",
    "Question",
    "QuestionKind",
    "Quiz",
    "RevealAnswers",
]
