from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from courses.cohorts import services
from courses.cohorts.models import ReminderSent

from .factories import SessionFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def tomorrow(group, coordinator, approver):
    session = SessionFactory(group=group, starts_at=timezone.now() + timedelta(hours=20), title="Ертеңгі сессия")
    SessionFactory(group=group, starts_at=timezone.now() + timedelta(days=3), title="Кейінірек")
    services.submit_schedule(group=group, by=coordinator)
    services.approve_schedule(group=group, by=approver)
    return session


def test_reminder_goes_to_members_and_trainer_once(group, tomorrow):
    learners = [member(group).user, member(group).user]
    call_command("send_session_reminders", stdout=StringIO())
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([*(u.email for u in learners), tomorrow.trainer.email])
    assert all("Ертеңгі сессия" in message.subject for message in mail.outbox)
    call_command("send_session_reminders", stdout=StringIO())
    assert len(mail.outbox) == 3
    assert ReminderSent.objects.filter(kind="day_before").count() == 3


def test_reminder_is_in_kazakh_and_russian(group, tomorrow):
    member(group)
    services.send_due_reminders()
    body = mail.outbox[0].body
    assert "----" in body


def test_no_reminder_for_a_schedule_not_approved(group):
    SessionFactory(group=group, starts_at=timezone.now() + timedelta(hours=5))
    member(group)
    assert services.send_due_reminders() == 0
    assert not mail.outbox


def test_no_reminder_for_a_cancelled_session(group, tomorrow, coordinator):
    member(group)
    services.delete_session(session=tomorrow, by=coordinator)
    mail.outbox.clear()
    assert services.send_due_reminders() == 0


def test_a_change_after_the_reminder_does_not_repeat_the_day_before_reminder(group, tomorrow, coordinator):
    member(group)
    services.send_due_reminders()
    services.update_session(session=tomorrow, by=coordinator, venue="Басқа зал")
    mail.outbox.clear()
    assert services.send_due_reminders() == 0
