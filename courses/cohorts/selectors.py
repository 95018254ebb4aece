"""Who may see which focus groups and sessions, and the reads that views and tasks share.

Every staff view goes through ``visible_groups``: an object outside it is a 404, never a 403, so a
coordinator cannot even learn that another region's group exists.
"""

from django.db.models import Count, Prefetch, Q, QuerySet

from cms.accounts.models import Role

from .models import Attendance, FocusGroup, Membership, ScheduleChange, Session, TrainerFeed


def sees_all_regions(user) -> bool:
    return user.is_superuser or user.role == Role.SUPERVISOR


def visible_groups(user) -> QuerySet[FocusGroup]:
    """Supervisors and administrators: every group. Others: their region's groups and the ones they coordinate."""
    groups = FocusGroup.objects.all()
    if sees_all_regions(user):
        return groups
    scope = Q(coordinators=user)
    if user.region:
        scope |= Q(region=user.region)
    return groups.filter(pk__in=FocusGroup.objects.filter(scope).values("pk"))


def can_manage(user, group: FocusGroup) -> bool:
    """Change members and sessions: a coordinator of the group's region or of the group itself.

    Supervisors read only.
    """
    if user.is_superuser:
        return True
    if user.role != Role.COORDINATOR:
        return False
    return group.region == user.region or group.coordinators.filter(pk=user.pk).exists()


def can_approve(user, group: FocusGroup) -> bool:
    """Approving needs the dedicated permission; whoever submitted the schedule cannot approve it."""
    if not user.has_perm("cohorts.approve_schedule"):
        return False
    return group.submitted_by_id != user.pk or user.is_superuser


def group_list(user) -> QuerySet[FocusGroup]:
    return (
        visible_groups(user)
        .annotate(
            member_count=Count("memberships", distinct=True),
            session_count=Count("sessions", filter=Q(sessions__cancelled=False), distinct=True),
        )
        .order_by("region", "name")
    )


def group_detail(user, pk: int) -> FocusGroup | None:
    return visible_groups(user).filter(pk=pk).prefetch_related("courses", "coordinators").first()


def group_members(group: FocusGroup) -> QuerySet[Membership]:
    return group.memberships.select_related("user").order_by("user__last_name", "user__first_name", "user__email")


def group_sessions(group: FocusGroup) -> QuerySet[Session]:
    return group.sessions.select_related("trainer").annotate(
        present=Count("attendance", filter=Q(attendance__status="present"))
    )


def group_trail(group: FocusGroup) -> QuerySet[ScheduleChange]:
    return group.changes.all()


def visible_sessions(user) -> QuerySet[Session]:
    """Sessions a staff member may open: of their visible groups, plus the ones they train."""
    return Session.objects.filter(Q(group__in=visible_groups(user)) | Q(trainer=user)).select_related(
        "group", "trainer"
    )


def can_mark_attendance(user, session: Session) -> bool:
    return session.trainer_id == user.pk or can_manage(user, session.group)


def attendance_sheet(session: Session) -> list[tuple[Membership, Attendance | None]]:
    marks = {mark.user_id: mark for mark in Attendance.objects.filter(session=session)}
    return [(membership, marks.get(membership.user_id)) for membership in group_members(session.group)]


def trainer_feed_for(user) -> TrainerFeed:
    return TrainerFeed.objects.get_or_create(user=user)[0]


def learner_sessions(user) -> QuerySet[Session]:
    return (
        Session.objects.filter(group__memberships__user=user, group__status="approved")
        .select_related("group", "trainer")
        .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.filter(user=user), to_attr="mine"))
        .order_by("starts_at")
    )
