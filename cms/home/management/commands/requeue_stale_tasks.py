"""``manage.py requeue_stale_tasks``: put back in the queue background tasks left "running" by a
worker that died. The worker does this itself; this command is for a scheduler (cron) when workers
sit idle for long, or by hand after an incident."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand

from cms.home.stale_tasks import requeue_stale_tasks


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=settings.TASKS_STALE_AFTER_MINUTES,
            help="minutes a task must have been running (default: TASKS_STALE_AFTER_MINUTES)",
        )

    def handle(self, *, older_than: int, **options):
        count = requeue_stale_tasks(older_than=dt.timedelta(minutes=older_than))
        self.stdout.write(f"{count} task(s) put back in the queue")
