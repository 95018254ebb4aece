"""Quiz factories. ``QuizFactory.with_questions(...)`` builds a quiz with one question of each type."""

import uuid

import factory
from wagtail.models import Locale

from quizzes.models import Question, QuestionKind, Quiz


def locale(code: str = "kk") -> Locale:
    return Locale.objects.get_or_create(language_code=code)[0]


def option(text: str, correct: bool = False, weight: int | None = None, feedback: str = "") -> dict:
    value = {"text": text, "correct": correct, "weight": weight, "feedback": feedback}
    return {"type": "option", "value": value, "id": str(uuid.uuid4())}


def accepted(text: str, weight: int | None = None, feedback: str = "") -> dict:
    value = {"text": text, "weight": weight, "feedback": feedback}
    return {"type": "accepted_answer", "value": value, "id": str(uuid.uuid4())}


def pair(prompt: str, match: str) -> dict:
    return {"type": "pair", "value": {"prompt": prompt, "match": match}, "id": str(uuid.uuid4())}


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    title = factory.Sequence(lambda n: f"Quiz {n}")
    slug = factory.Sequence(lambda n: f"quiz-{n}")
    locale = factory.LazyFunction(locale)
    pass_mark = 70
    shuffle_questions = False
    shuffle_options = False


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    quiz = factory.SubFactory(QuizFactory)
    locale = factory.LazyAttribute(lambda o: o.quiz.locale)
    kind = QuestionKind.SINGLE
    text = factory.Sequence(lambda n: f"Question {n}?")
    points = 1
    sort_order = factory.Sequence(lambda n: n)
    answers = factory.LazyFunction(lambda: [option("Right", True), option("Wrong"), option("Also wrong")])


def single(quiz: Quiz, **kwargs) -> Question:
    return QuestionFactory(quiz=quiz, kind=QuestionKind.SINGLE, **kwargs)


def multiple(quiz: Quiz, **kwargs) -> Question:
    kwargs.setdefault("answers", [option("A", True), option("B", True), option("C"), option("D")])
    return QuestionFactory(quiz=quiz, kind=QuestionKind.MULTIPLE, **kwargs)


def true_false(quiz: Quiz, answer: bool = True, **kwargs) -> Question:
    return QuestionFactory(quiz=quiz, kind=QuestionKind.TRUE_FALSE, answers=[], true_false_answer=answer, **kwargs)


def short(quiz: Quiz, **kwargs) -> Question:
    kwargs.setdefault("answers", [accepted("111"), accepted("бір бір бір")])
    return QuestionFactory(quiz=quiz, kind=QuestionKind.SHORT_ANSWER, **kwargs)


def matching(quiz: Quiz, **kwargs) -> Question:
    kwargs.setdefault("answers", [pair("111", "Helpline"), pair("112", "Emergency"), pair("102", "Police")])
    return QuestionFactory(quiz=quiz, kind=QuestionKind.MATCHING, **kwargs)


def quiz_with_every_type(**kwargs) -> Quiz:
    quiz = QuizFactory(**kwargs)
    single(quiz)
    multiple(quiz)
    true_false(quiz)
    short(quiz)
    matching(quiz)
    return quiz
