"""Editors translate quizzes with wagtail-localize: the Russian quiz gets the questions, same answer ids."""

import pytest
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from quizzes import services
from quizzes.models import Quiz
from tests.factories import UserFactory
from tests.quizzes.conftest import right_answers
from tests.quizzes.factories import locale, quiz_with_every_type

pytestmark = pytest.mark.django_db


def translate(quiz: Quiz, code: str) -> Quiz:
    source, _ = TranslationSource.get_or_create_from_instance(quiz)
    translation = Translation.objects.create(source=source, target_locale=locale(code))
    for segment in source.stringsegment_set.select_related("string"):
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            defaults={"data": f"[{code}] {segment.string.data}"},
        )
    translation.save_target(publish=True)
    return Quiz.objects.get(translation_key=quiz.translation_key, locale__language_code=code)


def test_wagtail_localize_translates_questions_and_keeps_answer_ids():
    quiz = quiz_with_every_type(title="Тест")
    russian = translate(quiz, "ru")
    assert russian.title == "[ru] Тест"
    assert russian.questions.count() == 5
    for question in quiz.questions.all():
        twin = russian.questions.get(translation_key=question.translation_key)
        assert twin.kind == question.kind
        assert twin.text == f"[ru] {question.text}"
        assert [block.id for block in twin.answers] == [block.id for block in question.answers]


def test_a_translated_quiz_is_scored_like_the_original():
    quiz = quiz_with_every_type()
    russian = translate(quiz, "ru")
    learner = UserFactory()
    attempt = services.start_attempt(quiz=russian, user=learner)
    done = services.submit_attempt(
        attempt=attempt, answers=right_answers(attempt), idempotency_key=attempt.idempotency_key
    )
    assert done.percent == 100
    assert services.has_passed(quiz=quiz, user=learner)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_quizzes_read_at_once_are_in_the_language_localized_gives(language):
    from django.utils import translation

    from quizzes.selectors import localized_quizzes

    translated, untranslated = quiz_with_every_type(title="Тест"), quiz_with_every_type(title="Тек қазақша")
    russian = translate(translated, "ru")
    chosen = [translated, russian, untranslated]
    with translation.override(language):
        expected = {quiz.pk: quiz.localized.pk for quiz in chosen}
        found = localized_quizzes(pks=[quiz.pk for quiz in chosen])
    assert {pk: quiz.pk for pk, quiz in found.items()} == expected
