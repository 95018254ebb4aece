import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField


class Taxonomy(TranslatableMixin, models.Model):
    """A vocabulary of terms (HSDS taxonomy); the directory ships one: kinds of help."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    uri = models.URLField(_("URI"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("uri")]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("uri", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(TranslatableMixin, models.Model):
    """A kind of help (HSDS taxonomy_term). ``code`` is stable and shared by all languages."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, verbose_name=_("taxonomy"), on_delete=models.PROTECT, related_name="terms")
    code = models.SlugField(_("code"), max_length=50, help_text=_("Latin letters; the same in every language."))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent term"), null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    term_uri = models.URLField(_("term URI"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("taxonomy"),
        FieldPanel("description"),
        FieldPanel("parent"),
        FieldPanel("term_uri"),
        FieldPanel("sort_order"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        TranslatableField("taxonomy"),
        TranslatableField("parent"),
        SynchronizedField("code", overridable=False),
        SynchronizedField("term_uri", overridable=False),
        SynchronizedField("sort_order", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("kind of help")
        verbose_name_plural = _("kinds of help")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="directory_term_code_per_taxonomy"),
        ]

    def __str__(self) -> str:
        return self.name
