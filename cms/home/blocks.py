from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class EntryPointValue(blocks.StructValue):
    @property
    def url(self) -> str:
        page = self.get("page")
        return page.localized.url if page else self.get("link") or ""


class EntryPointBlock(blocks.StructBlock):
    """One of the home page's doors: who it is for, what they find, where it leads."""

    audience = blocks.CharBlock(label=_("For whom"), max_length=80)
    title = blocks.CharBlock(label=_("Title"), max_length=80)
    text = blocks.TextBlock(label=_("Text"), max_length=240)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    link = blocks.CharBlock(label=_("Or a link on this site"), required=False, max_length=200)

    class Meta:
        value_class = EntryPointValue
        template = "home/blocks/entry_point.html"
        icon = "link"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("link"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or give a link."))}
            )
        link = value.get("link") or ""
        if link and not link.startswith("/"):
            raise blocks.StructBlockValidationError(
                block_errors={"link": ValidationError(_("Links must start with / (this site only)."))}
            )
        return value


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link"])

    class Meta:
        template = "home/blocks/callout.html"
        icon = "warning"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Heading"), form_classname="title", template="home/blocks/heading.html")
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
    )
    callout = CalloutBlock()
