from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.sitesearch.index import FoldedSearchMixin, folded_search_field

from ..blocks import StudentMaterialsBlock, TeacherMaterialsBlock
from ..choices import Audience, LectureLanguage


class LectureIndexPage(FoldedSearchMixin, Page):
    """All lecture series, and the teachers' listing of upcoming sessions (filterable)."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), folded_search_field()]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["lectures.LectureSeriesPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("lecture index")

    def get_context(self, request, *args, **kwargs):
        from ..forms import SessionFilterForm
        from ..selectors import upcoming_sessions

        context = super().get_context(request, *args, **kwargs)
        form = SessionFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        context["filter_form"] = form
        context["series_list"] = LectureSeriesPage.objects.child_of(self).live().public().specific().order_by("path")
        context["upcoming"] = upcoming_sessions(
            audience=filters.get("audience") or None, language=filters.get("language") or None
        )
        return context


class LectureSeriesPage(FoldedSearchMixin, Page):
    summary = models.TextField(_("summary"), max_length=600)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("audience")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), folded_search_field()]

    parent_page_types = ["lectures.LectureIndexPage"]
    subpage_types = ["lectures.LecturePage"]

    class Meta:
        verbose_name = _("lecture series")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lectures"] = LecturePage.objects.child_of(self).live().public().order_by("path")
        return context


class LecturePage(FoldedSearchMixin, Page):
    """One lecture: what it is about, for whom, by whom, with materials and its sessions."""

    topic = models.CharField(_("topic"), max_length=200)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    language = models.CharField(
        _("language of the lecture"), max_length=5, choices=LectureLanguage.choices, default=LectureLanguage.KAZAKH
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=45)
    summary = models.TextField(_("summary"), max_length=800)
    description = RichTextField(
        _("description"), blank=True, features=["h2", "h3", "bold", "italic", "ol", "ul", "link"]
    )
    teacher_materials = StreamField(TeacherMaterialsBlock(), verbose_name=_("materials for teachers"), blank=True)
    student_materials = StreamField(StudentMaterialsBlock(), verbose_name=_("materials for students"), blank=True)
    self_check_quiz = models.ForeignKey(
        "quizzes.Quiz",
        verbose_name=_("self-check quiz"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"allow_anonymous": True},
        help_text=_("An anonymous quiz students take after the lecture (the quiz must allow anonymous self-checks)."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("topic"),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("language"), FieldPanel("duration_minutes")],
            heading=_("For whom"),
        ),
        FieldPanel("summary"),
        FieldPanel("description"),
        InlinePanel("lecture_lecturers", label=_("Lecturers")),
        FieldPanel("teacher_materials"),
        FieldPanel("student_materials"),
        FieldPanel("self_check_quiz"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("topic"),
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("audience"),
        index.FilterField("language"),
        folded_search_field(),
    ]

    parent_page_types = ["lectures.LectureSeriesPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lecture")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import sessions_of

        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = sessions_of(lecture=self)
        context["lecturers"] = [link.lecturer.localized for link in self.lecture_lecturers.select_related("lecturer")]
        return context


class LectureLecturer(Orderable):
    page = ParentalKey(LecturePage, on_delete=models.CASCADE, related_name="lecture_lecturers")
    lecturer = models.ForeignKey(
        "lectures.Lecturer", verbose_name=_("lecturer"), on_delete=models.CASCADE, related_name="lecture_links"
    )

    panels = [FieldPanel("lecturer")]

    class Meta(Orderable.Meta):
        verbose_name = _("lecturer of a lecture")
