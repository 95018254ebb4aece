"""Blocks: the answers inside a question, and the quiz chooser that lessons put in their StreamField."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class OptionBlock(blocks.StructBlock):
    """An option of a single- or multiple-choice question."""

    text = blocks.CharBlock(label=_("Option"), max_length=500)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    weight = blocks.IntegerBlock(
        label=_("Weight, %"),
        required=False,
        min_value=-100,
        max_value=100,
        help_text=_(
            "Leave empty for the usual rule. Single choice: a correct option gives 100 %, others 0 %. "
            "Multiple choice: each correct option gives an equal share, each wrong option takes the same share away."
        ),
    )
    feedback = blocks.TextBlock(label=_("Feedback when chosen"), required=False, max_length=1000)

    class Meta:
        icon = "list-ul"
        label = _("Option")


class AcceptedAnswerBlock(blocks.StructBlock):
    """An answer accepted for a short-answer question (compared after normalisation)."""

    text = blocks.CharBlock(label=_("Accepted answer"), max_length=300)
    weight = blocks.IntegerBlock(
        label=_("Credit, %"), required=False, min_value=0, max_value=100, help_text=_("Empty: 100 %.")
    )
    feedback = blocks.TextBlock(label=_("Feedback"), required=False, max_length=1000)

    class Meta:
        icon = "edit"
        label = _("Accepted answer")


class PairBlock(blocks.StructBlock):
    """A pair of a matching question. A pair without a prompt is a distractor on the answer side."""

    prompt = blocks.CharBlock(label=_("Item"), required=False, max_length=300)
    match = blocks.CharBlock(label=_("Matches"), max_length=300)

    class Meta:
        icon = "link"
        label = _("Pair")


class AnswersBlock(blocks.StreamBlock):
    option = OptionBlock()
    accepted_answer = AcceptedAnswerBlock()
    pair = PairBlock()


class QuizChooserBlock(SnippetChooserBlock):
    """A quiz inside a lesson: renders the quiz card (start, attempts left, best result) for the viewer."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Quiz"))
        super().__init__("quizzes.Quiz", **kwargs)

    def get_context(self, value, parent_context=None):
        from .selectors import quiz_cards

        context = super().get_context(value, parent_context=parent_context)
        card = None
        if value is not None:
            # The page's cards, read at once for all its quizzes (see LessonPage), else this one's own.
            card = context.get("quiz_cards", {}).get(value.pk)
            if card is None:
                request = context.get("request")
                card = quiz_cards(pks=[value.pk], user=getattr(request, "user", None)).get(value.pk)
        context["card"] = card
        return context

    class Meta:
        icon = "tasks"
        template = "quizzes/blocks/quiz_block.html"
