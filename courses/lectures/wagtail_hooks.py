from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import ClassCheckIn, Feedback, Lecturer, LecturerFocusGroup, LectureSession


class LecturerViewSet(SnippetViewSet):
    model = Lecturer
    icon = "user"
    list_display = ["name", "organisation", "user"]
    search_fields = ["name", "organisation"]


class FocusGroupViewSet(SnippetViewSet):
    model = LecturerFocusGroup
    icon = "group"
    list_display = ["name", "formed_on"]


class SessionViewSet(SnippetViewSet):
    model = LectureSession
    icon = "date"
    list_display = ["__str__", "starts_at", "provider", "check_in_code", "is_cancelled"]
    list_filter = ["provider", "is_cancelled"]
    ordering = ["-starts_at"]


class FeedbackModerationViewSet(SnippetViewSet):
    """Moderators read each comment and approve or reject it; marks are not editable."""

    model = Feedback
    icon = "comment"
    menu_label = _("Feedback moderation")
    list_display = ["session", "comment", "comment_status", "submitted_on"]
    list_filter = ["comment_status"]
    panels = [
        FieldPanel("session", read_only=True),
        FieldPanel("comment", read_only=True),
        FieldPanel("comment_status"),
    ]

    def get_queryset(self, request):
        return Feedback.objects.exclude(comment="").select_related("session__lecture")


class CheckInViewSet(SnippetViewSet):
    model = ClassCheckIn
    icon = "list-ul"
    list_display = ["school", "region", "grade", "class_letter", "students_present", "session"]
    list_filter = ["region", "grade"]
    panels = [
        FieldPanel("school"),
        FieldPanel("region"),
        FieldPanel("grade"),
        FieldPanel("class_letter"),
        FieldPanel("students_present"),
    ]


class LecturesGroup(SnippetViewSetGroup):
    menu_label = _("Lectures")
    menu_icon = "media"
    menu_order = 300
    items = (SessionViewSet, LecturerViewSet, FocusGroupViewSet, CheckInViewSet, FeedbackModerationViewSet)


register_snippet(LecturesGroup)
