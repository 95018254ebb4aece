from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Codes are printed under the QR code and may be typed by hand: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY3479"
CODE_LENGTH = 6


def default_language_regions() -> Q:
    """Regions are translatable (a row per language); a placement points at the default language's row
    and is matched across languages by the region's code."""
    return Q(locale__language_code=settings.LANGUAGE_CODE)


class PlacementKind(models.TextChoices):
    SCHOOL = "school", _("School")
    COLLEGE = "college", _("College")
    CLINIC = "clinic", _("Clinic")
    SERVICE_CENTRE = "service_centre", _("Public service centre")
    MEDIA = "media", _("Media")
    GOVERNMENT_WEBSITE = "government_website", _("Government website")


# The group an administrator adds coordinators and editors to so they manage placements in the
# admin (made by migration 0002, which keeps its own copy of the name).
PLACEMENT_MANAGERS = "Placement managers"


class Placement(models.Model):
    """A place where the help poster (or the widget) is put up: roadmap 4.3, steps 1–3.

    ``code`` travels in the poster's QR code so scans can be counted per place; it names the
    place, never the person scanning.
    """

    kind = models.CharField(_("kind"), max_length=32, choices=PlacementKind.choices)
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "directory.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="placements",
        limit_choices_to=default_language_regions,
    )
    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        editable=False,
        help_text=_("Printed under the QR code; made automatically."),
    )
    address = models.CharField(_("address or website"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["region", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        if not self.code:
            from .services import new_placement_code

            self.code = new_placement_code()
        super().save(*args, **kwargs)


class PlacementScan(models.Model):
    """How many times a placement's QR code was opened on one day (Asia/Almaty date).

    Deliberately only a counter: no address, user agent, cookie or time of day is kept, so a
    row cannot say anything about the child who scanned.
    """

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="scans")
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("scans"), default=0)

    class Meta:
        verbose_name = _("placement scans on a day")
        verbose_name_plural = _("placement scans per day")
        constraints = [models.UniqueConstraint(fields=["placement", "day"], name="unique_scan_counter_per_day")]
        indexes = [models.Index(fields=["day"], name="placement_scan_day")]

    def __str__(self) -> str:
        return f"{self.placement.code} {self.day}: {self.count}"
