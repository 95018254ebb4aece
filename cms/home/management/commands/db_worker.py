"""``manage.py db_worker``: django_tasks_db's background worker, kept alive through database outages.

django_tasks_db's own worker exits on the first database error that is not a lock, so a PostgreSQL
restart would stop certificates and emails until someone restarted the worker by hand. This
command (it takes the place of django_tasks_db's, as cms.home comes first in INSTALLED_APPS) logs
the error, waits, and polls again, as the app servers do (CONN_HEALTH_CHECKS). It also puts back
in the queue tasks left "running" by a worker that died (cms.home.stale_tasks): when it starts,
after an outage, and every few minutes while it works. Same options.
"""

import logging
import os
import time

from django.core.management.base import CommandError
from django.db import InterfaceError, OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from cms.home.stale_tasks import requeue_stale_tasks

logger = logging.getLogger(__name__)


class Worker(db_worker.Worker):
    # Seconds between polls while the database does not answer: quick at first, then every 5 s.
    PAUSES = (0.5, 1.0, 2.0, 5.0)
    # Seconds between looks for tasks left running by a dead worker, while tasks keep coming.
    STALE_CHECK_EVERY = 300.0
    _stale_checked_at = 0.0

    def requeue_stale(self) -> None:
        self._stale_checked_at = time.monotonic()
        requeue_stale_tasks()

    def run_task(self, db_task_result) -> None:
        super().run_task(db_task_result)
        if time.monotonic() - self._stale_checked_at > self.STALE_CHECK_EVERY:
            self.requeue_stale()

    def run(self) -> None:
        failures = 0
        while True:
            try:
                self.requeue_stale()
                return super().run()
            except (OperationalError, InterfaceError) as error:
                if not self.running:
                    raise
                pause = self.PAUSES[min(failures, len(self.PAUSES) - 1)]
                if failures == 0:
                    logger.error("db_worker: database unavailable (%s); polling every few seconds", error)
                failures += 1
                # Drop the broken connection; the next poll opens a new one.
                connections.close_all()
                time.sleep(pause)


class Command(db_worker.Command):
    help = "Run a database background worker (waits out database outages instead of exiting)"

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        # django_tasks_db's handle() builds its own Worker class; this one is the same with ours.
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
