"""Public views (QR scan redirect, embeddable widget) and staff views (placements report, posters)."""

import csv

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from cms.accounts.decorators import verified_staff_required
from cms.accounts.models import Role

from . import selectors, services
from .forms import PosterForm, ReportFilterForm
from .models import Placement
from .posters import POSTER_LANGUAGES, SIZES, PosterOptions, poster_filename, render_poster

STAFF_ROLES = (Role.COORDINATOR, Role.EDITOR, Role.SUPERVISOR)


@require_safe
def scan(request, code: str):
    """Where a poster's QR code leads: count the scan, then show the region's help page.

    An unknown or retired code still lands on help (an old poster must never dead-end a child);
    only active placements are counted, and only real GETs (not HEAD probes). Nothing about the
    request is kept.
    """
    placement = Placement.objects.filter(code=services.normalise_code(code)).select_related("region").first()
    if placement is None:
        target = selectors.help_url(language=get_language())
    else:
        if placement.is_active and request.method == "GET":
            services.record_scan(placement=placement)
        target = selectors.region_help_url(region=placement.region, language=get_language())
    response = HttpResponseRedirect(target)
    # Every scan must reach the server to be counted; a cached redirect would hide it.
    patch_cache_control(response, no_store=True, private=True)
    return response


def frameable(view):
    """Let any origin frame this view: CSP frame-ancestors * (the rest of the policy unchanged)."""

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@xframe_options_exempt
@frameable
@require_safe
def widget(request):
    """The help box other websites embed in an iframe: 111 first, then the region's services.

    The only route that other origins may frame. It sets no cookie and needs no JavaScript.
    """
    context = selectors.widget_context(
        region_code=request.GET.get("region", ""), language=get_language(), request=request
    )
    response = render(request, "outreach/widget/widget.html", context)
    patch_cache_control(response, public=True, max_age=300)
    return response


def _placement_for(request, code: str) -> Placement:
    placement = Placement.objects.select_related("region").filter(code=services.normalise_code(code)).first()
    if placement is None:
        raise Http404
    if not selectors.can_see_placement(user=request.user, placement=placement):
        raise PermissionDenied
    return placement


@verified_staff_required(*STAFF_ROLES)
def placement_report(request):
    """Scans per placement and per region for a period; coordinators see their region only."""
    form = ReportFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_valid() or not request.GET else form.default_filters()
    placements = selectors.placements_visible_to(user=request.user)
    rows = selectors.scan_report(placements=placements, **filters)
    regions = selectors.region_totals(rows)
    if request.GET.get("format") == "csv" and form.is_valid():
        return _report_csv(rows, filters)
    return render(
        request,
        "outreach/placements/report.html",
        {
            "form": form,
            "rows": rows,
            "regions": regions,
            "total": sum(row.scans for row in rows),
            "filters": filters,
            "poster_sizes": SIZES,
            "poster_languages": POSTER_LANGUAGES,
            "csv_query": _with_format(request, "csv"),
        },
    )


def _with_format(request, value: str) -> str:
    query = request.GET.copy()
    query["format"] = value
    return query.urlencode()


def _report_csv(rows, filters) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    day_from, day_to = filters["date_from"], filters["date_to"]
    response["Content-Disposition"] = f'attachment; filename="placement-scans-{day_from}-{day_to}.csv"'
    # A byte-order mark lets spreadsheet programs read Kazakh and Russian names correctly.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Region code"),
            _("Region"),
            _("Code"),
            _("Placement"),
            _("Kind"),
            _("Active"),
            _("Scans"),
            _("Last scan"),
            _("From"),
            _("To"),
        ]
    )
    for row in rows:
        writer.writerow(
            [
                row.region_code,
                row.region_name,
                row.code,
                row.name,
                row.kind_label,
                _("yes") if row.is_active else _("no"),
                row.scans,
                row.last_scan or "",
                day_from,
                day_to,
            ]
        )
    return response


@verified_staff_required(*STAFF_ROLES)
def placement_poster(request, code: str):
    """The poster PDF of one placement, as a download."""
    placement = _placement_for(request, code)
    form = PosterForm(request.GET)
    if not form.is_valid():
        return HttpResponse(
            _("Choose a poster size (A4 or A3) and language (kk or ru)."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    options = PosterOptions(size=form.cleaned_data["size"], language=form.cleaned_data["language"])
    pdf = render_poster(placement=placement, options=options, base_url=selectors.site_base_url(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{poster_filename(placement, options)}"'
    return response
