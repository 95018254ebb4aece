"""What a lecture leaves behind. None of these rows can identify a student: no names, no
accounts, no addresses, no cookies, no timestamps finer than a day for anything students send."""

import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.regions import RegionField

from ..choices import Grade, ModerationStatus

MAX_STUDENTS_PER_CLASS = 60
# How many forms' report tokens a class remembers: a form older than this many other reports of
# the same class, sent again, counts once more (the number of students is right either way).
REMEMBERED_REPORTS = 8
REPORT_TOKEN_LENGTH = 32
REPORT_TOKEN = re.compile(rf"[0-9a-f]{{{REPORT_TOKEN_LENGTH}}}")


class ClassCheckIn(models.Model):
    """One class watching one session, as its teacher reported it. Repeated reports of the same
    class (same session, school, region, grade and letter) update this one row."""

    session = models.ForeignKey(
        "lectures.LectureSession", verbose_name=_("session"), on_delete=models.CASCADE, related_name="check_ins"
    )
    school = models.CharField(_("school"), max_length=200)
    # The school name folded (case, spaces, quotes, "No."), so "Школа №5" and "школа  № 5" are one class.
    school_key = models.CharField(max_length=200, editable=False)
    region = RegionField(_("region"), max_length=8)
    grade = models.CharField(_("grade or course year"), max_length=4, choices=Grade.choices)
    class_letter = models.CharField(_("class letter"), max_length=3, blank=True)
    students_present = models.PositiveSmallIntegerField(
        _("students present"), validators=[MinValueValidator(1), MaxValueValidator(MAX_STUDENTS_PER_CLASS)]
    )
    reports = models.PositiveSmallIntegerField(_("times reported"), default=1)
    # The random tokens of the last forms that reported this class, oldest first, space-separated:
    # one of these forms sent again (a retry after a lost answer, a double tap, or a teacher going
    # back to an earlier form) is the same report, not another one.
    report_tokens = models.CharField(
        max_length=(REPORT_TOKEN_LENGTH + 1) * REMEMBERED_REPORTS, blank=True, editable=False
    )
    checked_in_at = models.DateTimeField(_("checked in at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("class check-in")
        verbose_name_plural = _("class check-ins")
        ordering = ["region", "school_key", "grade", "class_letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "school_key", "region", "grade", "class_letter"],
                name="lectures_one_checkin_per_class",
            )
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.get_grade_display()} {self.class_letter}".strip()

    def has_reported(self, token: str) -> bool:
        return bool(REPORT_TOKEN.fullmatch(token)) and token in self.report_tokens.split()

    def remember_report(self, token: str) -> None:
        """Anything but a well-formed token is no token: the report is counted, nothing is kept."""
        if REPORT_TOKEN.fullmatch(token):
            self.report_tokens = " ".join([*self.report_tokens.split(), token][-REMEMBERED_REPORTS:])


class Feedback(models.Model):
    """A student's anonymous feedback on a session. The comment is shown to nobody but
    moderators until a moderator approves it."""

    session = models.ForeignKey(
        "lectures.LectureSession", verbose_name=_("session"), on_delete=models.CASCADE, related_name="feedback"
    )
    region = RegionField(_("region"), max_length=8, blank=True)
    usefulness = models.PositiveSmallIntegerField(
        _("usefulness"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    clarity = models.PositiveSmallIntegerField(_("clarity"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    knows_where_to_get_help = models.BooleanField(_("knows where to get help"))
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    comment_status = models.CharField(
        _("comment status"), max_length=10, choices=ModerationStatus.choices, blank=True, db_index=True
    )
    submitted_on = models.DateField(_("submitted on"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.session} · {self.usefulness}/{self.clarity}"


class SelfCheckResult(models.Model):
    """The score of one anonymous self-check, linked to the session it followed."""

    session = models.ForeignKey(
        "lectures.LectureSession", verbose_name=_("session"), on_delete=models.CASCADE, related_name="self_checks"
    )
    region = RegionField(_("region"), max_length=8, blank=True)
    # The anonymous quiz attempt this score came from: one result per attempt, however often the
    # form is sent. The attempt itself holds only answers and a random key.
    attempt = models.OneToOneField(
        "quizzes.Attempt", null=True, blank=True, on_delete=models.SET_NULL, related_name="lecture_self_check"
    )
    score_percent = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    submitted_on = models.DateField(_("submitted on"), auto_now_add=True)

    class Meta:
        verbose_name = _("self-check result")
        verbose_name_plural = _("self-check results")

    def __str__(self) -> str:
        return f"{self.session} · {self.score_percent}%"
