"""Blocks of a guideline: numbered sections holding text, an algorithm of actions and checklists."""

from functools import cached_property
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class DirectoryChooserBlock(SnippetChooserBlock):
    """A snippet chooser for the directory's UUID-keyed models.

    Wagtail's ChooserBlock.bulk_to_python looks the stored ids (strings) up in ``in_bulk``'s result,
    which is keyed by UUID objects, so every value would load as None; the ids are converted first.
    """

    def bulk_to_python(self, values):
        pk = self.model_class._meta.pk
        return super().bulk_to_python([None if value is None else pk.to_python(value) for value in values])


class ReferralValue(blocks.StructValue):
    """Where a step sends the child. The 111 line is offered by the step itself, always.

    A directory service is linked only while it is public (published and active) in the reader's
    language or a fallback; otherwise the kind of help leads to the directory filtered by it.
    """

    @cached_property
    def public_service(self):
        from directory.selectors import public_services

        service = self.get("service")
        if service is None:
            return None
        return public_services(language_code=get_language()).filter(translation_key=service.translation_key).first()

    @cached_property
    def kind(self):
        from directory.models import TaxonomyTerm

        term = self.get("kind_of_help")
        if term is None:
            return None
        localized = TaxonomyTerm.objects.filter(
            translation_key=term.translation_key, locale__language_code=get_language()
        ).first()
        return localized or term

    @property
    def url(self) -> str:
        if self.public_service is not None:
            return self.public_service.get_absolute_url()
        if self.kind is not None:
            return f"{reverse('directory:help')}?{urlencode({'kind': self.kind.code})}"
        page = self.get("page")
        if page is not None and page.live:
            return page.localized.url or ""
        return ""

    @property
    def name(self) -> str:
        if self.get("label"):
            return self.get("label")
        if self.public_service is not None:
            return self.public_service.name
        if self.kind is not None:
            return self.kind.name
        page = self.get("page")
        if page is not None and page.live:
            return page.localized.title
        return ""


class ReferralBlock(blocks.StructBlock):
    service = DirectoryChooserBlock("directory.Service", label=_("Help service"), required=False)
    kind_of_help = DirectoryChooserBlock(
        "directory.TaxonomyTerm",
        label=_("Kind of help"),
        required=False,
        help_text=_("Used when the service is not public any more, or when no single service fits."),
    )
    label = blocks.CharBlock(
        label=_("Whom to refer to"),
        required=False,
        max_length=200,
        help_text=_("For example: the school psychologist. Leave empty to use the name of the service."),
    )
    page = blocks.PageChooserBlock(label=_("Page on this site"), required=False)
    note = blocks.CharBlock(label=_("When and how"), required=False, max_length=300)

    class Meta:
        value_class = ReferralValue
        icon = "link"
        label = _("Referral")

    def clean(self, value):
        value = super().clean(value)
        if not any(value.get(name) for name in ("service", "kind_of_help", "label", "page")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "service": ValidationError(_("Choose a help service or a kind of help, or name whom to refer to."))
                }
            )
        return value


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"), max_length=200)
    signs = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Signs"), min_num=1)
    actions = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Actions"), min_num=1)
    referrals = blocks.ListBlock(ReferralBlock(), label=_("Whom to refer to"), min_num=0)
    danger_to_life = blocks.BooleanBlock(
        label=_("Immediate danger: call 112 first"),
        required=False,
        help_text=_("Shows the emergency number before the other referrals."),
    )

    class Meta:
        icon = "arrow-right"
        label = _("Step")
        template = "guidelines/blocks/step.html"


class AlgorithmBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    intro = blocks.TextBlock(label=_("Introduction"), required=False, max_length=1000)
    steps = blocks.ListBlock(StepBlock(), label=_("Steps"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Algorithm of actions")
        template = "guidelines/blocks/algorithm.html"


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Items"), min_num=1)

    class Meta:
        icon = "tasks"
        label = _("Checklist")
        template = "guidelines/blocks/checklist.html"


class DocumentsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200, required=False)
    documents = blocks.ListBlock(DocumentChooserBlock(), label=_("Documents"), min_num=1)

    class Meta:
        icon = "doc-full"
        label = _("Documents")
        template = "guidelines/blocks/documents.html"


class SectionContentBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Text"), features=TEXT_FEATURES)
    algorithm = AlgorithmBlock()
    checklist = ChecklistBlock()
    documents = DocumentsBlock()


class SectionBlock(blocks.StructBlock):
    """A numbered section. Its number and anchor come from its position (see GuidelinePage.sections_numbered)."""

    title = blocks.CharBlock(label=_("Section title"), max_length=200)
    content = SectionContentBlock(label=_("Content"))

    class Meta:
        icon = "doc-full-inverse"
        label = _("Section")


class RelatedBlock(blocks.StreamBlock):
    page = blocks.PageChooserBlock(label=_("Training or lecture"))
