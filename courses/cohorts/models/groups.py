"""Focus groups: who trains together, where, and who coordinates them."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.accounts.models import LEARNER_ROLES, Role
from cms.regions import RegionField

TARGET_ROLE_CHOICES = [(role.value, role.label) for role in Role if role in LEARNER_ROLES]


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class ScheduleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


class FocusGroup(models.Model):
    """A focus group of specialists trained together, with its training schedule.

    The schedule's approval state lives here: a group has one schedule, made of its sessions.
    """

    name = models.CharField(_("name"), max_length=200)
    region = RegionField(_("region"), max_length=16)
    agency = models.CharField(_("agency"), max_length=200, blank=True)
    target_roles = models.JSONField(_("target roles"), default=list, blank=True)
    courses = models.ManyToManyField(
        "courses.CoursePage", blank=True, related_name="focus_groups", verbose_name=_("courses")
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coordinated_groups", verbose_name=_("coordinators")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        through_fields=("group", "user"),
        related_name="focus_groups",
        verbose_name=_("members"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    status = models.CharField(
        _("schedule status"), max_length=16, choices=ScheduleStatus.choices, default=ScheduleStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    # Calendar feed for everyone in the group; rotating it cuts off every old subscription.
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("focus group")
        verbose_name_plural = _("focus groups")
        ordering = ["region", "name"]
        permissions = [("approve_schedule", _("Can approve training schedules"))]

    def __str__(self) -> str:
        return self.name

    @property
    def is_approved(self) -> bool:
        return self.status == ScheduleStatus.APPROVED

    @property
    def is_editable(self) -> bool:
        """A submitted schedule waits for the approver; drafts, returned and approved ones can change."""
        return self.status != ScheduleStatus.SUBMITTED

    @property
    def target_role_labels(self) -> list[str]:
        labels = dict(TARGET_ROLE_CHOICES)
        return [str(labels[code]) for code in self.target_roles if code in labels]


class Membership(models.Model):
    group = models.ForeignKey(FocusGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["user__last_name", "user__first_name", "user__email"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="cohorts_member_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.group}"


class Invitation(models.Model):
    """An invitation to set a password, for a person a coordinator added who had no account.

    ``sent_at`` is claimed by a conditional UPDATE before the email goes out, so a task that runs
    twice sends one email.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_invitations")
    group = models.ForeignKey(FocusGroup, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=8, default="kk")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["user", "group"], name="cohorts_invite_once")]

    def __str__(self) -> str:
        return f"{self.user} → {self.group}"
