"""The course and lesson pages of a signed-in learner read a fixed number of queries, however many
lessons and quizzes the course has; completion still follows the quizzes the live lessons hold."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import completion, selectors, services
from courses.models import Enrolment
from quizzes.models import Quiz

from .conftest import build_course
from .test_quiz_completion import quiz_with_one_question, take

pytestmark = pytest.mark.django_db

# Pinned: a change that makes these grow with the course shows up here (see bench/README.md).
# Routing reads the pages on the way in one query (cms.home.routing), so a lesson, four levels
# under the home page, costs as many queries for its route as the course, two levels under it;
# the language links come from the chrome cache once a page has been shown (cms.home.selectors).
COURSE_PAGE_QUERIES = 22
LESSON_PAGE_QUERIES = 17


def course_with_quizzes(index, *, modules: int, lessons_per_module: int, lesson_quizzes: int, slug: str):
    """A course with a pre-test, a post-test and one quiz in each of its first ``lesson_quizzes`` lessons."""
    tree = build_course(index, modules=modules, lessons_per_module=lessons_per_module, slug=slug)
    tree.course.pre_test = quiz_with_one_question()
    tree.course.post_test = quiz_with_one_question()
    tree.course.save_revision().publish()
    tree.course.refresh_from_db()
    tree.lesson_quizzes = []
    for lesson in tree.lessons[:lesson_quizzes]:
        quiz = quiz_with_one_question()
        lesson.body = [("text", "<p>Мәтін</p>"), ("quiz", quiz)]
        lesson.save_revision().publish()
        tree.lesson_quizzes.append(quiz)
    return tree


def queries_for(client, url) -> int:
    client.get(url)  # caches warm, as for a learner moving around the course
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def learner_part_way(user, tree):
    """Enrolled, first lesson done, one quiz failed and the first lesson quiz (if any) passed."""
    services.enrol(user=user, course=tree.course)
    services.complete_lesson(user=user, lesson=tree.lessons[0])
    take(tree.course.post_test, user, right=False)
    if tree.lesson_quizzes:
        take(tree.lesson_quizzes[0], user, right=True)


def test_course_page_queries_do_not_grow_with_lessons_or_quizzes(learner_client, course_index):
    small = course_with_quizzes(course_index, modules=1, lessons_per_module=2, lesson_quizzes=0, slug="small")
    large = course_with_quizzes(course_index, modules=2, lessons_per_module=5, lesson_quizzes=3, slug="large")
    for tree in (small, large):
        learner_part_way(learner_client.user, tree)
    assert queries_for(learner_client, small.course.url) == COURSE_PAGE_QUERIES
    assert queries_for(learner_client, large.course.url) == COURSE_PAGE_QUERIES


def test_lesson_page_queries_do_not_grow_with_lessons_or_quiz_blocks(learner_client, course_index):
    small = course_with_quizzes(course_index, modules=1, lessons_per_module=2, lesson_quizzes=1, slug="small")
    large = course_with_quizzes(course_index, modules=2, lessons_per_module=5, lesson_quizzes=0, slug="large")
    crowded = large.lessons[4]
    crowded.body = [("quiz", quiz_with_one_question()) for _ in range(3)]
    crowded.save_revision().publish()
    for tree in (small, large):
        services.enrol(user=learner_client.user, course=tree.course)
    assert queries_for(learner_client, small.lessons[0].url) == LESSON_PAGE_QUERIES
    assert queries_for(learner_client, crowded.url) == LESSON_PAGE_QUERIES


def test_course_page_shows_the_learners_standing_on_the_tests(learner_client, course_index):
    tree = course_with_quizzes(course_index, modules=1, lessons_per_module=2, lesson_quizzes=0, slug="shown")
    learner_part_way(learner_client.user, tree)
    html = learner_client.get(tree.course.url).content.decode()
    assert tree.course.pre_test.title in html and tree.course.post_test.title in html
    assert html.count('class="quiz-card__status"') == 1  # a result for the post-test only
    assert f"/quizzes/{tree.course.post_test.translation_key}/" in html


def test_lesson_page_shows_each_quiz_block_as_a_card(learner_client, course_index):
    tree = course_with_quizzes(course_index, modules=1, lessons_per_module=1, lesson_quizzes=0, slug="cards")
    first, second = quiz_with_one_question(), quiz_with_one_question()
    lesson = tree.lessons[0]
    lesson.body = [("quiz", first), ("text", "<p>Мәтін</p>"), ("quiz", second)]
    lesson.save_revision().publish()
    services.enrol(user=learner_client.user, course=tree.course)
    take(second, learner_client.user, right=True)
    html = learner_client.get(lesson.url).content.decode()
    assert html.index(first.title) < html.index(second.title)
    assert html.count('class="quiz-card"') == 2
    assert html.count('class="quiz-card__status"') == 1


@pytest.fixture
def ten_lessons(course_index):
    return course_with_quizzes(course_index, modules=2, lessons_per_module=5, lesson_quizzes=3, slug="ten")


def finish_lessons(user, lessons):
    for lesson in lessons:
        services.complete_lesson(user=user, lesson=lesson)


def completed(user, tree) -> bool:
    return Enrolment.objects.get(user=user, course_key=tree.course.translation_key).is_complete


def test_every_lesson_and_required_quiz_passed_completes_the_course(learner, ten_lessons):
    services.enrol(user=learner, course=ten_lessons.course)
    for quiz in [*ten_lessons.lesson_quizzes, ten_lessons.course.post_test]:
        take(quiz, learner, right=True)
    finish_lessons(learner, ten_lessons.lessons)
    assert completed(learner, ten_lessons)


@pytest.mark.parametrize("missing", [0, 1, 2, "post"])
def test_one_required_quiz_not_passed_keeps_the_course_open(learner, ten_lessons, missing):
    required = [*ten_lessons.lesson_quizzes, ten_lessons.course.post_test]
    left_out = ten_lessons.course.post_test if missing == "post" else ten_lessons.lesson_quizzes[missing]
    services.enrol(user=learner, course=ten_lessons.course)
    for quiz in required:
        take(quiz, learner, right=quiz != left_out)
    finish_lessons(learner, ten_lessons.lessons)
    assert not completed(learner, ten_lessons)


def test_the_pre_test_is_not_required(learner, ten_lessons):
    services.enrol(user=learner, course=ten_lessons.course)
    for quiz in [*ten_lessons.lesson_quizzes, ten_lessons.course.post_test]:
        take(quiz, learner, right=True)
    take(ten_lessons.course.pre_test, learner, right=False)
    finish_lessons(learner, ten_lessons.lessons)
    assert completed(learner, ten_lessons)


def test_a_quiz_the_editor_publishes_later_is_required(learner_client, ten_lessons):
    learner = learner_client.user
    services.enrol(user=learner, course=ten_lessons.course)
    for quiz in [*ten_lessons.lesson_quizzes, ten_lessons.course.post_test]:
        take(quiz, learner, right=True)
    finish_lessons(learner, ten_lessons.lessons[:-1])
    learner_client.get(ten_lessons.course.url)  # the page has been read with the old rules

    new_quiz = quiz_with_one_question()
    lesson = ten_lessons.lessons[-1]
    lesson.body = [*lesson.body.raw_data, {"type": "quiz", "value": new_quiz.pk}]
    lesson.save_revision().publish()
    assert new_quiz in selectors.required_quizzes(course=ten_lessons.course)

    finish_lessons(learner, [lesson])
    assert not completed(learner, ten_lessons)
    outline = learner_client.get(ten_lessons.course.url).context["outline"]
    labels = {item.check: item.label for item in completion.REQUIREMENTS}
    assert [(state.label, state.met) for state in outline.requirements] == [
        (labels[completion.all_lessons_done], True),
        (labels[completion.quizzes_passed], False),
    ]
    take(new_quiz, learner, right=True)
    assert completed(learner, ten_lessons)


def test_a_quiz_in_an_unpublished_draft_is_not_required(learner, ten_lessons):
    draft_quiz = quiz_with_one_question()
    lesson = ten_lessons.lessons[-1]
    lesson.body = [*lesson.body.raw_data, {"type": "quiz", "value": draft_quiz.pk}]
    lesson.save_revision()  # saved, not published
    services.enrol(user=learner, course=ten_lessons.course)
    for quiz in [*ten_lessons.lesson_quizzes, ten_lessons.course.post_test]:
        take(quiz, learner, right=True)
    finish_lessons(learner, ten_lessons.lessons)
    assert completed(learner, ten_lessons)


def test_a_deleted_quiz_is_no_longer_required(learner, ten_lessons):
    services.enrol(user=learner, course=ten_lessons.course)
    gone = ten_lessons.lesson_quizzes[1]
    for quiz in [*ten_lessons.lesson_quizzes, ten_lessons.course.post_test]:
        if quiz != gone:
            take(quiz, learner, right=True)
    Quiz.objects.filter(pk=gone.pk).delete()
    finish_lessons(learner, ten_lessons.lessons)
    assert completed(learner, ten_lessons)


def test_required_quizzes_follow_lesson_order_then_the_post_test(ten_lessons):
    required = selectors.required_quizzes(course=ten_lessons.course)
    assert [quiz.pk for quiz in required] == [
        *(quiz.pk for quiz in ten_lessons.lesson_quizzes),
        ten_lessons.course.post_test.pk,
    ]
