"""Background work: issuing certificates and the daily expiry reminders."""

from django.tasks import task

from . import services


@task
def issue_certificate_task(*, enrolment_id: int, language_code: str) -> str | None:
    certificate = services.issue_certificate(enrolment_id=enrolment_id, language_code=language_code)
    return certificate.code if certificate else None


@task
def send_certificate_reminders_task() -> int:
    return services.send_expiry_reminders()
