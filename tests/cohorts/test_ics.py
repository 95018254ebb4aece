from datetime import timedelta

import pytest
from icalendar import Calendar

from courses.cohorts import services
from courses.cohorts.ics import session_uid

from .factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(group, coordinator, approver):
    session = SessionFactory(group=group, title="Отбасымен жұмыс")
    services.submit_schedule(group=group, by=coordinator)
    services.approve_schedule(group=group, by=approver)
    return session


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    return calendar.walk("VEVENT")


def test_session_ics_is_valid_and_parses_back(client, approved):
    events = _events(client.get(f"/en/calendar/sessions/{approved.uid}.ics"))
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]) == session_uid(approved)
    assert event.decoded("DTSTART") == approved.starts_at.replace(microsecond=0)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=approved.duration_minutes)
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert "Отбасымен жұмыс" in str(event["SUMMARY"])
    assert event["DTSTAMP"]


def test_uid_stays_and_sequence_rises_on_change(client, approved, coordinator):
    url = f"/en/calendar/sessions/{approved.uid}.ics"
    first = _events(client.get(url))[0]
    services.update_session(session=approved, by=coordinator, venue="Басқа зал")
    second = _events(client.get(url))[0]
    assert first["UID"] == second["UID"]
    assert int(second["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    assert str(second["LOCATION"]) == "Басқа зал"


def test_cancelled_session_is_marked_cancelled(client, approved, coordinator):
    services.delete_session(session=approved, by=coordinator)
    event = _events(client.get(f"/en/calendar/sessions/{approved.uid}.ics"))[0]
    assert str(event["STATUS"]) == "CANCELLED"


def test_group_feed_opens_without_login_and_sets_no_cookie(client, approved, group):
    response = client.get(f"/en/calendar/groups/{group.feed_token}.ics")
    assert [str(e["UID"]) for e in _events(response)] == [session_uid(approved)]
    assert not response.cookies


def test_group_feed_lists_only_approved_schedules(client, group):
    SessionFactory(group=group)
    assert _events(client.get(f"/en/calendar/groups/{group.feed_token}.ics")) == []


def test_rotated_group_token_stops_the_old_feed(client, approved, group):
    old = group.feed_token
    new = services.rotate_group_feed(group=group)
    assert client.get(f"/en/calendar/groups/{old}.ics").status_code == 404
    assert client.get(f"/en/calendar/groups/{new}.ics").status_code == 200


def test_trainer_feed_lists_the_trainers_sessions(client, approved):
    from courses.cohorts.selectors import trainer_feed_for

    feed = trainer_feed_for(approved.trainer)
    events = _events(client.get(f"/en/calendar/trainers/{feed.token}.ics"))
    assert [str(e["UID"]) for e in events] == [session_uid(approved)]
    new = services.rotate_trainer_feed(user=approved.trainer)
    assert client.get(f"/en/calendar/trainers/{feed.token}.ics").status_code == 404
    assert client.get(f"/en/calendar/trainers/{new}.ics").status_code == 200


def test_unknown_token_is_404(client):
    assert client.get("/en/calendar/groups/not-a-token.ics").status_code == 404
