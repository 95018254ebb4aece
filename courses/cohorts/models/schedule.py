"""Training sessions, the audit trail of schedule changes, and the reminders already sent."""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .groups import FocusGroup

# No 0/O or 1/I/L: the code is read aloud and typed on phones.
CHECKIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CHECKIN_LENGTH = 6


def new_checkin_code() -> str:
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(CHECKIN_LENGTH))


class SessionFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class Session(models.Model):
    group = models.ForeignKey(
        FocusGroup, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("focus group")
    )
    title = models.CharField(_("title"), max_length=200)
    format = models.CharField(
        _("format"), max_length=16, choices=SessionFormat.choices, default=SessionFormat.IN_PERSON
    )
    starts_at = models.DateTimeField(_("starts"), help_text=_("Asia/Almaty time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration, minutes"), default=120, validators=[MinValueValidator(15), MaxValueValidator(12 * 60)]
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trained_sessions",
        verbose_name=_("trainer"),
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=30, validators=[MinValueValidator(1)])
    checkin_code = models.CharField(_("check-in code"), max_length=12, unique=True, default=new_checkin_code)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    # Stable across edits so calendars update the event instead of adding a second one.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # RFC 5545 SEQUENCE: raised on every change that calendars should pick up.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Fields whose change is recorded in the audit trail and announced to members.
    TRACKED_FIELDS = (
        "title",
        "format",
        "starts_at",
        "duration_minutes",
        "trainer",
        "venue",
        "online_url",
        "capacity",
        "cancelled",
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["starts_at"], name="cohorts_session_starts")]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def checkin_opens_at(self):
        return self.starts_at - timedelta(minutes=settings.COHORTS_CHECKIN_EARLY_MINUTES)

    def checkin_open(self, now) -> bool:
        return not self.cancelled and self.checkin_opens_at <= now <= self.ends_at


class ChangeAction(models.TextChoices):
    CREATED = "created", _("Session added")
    CHANGED = "changed", _("Session changed")
    DELETED = "deleted", _("Session removed")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


class ScheduleChange(models.Model):
    """One entry of a schedule's audit trail: who did what and when, with each field before and after.

    ``changes`` is a list of ``{"field", "label", "before", "after"}`` with values already rendered
    as text, so the trail reads the same after the session or the trainer is gone.
    """

    group = models.ForeignKey(FocusGroup, on_delete=models.CASCADE, related_name="changes")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes")
    session_title = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=16, choices=ChangeAction.choices)
    after_approval = models.BooleanField(default=False)
    changes = models.JSONField(default=list, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("schedule change")
        verbose_name_plural = _("schedule changes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.session_title}"

    def items(self) -> list[dict]:
        """The changed fields with their labels and values, in the reader's language."""
        display = {"format": dict(SessionFormat.choices), "cancelled": {"yes": _("Yes"), "no": _("No")}}
        rows = []
        for change in self.changes:
            name = change["field"]
            try:
                label = Session._meta.get_field(name).verbose_name
            except Exception:  # a field removed since: show its name
                label = name
            values = display.get(name, {})
            rows.append(
                {
                    "label": label,
                    "before": values.get(change["before"], change["before"]),
                    "after": values.get(change["after"], change["after"]),
                }
            )
        return rows


class ReminderKind(models.TextChoices):
    DAY_BEFORE = "day_before", _("A day before")
    CHANGED = "changed", _("Schedule changed")


class ReminderSent(models.Model):
    """What was emailed to whom, so each reminder goes out once however often cron runs."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    # The session's SEQUENCE the email described: a later change sends a new one.
    sequence = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["session", "user", "kind", "sequence"], name="cohorts_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.session_id} · {self.user_id}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class TrainerFeed(models.Model):
    """The secret that opens a trainer's calendar feed; rotating it cuts off old subscriptions."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainer_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    class Meta:
        verbose_name = _("trainer calendar feed")

    def __str__(self) -> str:
        return str(self.user)
