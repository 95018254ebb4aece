from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import gift_import_view
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


@hooks.register("register_admin_urls")
def register_gift_import_url():
    return [path("quizzes/import-gift/", gift_import_view, name="quizzes_gift_import")]


class GiftImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("quizzes.add_quiz") and request.user.has_perm("quizzes.change_quiz")


@hooks.register("register_admin_menu_item")
def register_gift_import_menu_item():
    return GiftImportMenuItem(_("Import quiz questions"), reverse("quizzes_gift_import"), icon_name="upload", order=301)


@hooks.register("register_snippet_listing_buttons")
def register_gift_import_listing_button(snippet, user, next_url=None):
    if isinstance(snippet, Quiz) and user.has_perm("quizzes.add_quiz") and user.has_perm("quizzes.change_quiz"):
        url = f"{reverse('quizzes_gift_import')}?quiz={snippet.pk}"
        yield ListingButton(_("Import questions (GIFT)"), url, icon_name="upload", priority=90)
