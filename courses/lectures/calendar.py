"""iCalendar (RFC 5545) files for lecture sessions."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//Protect Children Together//Lectures//EN"


def session_calendar(*, session, title: str, description: str, url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    host = settings.WAGTAILADMIN_BASE_URL.split("//", 1)[-1].split("/", 1)[0]
    event.add("uid", f"lecture-session-{session.pk}@{host}")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    # UTC times need no VTIMEZONE block and every calendar shows them in its own zone.
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", title)
    event.add("description", description)
    event.add("url", url)
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()
