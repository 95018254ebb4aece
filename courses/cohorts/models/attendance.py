"""Who attended which session, and the courses whose completion needs attendance."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel

from .schedule import Session


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_attendance")
    status = models.CharField(_("attendance"), max_length=16, choices=AttendanceStatus.choices)
    self_checked_in = models.BooleanField(_("checked in themselves"), default=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="cohorts_attendance_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.session} · {self.status}"


class AttendanceRequirement(models.Model):
    """A course whose completion needs a share of its focus-group sessions attended.

    Kept here rather than on the course page so the courses app does not depend on focus groups;
    keyed by the course's translation key, so it holds for every language version.
    """

    course = models.OneToOneField(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="attendance_requirement", verbose_name=_("course")
    )
    min_percent = models.PositiveSmallIntegerField(
        _("sessions to attend, %"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Share of the learner's focus-group sessions held so far that they must attend."),
    )

    panels = [PageChooserPanel("course", "courses.CoursePage"), FieldPanel("min_percent")]

    class Meta:
        verbose_name = _("attendance requirement")
        verbose_name_plural = _("attendance requirements")

    def __str__(self) -> str:
        return f"{self.course} · {self.min_percent}%"
