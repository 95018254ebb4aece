"""Editors' tools in the Wagtail admin: CSV import with a dry run, CSV export, and the list of
services that nobody has verified for 12 months."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from . import selectors, services
from .models import Service

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# The import runs inside the request, within the app server's 30 s timeout: 1,000 rows took 7 s
# (load 6) to 17 s (load 10) on two shared cores (bench/directory_import.py). Longer files are
# split by the editor, or imported with the import_services command, which has no limit.
MAX_IMPORT_ROWS = 1500


def _require(request, *codenames: str) -> None:
    if not all(request.user.has_perm(f"directory.{codename}") for codename in codenames):
        raise PermissionDenied


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8, one row per service and language."))
    dry_run = forms.BooleanField(
        label=_("Only check the file (dry run)"), required=False, initial=True,
        help_text=_("Nothing is saved; every problem is listed."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        content = services.decode_upload(upload.read())
        if content is None:
            raise forms.ValidationError(_("The file is not text in UTF-8. Save it as “CSV UTF-8” and try again."))
        return content


class ImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "directory/admin/import.html"
    form_class = ImportForm
    page_title = _("Import help services")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        _require(request, "add_service", "change_service")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = services.COLUMNS
        context["required_columns"] = services.REQUIRED_COLUMNS
        return context

    def form_valid(self, form):
        report = services.import_services_csv(
            content=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"], user=self.request.user,
            max_rows=MAX_IMPORT_ROWS,
        )
        if report.ok and not report.dry_run:
            messages.success(
                self.request,
                _("Imported %(rows)d rows: %(created)d new, %(updated)d updated.")
                % {"rows": report.rows, "created": report.created, "updated": report.updated},
            )
        return self.render_to_response(self.get_context_data(form=form, report=report))


def export_view(request):
    _require(request, "view_service")
    response = HttpResponse(services.export_services_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="help-services-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


class NeedsVerificationView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "directory/admin/needs_verification.html"
    page_title = _("Services to verify")
    page_subtitle = _("not verified in the last 12 months")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        _require(request, "change_service")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(selectors.services_needing_verification(), 50).get_page(self.request.GET.get("p"))
        languages = selectors.languages_of(service.translation_key for service in page.object_list)
        for service in page.object_list:
            service.language_codes = languages.get(service.translation_key, [])
        context.update(page_obj=page, services=page.object_list)
        return context


@require_POST
def mark_verified_view(request, pk):
    _require(request, "change_service")
    service = get_object_or_404(Service, pk=pk)
    services.mark_verified(service=service, user=request.user)
    messages.success(request, _("“%(name)s” is marked as verified today.") % {"name": service.name})
    return redirect("directory_verification:index")


class ImportExportViewSet(ViewSet):
    name = "directory_csv"
    icon = "upload"
    menu_label = _("Import and export")

    def get_urlpatterns(self):
        return [
            path("", ImportView.as_view(), name="import"),
            path("export/", export_view, name="export"),
        ]


class VerificationViewSet(ViewSet):
    name = "directory_verification"
    icon = "warning"
    menu_label = _("Needs verification")

    def get_urlpatterns(self):
        return [
            path("", NeedsVerificationView.as_view(), name="index"),
            path("<uuid:pk>/verified/", mark_verified_view, name="verify"),
        ]


class DirectoryToolsGroup(ViewSetGroup):
    menu_label = _("Directory tools")
    menu_icon = "cogs"
    menu_order = 251
    items = (VerificationViewSet, ImportExportViewSet)
