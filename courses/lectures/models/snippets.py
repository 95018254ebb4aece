from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Lecturer(TranslatableMixin, index.Indexed, models.Model):
    """A person from an agency or NGO who gives lectures; optionally linked to their account."""

    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=200)
    bio = models.TextField(_("short biography"), max_length=600, blank=True)
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The account that sees this lecturer's lectures, check-ins and feedback. Not unique: every
    # translation of the snippet points to the same person.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lecturer_profiles",
        limit_choices_to={"role": "lecturer"},
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("organisation"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("organisation"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("lecturer")
        verbose_name_plural = _("lecturers")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class LecturerFocusGroup(ClusterableModel):
    """A focus group of lecturers from agencies and NGOs (roadmap 4.2, step 1)."""

    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True, max_length=1000)
    formed_on = models.DateField(_("formed on"), null=True, blank=True)
    members = ParentalManyToManyField(Lecturer, verbose_name=_("members"), blank=True, related_name="focus_groups")

    panels = [FieldPanel("name"), FieldPanel("purpose"), FieldPanel("formed_on"), FieldPanel("members")]

    class Meta:
        verbose_name = _("lecturer focus group")
        verbose_name_plural = _("lecturer focus groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
