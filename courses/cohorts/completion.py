"""Attendance as part of a course's completion rule, for courses that ask for it."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses import completion

from .models import AttendanceRequirement, AttendanceStatus, Session


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
    )


def _counts(*, user, course) -> dict[str, int]:
    """The sessions of the learner's groups on this course: scheduled, held so far and attended of
    those held, in one query (distinct: a learner in two groups on the course is not counted twice)."""
    held = Q(starts_at__lte=timezone.now())
    return _scheduled(user=user, course=course).aggregate(
        scheduled=Count("pk", distinct=True),
        held=Count("pk", filter=held, distinct=True),
        present=Count(
            "pk",
            filter=held & Q(attendance__user=user, attendance__status=AttendanceStatus.PRESENT),
            distinct=True,
        ),
    )


def _percent(counts: dict[str, int]) -> int | None:
    return round(100 * counts["present"] / counts["held"]) if counts["held"] else None


def attendance_percent(*, user, course) -> int | None:
    """Share of the held sessions of the learner's groups on this course that they attended; None
    when no session has been held yet."""
    return _percent(_counts(user=user, course=course))


@completion.requirement(_("Attend the training sessions"), applies=attendance_applies)
def sessions_attended(*, enrolment, course) -> bool:
    rule = _rule(course)
    if rule is None:
        return True
    counts = _counts(user=enrolment.user, course=course)
    percent = _percent(counts)
    if percent is None:
        # Someone studying the course outside any focus group has no sessions to attend.
        return not counts["scheduled"]
    return percent >= rule.min_percent
