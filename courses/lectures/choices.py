"""Fixed lists the lecture forms and statistics share."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    SCHOOL = "school_9_11", _("Grades 9–11")
    COLLEGE = "college_1_2", _("College years 1–2")


class LectureLanguage(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")


class Provider(models.TextChoices):
    JITSI = "jitsi", _("Jitsi (our own server)")
    BIGBLUEBUTTON = "bigbluebutton", _("BigBlueButton (our own server)")
    YOUTUBE = "youtube", _("YouTube Live (privacy-enhanced)")
    LINK = "link", _("A link only")


class Grade(models.TextChoices):
    """A class's grade (school) or year (college); the check-in never asks for anything finer."""

    GRADE_9 = "g9", _("Grade 9")
    GRADE_10 = "g10", _("Grade 10")
    GRADE_11 = "g11", _("Grade 11")
    COLLEGE_1 = "c1", _("College, year 1")
    COLLEGE_2 = "c2", _("College, year 2")


class ModerationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
