import pytest
from django.urls import reverse

from courses import completion, services
from courses.models import Certificate, Enrolment

pytestmark = pytest.mark.django_db


def test_course_completes_when_every_lesson_is_done(learner, course_tree):
    enrolment = services.enrol(user=learner, course=course_tree.course)
    for lesson in course_tree.lessons[:-1]:
        services.complete_lesson(user=learner, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    services.complete_lesson(user=learner, lesson=course_tree.lessons[-1])
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def test_a_client_cannot_mark_a_course_complete(learner_client, course_tree):
    enrolment = services.enrol(user=learner_client.user, course=course_tree.course)
    learner_client.post(
        reverse("courses:complete_lesson", kwargs={"lesson_id": course_tree.lessons[0].pk}),
        {"completed": "1", "course_complete": "true", "progress": "100"},
    )
    learner_client.post(
        reverse("courses:enrol", kwargs={"course_id": course_tree.course.pk}), {"completed_at": "2020-01-01"}
    )
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    assert not Certificate.objects.exists()


def test_unpublished_lessons_are_not_required(learner, course_tree):
    enrolment = services.enrol(user=learner, course=course_tree.course)
    course_tree.lessons[-1].unpublish()
    for lesson in course_tree.lessons[:-1]:
        services.complete_lesson(user=learner, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def test_an_extra_requirement_holds_completion_back(learner, course_tree, monkeypatch):
    # The extension point a later issue uses for attendance.
    extra = completion.Requirement(label="Attend", check=lambda *, enrolment, course: False)
    monkeypatch.setattr(completion, "REQUIREMENTS", [*completion.REQUIREMENTS, extra])
    enrolment = services.enrol(user=learner, course=course_tree.course)
    for lesson in course_tree.lessons:
        services.complete_lesson(user=learner, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None


def test_course_page_lists_what_is_left_to_complete(learner_client, course_tree):
    services.enrol(user=learner_client.user, course=course_tree.course)
    html = learner_client.get(course_tree.course.url).content.decode()
    assert "Finish every lesson" in html or "Әр сабақты аяқтаңыз" in html


def test_completion_issues_one_certificate_through_the_task(
    learner, course_tree, django_capture_on_commit_callbacks, mailoutbox
):
    services.enrol(user=learner, course=course_tree.course)
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in course_tree.lessons:
            services.complete_lesson(user=learner, lesson=lesson, language_code="kk")
    certificate = Certificate.objects.get()
    assert certificate.user == learner
    assert certificate.holder_name == "Әсел Ғалымқызы"
    assert certificate.course_title == course_tree.course.title
    assert certificate.expires_on is not None
    assert len(mailoutbox) == 1 and learner.email in mailoutbox[0].to
    # Running the issue again (a retried task) gives the same certificate.
    again = services.issue_certificate(enrolment_id=Enrolment.objects.get().pk, language_code="kk")
    assert again.pk == certificate.pk and Certificate.objects.count() == 1


def test_no_certificate_when_the_course_does_not_issue_one(learner, course_index, django_capture_on_commit_callbacks):
    from .conftest import build_course

    tree = build_course(course_index, modules=1, lessons_per_module=1, certificate_enabled=False)
    services.enrol(user=learner, course=tree.course)
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_lesson(user=learner, lesson=tree.lessons[0])
    assert not Certificate.objects.exists()
