"""Fixed lists the lecture forms and statistics share."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


# Regions by ISO 3166-2:KZ, with the letter codes the accounts app already stores on users.
# The three regions formed in 2022 (Abai, Jetisu, Ulytau) only have the numeric codes.
# The directory app may later own these as data; until then this list is the lectures' own.
class Region(models.TextChoices):
    ABAI = "KZ-10", pgettext_lazy("region", "Abai Region")
    AKMOLA = "KZ-AKM", pgettext_lazy("region", "Akmola Region")
    AKTOBE = "KZ-AKT", pgettext_lazy("region", "Aktobe Region")
    ALMATY_REGION = "KZ-ALM", pgettext_lazy("region", "Almaty Region")
    ATYRAU = "KZ-ATY", pgettext_lazy("region", "Atyrau Region")
    EAST = "KZ-VOS", pgettext_lazy("region", "East Kazakhstan Region")
    JAMBYL = "KZ-ZHA", pgettext_lazy("region", "Jambyl Region")
    JETISU = "KZ-33", pgettext_lazy("region", "Jetisu Region")
    KARAGANDA = "KZ-KAR", pgettext_lazy("region", "Karaganda Region")
    KOSTANAY = "KZ-KUS", pgettext_lazy("region", "Kostanay Region")
    KYZYLORDA = "KZ-KZY", pgettext_lazy("region", "Kyzylorda Region")
    MANGYSTAU = "KZ-MAN", pgettext_lazy("region", "Mangystau Region")
    NORTH = "KZ-SEV", pgettext_lazy("region", "North Kazakhstan Region")
    PAVLODAR = "KZ-PAV", pgettext_lazy("region", "Pavlodar Region")
    TURKISTAN = "KZ-YUZ", pgettext_lazy("region", "Turkistan Region")
    ULYTAU = "KZ-62", pgettext_lazy("region", "Ulytau Region")
    WEST = "KZ-ZAP", pgettext_lazy("region", "West Kazakhstan Region")
    ASTANA = "KZ-AST", pgettext_lazy("region", "Astana")
    ALMATY = "KZ-ALA", pgettext_lazy("region", "Almaty")
    SHYMKENT = "KZ-SHY", pgettext_lazy("region", "Shymkent")


class ModerationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
