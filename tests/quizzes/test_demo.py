import io

import pytest

from quizzes import demo, selectors
from quizzes.models import Question, QuestionKind, Quiz
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    demo.load(io.StringIO())


def test_demo_is_idempotent(loaded):
    counts = (Quiz.objects.count(), Question.objects.count())
    demo.load(io.StringIO())
    assert (Quiz.objects.count(), Question.objects.count()) == counts == (6, 34)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_pre_and_post_tests_use_every_question_type(loaded, lang):
    for slug in (demo.PRE_TEST, demo.POST_TEST):
        quiz = selectors.quiz_by_slug(slug=slug, language_code=lang)
        assert quiz.locale.language_code == lang
        assert "демо" in quiz.title
        assert {q.kind for q in quiz.questions.all()} == set(QuestionKind.values)
        assert all(not q.clean() for q in quiz.questions.all())


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_post_test_is_paired_with_the_pre_test_in_the_same_language(loaded, lang):
    post = selectors.quiz_by_slug(slug=demo.POST_TEST, language_code=lang)
    assert post.pre_test.slug == demo.PRE_TEST
    assert post.pre_test.locale == post.locale


def test_translations_share_keys_and_answer_ids(loaded):
    kk = selectors.quiz_by_slug(slug=demo.POST_TEST, language_code="kk")
    ru = selectors.quiz_by_slug(slug=demo.POST_TEST, language_code="ru")
    assert kk.translation_key == ru.translation_key
    for question in kk.questions.filter(kind=QuestionKind.SINGLE):
        twin = ru.questions.get(translation_key=question.translation_key)
        assert [b.id for b in question.answers] == [b.id for b in twin.answers]
        assert question.text != twin.text


def test_self_check_is_anonymous(loaded):
    assert selectors.quiz_by_slug(slug=demo.SELF_CHECK).allow_anonymous


def test_complete_attempt_records_a_pass_and_knowledge_gain(loaded):
    learner = UserFactory()
    pre = selectors.quiz_by_slug(slug=demo.PRE_TEST, language_code="kk")
    post = selectors.quiz_by_slug(slug=demo.POST_TEST, language_code="ru")
    demo.complete_attempt(quiz=pre, user=learner, full_marks=False)
    attempt = demo.complete_attempt(quiz=post, user=learner)
    assert attempt.passed and attempt.percent == 100
    assert selectors.has_passed(quiz=post, user=learner)
    [row] = selectors.knowledge_gain(post_test=post)
    assert (row.pre, row.post, row.gain) == (0, 100, 100)
