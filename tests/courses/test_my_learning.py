import json

import pytest
from django.urls import reverse

from cms.accounts.models import User
from courses import services
from courses.models import Certificate, Enrolment, LessonProgress
from tests.factories import UserFactory

from .conftest import build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(learner, course_tree, django_capture_on_commit_callbacks):
    services.enrol(user=learner, course=course_tree.course)
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in course_tree.lessons:
            services.complete_lesson(user=learner, lesson=lesson, language_code="kk")
    return Certificate.objects.get()


def test_my_learning_needs_sign_in(client):
    response = client.get("/kk/my-learning/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_my_learning_lists_progress_and_resume_link(learner_client, course_index):
    tree = build_course(course_index)
    enrolment = services.enrol(user=learner_client.user, course=tree.course)
    services.complete_lesson(user=learner_client.user, lesson=tree.lessons[0])
    html = learner_client.get("/kk/my-learning/").content.decode()
    assert tree.course.title in html
    assert 'value="25"' in html
    assert reverse("courses:resume", kwargs={"enrolment_id": enrolment.pk}) in html


def test_my_learning_lists_certificates_with_downloads(learner_client, finished):
    html = learner_client.get("/kk/my-learning/").content.decode()
    assert reverse("courses:certificate_pdf", kwargs={"code": finished.code}) in html
    assert reverse("courses:certificate_badge", kwargs={"code": finished.code}) in html


def test_my_learning_shows_only_my_own_courses(learner_client, course_index):
    tree = build_course(course_index, title="Басқа адамның курсы")
    services.enrol(user=UserFactory(), course=tree.course)
    assert "Басқа адамның курсы" not in learner_client.get("/kk/my-learning/").content.decode()


def test_my_learning_query_count_does_not_grow_with_courses(
    learner_client, course_index, django_assert_max_num_queries
):
    for n in range(4):
        tree = build_course(course_index, slug=f"course-{n}")
        services.enrol(user=learner_client.user, course=tree.course)
        services.complete_lesson(user=learner_client.user, lesson=tree.lessons[0])
    learner_client.get("/kk/my-learning/")
    with django_assert_max_num_queries(12):
        response = learner_client.get("/kk/my-learning/")
    assert response.status_code == 200


def test_course_page_query_count_is_pinned(learner_client, course_index, django_assert_max_num_queries):
    tree = build_course(course_index, modules=3, lessons_per_module=4)
    services.enrol(user=learner_client.user, course=tree.course)
    services.complete_lesson(user=learner_client.user, lesson=tree.lessons[0])
    learner_client.get(tree.course.url)
    with django_assert_max_num_queries(24):
        response = learner_client.get(tree.course.url)
    assert response.status_code == 200


def test_course_index_query_count_is_pinned(learner_client, course_index, django_assert_max_num_queries):
    for n in range(5):
        tree = build_course(course_index, slug=f"course-{n}")
        services.enrol(user=learner_client.user, course=tree.course)
    learner_client.get(course_index.url)
    with django_assert_max_num_queries(21):
        response = learner_client.get(course_index.url)
    assert response.status_code == 200


def test_lesson_page_query_count_is_pinned(learner_client, course_index, django_assert_max_num_queries):
    tree = build_course(course_index, modules=3, lessons_per_module=4)
    services.enrol(user=learner_client.user, course=tree.course)
    learner_client.get(tree.lessons[1].url)
    with django_assert_max_num_queries(24):
        response = learner_client.get(tree.lessons[1].url)
    assert response.status_code == 200


def test_data_export_holds_my_profile_enrolments_and_certificates(learner_client, finished, learner):
    response = learner_client.get(reverse("courses:my_data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["profile"]["email"] == learner.email
    assert len(data["enrolments"][0]["lessons_done"]) == 4
    assert data["certificates"][0]["code"] == finished.code
    assert "quiz_attempts" in data


def test_data_export_holds_nothing_of_other_learners(client, finished):
    other = UserFactory()
    client.force_login(other)
    data = json.loads(client.get(reverse("courses:my_data")).content)
    assert data["profile"]["email"] == other.email
    assert data["enrolments"] == [] and data["certificates"] == []


def test_deleting_my_account_removes_me_and_keeps_certificates_verifiable_without_name(
    learner_client, finished, learner
):
    response = learner_client.post(
        reverse("courses:delete_account"), {"password": "correct horse battery staple", "confirm": "on"}
    )
    assert response.status_code == 200
    assert not User.objects.filter(pk=learner.pk).exists()
    assert not Enrolment.objects.exists() and not LessonProgress.objects.exists()
    certificate = Certificate.objects.get()
    assert certificate.user is None and certificate.holder_name == ""
    html = learner_client.get(f"/en/certificates/{certificate.code}/").content.decode()
    assert "Issued to a removed account" in html
    assert "Әсел" not in html


def test_account_deletion_needs_the_password(learner_client, learner):
    response = learner_client.post(reverse("courses:delete_account"), {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert User.objects.filter(pk=learner.pk).exists()
    assert "errorlist" in response.content.decode()


def test_delete_page_states_what_happens_to_certificates(learner_client):
    html = learner_client.get("/en/my-learning/delete-account/").content.decode()
    assert "issued to a removed account" in html


def test_staff_accounts_cannot_delete_themselves_here(client):
    coordinator = UserFactory(role="coordinator")
    client.force_login(coordinator)
    client.post(reverse("courses:delete_account"), {"password": "correct horse battery staple", "confirm": "on"})
    assert User.objects.filter(pk=coordinator.pk).exists()


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("courses:my_learning", {}),
        ("courses:my_data", {}),
        ("courses:delete_account", {}),
        ("courses:resume", {"enrolment_id": 1}),
        ("courses:certificate_pdf", {"code": "AAAA"}),
        ("courses:certificate_badge", {"code": "AAAA"}),
    ],
)
def test_learner_pages_send_anonymous_visitors_to_sign_in(client, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_data_export_includes_quiz_attempts(learner_client):
    from quizzes import services as quiz_services
    from tests.quizzes.factories import QuizFactory, true_false

    quiz = QuizFactory(title="Тест")
    true_false(quiz, answer=True)
    attempt = quiz_services.start_attempt(quiz=quiz, user=learner_client.user)
    quiz_services.submit_attempt(
        attempt=attempt,
        answers={str(pk): {"value": "true"} for pk in attempt.question_ids},
        idempotency_key=attempt.idempotency_key,
    )
    data = json.loads(learner_client.get(reverse("courses:my_data")).content)
    assert data["quiz_attempts"][0]["quiz"] == "Тест"
    assert "Тест" in learner_client.get("/kk/my-learning/").content.decode()
