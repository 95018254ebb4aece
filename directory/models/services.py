import uuid

from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from .organizations import Location, Organization
from .regions import Region
from .taxonomy import TaxonomyTerm

phone_number = RegexValidator(r"^\+?[0-9 ()-]{2,20}$", _("Enter digits, spaces, brackets or dashes only."))

# Languages services are given in (ISO 639-1, plus "sgn" for sign language, ISO 639-2).
LANGUAGE_CHOICES = [
    ("kk", _("Kazakh")),
    ("ru", _("Russian")),
    ("en", _("English")),
    ("uz", _("Uzbek")),
    ("ug", _("Uyghur")),
    ("ky", _("Kyrgyz")),
    ("tg", _("Tajik")),
    ("de", _("German")),
    ("ko", _("Korean")),
    ("tr", _("Turkish")),
    ("sgn", _("Sign language")),
]


# After a listed_<language> flag: the public list's order, then the columns its filters test
# (directory.selectors), so the list and its filters read the index alone.
LISTING_COLUMNS = (
    "pinned", "name", "id", "is_free", "anonymous", "open_24_7", "nationwide", "minimum_age", "maximum_age"
)


class ServiceStatus(models.TextChoices):
    """HSDS service.status; only active services are shown to the public."""

    ACTIVE = "active", _("active")
    INACTIVE = "inactive", _("inactive")
    DEFUNCT = "defunct", _("defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")


class Service(DraftStateMixin, RevisionMixin, TranslatableMixin, index.Indexed, ClusterableModel):
    """A help service (HSDS service). Published (``live``) and ``active`` services are public."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(_("name"), max_length=255)
    alternate_name = models.CharField(_("other name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    alert = models.CharField(
        _("alert"), max_length=500, blank=True, help_text=_("A short-term notice shown above the service.")
    )
    application_process = models.TextField(_("how to get help"), blank=True)
    interpretation_services = models.CharField(_("interpretation"), max_length=255, blank=True)
    fees_description = models.CharField(_("fees"), max_length=255, blank=True)
    eligibility_description = models.CharField(_("who it is for"), max_length=255, blank=True)
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    maximum_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    is_free = models.BooleanField(_("free of charge"), default=True)
    anonymous = models.BooleanField(_("anonymous"), default=False, help_text=_("Help without giving a name."))
    nationwide = models.BooleanField(_("nationwide"), default=False, help_text=_("Available in every region."))
    open_24_7 = models.BooleanField(_("open 24/7"), default=False)
    pinned = models.BooleanField(
        _("pinned first"), default=False, help_text=_("Shown first on every directory page (the 111 line).")
    )
    assured_date = models.DateField(_("last verified"), null=True, blank=True)
    assurer_email = models.EmailField(_("verified by (email)"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Whether this row is the one shown publicly in each language: published, active, and in that
    # language or (when not translated) the best fallback. Kept by directory.listing on every
    # save and delete, so public lists filter one indexed column instead of comparing translations.
    listed_kk = models.BooleanField(default=False, editable=False)
    listed_ru = models.BooleanField(default=False, editable=False)
    listed_en = models.BooleanField(default=False, editable=False)
    # Normalised text the search indexes: names and descriptions plus their Latin transliteration
    # and stems, rebuilt on save (directory.search.document_for).
    search_document = models.TextField(editable=False, blank=True, default="")

    panels = [
        FieldPanel("name"),
        FieldPanel("alternate_name"),
        FieldPanel("organization"),
        FieldPanel("description"),
        FieldPanel("alert"),
        FieldPanel("status"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("minimum_age"), FieldPanel("maximum_age")]),
                FieldPanel("eligibility_description"),
                FieldRowPanel([FieldPanel("is_free"), FieldPanel("anonymous")]),
                FieldPanel("fees_description"),
            ],
            heading=_("Who can get help"),
        ),
        MultiFieldPanel(
            [FieldPanel("nationwide"), InlinePanel("service_areas", label=_("Regions"))],
            heading=_("Where"),
        ),
        InlinePanel("attributes", label=_("Kinds of help"), min_num=1),
        InlinePanel("phones", label=_("Phones and messengers")),
        MultiFieldPanel(
            [FieldPanel("open_24_7"), InlinePanel("schedules", label=_("Opening hours"))],
            heading=_("Opening hours"),
        ),
        InlinePanel("languages", label=_("Languages")),
        InlinePanel("service_at_locations", label=_("Locations")),
        FieldPanel("application_process"),
        FieldPanel("interpretation_services"),
        FieldPanel("url"),
        FieldPanel("email"),
        MultiFieldPanel(
            [FieldPanel("assured_date"), FieldPanel("assurer_email")],
            heading=_("Verification"),
        ),
        FieldPanel("pinned"),
    ]
    override_translatable_fields = [
        SynchronizedField("status", overridable=False),
        SynchronizedField("minimum_age", overridable=False),
        SynchronizedField("maximum_age", overridable=False),
        SynchronizedField("is_free", overridable=False),
        SynchronizedField("anonymous", overridable=False),
        SynchronizedField("nationwide", overridable=False),
        SynchronizedField("open_24_7", overridable=False),
        SynchronizedField("pinned", overridable=False),
        SynchronizedField("assured_date", overridable=False),
        SynchronizedField("assurer_email", overridable=False),
    ]
    search_fields = [
        index.SearchField("search_document"),
        index.AutocompleteField("search_document"),
        index.FilterField("locale_id"),
        index.FilterField("live"),
        index.FilterField("status"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("help service")
        verbose_name_plural = _("help services")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["locale", "live", "status", "name"], name="directory_service_public"),
            models.Index(fields=["assured_date"], name="directory_service_assured"),
            # The public lists by language: the database walks one of these alone, in name order,
            # and stops at a page's LIMIT.
            models.Index(fields=["listed_kk", *LISTING_COLUMNS], name="directory_service_listing_kk"),
            models.Index(fields=["listed_ru", *LISTING_COLUMNS], name="directory_service_listing_ru"),
            models.Index(fields=["listed_en", *LISTING_COLUMNS], name="directory_service_listing_en"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """The public page, in the current language (the key is shared by every translation)."""
        return reverse("directory:service", kwargs={"key": self.translation_key})

    @property
    def age_range(self) -> tuple[int | None, int | None]:
        return self.minimum_age, self.maximum_age

    def save(self, *args, **kwargs):
        from directory.search import document_for, record_words

        self.search_document = document_for(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_document"}
        super().save(*args, **kwargs)
        record_words([self.search_document])
        from directory.listing import refresh_listing

        refresh_listing(self.translation_key)


class ServiceChild(Orderable):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta(Orderable.Meta):
        abstract = True


class ServiceAtLocation(ServiceChild):
    """The service delivered at a location (HSDS service_at_location)."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, verbose_name=_("location"), on_delete=models.CASCADE, related_name="+")
    description = models.CharField(_("note for this location"), max_length=255, blank=True)

    panels = [FieldPanel("location"), FieldPanel("description")]

    class Meta(ServiceChild.Meta):
        verbose_name = _("service at location")
        verbose_name_plural = _("services at locations")


class Phone(ServiceChild):
    """A way to reach the service (HSDS phone): a voice line, an SMS number or a messenger."""

    class Kind(models.TextChoices):
        VOICE = "voice", _("phone call")
        SMS = "sms", _("text message (SMS)")
        MESSENGER = "messenger", _("messenger")

    class Messenger(models.TextChoices):
        WHATSAPP = "whatsapp", "WhatsApp"
        TELEGRAM = "telegram", "Telegram"
        OTHER = "other", _("other")

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="phones")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.VOICE)
    number = models.CharField(_("number"), max_length=30, validators=[phone_number])
    extension = models.CharField(_("extension"), max_length=10, blank=True)
    messenger = models.CharField(_("messenger"), max_length=10, choices=Messenger.choices, blank=True)
    link = models.URLField(_("messenger link"), blank=True, help_text=_("For example https://t.me/... or https://wa.me/..."))
    free_of_charge = models.BooleanField(_("free call"), default=False)
    open_24_7 = models.BooleanField(_("24/7"), default=False)
    description = models.CharField(_("note"), max_length=255, blank=True)

    panels = [
        FieldPanel("kind"),
        FieldPanel("number"),
        FieldPanel("extension"),
        FieldPanel("messenger"),
        FieldPanel("link"),
        FieldRowPanel([FieldPanel("free_of_charge"), FieldPanel("open_24_7")]),
        FieldPanel("description"),
    ]

    class Meta(ServiceChild.Meta):
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    @property
    def tel(self) -> str:
        """The number as a tel:/sms: URI needs it: digits and a leading plus only."""
        return "".join(ch for ch in self.number if ch.isdigit() or ch == "+")


class Schedule(ServiceChild):
    """Weekly opening hours (HSDS schedule with freq WEEKLY and one byday).

    ``closes_at`` at or before ``opens_at`` means the interval runs past midnight.
    """

    class Weekday(models.TextChoices):
        MO = "MO", _("Monday")
        TU = "TU", _("Tuesday")
        WE = "WE", _("Wednesday")
        TH = "TH", _("Thursday")
        FR = "FR", _("Friday")
        SA = "SA", _("Saturday")
        SU = "SU", _("Sunday")

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="schedules")
    byday = models.CharField(_("day"), max_length=2, choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    description = models.CharField(_("note"), max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("byday"), FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("description"),
    ]

    class Meta(ServiceChild.Meta):
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        # "Open now" is checked service by service (selectors.is_open_at).
        indexes = [models.Index(fields=["service", "byday", "opens_at", "closes_at"], name="directory_schedule_hours")]


class ServiceArea(ServiceChild):
    """A region the service covers (HSDS service_area)."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    description = models.CharField(_("note"), max_length=255, blank=True)

    panels = [FieldPanel("region"), FieldPanel("description")]

    class Meta(ServiceChild.Meta):
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        # A region's services, read from the index alone (the region filter's id set).
        indexes = [models.Index(fields=["region", "service"], name="directory_area_region")]


class ServiceLanguage(ServiceChild):
    """A language the service is given in (HSDS language)."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language"), max_length=3, choices=LANGUAGE_CHOICES)
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [FieldPanel("code"), FieldPanel("note")]

    class Meta(ServiceChild.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        indexes = [models.Index(fields=["code", "service"], name="directory_language_code")]


class ServiceAttribute(ServiceChild):
    """A kind of help the service gives (HSDS attribute linking a taxonomy term)."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="attributes")
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, verbose_name=_("kind of help"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("taxonomy_term")]

    class Meta(ServiceChild.Meta):
        verbose_name = _("kind of help")
        verbose_name_plural = _("kinds of help")
        # A kind's services, read from the index alone (the kind filter's id set).
        indexes = [models.Index(fields=["taxonomy_term", "service"], name="directory_attribute_term")]
