"""The background worker waits out a database outage instead of exiting."""

import datetime as dt
import io

import pytest
from django.core.management import call_command, get_commands
from django.db import OperationalError
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet, TaskResultStatus

from cms.home.management.commands import db_worker


def a_worker(**options) -> db_worker.Worker:
    defaults = {
        "queue_names": ["default"],
        "interval": 0,
        "batch": True,  # return once a poll finds nothing to do
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "test-worker",
        "excluded_queue_names": [],
    }
    return db_worker.Worker(**(defaults | options))


def test_manage_db_worker_is_the_outage_tolerant_worker():
    assert get_commands()["db_worker"] == "cms.home"


@pytest.mark.django_db(transaction=True)
def test_worker_polls_again_after_the_database_goes_away(monkeypatch):
    real = DBTaskResultQuerySet.get_locked
    polls, pauses = [], []

    def unreachable_twice(self):
        polls.append(1)
        if len(polls) <= 2:
            raise OperationalError("the database system is shutting down")
        return real(self)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", unreachable_twice)
    monkeypatch.setattr(db_worker.time, "sleep", pauses.append)
    a_worker().run()
    assert len(polls) == 3
    assert pauses == [0.5, 1.0]


@pytest.mark.django_db(transaction=True)
def test_worker_asked_to_stop_during_an_outage_exits(monkeypatch):
    polls = []

    def unreachable(self):
        polls.append(1)
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", unreachable)
    worker = a_worker(batch=False)
    # SIGTERM arrives while the worker waits for the database (the signal handler clears running).
    monkeypatch.setattr(db_worker.time, "sleep", lambda seconds: setattr(worker, "running", False))
    worker.run()
    assert polls == [1]


@task
def record_run(marker: str) -> str:
    return marker


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def running_since(minutes: int, marker: str) -> DBTaskResult:
    result = record_run.enqueue(marker=marker)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - dt.timedelta(minutes=minutes)
    )
    return DBTaskResult.objects.get(pk=result.id)


@pytest.mark.django_db(transaction=True)
def test_worker_runs_again_a_task_left_running_by_a_dead_worker(database_tasks, settings):
    settings.TASKS_STALE_AFTER_MINUTES = 30
    stale = running_since(90, "stale")
    recent = running_since(5, "recent")
    a_worker().run()
    stale.refresh_from_db()
    recent.refresh_from_db()
    assert stale.status == TaskResultStatus.SUCCESSFUL
    assert stale.return_value == "stale"
    # Still within the time any task may take: another worker may be running it.
    assert recent.status == TaskResultStatus.RUNNING


@pytest.mark.django_db(transaction=True)
def test_requeue_stale_tasks_command_reports_the_count(database_tasks):
    running_since(90, "a")
    running_since(45, "b")
    running_since(5, "c")
    out = io.StringIO()
    call_command("requeue_stale_tasks", "--older-than", "60", stdout=out)
    assert out.getvalue().strip() == "1 task(s) put back in the queue"
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    assert DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count() == 2
