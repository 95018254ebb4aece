from .attendance import Attendance, AttendanceRequirement, AttendanceStatus
from .groups import TARGET_ROLE_CHOICES, FocusGroup, Invitation, Membership, ScheduleStatus
from .schedule import (
    CHECKIN_ALPHABET,
    ChangeAction,
    ReminderKind,
    ReminderSent,
    ScheduleChange,
    Session,
    SessionFormat,
    TrainerFeed,
    new_checkin_code,
)

__all__ = [
    "CHECKIN_ALPHABET",
    "TARGET_ROLE_CHOICES",
    "Attendance",
    "AttendanceRequirement",
    "AttendanceStatus",
    "ChangeAction",
    "FocusGroup",
    "Invitation",
    "Membership",
    "ReminderKind",
    "ReminderSent",
    "ScheduleChange",
    "ScheduleStatus",
    "Session",
    "SessionFormat",
    "TrainerFeed",
    "new_checkin_code",
]
