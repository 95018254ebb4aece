"""Coordinators' and approvers' pages: focus groups, members, the schedule, its review and attendance.

Every object is looked up through the viewer's scope (selectors.visible_groups): another region's
group, session or member is a 404. Changing needs ``can_manage``; supervisors only read.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.accounts.decorators import verified_staff_required
from cms.accounts.models import Role

from .. import csv_import, selectors, services
from ..forms import AttendanceForm, FocusGroupForm, ImportForm, MemberForm, ReviewForm, SessionForm
from ..models import ChangeAction, FocusGroup, ScheduleStatus, Session

GROUP_ROLES = (Role.COORDINATOR, Role.SUPERVISOR)


def _group(request, pk: int) -> FocusGroup:
    group = selectors.group_detail(request.user, pk)
    if group is None:
        raise Http404
    return group


def _managed_group(request, pk: int) -> FocusGroup:
    group = _group(request, pk)
    if not selectors.can_manage(request.user, group):
        raise Http404
    return group


def _session(request, pk: int, *, manage: bool = True) -> Session:
    session = selectors.visible_sessions(request.user).filter(pk=pk).first()
    if session is None or (manage and not selectors.can_manage(request.user, session.group)):
        raise Http404
    return session


@verified_staff_required(*GROUP_ROLES)
def group_list_view(request):
    groups = selectors.group_list(request.user)
    status = request.GET.get("status", "")
    if status in ScheduleStatus.values:
        groups = groups.filter(status=status)
    return render(
        request,
        "cohorts/staff/group_list.html",
        {
            "groups": groups,
            "status": status,
            "statuses": ScheduleStatus.choices,
            "can_create": request.user.is_superuser or (request.user.role == Role.COORDINATOR and request.user.region),
            "can_review": request.user.has_perm("cohorts.approve_schedule"),
        },
    )


@verified_staff_required(Role.COORDINATOR)
def group_create_view(request):
    if not (request.user.is_superuser or request.user.region):
        raise Http404
    form = FocusGroupForm(request.POST or None, viewer=request.user, initial={"region": request.user.region})
    if request.method == "POST" and form.is_valid():
        group = form.save(commit=False)
        group = services.save_group(
            group=group,
            by=request.user,
            courses=form.cleaned_data["courses"],
            coordinators=[*form.cleaned_data["coordinators"], request.user]
            if request.user.role == Role.COORDINATOR
            else form.cleaned_data["coordinators"],
        )
        messages.success(request, _("The focus group has been created. Add members and sessions next."))
        return redirect("cohorts:group", pk=group.pk)
    return render(request, "cohorts/staff/group_form.html", {"form": form})


@verified_staff_required(Role.COORDINATOR)
def group_edit_view(request, pk: int):
    group = _managed_group(request, pk)
    form = FocusGroupForm(request.POST or None, instance=group, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_group(
            group=form.save(commit=False),
            by=request.user,
            courses=form.cleaned_data["courses"],
            coordinators=form.cleaned_data["coordinators"],
        )
        messages.success(request, _("The focus group has been saved."))
        return redirect("cohorts:group", pk=group.pk)
    return render(request, "cohorts/staff/group_form.html", {"form": form, "group": group})


@verified_staff_required(*GROUP_ROLES)
def group_detail_view(request, pk: int):
    group = _group(request, pk)
    return render(
        request,
        "cohorts/staff/group_detail.html",
        {
            "group": group,
            "sessions": selectors.group_sessions(group),
            "members": selectors.group_members(group),
            "trail": selectors.group_trail(group),
            "can_manage": selectors.can_manage(request.user, group),
            "can_approve": group.status == ScheduleStatus.SUBMITTED and selectors.can_approve(request.user, group),
            "feed_url": request.build_absolute_uri(reverse("cohorts:group_feed", kwargs={"token": group.feed_token})),
            "actions": ChangeAction,
        },
    )


@verified_staff_required(Role.COORDINATOR)
def member_add_view(request, pk: int):
    group = _managed_group(request, pk)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = services.NewPerson(
            email=data["email"],
            name=data["name"],
            role=data["role"],
            agency=data["agency"],
            organisation=data["organisation"],
        )
        _membership, created = services.add_person(group=group, person=person, by=request.user, language=get_language())
        if created:
            messages.success(
                request, _("%(email)s has been added and invited to set a password.") % {"email": data["email"]}
            )
        else:
            messages.success(request, _("%(email)s has been added to the group.") % {"email": data["email"]})
        return redirect("cohorts:group", pk=group.pk)
    return render(request, "cohorts/staff/member_form.html", {"form": form, "group": group})


@require_POST
@verified_staff_required(Role.COORDINATOR)
def member_remove_view(request, pk: int, user_id: int):
    group = _managed_group(request, pk)
    membership = group.memberships.filter(user_id=user_id).select_related("user").first()
    if membership is None:
        raise Http404
    services.remove_member(group=group, user=membership.user)
    messages.success(request, _("%(name)s has been removed from the group.") % {"name": membership.user.full_name})
    return redirect("cohorts:group", pk=group.pk)


@verified_staff_required(Role.COORDINATOR)
def member_import_view(request, pk: int):
    group = _managed_group(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        apply = "apply" in request.POST
        report = csv_import.run(
            group=group, text=form.cleaned_data["text"], by=request.user, language=get_language(), apply=apply
        )
        if report.applied:
            messages.success(
                request,
                _("Added %(added)d people; %(invited)d new people were invited to set a password.")
                % {"added": report.added + report.invited, "invited": report.invited},
            )
            return redirect("cohorts:group", pk=group.pk)
        form = ImportForm(initial={"content": form.cleaned_data["text"]}) if report.ok else ImportForm()
    return render(request, "cohorts/staff/member_import.html", {"form": form, "group": group, "report": report})


@verified_staff_required(Role.COORDINATOR)
def session_create_view(request, pk: int):
    group = _managed_group(request, pk)
    if not group.is_editable:
        messages.error(request, _("The schedule is waiting for approval and cannot change now."))
        return redirect("cohorts:group", pk=group.pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.create_session(group=group, by=request.user, session=form.save(commit=False))
        messages.success(request, _("The session has been added."))
        return redirect("cohorts:group", pk=group.pk)
    return render(request, "cohorts/staff/session_form.html", {"form": form, "group": group})


@verified_staff_required(Role.COORDINATOR)
def session_edit_view(request, pk: int):
    session = _session(request, pk)
    group = session.group
    if not group.is_editable:
        messages.error(request, _("The schedule is waiting for approval and cannot change now."))
        return redirect("cohorts:group", pk=group.pk)
    form = SessionForm(request.POST or None, instance=Session.objects.get(pk=session.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        changes = services.update_session(session=session, by=request.user, **fields)
        if changes:
            messages.success(request, _("The session has been changed."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("cohorts:group", pk=group.pk)
    return render(request, "cohorts/staff/session_form.html", {"form": form, "group": group, "session": session})


@require_POST
@verified_staff_required(Role.COORDINATOR)
def session_delete_view(request, pk: int):
    session = _session(request, pk)
    try:
        services.delete_session(session=session, by=request.user)
    except services.ScheduleLocked as locked:
        messages.error(request, str(locked))
    else:
        messages.success(
            request,
            _("The session has been cancelled.") if session.group.is_approved else _("The session has been removed."),
        )
    return redirect("cohorts:group", pk=session.group_id)


@require_POST
@verified_staff_required(Role.COORDINATOR)
def schedule_submit_view(request, pk: int):
    group = _managed_group(request, pk)
    try:
        services.submit_schedule(group=group, by=request.user)
    except services.ReviewRefused as refusal:
        messages.error(request, str(refusal.args[0]))
    else:
        messages.success(request, _("The schedule has been sent for approval."))
    return redirect("cohorts:group", pk=group.pk)


@verified_staff_required()
def schedule_review_view(request, pk: int):
    if not request.user.has_perm("cohorts.approve_schedule"):
        raise Http404
    group = selectors.visible_groups(request.user).filter(pk=pk).first()
    if group is None:
        raise Http404
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if "return" in request.POST:
                services.return_schedule(group=group, by=request.user, comment=comment)
                messages.success(request, _("The schedule has been returned to the coordinator."))
            else:
                services.approve_schedule(group=group, by=request.user, comment=comment)
                messages.success(request, _("The schedule has been approved."))
        except services.ReviewRefused as refusal:
            form.add_error("comment", str(refusal.args[0]))
        else:
            return redirect("cohorts:group", pk=group.pk)
    return render(
        request,
        "cohorts/staff/review.html",
        {"group": group, "form": form, "sessions": selectors.group_sessions(group).filter(cancelled=False)},
    )


@require_POST
@verified_staff_required(Role.COORDINATOR)
def group_feed_rotate_view(request, pk: int):
    group = _managed_group(request, pk)
    services.rotate_group_feed(group=group)
    messages.success(request, _("The calendar link has been changed. Old subscriptions no longer update."))
    return redirect("cohorts:group", pk=group.pk)


@verified_staff_required()
def trainer_sessions_view(request):
    """A trainer's own sessions, their calendar feed, and the way to each attendance sheet."""
    sessions = Session.objects.filter(trainer=request.user).select_related("group").order_by("-starts_at")
    feed = selectors.trainer_feed_for(request.user)
    return render(
        request,
        "cohorts/staff/trainer_sessions.html",
        {
            "sessions": sessions,
            "now": timezone.now(),
            "feed_url": request.build_absolute_uri(reverse("cohorts:trainer_feed", kwargs={"token": feed.token})),
        },
    )


@require_POST
@verified_staff_required()
def trainer_feed_rotate_view(request):
    services.rotate_trainer_feed(user=request.user)
    messages.success(request, _("The calendar link has been changed. Old subscriptions no longer update."))
    return redirect("cohorts:trainer_sessions")


@verified_staff_required()
def attendance_view(request, pk: int):
    session = _session(request, pk, manage=False)
    if not selectors.can_mark_attendance(request.user, session):
        raise Http404
    sheet = selectors.attendance_sheet(session)
    form = AttendanceForm(request.POST or None, sheet=sheet)
    if request.method == "POST" and form.is_valid():
        changed = services.mark_attendance(session=session, by=request.user, marks=form.marks())
        messages.success(request, _("Attendance saved (%(count)d changed).") % {"count": changed})
        return redirect("cohorts:attendance", pk=session.pk)
    rows = [(membership, mark, form[f"user_{membership.user_id}"]) for membership, mark in sheet]
    return render(request, "cohorts/staff/attendance.html", {"session": session, "rows": rows, "form": form})
