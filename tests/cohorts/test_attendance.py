from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone

from cms.home import rate_limit
from cms.home.rate_limit import private_key
from courses.cohorts import services
from courses.cohorts.completion import attendance_percent
from courses.cohorts.models import Attendance, AttendanceRequirement
from courses.cohorts.views.public import CHECKIN_LIMIT
from courses.models import Enrolment
from tests.factories import UserFactory

from .conftest import sign_in
from .factories import SessionFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(group):
    return SessionFactory(group=group, starts_at=timezone.now() - timedelta(minutes=30), duration_minutes=120)


def test_trainer_marks_attendance(client, group, running):
    a, b, c = (member(group).user for _ in range(3))
    running.trainer.role = "lecturer"
    running.trainer.save()
    sign_in(client, running.trainer)
    url = f"/en/staff/sessions/{running.pk}/attendance/"
    assert client.get(url).status_code == 200
    response = client.post(url, {f"user_{a.pk}": "present", f"user_{b.pk}": "absent", f"user_{c.pk}": "excused"})
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("user_id", "status")) == {
        a.pk: "present",
        b.pk: "absent",
        c.pk: "excused",
    }


def test_marks_for_people_outside_the_group_are_ignored(group, running, coordinator):
    outsider = UserFactory()
    assert services.mark_attendance(session=running, by=coordinator, marks={outsider.pk: "present"}) == 0
    assert not Attendance.objects.exists()


def test_another_trainer_cannot_open_the_sheet(client, group, running):
    sign_in(client, UserFactory(role="lecturer", region="KZ-71"))
    assert client.get(f"/en/staff/sessions/{running.pk}/attendance/").status_code == 404


def test_learner_checks_in_during_the_session(client, group, running):
    learner = member(group).user
    client.force_login(learner)
    response = client.post("/en/learning/check-in/", {"code": running.checkin_code.lower()})
    assert response.status_code == 302
    mark = Attendance.objects.get(session=running, user=learner)
    assert mark.status == "present" and mark.self_checked_in


def test_the_same_check_in_posted_again_is_confirmed_and_recorded_once(client, group, running):
    # The first response was lost (server killed, connection dropped): the learner sends it again.
    learner = member(group).user
    client.force_login(learner)
    first = client.post("/en/learning/check-in/", {"code": running.checkin_code})
    again = client.post("/en/learning/check-in/", {"code": running.checkin_code}, follow=True)
    assert first.status_code == 302
    assert "You are checked in" in again.content.decode()
    assert Attendance.objects.filter(session=running, user=learner).count() == 1


def test_check_in_is_refused_before_the_window(group):
    learner = member(group).user
    session = SessionFactory(group=group, starts_at=timezone.now() + timedelta(hours=2))
    with pytest.raises(services.CheckInRefused):
        services.self_check_in(user=learner, code=session.checkin_code)
    opens = session.starts_at - timedelta(minutes=15)
    services.self_check_in(user=learner, code=session.checkin_code, now=opens + timedelta(seconds=1))
    assert Attendance.objects.filter(session=session, user=learner).exists()


def test_check_in_is_refused_after_the_session(client, group):
    learner = member(group).user
    session = SessionFactory(group=group, starts_at=timezone.now() - timedelta(hours=3), duration_minutes=60)
    client.force_login(learner)
    response = client.post("/en/learning/check-in/", {"code": session.checkin_code})
    assert response.status_code == 200
    assert "This session has ended" in response.content.decode()
    assert not Attendance.objects.exists()


def test_check_in_needs_membership_of_the_group(client, running):
    client.force_login(UserFactory())
    response = client.post("/en/learning/check-in/", {"code": running.checkin_code})
    assert "does not match any session" in response.content.decode()


def test_check_in_needs_login(client, running):
    response = client.post("/en/learning/check-in/", {"code": running.checkin_code})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# The message as translated in courses/cohorts/locale (a missing translation fails here).
TOO_MANY_TRIES = {
    "en": "Too many tries. Wait a few minutes and try again.",
    "ru": "Слишком много попыток. Подождите несколько минут и попробуйте снова.",
    "kk": "Әрекет тым көп. Бірнеше минут күтіп, қайталап көріңіз.",
}


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_check_in_tries_are_limited(client, group, running, language):
    learner = member(group).user
    client.force_login(learner)
    url = f"/{language}/learning/check-in/"
    for _ in range(CHECKIN_LIMIT):
        assert client.post(url, {"code": "ZZZZZZ"}).status_code == 200
    response = client.post(url, {"code": running.checkin_code})
    # Like the lecture check-in and feedback forms: the form again, with the reason next to the code.
    assert response.status_code == 200
    assert TOO_MANY_TRIES[language] in response.content.decode()
    assert not Attendance.objects.filter(user=learner).exists()
    # Counted per learner, under a key that does not name them.
    key = private_key("cohorts:checkin", learner.pk)
    assert caches["counters"].get(key) == CHECKIN_LIMIT + 1
    other = member(group).user
    client.force_login(other)
    assert client.post(url, {"code": running.checkin_code}).status_code == 302


def test_check_in_works_and_stays_limited_while_the_counters_cache_fails(client, group, running, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    counters = caches["counters"]
    for method in ("add", "incr", "set", "get"):
        monkeypatch.setattr(counters, method, unreachable)
    learner = member(group).user
    client.force_login(learner)
    assert client.post("/en/learning/check-in/", {"code": running.checkin_code}).status_code == 302
    for _ in range(CHECKIN_LIMIT - 1):
        assert client.post("/en/learning/check-in/", {"code": "ZZZZZZ"}).status_code == 200
    # Counted in the process meanwhile: refused past the limit, never a server error.
    response = client.post("/en/learning/check-in/", {"code": running.checkin_code})
    assert response.status_code == 200
    assert TOO_MANY_TRIES["en"] in response.content.decode()
    assert rate_limit._retry_at  # the limiter saw the outage


def test_attendance_requirement_holds_completion_until_sessions_are_attended(group, course, running, coordinator):
    from courses import services as course_services
    from courses.selectors import lessons_of

    group.courses.add(course)
    group.status = "approved"
    group.save()
    learner = member(group).user
    services.enrol_members(group=group)
    AttendanceRequirement.objects.create(course=course, min_percent=100)
    for lesson in lessons_of(course=course):
        course_services.complete_lesson(user=learner, lesson=lesson.specific)
    enrolment = Enrolment.objects.get(user=learner, course_key=course.translation_key)
    assert not enrolment.is_complete
    assert attendance_percent(user=learner, course=course) == 0
    services.mark_attendance(session=running, by=coordinator, marks={learner.pk: "present"})
    enrolment.refresh_from_db()
    assert enrolment.is_complete


def test_courses_without_the_requirement_do_not_list_it(course, group):
    from courses import completion

    learner = member(group).user
    enrolment = Enrolment.objects.create(user=learner, course=course, course_key=course.translation_key)
    labels = [str(state.label) for state in completion.evaluate(enrolment=enrolment, course=course)]
    assert "Attend the training sessions" not in labels
    AttendanceRequirement.objects.create(course=course, min_percent=50)
    labels = [str(state.label) for state in completion.evaluate(enrolment=enrolment, course=course)]
    assert "Attend the training sessions" in labels


def test_learner_outside_any_group_is_not_held_to_attendance(course):
    from courses.cohorts.completion import sessions_attended

    learner = UserFactory()
    enrolment = Enrolment.objects.create(user=learner, course=course, course_key=course.translation_key)
    AttendanceRequirement.objects.create(course=course, min_percent=80)
    assert sessions_attended(enrolment=enrolment, course=course)


def test_group_learner_waits_until_sessions_are_held(group, course):
    from courses.cohorts.completion import sessions_attended

    group.courses.add(course)
    group.status = "approved"
    group.save()
    SessionFactory(group=group, starts_at=timezone.now() + timedelta(days=2))
    learner = member(group).user
    enrolment = Enrolment.objects.create(user=learner, course=course, course_key=course.translation_key)
    AttendanceRequirement.objects.create(course=course, min_percent=80)
    assert not sessions_attended(enrolment=enrolment, course=course)


def test_attendance_counts_each_session_once_across_the_learners_groups(group, course):
    from courses.cohorts.completion import sessions_attended
    from courses.cohorts.models import Membership

    from .factories import FocusGroupFactory

    other = FocusGroupFactory(status="approved")
    for focus_group in (group, other):
        focus_group.courses.add(course)
        focus_group.status = "approved"
        focus_group.save()
    learner = member(group).user
    Membership.objects.create(group=other, user=learner)
    held = [SessionFactory(group=g, starts_at=timezone.now() - timedelta(days=d)) for g, d in ((group, 3), (other, 2))]
    SessionFactory(group=other, starts_at=timezone.now() - timedelta(days=1), cancelled=True)
    SessionFactory(group=group, starts_at=timezone.now() + timedelta(days=2))  # not held yet
    Attendance.objects.create(session=held[0], user=learner, status="present")
    Attendance.objects.create(session=held[1], user=UserFactory(), status="present")  # someone else
    enrolment = Enrolment.objects.create(user=learner, course=course, course_key=course.translation_key)
    assert attendance_percent(user=learner, course=course) == 50
    AttendanceRequirement.objects.create(course=course, min_percent=50)
    assert sessions_attended(enrolment=enrolment, course=course)
    AttendanceRequirement.objects.filter(course=course).update(min_percent=51)
    assert not sessions_attended(enrolment=enrolment, course=course)


def test_a_learner_in_no_group_of_the_course_costs_one_short_query(group, course, django_assert_num_queries):
    """Most learners study outside any focus group: their course page reads no sessions."""
    group.courses.add(course)
    group.status = "approved"
    group.save()
    SessionFactory(group=group, starts_at=timezone.now() - timedelta(days=1))
    outsider, insider = UserFactory(), member(group).user
    with django_assert_num_queries(1):
        assert attendance_percent(user=outsider, course=course) is None
    with django_assert_num_queries(2):
        assert attendance_percent(user=insider, course=course) == 0
