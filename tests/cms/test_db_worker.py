"""The background worker waits out a database outage instead of exiting."""

import pytest
from django.core.management import get_commands
from django.db import OperationalError
from django_tasks_db.models import DBTaskResultQuerySet

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
