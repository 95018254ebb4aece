import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .regions import Region


class Organization(TranslatableMixin, models.Model):
    """Who provides services (HSDS organization)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=255)
    alternate_name = models.CharField(_("other name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    legal_status = models.CharField(_("legal status"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("alternate_name"),
        FieldPanel("description"),
        FieldPanel("email"),
        FieldPanel("website"),
        FieldPanel("legal_status"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("alternate_name"),
        TranslatableField("description"),
        TranslatableField("legal_status"),
        SynchronizedField("email"),
        SynchronizedField("website"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(TranslatableMixin, models.Model):
    """A place where services are given: HSDS location with its physical address folded in."""

    class LocationType(models.TextChoices):
        PHYSICAL = "physical", _("physical")
        POSTAL = "postal", _("postal")
        VIRTUAL = "virtual", _("virtual")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="locations"
    )
    location_type = models.CharField(
        _("type"), max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    name = models.CharField(_("name"), max_length=255)
    alternate_name = models.CharField(_("other name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("how to get there"), blank=True)
    url = models.URLField(_("URL of a virtual location"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    address_1 = models.CharField(_("street address"), max_length=255, blank=True)
    address_2 = models.CharField(_("address, second line"), max_length=255, blank=True)
    city = models.CharField(_("city or village"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="locations"
    )
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    country = models.CharField(_("country"), max_length=2, default="KZ", editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("organization"),
        FieldPanel("name"),
        FieldPanel("location_type"),
        MultiFieldPanel(
            [
                FieldPanel("address_1"),
                FieldPanel("address_2"),
                FieldPanel("city"),
                FieldPanel("region"),
                FieldPanel("postal_code"),
            ],
            heading=_("Address"),
        ),
        FieldPanel("transportation"),
        FieldPanel("description"),
        FieldPanel("url"),
        FieldPanel("latitude"),
        FieldPanel("longitude"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("alternate_name"),
        TranslatableField("description"),
        TranslatableField("transportation"),
        TranslatableField("address_1"),
        TranslatableField("address_2"),
        TranslatableField("city"),
        TranslatableField("organization"),
        TranslatableField("region"),
        SynchronizedField("location_type", overridable=False),
        SynchronizedField("url"),
        SynchronizedField("latitude", overridable=False),
        SynchronizedField("longitude", overridable=False),
        SynchronizedField("postal_code", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def address_text(self) -> str:
        """The address on one line, as people write it; no map needed."""
        parts = [self.address_1, self.address_2, self.city]
        return ", ".join(part for part in parts if part)
