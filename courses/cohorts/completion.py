"""Attendance as part of a course's completion rule, for courses that ask for it."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses import completion

from .models import Attendance, AttendanceRequirement, AttendanceStatus, Session


def _rule(course) -> AttendanceRequirement | None:
    return AttendanceRequirement.objects.filter(course__translation_key=course.translation_key).first()


def attendance_applies(*, course) -> bool:
    return _rule(course) is not None


def _scheduled(*, user, course):
    return Session.objects.filter(
        group__memberships__user=user,
        group__courses__translation_key=course.translation_key,
        group__status="approved",
        cancelled=False,
    ).distinct()


def attendance_percent(*, user, course) -> int | None:
    """Share of the held sessions of the learner's groups on this course that they attended; None
    when no session has been held yet."""
    held = _scheduled(user=user, course=course).filter(starts_at__lte=timezone.now())
    total = held.count()
    if not total:
        return None
    present = Attendance.objects.filter(session__in=held, user=user, status=AttendanceStatus.PRESENT).count()
    return round(100 * present / total)


@completion.requirement(_("Attend the training sessions"), applies=attendance_applies)
def sessions_attended(*, enrolment, course) -> bool:
    rule = _rule(course)
    if rule is None:
        return True
    percent = attendance_percent(user=enrolment.user, course=course)
    if percent is None:
        # Someone studying the course outside any focus group has no sessions to attend.
        return not _scheduled(user=enrolment.user, course=course).exists()
    return percent >= rule.min_percent
