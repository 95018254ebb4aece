"""Statistics for lecturers (their own lectures), coordinators (their region) and supervisors."""

import csv

from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cms.accounts.decorators import verified_staff_required
from cms.accounts.models import Role
from cms.regions import region_name

from .forms import StatisticsForm
from .selectors import approved_comments, narrow_region, scope_for, staff_sessions, statistics, visible_check_ins

STAFF = (Role.LECTURER, Role.COORDINATOR, Role.SUPERVISOR)


def _filters(request, scope):
    form = StatisticsForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    region = narrow_region(scope, data.get("region") or None)
    return form, data.get("group_by") or "lecture", region, data.get("audience") or None


@require_safe
@verified_staff_required(*STAFF)
def dashboard(request):
    scope = scope_for(request.user)
    form, group_by, region, audience = _filters(request, scope)
    rows = statistics(scope=scope, group_by=group_by, region=region, audience=audience)
    sessions = staff_sessions(scope=scope)[:50]
    return render(
        request,
        "lectures/staff/dashboard.html",
        {
            "form": form,
            "rows": rows,
            "group_by": group_by,
            "sessions": sessions,
            "region_label": region_name(region) if region else "",
            "query": request.GET.urlencode(),
        },
    )


@require_safe
@verified_staff_required(*STAFF)
def statistics_csv(request):
    scope = scope_for(request.user)
    _form, group_by, region, audience = _filters(request, scope)
    rows = statistics(scope=scope, group_by=group_by, region=region, audience=audience)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lecture-statistics-{group_by}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 (Kazakh letters) correctly only with a BOM.
    writer = csv.writer(response)
    writer.writerow(
        [
            group_by,
            "classes",
            "students",
            "self_checks",
            "self_check_average_percent",
            "feedback",
            "usefulness_average",
            "clarity_average",
            "knows_where_to_get_help_share",
        ]
    )

    def number(value, digits=2):
        return "" if value is None else f"{value:.{digits}f}"

    for row in rows:
        writer.writerow(
            [
                row.label,
                row.classes,
                row.students,
                row.self_checks,
                number(row.self_check_average, 1),
                row.feedback,
                number(row.usefulness_average),
                number(row.clarity_average),
                number(row.knows_help_share, 3),
            ]
        )
    return response


@require_safe
@verified_staff_required(*STAFF)
def session_detail(request, pk: int):
    scope = scope_for(request.user)
    session = get_object_or_404(scope.sessions().select_related("lecture"), pk=pk)
    region = narrow_region(scope, request.GET.get("region") or None)
    check_ins = visible_check_ins(scope=scope, session=session, region=region)
    totals = check_ins.aggregate(classes=Count("id"), students=Sum("students_present"))
    rows = statistics(scope=scope, group_by="session", region=region, session_ids=[session.pk])
    summary = next((row for row in rows if row.key == session.pk), None)
    return render(
        request,
        "lectures/staff/session.html",
        {
            "session": session,
            "check_ins": check_ins,
            "totals": totals,
            "summary": summary,
            "comments": approved_comments(session=session, region=region)[:100],
            "region_label": region_name(region) if region else "",
            "title": _("Session statistics"),
        },
    )
