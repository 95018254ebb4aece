from functools import partial

from django.db import transaction
from wagtail import signals as wagtail_signals

# Wagtail connects its notifiers under these ids; ours take the same ids so that whichever app is
# ready first, only one sender of each email remains.
WAGTAIL_DISPATCH_UIDS = {
    "task_submitted": "group_approval_task_submitted_email_notification",
    "workflow_submitted": "workflow_state_submitted_email_notification",
    "workflow_approved": "workflow_state_approved_email_notification",
    "workflow_rejected": "workflow_state_rejected_email_notification",
}


def _enqueue_notification(sender, instance, *, event: str, user=None, **kwargs) -> None:
    from .tasks import send_workflow_notification

    user_id = user.pk if user is not None else None
    transaction.on_commit(
        lambda: send_workflow_notification.enqueue(event=event, state_id=instance.pk, user_id=user_id)
    )


def _set_up_review_workflow(sender, instance, **kwargs) -> None:
    from .services import ensure_review_workflow

    ensure_review_workflow(index=instance)


def connect() -> None:
    from .models import GuidelineIndexPage
    from .tasks import NOTIFIERS

    for event, uid in WAGTAIL_DISPATCH_UIDS.items():
        signal = getattr(wagtail_signals, event)
        sender = NOTIFIERS[event][0]
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(partial(_enqueue_notification, event=event), sender=sender, dispatch_uid=uid, weak=False)
    wagtail_signals.page_published.connect(
        _set_up_review_workflow, sender=GuidelineIndexPage, dispatch_uid="guidelines_review_workflow"
    )
