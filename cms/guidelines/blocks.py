"""Blocks of a guideline: numbered sections holding text, an algorithm of actions and checklists."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class ReferralValue(blocks.StructValue):
    """Where a step sends the child. The 111 line is offered by the step itself, always."""

    # EXTENSION POINT (directory): when the directory's Service and kind-of-help term models are
    # merged, ``service`` and ``kind_of_help`` snippet choosers join ``page`` and ``label`` below and
    # these two properties prefer them: a live service's own page first, then the directory search
    # filtered by the kind of help.
    @property
    def url(self) -> str:
        page = self.get("page")
        if page is not None and page.live:
            return page.localized.url or ""
        return ""

    @property
    def name(self) -> str:
        page = self.get("page")
        if self.get("label"):
            return self.get("label")
        if page is not None and page.live:
            return page.localized.title
        return ""


class ReferralBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        label=_("Whom to refer to"),
        required=False,
        max_length=200,
        help_text=_("For example: the school psychologist, the juvenile inspector, a crisis centre."),
    )
    page = blocks.PageChooserBlock(label=_("Page on this site"), required=False)
    note = blocks.CharBlock(label=_("When and how"), required=False, max_length=300)

    class Meta:
        value_class = ReferralValue
        icon = "link"
        label = _("Referral")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("label") and not value.get("page"):
            raise blocks.StructBlockValidationError(
                block_errors={"label": blocks.BlockValidationError(_("Name whom to refer to or choose a page."))}
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
