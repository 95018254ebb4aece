from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from courses.cohorts import services
from courses.cohorts.models import ChangeAction, ReminderSent, ScheduleChange, ScheduleStatus, Session

from .conftest import sign_in
from .factories import SessionFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(group):
    return SessionFactory(group=group, title="Бірінші кездесу")


def test_coordinator_submits_and_approver_approves(group, session, coordinator, approver):
    services.submit_schedule(group=group, by=coordinator)
    group.refresh_from_db()
    assert group.status == ScheduleStatus.SUBMITTED and group.submitted_by == coordinator
    services.approve_schedule(group=group, by=approver, comment="Келісілді")
    group.refresh_from_db()
    assert group.status == ScheduleStatus.APPROVED and group.reviewed_by == approver
    actions = list(ScheduleChange.objects.filter(group=group).values_list("action", flat=True))
    assert actions[:2] == [ChangeAction.APPROVED, ChangeAction.SUBMITTED]


def test_an_empty_schedule_cannot_be_submitted(group, coordinator):
    with pytest.raises(services.ReviewRefused):
        services.submit_schedule(group=group, by=coordinator)


def test_returning_needs_a_comment_and_reopens_the_draft(group, session, coordinator, approver):
    services.submit_schedule(group=group, by=coordinator)
    with pytest.raises(services.ReviewRefused):
        services.return_schedule(group=group, by=approver, comment="  ")
    services.return_schedule(group=group, by=approver, comment="Тренерді көрсетіңіз")
    group.refresh_from_db()
    assert group.status == ScheduleStatus.RETURNED and group.review_comment == "Тренерді көрсетіңіз"
    services.submit_schedule(group=group, by=coordinator)


def test_whoever_submitted_cannot_approve(group, session, approver):
    services.submit_schedule(group=group, by=approver)
    with pytest.raises(services.ReviewRefused):
        services.approve_schedule(group=group, by=approver)


def test_a_role_without_the_permission_cannot_approve(group, session, coordinator, other_coordinator):
    services.submit_schedule(group=group, by=coordinator)
    with pytest.raises(services.ReviewRefused):
        services.approve_schedule(group=group, by=other_coordinator)


def test_a_submitted_schedule_is_locked(group, session, coordinator):
    services.submit_schedule(group=group, by=coordinator)
    with pytest.raises(services.ScheduleLocked):
        services.update_session(session=session, by=coordinator, title="Басқа")


def _approve(group, coordinator, approver):
    services.submit_schedule(group=group, by=coordinator)
    services.approve_schedule(group=group, by=approver)


def test_change_after_approval_is_recorded_field_by_field(group, session, coordinator, approver):
    _approve(group, coordinator, approver)
    old_start = timezone.localtime(session.starts_at)
    new_start = old_start + timedelta(days=1)
    changes = services.update_session(session=session, by=coordinator, starts_at=new_start, venue="Онлайн бөлме 3")
    assert {c["field"] for c in changes} == {"starts_at", "venue"}
    entry = ScheduleChange.objects.filter(group=group, action=ChangeAction.CHANGED).get()
    assert entry.after_approval and entry.actor == coordinator
    starts = next(c for c in entry.changes if c["field"] == "starts_at")
    assert starts["before"] == old_start.strftime("%Y-%m-%d %H:%M")
    assert starts["after"] == new_start.strftime("%Y-%m-%d %H:%M")
    session.refresh_from_db()
    assert session.sequence == 1
    group.refresh_from_db()
    assert group.status == ScheduleStatus.APPROVED


def test_saving_without_changes_records_nothing(group, session, coordinator):
    assert services.update_session(session=session, by=coordinator, title=session.title) == []
    session.refresh_from_db()
    assert session.sequence == 0
    assert not ScheduleChange.objects.filter(action=ChangeAction.CHANGED).exists()


def test_removing_an_approved_session_cancels_it(group, session, coordinator, approver):
    _approve(group, coordinator, approver)
    services.delete_session(session=session, by=coordinator)
    session.refresh_from_db()
    assert session.cancelled and session.sequence == 1


def test_removing_a_draft_session_deletes_it_and_keeps_the_trail(group, session, coordinator):
    services.delete_session(session=session, by=coordinator)
    assert not Session.objects.filter(pk=session.pk).exists()
    entry = ScheduleChange.objects.get(action=ChangeAction.DELETED)
    assert entry.session_title == "Бірінші кездесу"


def test_members_are_told_once_per_change(group, session, coordinator, approver, django_capture_on_commit_callbacks):
    learner = member(group).user
    _approve(group, coordinator, approver)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_session(session=session, by=coordinator, venue="Жаңа мекенжай")
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([learner.email, session.trainer.email])
    assert "Жаңа мекенжай" in mail.outbox[0].body
    assert services.send_change_notices(session_id=session.pk) == 0
    assert ReminderSent.objects.filter(kind="changed").count() == 2


def test_schedule_page_shows_the_trail(coordinator_client, group, session, coordinator, approver):
    _approve(group, coordinator, approver)
    services.update_session(session=session, by=coordinator, venue="Жаңа мекенжай")
    html = coordinator_client.get(f"/en/staff/groups/{group.pk}/").content.decode()
    assert "Changes to the schedule" in html and "Жаңа мекенжай" in html and "after approval" in html


def test_approver_approves_through_the_review_page(client, group, session, coordinator, approver):
    services.submit_schedule(group=group, by=coordinator)
    sign_in(client, approver)
    url = f"/en/staff/groups/{group.pk}/review/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"comment": "", "approve": "1"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.status == ScheduleStatus.APPROVED


def test_review_page_keeps_the_comment_when_returning_fails(client, group, session, coordinator, approver):
    services.submit_schedule(group=group, by=coordinator)
    sign_in(client, approver)
    response = client.post(f"/en/staff/groups/{group.pk}/review/", {"comment": "", "return": "1"})
    assert response.status_code == 200
    assert "Say what should change" in response.content.decode()


def test_coordinator_without_permission_gets_404_on_review(coordinator_client, group, session, coordinator):
    services.submit_schedule(group=group, by=coordinator)
    assert coordinator_client.get(f"/en/staff/groups/{group.pk}/review/").status_code == 404


def test_session_form_keeps_input_and_shows_errors(coordinator_client, group):
    response = coordinator_client.post(
        f"/en/staff/groups/{group.pk}/sessions/new/",
        {
            "title": "Онлайн",
            "format": "online",
            "starts_at": "2026-12-10T10:00",
            "duration_minutes": "90",
            "capacity": "20",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "An online session needs a link." in html and 'value="Онлайн"' in html


def test_session_time_is_read_in_almaty(coordinator_client, group):
    response = coordinator_client.post(
        f"/en/staff/groups/{group.pk}/sessions/new/",
        {
            "title": "Кездесу",
            "format": "in_person",
            "starts_at": "2026-12-10T10:00",
            "duration_minutes": "90",
            "venue": "Алматы",
            "capacity": "20",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get(group=group)
    assert session.starts_at.isoformat() == "2026-12-10T05:00:00+00:00"


def test_schedule_page_query_count_does_not_grow(coordinator_client, group, coordinator, django_assert_max_num_queries):
    url = f"/en/staff/groups/{group.pk}/"
    SessionFactory(group=group)
    member(group)
    coordinator_client.get(url)  # warm the site and settings caches
    with django_assert_max_num_queries(20) as few:
        assert coordinator_client.get(url).status_code == 200
    for _ in range(5):
        session = SessionFactory(group=group)
        services.update_session(session=session, by=coordinator, venue="Басқа")
        member(group)
    with django_assert_max_num_queries(20) as many:
        assert coordinator_client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_check_in_page_query_count_does_not_grow(client, group, django_assert_max_num_queries):
    learner = member(group).user
    client.force_login(learner)
    SessionFactory(group=group)
    group.status = "approved"
    group.save()
    client.get("/en/learning/check-in/")
    with django_assert_max_num_queries(15) as few:
        client.get("/en/learning/check-in/")
    for _ in range(5):
        SessionFactory(group=group)
    with django_assert_max_num_queries(15) as many:
        client.get("/en/learning/check-in/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_only_changes_after_approval_are_flagged(group, session, coordinator, approver):
    _approve(group, coordinator, approver)
    services.update_session(session=session, by=coordinator, capacity=40)
    flags = dict(ScheduleChange.objects.values_list("action", "after_approval"))
    assert flags == {"submitted": False, "approved": False, "changed": True}
