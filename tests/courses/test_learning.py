import pytest
from django.urls import reverse

from courses import selectors, services
from courses.models import Enrolment, EnrolmentSource, LessonProgress
from tests.factories import UserFactory

from .conftest import build_course

pytestmark = pytest.mark.django_db


def enrol_url(course):
    return reverse("courses:enrol", kwargs={"course_id": course.pk})


def complete_url(lesson):
    return reverse("courses:complete_lesson", kwargs={"lesson_id": lesson.pk})


def test_learner_enrols_themselves_on_a_course_open_to_their_role(learner_client, course_index):
    tree = build_course(course_index, audiences=["psychologist", "inspector"])
    response = learner_client.post(enrol_url(tree.course))
    assert response.status_code == 302
    assert Enrolment.objects.filter(user=learner_client.user, course=tree.course, source=EnrolmentSource.SELF).exists()
    assert response["Location"] == tree.lessons[0].url


def test_self_enrolment_is_refused_when_the_course_is_for_other_roles(learner_client, course_index):
    tree = build_course(course_index, audiences=["inspector"])
    response = learner_client.post(enrol_url(tree.course), follow=True)
    assert not Enrolment.objects.exists()
    assert "Үйлестірушіден оны сізге тағайындауды сұраңыз" in response.content.decode()


def test_course_page_offers_no_enrol_button_to_other_roles(learner_client, course_index):
    tree = build_course(course_index, audiences=["inspector"])
    html = learner_client.get(tree.course.url).content.decode()
    assert enrol_url(tree.course) not in html


def test_assigned_enrolment_ignores_the_audience(course_index, learner):
    tree = build_course(course_index, audiences=["inspector"])
    enrolment = services.enrol(user=learner, course=tree.course, source=EnrolmentSource.ASSIGNED)
    assert enrolment.source == EnrolmentSource.ASSIGNED


def test_enrolling_twice_keeps_one_enrolment(course_tree, learner):
    first = services.enrol(user=learner, course=course_tree.course)
    second = services.enrol(user=learner, course=course_tree.course)
    assert first.pk == second.pk
    assert Enrolment.objects.count() == 1


def test_enrolment_needs_sign_in_and_a_post(client, course_tree):
    assert client.get(enrol_url(course_tree.course)).status_code in (302, 405)
    response = client.post(enrol_url(course_tree.course))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Enrolment.objects.exists()


def test_marking_a_lesson_done_records_progress_and_moves_on(learner_client, course_tree):
    services.enrol(user=learner_client.user, course=course_tree.course)
    response = learner_client.post(complete_url(course_tree.lessons[0]))
    assert response["Location"] == course_tree.lessons[1].url
    assert LessonProgress.objects.filter(lesson=course_tree.lessons[0]).count() == 1
    html = learner_client.get(course_tree.course.url).content.decode()
    assert 'value="25"' in html


def test_marking_a_lesson_twice_counts_once(learner_client, course_tree):
    services.enrol(user=learner_client.user, course=course_tree.course)
    learner_client.post(complete_url(course_tree.lessons[0]))
    learner_client.post(complete_url(course_tree.lessons[0]))
    assert LessonProgress.objects.count() == 1


def test_progress_cannot_be_recorded_without_enrolment(learner_client, course_tree):
    learner_client.post(complete_url(course_tree.lessons[0]))
    assert not LessonProgress.objects.exists()


def test_resume_returns_to_the_last_unfinished_lesson_opened(learner_client, course_tree):
    enrolment = services.enrol(user=learner_client.user, course=course_tree.course)
    services.complete_lesson(user=learner_client.user, lesson=course_tree.lessons[0])
    learner_client.get(course_tree.lessons[2].url)
    response = learner_client.get(reverse("courses:resume", kwargs={"enrolment_id": enrolment.pk}))
    assert response["Location"] == course_tree.lessons[2].url


def test_resume_skips_to_the_next_unfinished_lesson(learner, course_tree):
    services.enrol(user=learner, course=course_tree.course)
    for lesson in course_tree.lessons[:2]:
        services.complete_lesson(user=learner, lesson=lesson)
    outline = selectors.course_outline(course=course_tree.course, user=learner)
    assert outline.resume.pk == course_tree.lessons[2].pk
    assert outline.progress.percent == 50


def test_progress_is_shared_between_translations_of_a_course(learner, course_tree):
    from cms.home.demo import upsert_translation

    services.enrol(user=learner, course=course_tree.course)
    services.complete_lesson(user=learner, lesson=course_tree.lessons[0])
    upsert_translation(course_tree.index, "ru", title="Обучение")
    russian_course = upsert_translation(course_tree.course, "ru", title="Защита детей", summary="Курс")
    for page in [*course_tree.modules, *course_tree.lessons]:
        upsert_translation(page, "ru", title=f"RU {page.title}")
    outline = selectors.course_outline(course=russian_course, user=learner)
    assert outline.enrolment is not None
    assert outline.progress.done == 1 and outline.progress.total == 4


def test_someone_elses_enrolment_cannot_be_resumed(client, course_tree, learner):
    enrolment = services.enrol(user=learner, course=course_tree.course)
    other = UserFactory()
    client.force_login(other)
    assert client.get(reverse("courses:resume", kwargs={"enrolment_id": enrolment.pk})).status_code == 404
