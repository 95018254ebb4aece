import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField


class Region(TranslatableMixin, models.Model):
    """A region or a city of republican significance. ``code`` is the current ISO 3166-2:KZ code."""

    class Kind(models.TextChoices):
        REGION = "region", _("region")
        CITY = "city", _("city of republican significance")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(_("ISO 3166-2:KZ code"), max_length=6, help_text=_("For example KZ-75."))
    former_code = models.CharField(
        _("former code"), max_length=6, blank=True,
        help_text=_("The alphabetic ISO code used before 2021 (for example KZ-ALA), if any."),
    )
    slug = models.SlugField(_("slug"), max_length=40, help_text=_("Latin letters; the same in every language."))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGION)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("former_code"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("sort_order"),
        FieldPanel("latitude"),
        FieldPanel("longitude"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("code", overridable=False),
        SynchronizedField("former_code", overridable=False),
        SynchronizedField("slug", overridable=False),
        SynchronizedField("kind", overridable=False),
        SynchronizedField("sort_order", overridable=False),
        SynchronizedField("latitude", overridable=False),
        SynchronizedField("longitude", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="directory_region_code_per_locale"),
            models.UniqueConstraint(fields=["slug", "locale"], name="directory_region_slug_per_locale"),
        ]

    def __str__(self) -> str:
        return self.name
