"""iCalendar (RFC 5545) for sessions: one event, a focus group's feed, a trainer's feed.

Times are written in UTC, which every calendar understands without a VTIMEZONE; the UID is the
session's own and SEQUENCE its change counter, so an edit updates the event in place.
"""

from collections.abc import Iterable
from datetime import UTC, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Session, SessionFormat

PRODID = "-//Protect Children Together//Focus groups//EN"
UID_DOMAIN = "cohorts.protect-children"


def session_uid(session: Session) -> str:
    return f"{session.uid}@{UID_DOMAIN}"


def _event(session: Session) -> Event:
    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", session.updated_at.astimezone(UTC))
    event.add("last-modified", session.updated_at.astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", f"{session.title} · {session.group.name}")
    lines = [session.group.name]
    if session.trainer_id:
        lines.append(_("Trainer: %(name)s") % {"name": session.trainer.full_name})
    if session.format == SessionFormat.ONLINE and session.online_url:
        lines.append(_("Online: %(url)s") % {"url": session.online_url})
        event.add("url", session.online_url)
        event.add("location", session.online_url)
    elif session.venue:
        event.add("location", session.venue)
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
    return event


def calendar_for(sessions: Iterable[Session], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for session in sessions:
        calendar.add_component(_event(session))
    return calendar.to_ical()


def feed_sessions(queryset):
    """Sessions a feed lists: approved schedules only, from 90 days back (calendars keep older ones)."""
    since = timezone.now() - timedelta(days=90)
    return queryset.filter(group__status="approved", starts_at__gte=since).select_related("group", "trainer")
