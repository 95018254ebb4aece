from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import RelatedBlock, SectionBlock
from .audience import Audience

version_number = RegexValidator(
    r"^\d{1,3}(\.\d{1,3}){0,2}$", _("Use numbers separated by dots, for example 2.0 or 2.1.1.")
)


class GuidelineStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")


@dataclass(frozen=True)
class NumberedSection:
    number: int
    title: str
    content: object

    @property
    def anchor(self) -> str:
        # Anchors follow the numbers people cite ("see section 3"), so a link and a citation agree.
        return f"section-{self.number}"


class GuidelineIndexPage(Page):
    """The list of guidelines of one language, filtered by audience and searched with a GET form."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["guidelines.GuidelinePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("guideline index")

    def get_context(self, request, *args, **kwargs):
        from .. import selectors
        from ..forms import GuidelineFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = GuidelineFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        context["form"] = form
        context["page_obj"] = selectors.guideline_page_of_list(
            index=self,
            audience=filters.get("audience") or "",
            query=filters.get("q") or "",
            include_superseded=bool(filters.get("superseded")),
            page_number=request.GET.get("page"),
        )
        context["is_filtered"] = bool(filters.get("audience") or filters.get("q"))
        return context


class GuidelinePage(RoutablePageMixin, Page):
    """One version of a methodical guideline.

    A new major version is a new page whose ``supersedes`` names the page it replaces: the old one
    stays public, marked superseded, from the moment the new one is approved (published). Minor
    revisions of one version are published revisions of the same page; the change log reads them.
    """

    summary = models.TextField(_("summary"), max_length=600)
    audiences = ParentalManyToManyField(Audience, verbose_name=_("written for"), related_name="guidelines")
    version = models.CharField(_("version"), max_length=20, validators=[version_number])
    approving_body = models.CharField(_("approving body"), max_length=255, blank=True)
    approved_on = models.DateField(_("approval date"), null=True, blank=True)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("replaces the version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseding_pages",
        help_text=_("The earlier version this one replaces. It is marked superseded when this one is approved."),
    )
    change_summary = models.TextField(
        _("what changed in this version"),
        blank=True,
        max_length=2000,
        help_text=_("Shown in the public change log. Write it for readers, not for reviewers."),
    )
    sections = StreamField([("section", SectionBlock())], verbose_name=_("sections"))
    attachments = StreamField(
        [("document", DocumentChooserBlock(label=_("Document")))], verbose_name=_("attached documents"), blank=True
    )
    related = StreamField(RelatedBlock(), verbose_name=_("related trainings and lectures"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("version"),
                FieldPanel("approving_body"),
                FieldPanel("approved_on"),
                PageChooserPanel("supersedes", "guidelines.GuidelinePage"),
                FieldPanel("change_summary"),
            ],
            heading=_("Version"),
        ),
        FieldPanel("sections"),
        FieldPanel("attachments"),
        FieldPanel("related"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("sections"),
        index.FilterField("version"),
    ]

    parent_page_types = ["guidelines.GuidelineIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("guideline")

    def clean(self):
        super().clean()
        if self.supersedes_id and self.supersedes_id == self.pk:
            raise ValidationError({"supersedes": _("A version cannot replace itself.")})
        if self.supersedes_id and not self.alias_of_id and self.supersedes.locale_id != self.locale_id:
            raise ValidationError({"supersedes": _("Choose the earlier version in the same language.")})

    @property
    def sections_numbered(self) -> list[NumberedSection]:
        return [
            NumberedSection(number=number, title=block.value["title"], content=block.value["content"])
            for number, block in enumerate(self.sections, start=1)
        ]

    @cached_property
    def superseded_by(self) -> "GuidelinePage | None":
        """The approved page that replaces this one; only a published replacement counts."""
        if not self.pk:
            return None
        # An untranslated copy (alias) is replaced by whatever replaces its source, in its own language.
        replaced = [self.pk, self.alias_of_id] if self.alias_of_id else [self.pk]
        return (
            GuidelinePage.objects.live()
            .public()
            .filter(supersedes__in=replaced, locale_id=self.locale_id)
            .order_by("-first_published_at")
            .first()
        )

    @property
    def status(self) -> GuidelineStatus:
        if self.live and self.superseded_by is not None:
            return GuidelineStatus.SUPERSEDED
        if self.live:
            return GuidelineStatus.APPROVED
        if self.workflow_in_progress:
            return GuidelineStatus.UNDER_REVIEW
        return GuidelineStatus.DRAFT

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def changes_url(self) -> str:
        return (self.url or "") + self.reverse_subpage("changes")

    @property
    def pdf_url(self) -> str:
        return (self.url or "") + self.reverse_subpage("pdf")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.sections_numbered
        context["related_pages"] = [
            block.value.localized for block in self.related if block.value is not None and block.value.live
        ]
        return context

    def get_cached_paths(self) -> list[str]:
        # Purged with the page on publish: its change log and its PDF are cached too.
        return ["/", "changes/", "pdf/"]

    @path("")
    def guideline(self, request):
        return self.render(request)

    @path("changes/")
    def changes(self, request):
        from .. import selectors

        return self.render(
            request,
            template="guidelines/guideline_changes.html",
            context_overrides={"versions": selectors.change_log(guideline=self)},
        )

    @path("pdf/")
    def pdf(self, request):
        from ..pdf import pdf_response

        return pdf_response(guideline=self, request=request)
