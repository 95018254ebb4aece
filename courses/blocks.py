"""The blocks a lesson is made of. Every block renders as plain HTML that reads without JavaScript
and prints: accordions are <details>, videos carry their transcript on the page."""

from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from quizzes.blocks import QuizChooserBlock

from .video import parse_video_url

VIDEO_EXTENSIONS = {"mp4": "video/mp4", "webm": "video/webm"}
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
SHORT_RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


def _extension(document) -> str:
    return PurePosixPath(document.file.name).suffix.lstrip(".").lower() if document else ""


class VideoValue(blocks.StructValue):
    @property
    def embed(self):
        return parse_video_url(self.get("embed_url") or "")

    @property
    def mime_type(self) -> str:
        return VIDEO_EXTENSIONS.get(_extension(self.get("file")), "")


class VideoBlock(blocks.StructBlock):
    """An uploaded video (MP4 or WebM document) or a video on an allowlisted provider."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    file = DocumentChooserBlock(label=_("Video file (MP4 or WebM)"), required=False)
    embed_url = blocks.URLBlock(
        label=_("Or a video address"), required=False, help_text=_("YouTube, Vimeo or Rutube only.")
    )
    captions = DocumentChooserBlock(label=_("Captions (WebVTT file)"), required=False)
    captions_language = blocks.ChoiceBlock(
        label=_("Captions language"),
        choices=[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")],
        default="kk",
    )
    transcript = blocks.RichTextBlock(label=_("Transcript"), required=False, features=SHORT_RICH_TEXT_FEATURES)

    class Meta:
        value_class = VideoValue
        template = "courses/blocks/video.html"
        icon = "media"
        label = _("Video")

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        file, url = value.get("file"), value.get("embed_url")
        if bool(file) == bool(url):
            errors["file"] = ValidationError(_("Choose a video file or give a video address, not both."))
        elif file and _extension(file) not in VIDEO_EXTENSIONS:
            errors["file"] = ValidationError(_("The video file must be MP4 or WebM."))
        elif url and parse_video_url(url) is None:
            errors["embed_url"] = ValidationError(_("Only YouTube, Vimeo and Rutube video addresses can be embedded."))
        if value.get("captions") and _extension(value["captions"]) != "vtt":
            errors["captions"] = ValidationError(_("Captions must be a WebVTT (.vtt) file."))
        if file and not value.get("captions") and not value.get("transcript"):
            errors["captions"] = ValidationError(_("Add captions or a transcript so everyone can follow."))
        if url and not value.get("transcript"):
            errors["transcript"] = ValidationError(
                _("Embedded videos need a transcript: learners may not be able to load them.")
            )
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False, max_length=200)


class DocumentsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    documents = blocks.ListBlock(DocumentLinkBlock(), label=_("Documents"), min_num=1)

    class Meta:
        template = "courses/blocks/documents.html"
        icon = "doc-full"
        label = _("Document downloads")


class CaseStudyBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    situation = blocks.RichTextBlock(label=_("Situation"), features=SHORT_RICH_TEXT_FEATURES)
    questions = blocks.ListBlock(blocks.TextBlock(label=_("Question")), label=_("Questions to think about"))
    discussion = blocks.RichTextBlock(
        label=_("Discussion"),
        required=False,
        features=SHORT_RICH_TEXT_FEATURES,
        help_text=_("What a specialist should notice and do. Shown folded until the learner opens it."),
    )

    class Meta:
        template = "courses/blocks/case_study.html"
        icon = "user"
        label = _("Case study")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("info", _("Information")), ("important", _("Important")), ("tip", _("Tip"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=SHORT_RICH_TEXT_FEATURES)

    class Meta:
        template = "courses/blocks/callout.html"
        icon = "warning"
        label = _("Callout")


class AccordionItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    body = blocks.RichTextBlock(label=_("Text"), features=SHORT_RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Sections"), min_num=1)

    class Meta:
        template = "courses/blocks/accordion.html"
        icon = "list-ul"
        label = _("Accordion")


class LessonBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES, template="courses/blocks/text.html")
    video = VideoBlock()
    documents = DocumentsBlock()
    case_study = CaseStudyBlock()
    callout = CalloutBlock()
    accordion = AccordionBlock()
    quiz = QuizChooserBlock()
