"""The reports area: coordinators see their own region's groups, supervisors every region (read only)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.accounts.decorators import verified_staff_required
from cms.accounts.models import Role
from cms.regions import region_name

from .. import exports, selectors
from ..forms import ReportFilterForm
from ..reports import COLUMNS, EXPIRING_DAYS, build_report

REPORT_ROLES = (Role.COORDINATOR, Role.SUPERVISOR)


def _report(request):
    form = ReportFilterForm(request.GET or None)
    # A bad date keeps the form's errors on screen and the report on the default period.
    data = form.cleaned_data if form.is_bound and form.is_valid() else _defaults()
    report = build_report(
        viewer=request.user, dimension=data["dimension"], date_from=data["date_from"], date_to=data["date_to"]
    )
    return form, report


def _defaults() -> dict:
    form = ReportFilterForm({})
    form.is_valid()
    return form.cleaned_data


def _scope_label(user) -> str:
    if selectors.sees_all_regions(user):
        return _("All regions")
    return region_name(user.region)


def _filename(report, extension: str) -> str:
    return f"training-report-{report.dimension}-{report.date_from:%Y%m%d}-{report.date_to:%Y%m%d}.{extension}"


@verified_staff_required(*REPORT_ROLES)
def report_view(request):
    form, report = _report(request)
    query = request.GET.urlencode()
    return render(
        request,
        "cohorts/reports/report.html",
        {
            "form": form,
            "report": report,
            "columns": [str(header) for _attr, header in COLUMNS],
            "scope": _scope_label(request.user),
            "query": query,
            "expiring_days": EXPIRING_DAYS,
        },
    )


@verified_staff_required(*REPORT_ROLES)
def report_csv_view(request):
    _form, report = _report(request)
    response = HttpResponse(exports.as_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "csv")}"'
    return response


@verified_staff_required(*REPORT_ROLES)
def report_xlsx_view(request):
    _form, report = _report(request)
    response = HttpResponse(
        exports.as_xlsx(report, title=report.dimension_label),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "xlsx")}"'
    return response


@verified_staff_required(*REPORT_ROLES)
def report_pdf_view(request):
    _form, report = _report(request)
    by_region = (
        build_report(viewer=request.user, dimension="region", date_from=report.date_from, date_to=report.date_to)
        if report.dimension != "region"
        else report
    )
    pdf = exports.as_pdf(
        by_region,
        context={
            "scope": _scope_label(request.user),
            "generated": timezone.localtime(),
            "viewer": request.user,
            "expiring_days": EXPIRING_DAYS,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "pdf")}"'
    return response
