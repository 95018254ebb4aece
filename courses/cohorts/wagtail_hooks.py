from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AttendanceRequirement


class AttendanceRequirementViewSet(SnippetViewSet):
    model = AttendanceRequirement
    icon = "tick"
    menu_label = _("Attendance requirements")
    add_to_admin_menu = False
    list_display = ["course", "min_percent"]


register_snippet(AttendanceRequirementViewSet)
