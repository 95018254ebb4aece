"""Course index → course → module → lesson: the trainings as Wagtail pages."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.accounts.models import LEARNER_ROLES, Role
from cms.sitesearch.index import FoldedSearchMixin, folded_search_field

from ..blocks import LessonBlock

AUDIENCE_CHOICES = [(role.value, role.label) for role in Role if role in LEARNER_ROLES]


class RoleListField(models.JSONField):
    """A list of learner roles, edited as checkboxes."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=AUDIENCE_CHOICES,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
        )


class CourseIndexPage(FoldedSearchMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), folded_search_field()]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1
    template = "courses/course_index_page.html"

    class Meta:
        verbose_name = _("course index")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import course_cards

        context = super().get_context(request, *args, **kwargs)
        context["cards"] = course_cards(index=self, user=request.user)
        return context


class CoursePage(FoldedSearchMixin, Page):
    # Its lessons link their neighbours across modules and name the course and module: a change to
    # any of its pages purges them all from the page cache (cms.home.frontend_cache).
    purge_as_a_group = True

    summary = models.TextField(_("summary"), max_length=600)
    description = RichTextField(
        _("description"), blank=True, features=["h2", "h3", "bold", "italic", "ol", "ul", "link"]
    )
    audiences = RoleListField(
        _("audiences"),
        default=list,
        blank=True,
        help_text=_("Roles that may enrol themselves. Leave all unticked for a course open to every specialist."),
    )
    language = models.CharField(
        _("language of instruction"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Leave blank when it is the language of this page."),
    )
    learning_outcomes = StreamField(
        [("outcome", blocks.CharBlock(label=_("Outcome"), max_length=300))],
        verbose_name=_("learning outcomes"),
        blank=True,
    )
    estimated_hours = models.DecimalField(
        _("estimated time (hours)"),
        max_digits=5,
        decimal_places=1,
        default=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(500)],
    )
    pre_test = models.ForeignKey(
        "quizzes.Quiz",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pre-test"),
        help_text=_("Taken before the first lesson, to measure what learners knew."),
    )
    post_test = models.ForeignKey(
        "quizzes.Quiz",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("post-test"),
        help_text=_("Taken at the end. Pair it with the pre-test in the quiz settings to report knowledge gained."),
    )
    require_quizzes_passed = models.BooleanField(
        _("quizzes must be passed"),
        default=True,
        help_text=_("Completion needs every lesson done and, when ticked, every lesson quiz and the post-test passed."),
    )
    certificate_enabled = models.BooleanField(_("issue a certificate"), default=True)
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate validity (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(240)],
        help_text=_("For refresher cycles. Leave blank for a certificate that does not expire."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("audiences"), FieldPanel("language"), FieldPanel("estimated_hours")],
            heading=_("Who and how long"),
        ),
        FieldPanel("learning_outcomes"),
        MultiFieldPanel(
            [FieldPanel("pre_test"), FieldPanel("post_test"), FieldPanel("require_quizzes_passed")],
            heading=_("Tests and completion"),
        ),
        MultiFieldPanel(
            [FieldPanel("certificate_enabled"), FieldPanel("certificate_validity_months")],
            heading=_("Certificate"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        folded_search_field(),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]
    template = "courses/course_page.html"

    class Meta:
        verbose_name = _("course")

    @cached_property
    def language_code(self) -> str:
        if self.language:
            return self.language
        # An untranslated alias shows its source's text, so it is taught in the source's language.
        source = self.alias_of.specific if self.alias_of_id else self
        return source.language or source.locale.language_code

    @property
    def language_name(self) -> str:
        return dict(settings.LANGUAGES).get(self.language_code, self.language_code)

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(AUDIENCE_CHOICES)
        return [str(labels[code]) for code in self.audiences if code in labels]

    def is_open_to(self, role: str) -> bool:
        return not self.audiences or role in self.audiences

    def get_context(self, request, *args, **kwargs):
        from ..selectors import course_outline

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = course_outline(course=self, user=request.user)
        return context


class ModulePage(FoldedSearchMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), folded_search_field()]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]
    template = "courses/module_page.html"

    class Meta:
        verbose_name = _("module")

    @cached_property
    def course(self) -> CoursePage:
        return CoursePage.objects.ancestor_of(self).get()


class LessonPage(FoldedSearchMixin, Page):
    summary = models.TextField(_("summary"), blank=True, max_length=400)
    minutes = models.PositiveSmallIntegerField(_("reading time (minutes)"), null=True, blank=True)
    body = StreamField(LessonBlock(), verbose_name=_("lesson"))

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("minutes"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        folded_search_field(),
    ]

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []
    template = "courses/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")

    @cached_property
    def course(self) -> CoursePage:
        return CoursePage.objects.ancestor_of(self).get()

    @property
    def video_origins(self) -> list[str]:
        return sorted(
            {block.value.embed.origin for block in self.body if block.block_type == "video" and block.value.embed}
        )

    def get_context(self, request, *args, **kwargs):
        from ..selectors import lesson_context, lesson_quiz_cards

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_context(lesson=self, user=request.user))
        context["quiz_cards"] = lesson_quiz_cards(lesson=self, user=request.user)
        return context

    def serve(self, request, *args, **kwargs):
        from .. import services

        if request.user.is_authenticated:
            services.record_lesson_visit(user=request.user, lesson=self)
        response = super().serve(request, *args, **kwargs)
        if origins := self.video_origins:
            # Only lessons that embed an allowlisted player may frame it; every other page keeps frame-src 'self'.
            config = {**settings.SECURE_CSP, "frame-src": [*settings.SECURE_CSP["frame-src"], *origins]}
            response._csp_config = config
        return response
