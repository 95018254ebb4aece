from django.db import models
from django.utils.translation import gettext_lazy as _


class AudienceCode(models.TextChoices):
    SCHOOL_PSYCHOLOGIST = "school_psychologist", _("School psychologists")
    HEALTH_PSYCHOLOGIST = "health_psychologist", _("Health psychologists")
    TEACHER = "teacher", _("Teachers")
    SOCIAL_PEDAGOGUE = "social_pedagogue", _("Social pedagogues")


class Audience(models.Model):
    """Who a guideline is written for. The four rows come from a migration; labels are translated strings."""

    code = models.CharField(_("code"), max_length=32, choices=AudienceCode.choices, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")

    def __str__(self) -> str:
        return str(self.get_code_display())
