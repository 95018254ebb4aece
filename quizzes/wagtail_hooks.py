from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Quiz


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = _("Quizzes")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["title", "slug", "pass_mark", "max_attempts", "allow_anonymous"]
    list_filter = ["allow_anonymous"]
    search_fields = ["title", "slug"]


register_snippet(QuizViewSet)
