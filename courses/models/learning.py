"""Who is enrolled on which course, and which lessons they have done.

Courses and lessons are translated pages, so progress is keyed by each page's translation key:
a learner who switches from Kazakh to Russian keeps every lesson they finished.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EnrolmentSource(models.TextChoices):
    SELF = "self", _("Enrolled themselves")
    ASSIGNED = "assigned", _("Assigned")
    DEMO = "demo", _("Demo data")


class Enrolment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("learner")
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("course")
    )
    course_key = models.UUIDField(_("course translation key"), editable=False, db_index=True)
    source = models.CharField(_("source"), max_length=16, choices=EnrolmentSource.choices, default=EnrolmentSource.SELF)
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    last_lesson_key = models.UUIDField(_("last lesson visited"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_at"]
        constraints = [models.UniqueConstraint(fields=["user", "course_key"], name="courses_one_enrolment_per_course")]

    def __str__(self) -> str:
        return f"{self.user} → {self.course}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class LessonProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="+")
    lesson_key = models.UUIDField(editable=False)
    completed_at = models.DateTimeField(_("completed"), auto_now_add=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson_key"], name="courses_lesson_done_once")]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.lesson_id}"
