from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..blocks import AnswersBlock


class RevealAnswers(models.TextChoices):
    AFTER_EACH_ATTEMPT = "each", _("After each attempt")
    AFTER_PASSING_OR_LAST = "final", _("After passing, or after the last attempt")
    NEVER = "never", _("Never")


class Quiz(TranslatableMixin, index.Indexed, ClusterableModel):
    """A quiz: a pool of questions with the rules of an attempt. A translatable snippet.

    Translations share ``translation_key``; attempts, limits and results are counted per
    ``translation_key``, so a learner who passed the Kazakh version has passed the Russian one.
    The public URL is ``/<lang>/quizzes/<translation_key>/``.
    """

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("key"), max_length=80, help_text=_("A stable name used by courses and the demo, e.g. child-safety-pre-test.")
    )
    intro = models.TextField(_("introduction"), blank=True, max_length=2000)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark, %"), default=70, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: unlimited."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit, minutes"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Empty: no limit. Answers sent after the limit are not accepted; answers saved in time are scored."
        ),
    )
    draw_count = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Draw this many questions at random from the pool for each attempt. Empty: all questions."),
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_options = models.BooleanField(_("shuffle options"), default=True)
    reveal_answers = models.CharField(
        _("show correct answers and explanations"),
        max_length=8,
        choices=RevealAnswers.choices,
        default=RevealAnswers.AFTER_PASSING_OR_LAST,
    )
    allow_anonymous = models.BooleanField(
        _("anonymous self-check"),
        default=False,
        help_text=_(
            "Anyone may take it without an account (lecture self-checks). Only answers and the score are kept."
        ),
    )
    pre_test = models.ForeignKey(
        "self",
        verbose_name=_("pre-test"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="post_tests",
        help_text=_("Set this on a post-test: the pre-test it is compared with to show the knowledge gained."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("max_attempts"), FieldPanel("time_limit_minutes")]),
                FieldRowPanel(
                    [FieldPanel("draw_count"), FieldPanel("shuffle_questions"), FieldPanel("shuffle_options")]
                ),
                FieldPanel("reveal_answers"),
                FieldPanel("allow_anonymous"),
                FieldPanel("pre_test"),
            ],
            heading=_("Rules"),
        ),
        InlinePanel("questions", heading=_("Questions"), label=_("Question")),
    ]

    search_fields = [index.SearchField("title"), index.AutocompleteField("title"), index.FilterField("locale_id")]

    translatable_fields = [
        TranslatableField("title"),
        SynchronizedField("slug"),
        TranslatableField("intro"),
        SynchronizedField("pass_mark"),
        SynchronizedField("max_attempts"),
        SynchronizedField("time_limit_minutes"),
        SynchronizedField("draw_count"),
        SynchronizedField("shuffle_questions"),
        SynchronizedField("shuffle_options"),
        SynchronizedField("reveal_answers"),
        SynchronizedField("allow_anonymous"),
        TranslatableField("pre_test"),
        TranslatableField("questions"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="quizzes_quiz_unique_slug_locale")]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.pre_test_id and self.pre_test_id == self.pk:
            raise ValidationError({"pre_test": _("A quiz cannot be its own pre-test.")})
        if self.pre_test_id and self.pk and self.pre_test.translation_key == self.translation_key:
            raise ValidationError({"pre_test": _("A quiz cannot be its own pre-test.")})

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("quizzes:quiz", kwargs={"key": self.translation_key})

    @property
    def pass_fraction(self) -> Decimal:
        return Decimal(self.pass_mark) / 100


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")
    SHORT_ANSWER = "short", _("Short answer")
    MATCHING = "matching", _("Matching")


# Which answer blocks each kind uses.
ANSWER_BLOCKS = {
    QuestionKind.SINGLE: "option",
    QuestionKind.MULTIPLE: "option",
    QuestionKind.SHORT_ANSWER: "accepted_answer",
    QuestionKind.MATCHING: "pair",
}


class Question(TranslatableMixin, Orderable):
    """A question in a quiz's pool. Options, accepted answers and pairs live in ``answers``.

    Answer blocks keep their ids across edits and translations; attempts refer to them by id.
    """

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("type"), max_length=16, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("For editors only."))
    text = models.TextField(_("question"), max_length=4000)
    points = models.PositiveSmallIntegerField(_("points"), default=1, validators=[MinValueValidator(1)])
    answers = StreamField(
        AnswersBlock(),
        verbose_name=_("answers"),
        blank=True,
        help_text=_(
            "Single and multiple choice: options. Short answer: accepted answers. Matching: pairs. "
            "True or false uses the field below instead."
        ),
    )
    true_false_answer = models.BooleanField(
        _("the statement is true"), null=True, blank=True, help_text=_("For true-or-false questions only.")
    )
    feedback_correct = models.TextField(_("feedback on a correct answer"), blank=True, max_length=1000)
    feedback_incorrect = models.TextField(_("feedback on a wrong answer"), blank=True, max_length=1000)
    explanation = models.TextField(
        _("explanation"), blank=True, max_length=4000, help_text=_("Shown after submitting.")
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("points")]),
        FieldPanel("name"),
        FieldPanel("text"),
        FieldPanel("answers"),
        FieldPanel("true_false_answer"),
        FieldPanel("feedback_correct"),
        FieldPanel("feedback_incorrect"),
        FieldPanel("explanation"),
    ]

    translatable_fields = [
        SynchronizedField("kind"),
        TranslatableField("name"),
        TranslatableField("text"),
        SynchronizedField("points"),
        TranslatableField("answers"),
        SynchronizedField("true_false_answer"),
        TranslatableField("feedback_correct"),
        TranslatableField("feedback_incorrect"),
        TranslatableField("explanation"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.name or self.text[:80]

    def clean(self):
        super().clean()
        from ..scoring import question_problems

        problems = question_problems(self)
        if problems:
            raise ValidationError(dict(problems.items()))

    def blocks_of(self, block_type: str) -> list:
        return [block for block in self.answers if block.block_type == block_type]
