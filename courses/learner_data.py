"""A learner's own data: what "My learning" lists and what "Download my data" hands over."""

from django.utils import timezone

from .models import Certificate, Enrolment
from .quiz_api import learner_attempts, learner_attempts_export


def quiz_attempts(*, user, limit: int | None = 50) -> list:
    """The learner's quiz attempts, newest first."""
    attempts = learner_attempts(user=user)
    return list(attempts[:limit] if limit else attempts)


def export(*, user) -> dict:
    enrolments = Enrolment.objects.filter(user=user).select_related("course").prefetch_related("progress__lesson")
    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "role": user.role,
            "agency": user.agency,
            "region": user.region,
            "organisation": user.organisation,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "enrolments": [
            {
                "course": enrolment.course.title,
                "course_url": enrolment.course.url,
                "source": enrolment.source,
                "enrolled_at": enrolment.enrolled_at.isoformat(),
                "completed_at": enrolment.completed_at.isoformat() if enrolment.completed_at else None,
                "lessons_done": [
                    {"lesson": item.lesson.title, "completed_at": item.completed_at.isoformat()}
                    for item in enrolment.progress.all()
                ],
            }
            for enrolment in enrolments
        ],
        "quiz_attempts": _attempts(user=user),
        "certificates": [
            {
                "code": certificate.code,
                "name": certificate.holder_name,
                "course": certificate.course_title,
                "hours": str(certificate.hours),
                "language": certificate.language,
                "issued_on": certificate.issued_on.isoformat(),
                "valid_until": certificate.expires_on.isoformat() if certificate.expires_on else None,
                "status": certificate.status().value,
                "revoked_reason": certificate.revoked_reason,
            }
            for certificate in Certificate.objects.filter(user=user)
        ],
    }


def _attempts(*, user) -> list[dict]:
    return learner_attempts_export(user=user)
