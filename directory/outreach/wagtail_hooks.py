from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import path, reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView, SnippetViewSet

from . import selectors
from .models import Placement


class RegionScopedFormMixin:
    """Coordinators may only pick, and only see, their own region's placements."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        user = self.request.user
        if "region" in form.fields and not selectors.sees_all_regions(user):
            field = form.fields["region"]
            field.queryset = field.queryset.filter(code__in=selectors.user_region_codes(user))
        return form


class RegionScopedObjectMixin:
    def get_object(self, queryset=None):
        placement = super().get_object(queryset)
        if not selectors.can_see_placement(user=self.request.user, placement=placement):
            raise PermissionDenied
        return placement


class PlacementCreateView(RegionScopedFormMixin, CreateView):
    pass


class PlacementEditView(RegionScopedObjectMixin, RegionScopedFormMixin, EditView):
    pass


class PlacementDeleteView(RegionScopedObjectMixin, DeleteView):
    pass


class PlacementViewSet(SnippetViewSet):
    model = Placement
    icon = "site"
    menu_label = _("Placements")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "kind", "region", "code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    copy_view_enabled = False
    add_view_class = PlacementCreateView
    edit_view_class = PlacementEditView
    delete_view_class = PlacementDeleteView
    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("region"),
        FieldPanel("address"),
        FieldPanel("is_active"),
    ]

    def get_queryset(self, request):
        return selectors.placements_visible_to(user=request.user).select_related("region")


register_snippet(PlacementViewSet)


class WidgetCodeView(WagtailAdminTemplateMixin, TemplateView):
    """Copy-paste iframe code of the help widget, per region and language, for other websites."""

    template_name = "outreach/admin/widget_code.html"
    page_title = _("Help widget for other websites")
    header_icon = "code"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        base_url = selectors.site_base_url()
        regions = selectors.region_names(language=settings.LANGUAGE_CODE)
        language = self.request.GET.get("language", settings.LANGUAGE_CODE)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        context["language"] = language
        context["languages"] = settings.LANGUAGES
        context["snippets"] = []
        for code, name in regions.items():
            url = selectors.widget_url(region_code=code, language=language, base_url=base_url)
            with translation.override(language):
                iframe = render_to_string("outreach/admin/iframe_snippet.txt", {"url": url})
            context["snippets"].append(
                {
                    "code": code,
                    "name": name,
                    "iframe": iframe.strip(),
                    "preview_url": selectors.widget_url(region_code=code, language=language, base_url=""),
                }
            )
        return context


@hooks.register("register_admin_urls")
def register_widget_code_url():
    return [path("help-widget/", WidgetCodeView.as_view(), name="outreach_widget_code")]


@hooks.register("register_admin_menu_item")
def register_widget_code_menu_item():
    return MenuItem(_("Help widget"), reverse("outreach_widget_code"), icon_name="code", order=320)


@hooks.register("register_admin_menu_item")
def register_scans_report_menu_item():
    # Lazy: the report lives under the language prefix of whoever opens the menu.
    return MenuItem(_("QR scans report"), reverse_lazy("outreach_staff:report"), icon_name="table", order=315)
