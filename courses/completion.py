"""What "completed" means for a course: a list of requirements, all of which must hold.

This is the extension point for later rules. Attendance (a later issue) adds itself with::

    @completion.requirement(_("Attend the in-person sessions"))
    def sessions_attended(*, enrolment, course) -> bool: ...

Requirements are checked only on the server, by ``services.evaluate_completion``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Check = Callable[..., bool]


@dataclass(frozen=True)
class Requirement:
    label: str | Promise
    check: Check
    # Optional: whether the requirement applies to a course at all (so it is not listed where it does not).
    applies: Check | None = None


REQUIREMENTS: list[Requirement] = []


def requirement(label: str | Promise, *, applies: Check | None = None) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        REQUIREMENTS.append(Requirement(label=label, check=check, applies=applies))
        return check

    return register


@dataclass(frozen=True)
class RequirementState:
    label: str | Promise
    met: bool


def evaluate(*, enrolment, course) -> list[RequirementState]:
    return [
        RequirementState(label=item.label, met=item.check(enrolment=enrolment, course=course))
        for item in REQUIREMENTS
        if item.applies is None or item.applies(course=course)
    ]


@requirement(_("Finish every lesson"))
def all_lessons_done(*, enrolment, course) -> bool:
    from .selectors import done_keys, lesson_keys

    keys = set(lesson_keys(course=course))
    done = done_keys(enrolment=enrolment)
    return bool(keys) and keys <= done


@requirement(_("Pass the quizzes"))
def quizzes_passed(*, enrolment, course) -> bool:
    from .quiz_api import passed_all
    from .selectors import required_quizzes

    if not course.require_quizzes_passed:
        return True
    return passed_all(user=enrolment.user, quizzes=required_quizzes(course=course))
