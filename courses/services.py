"""Business rules for trainings: enrolment, progress, completion, certificates and the learner's data."""

import calendar
import hashlib
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import completion
from .models import Certificate, CoursePage, Enrolment, EnrolmentSource, LessonPage, LessonProgress


class EnrolmentRefused(Exception):
    """The learner may not enrol on this course themselves (their role is not in its audiences)."""


class NotEnrolled(Exception):
    """Progress was recorded for a course the learner is not enrolled on."""


def _canonical_course(course: CoursePage) -> CoursePage:
    return course.specific if not isinstance(course, CoursePage) else course


@transaction.atomic
def enrol(*, user, course: CoursePage, source: str = EnrolmentSource.SELF) -> Enrolment:
    """Enrol ``user`` on ``course`` (any of its translations). Enrolling twice returns the first enrolment.

    Self-enrolment needs the learner's role to be among the course's audiences; an assigned
    enrolment (by a coordinator, through focus groups) does not.
    """
    course = _canonical_course(course)
    existing = Enrolment.objects.filter(user=user, course_key=course.translation_key).first()
    if existing is not None:
        return existing
    if source == EnrolmentSource.SELF and not course.is_open_to(user.role):
        raise EnrolmentRefused(_("This course is not open to your role. Ask your coordinator to assign it to you."))
    try:
        with transaction.atomic():
            return Enrolment.objects.create(user=user, course=course, course_key=course.translation_key, source=source)
    except IntegrityError:
        # Two tabs enrolled at once: the other request won.
        return Enrolment.objects.get(user=user, course_key=course.translation_key)


def record_lesson_visit(*, user, lesson: LessonPage) -> None:
    """Remember the lesson a learner opened last, so "Continue" brings them back to it."""
    Enrolment.objects.filter(user=user, course_key=lesson.course.translation_key).exclude(
        last_lesson_key=lesson.translation_key
    ).update(last_lesson_key=lesson.translation_key)


@transaction.atomic
def complete_lesson(*, user, lesson: LessonPage, language_code: str | None = None) -> Enrolment:
    """Mark ``lesson`` done for ``user`` and complete the course if that was all it needed."""
    enrolment = Enrolment.objects.filter(user=user, course_key=lesson.course.translation_key).first()
    if enrolment is None:
        raise NotEnrolled
    LessonProgress.objects.get_or_create(
        enrolment=enrolment, lesson_key=lesson.translation_key, defaults={"lesson": lesson}
    )
    evaluate_completion(enrolment=enrolment, language_code=language_code)
    return enrolment


@transaction.atomic
def evaluate_completion(*, enrolment: Enrolment, language_code: str | None = None) -> bool:
    """Complete the enrolment when every requirement holds; the only code that sets ``completed_at``.

    The row is locked, so two lessons finished at the same moment complete the course once and
    enqueue one certificate.
    """
    enrolment = Enrolment.objects.select_for_update().select_related("course", "user").get(pk=enrolment.pk)
    if enrolment.is_complete:
        return True
    course = enrolment.course
    if not all(state.met for state in completion.evaluate(enrolment=enrolment, course=course)):
        return False
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    if course.certificate_enabled:
        from .tasks import issue_certificate_task

        language = language_code or translation.get_language() or course.locale.language_code
        transaction.on_commit(lambda: issue_certificate_task.enqueue(enrolment_id=enrolment.pk, language_code=language))
    return True


def evaluate_user_completions(*, user, language_code: str | None = None) -> None:
    """Re-check every unfinished course of ``user`` (after they pass a quiz, for example)."""
    for enrolment in Enrolment.objects.filter(user=user, completed_at__isnull=True):
        evaluate_completion(enrolment=enrolment, language_code=language_code)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _course_in(course: CoursePage, language_code: str) -> CoursePage:
    translated = course.get_translations(inclusive=True).live().filter(locale__language_code=language_code).first()
    return translated.specific if translated else course


@transaction.atomic
def issue_certificate(*, enrolment_id: int, language_code: str, notify: bool = True) -> Certificate | None:
    """The certificate for a completed enrolment, issued once per completion (safe to run twice)."""
    enrolment = Enrolment.objects.select_for_update().select_related("course", "user").filter(pk=enrolment_id).first()
    if enrolment is None or not enrolment.is_complete or not enrolment.course.certificate_enabled:
        return None
    existing = Certificate.objects.filter(enrolment=enrolment, completed_at=enrolment.completed_at).first()
    if existing is not None:
        return existing
    if language_code not in dict(settings.LANGUAGES):
        language_code = enrolment.course.locale.language_code
    course = _course_in(enrolment.course, language_code)
    issued_on = timezone.localdate()
    months = course.certificate_validity_months
    certificate = Certificate.objects.create(
        user=enrolment.user,
        enrolment=enrolment,
        completed_at=enrolment.completed_at,
        course=course,
        course_key=course.translation_key,
        holder_name=enrolment.user.full_name,
        course_title=course.title,
        hours=course.estimated_hours,
        language=language_code,
        issued_on=issued_on,
        expires_on=add_months(issued_on, months) if months else None,
    )
    if notify:
        from .notifications import certificate_issued

        transaction.on_commit(lambda: certificate_issued(certificate=certificate))
    return certificate


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, by, reason: str) -> Certificate:
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required.")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is None:
        certificate.revoked_at = timezone.now()
        certificate.revoked_reason = reason
        certificate.revoked_by = by
        certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    return certificate


def certificates_due_for_reminder(*, today: date | None = None):
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.CERTIFICATE_REMINDER_DAYS)
    return Certificate.objects.filter(
        revoked_at__isnull=True,
        reminder_sent_at__isnull=True,
        user__isnull=False,
        expires_on__isnull=False,
        expires_on__gte=today,
        expires_on__lte=horizon,
    )


def send_expiry_reminders(*, today: date | None = None) -> int:
    """Email each learner whose certificate expires soon, once per certificate; returns how many were sent.

    The claim (an UPDATE that only one worker can win) comes before the email, so two cron runs or
    two workers never send the same reminder twice.
    """
    from .notifications import certificate_expiring

    sent = 0
    for certificate in certificates_due_for_reminder(today=today).select_related("user"):
        claimed = Certificate.objects.filter(pk=certificate.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=timezone.now()
        )
        if claimed:
            certificate_expiring(certificate=certificate)
            sent += 1
    return sent


def identity_hash(*, email: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256(f"{email.lower()}{salt}".encode()).hexdigest()


@transaction.atomic
def delete_learner_account(*, user) -> None:
    """Delete a learner's account and everything about them, except what keeps certificates checkable.

    Certificates stay verifiable, so an employer holding a printed copy can still check it, but
    they no longer name anyone: the public page says "issued to a removed account".
    """
    Certificate.objects.filter(user=user).update(user=None, holder_name="")
    user.delete()
