"""Background tasks left "running" by a worker that died (killed, out of memory, machine lost).

django_tasks_db marks a task RUNNING when a worker claims it and never looks at it again, so a
task whose worker died would never run (a certificate never issued, an email never sent). Every
task of this project is safe to run twice (certificates and notices are claimed by unique rows),
so a task running for longer than any of them ever takes is put back in the queue.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, TaskResultStatus

logger = logging.getLogger(__name__)


@transaction.atomic
def requeue_stale_tasks(*, older_than: dt.timedelta | None = None, now: dt.datetime | None = None) -> int:
    """Put tasks RUNNING since before ``older_than`` ago back in the queue; returns how many."""
    older_than = older_than or dt.timedelta(minutes=settings.TASKS_STALE_AFTER_MINUTES)
    cutoff = (now or timezone.now()) - older_than
    stale = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    )
    count = DBTaskResult.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).update(
        status=TaskResultStatus.READY, started_at=None
    )
    if count:
        logger.warning("Requeued %d background task(s) left running by a worker that stopped", count)
    return count
