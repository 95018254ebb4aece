"""Background tasks: workflow notification emails leave the request that triggered them."""

from django.contrib.auth import get_user_model
from django.tasks import task
from wagtail.admin import signal_handlers
from wagtail.models import TaskState, WorkflowState

# Wagtail's own notifiers (they render its templates in each reviewer's language and send through
# the configured mailer); only the moment of sending moves to a background worker.
NOTIFIERS = {
    "task_submitted": (TaskState, signal_handlers.task_submission_email_notifier),
    "workflow_submitted": (WorkflowState, signal_handlers.workflow_submission_email_notifier),
    "workflow_approved": (WorkflowState, signal_handlers.workflow_approval_email_notifier),
    "workflow_rejected": (WorkflowState, signal_handlers.workflow_rejection_email_notifier),
}


@task
def send_workflow_notification(*, event: str, state_id: int, user_id: int | None = None) -> bool:
    model, notifier = NOTIFIERS[event]
    state = model.objects.filter(pk=state_id).first()
    if state is None:
        return False
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return bool(notifier(instance=state, user=user))
