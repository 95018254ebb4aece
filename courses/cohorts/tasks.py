"""Background work: invitations, reminders and change notices."""

from django.tasks import task

from . import services


@task
def send_invitation_task(*, invitation_id: int) -> bool:
    return services.send_invitation(invitation_id=invitation_id)


@task
def send_change_notices_task(*, session_id: int) -> int:
    return services.send_change_notices(session_id=session_id)


@task
def send_session_reminders_task() -> int:
    return services.send_due_reminders()
