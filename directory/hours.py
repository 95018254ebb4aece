"""Opening hours read from a service's prefetched schedules, in Asia/Almaty time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .models import Schedule, Service
from .selectors import ALMATY, WEEKDAYS


@dataclass(frozen=True)
class DayHours:
    code: str
    label: str
    intervals: list[tuple[dt.time, dt.time]]
    is_today: bool


def _covers(schedule: Schedule, day: str, yesterday: str, now: dt.time) -> bool:
    overnight = schedule.closes_at <= schedule.opens_at
    if schedule.byday == day:
        if overnight:
            return schedule.opens_at <= now
        return schedule.opens_at <= now < schedule.closes_at
    return schedule.byday == yesterday and overnight and now < schedule.closes_at


def is_open_at(service: Service, moment: dt.datetime) -> bool:
    """The same rule as ``selectors.is_open_at``, for one service already in memory."""
    if service.open_24_7:
        return True
    moment = moment.astimezone(ALMATY)
    day = WEEKDAYS[moment.weekday()]
    yesterday = WEEKDAYS[(moment.weekday() - 1) % 7]
    now = moment.time()
    return any(_covers(schedule, day, yesterday, now) for schedule in service.schedules.all())


def weekly_hours(service: Service, moment: dt.datetime) -> list[DayHours]:
    """Monday to Sunday with each day's intervals (an empty list means closed)."""
    today = WEEKDAYS[moment.astimezone(ALMATY).weekday()]
    labels = dict(Schedule.Weekday.choices)
    by_day: dict[str, list[tuple[dt.time, dt.time]]] = {code: [] for code in WEEKDAYS}
    for schedule in service.schedules.all():
        by_day[schedule.byday].append((schedule.opens_at, schedule.closes_at))
    return [
        DayHours(code=code, label=str(labels[code]), intervals=sorted(by_day[code]), is_today=code == today)
        for code in WEEKDAYS
    ]
