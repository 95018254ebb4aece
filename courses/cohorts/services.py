"""Business rules for focus groups: members and invitations, the schedule and its approval,
the audit trail, attendance and self check-in, and reminders."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cms.accounts.models import User
from courses.models import EnrolmentSource
from courses.services import enrol

from .models import (
    Attendance,
    AttendanceStatus,
    ChangeAction,
    FocusGroup,
    Invitation,
    Membership,
    ReminderKind,
    ReminderSent,
    ScheduleChange,
    ScheduleStatus,
    Session,
    TrainerFeed,
    new_checkin_code,
)
from .models.groups import new_feed_token


class ScheduleLocked(Exception):
    """The schedule is waiting for approval and cannot change."""


class ReviewRefused(Exception):
    """The schedule is not in a state that allows this step, or the reviewer may not take it."""


class CheckInRefused(Exception):
    """A self check-in that cannot be accepted; the message says why, in the learner's language."""


# ----------------------------------------------------------------------------------------------
# Groups and members


@transaction.atomic
def save_group(*, group: FocusGroup, by, courses=None, coordinators=None) -> FocusGroup:
    """Create or update a group; new courses are assigned to every member at once."""
    group.save()
    if coordinators is not None:
        group.coordinators.set(coordinators)
    if courses is not None:
        group.courses.set(courses)
        enrol_members(group=group)
    return group


def enrol_members(*, group: FocusGroup, users=None) -> int:
    """Enrol members (all, or ``users``) on every course of the group; enrolling twice changes nothing."""
    courses = list(group.courses.all())
    if users is None:
        users = User.objects.filter(cohort_memberships__group=group)
    count = 0
    for user in users:
        for course in courses:
            enrol(user=user, course=course, source=EnrolmentSource.ASSIGNED)
            count += 1
    return count


@transaction.atomic
def add_member(*, group: FocusGroup, user: User, by) -> Membership:
    membership, _created = Membership.objects.get_or_create(group=group, user=user, defaults={"added_by": by})
    enrol_members(group=group, users=[user])
    return membership


@transaction.atomic
def remove_member(*, group: FocusGroup, user: User) -> None:
    """Take a person out of the group. Their enrolments, progress and certificates stay theirs."""
    Membership.objects.filter(group=group, user=user).delete()


@dataclass(frozen=True)
class NewPerson:
    email: str
    name: str
    role: str
    agency: str = ""
    organisation: str = ""


def split_name(name: str) -> tuple[str, str]:
    """First word and the rest, so ``get_full_name`` shows the name as it was typed."""
    words = name.split()
    return (words[0], " ".join(words[1:])) if words else ("", "")


@transaction.atomic
def add_person(*, group: FocusGroup, person: NewPerson, by, language: str) -> tuple[Membership, bool]:
    """Add someone by email: an existing account joins as is; a new person gets an account
    without a password and an invitation to set one. Returns the membership and whether it was new."""
    email = person.email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        first, last = split_name(person.name)
        user = User(
            email=email,
            first_name=first[:150],
            last_name=last[:150],
            role=person.role,
            agency=person.agency or group.agency,
            organisation=person.organisation,
            region=group.region,
        )
        user.set_unusable_password()
        user.save()
    membership = add_member(group=group, user=user, by=by)
    if created:
        invitation = Invitation.objects.create(user=user, group=group, invited_by=by, language=language)
        from .tasks import send_invitation_task

        transaction.on_commit(lambda: send_invitation_task.enqueue(invitation_id=invitation.pk))
    return membership, created


def send_invitation(*, invitation_id: int) -> bool:
    """Email the invitation once: the claim is a conditional UPDATE, so a second run sends nothing."""
    from .notifications import invitation_email

    claimed = Invitation.objects.filter(pk=invitation_id, sent_at__isnull=True).update(sent_at=timezone.now())
    if not claimed:
        return False
    invitation = Invitation.objects.select_related("user", "group").get(pk=invitation_id)
    invitation_email(invitation=invitation)
    return True


@transaction.atomic
def rotate_group_feed(*, group: FocusGroup) -> str:
    group.feed_token = new_feed_token()
    group.save(update_fields=["feed_token"])
    return group.feed_token


@transaction.atomic
def rotate_trainer_feed(*, user: User) -> str:
    feed, _created = TrainerFeed.objects.get_or_create(user=user)
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    return feed.token


# ----------------------------------------------------------------------------------------------
# Schedule, approval and audit trail


def _text(session: Session, field: str) -> str:
    """A field's value as plain text, fixed at the time of the change."""
    value = getattr(session, field)
    if value is None or value == "":
        return ""
    if field == "starts_at":
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if field == "trainer":
        return value.full_name
    if field == "cancelled":
        return "yes" if value else "no"
    return str(value)


def _snapshot(session: Session) -> dict[str, str]:
    return {field: _text(session, field) for field in Session.TRACKED_FIELDS}


def _record(*, group, by, action, session=None, changes=None, comment="") -> ScheduleChange:
    return ScheduleChange.objects.create(
        group=group,
        session=session,
        session_title=session.title if session else "",
        actor=by,
        actor_name=by.full_name if by else "",
        action=action,
        # The approval itself is not a change to an approved schedule.
        after_approval=group.status == ScheduleStatus.APPROVED and action != ChangeAction.APPROVED,
        changes=changes or [],
        comment=comment,
    )


def _ensure_editable(group: FocusGroup) -> None:
    if not group.is_editable:
        raise ScheduleLocked(_("The schedule is waiting for approval. Ask the approver to return it to make changes."))


def _new_code() -> str:
    for _attempt in range(10):
        code = new_checkin_code()
        if not Session.objects.filter(checkin_code=code).exists():
            return code
    raise RuntimeError("could not draw a free check-in code")


@transaction.atomic
def create_session(*, group: FocusGroup, by, session: Session) -> Session:
    group = FocusGroup.objects.select_for_update().get(pk=group.pk)
    _ensure_editable(group)
    session.group = group
    session.checkin_code = _new_code()
    session.save()
    changes = [{"field": f, "before": "", "after": v} for f, v in _snapshot(session).items() if v and f != "cancelled"]
    _record(group=group, by=by, action=ChangeAction.CREATED, session=session, changes=changes)
    if group.is_approved:
        _announce(session)
    return session


@transaction.atomic
def update_session(*, session: Session, by, notify: bool = True, **fields) -> list[dict]:
    """Change a session; records each changed field before and after, raises SEQUENCE, and (once
    the schedule is approved) tells the members. Returns the recorded changes."""
    group = FocusGroup.objects.select_for_update().get(pk=session.group_id)
    _ensure_editable(group)
    stored = Session.objects.select_related("trainer").get(pk=session.pk)
    before = _snapshot(stored)
    for name, value in fields.items():
        setattr(stored, name, value)
    after = _snapshot(stored)
    changes = [
        {"field": f, "before": before[f], "after": after[f]} for f in Session.TRACKED_FIELDS if before[f] != after[f]
    ]
    if not changes:
        return []
    stored.sequence += 1
    stored.save()
    session.__dict__.update(stored.__dict__)
    _record(group=group, by=by, action=ChangeAction.CHANGED, session=stored, changes=changes)
    if group.is_approved and notify:
        _announce(stored)
    return changes


@transaction.atomic
def delete_session(*, session: Session, by) -> None:
    """Remove a draft session. Once the schedule is approved a session is cancelled instead, so
    calendars and reminders learn about it."""
    group = FocusGroup.objects.select_for_update().get(pk=session.group_id)
    _ensure_editable(group)
    if group.is_approved:
        update_session(session=session, by=by, cancelled=True)
        return
    _record(
        group=group,
        by=by,
        action=ChangeAction.DELETED,
        session=session,
        changes=[
            {"field": f, "before": v, "after": ""} for f, v in _snapshot(session).items() if v and f != "cancelled"
        ],
    )
    session.delete()


def _announce(session: Session) -> None:
    from .tasks import send_change_notices_task

    session_id = session.pk
    transaction.on_commit(lambda: send_change_notices_task.enqueue(session_id=session_id))


@transaction.atomic
def submit_schedule(*, group: FocusGroup, by) -> FocusGroup:
    group = FocusGroup.objects.select_for_update().get(pk=group.pk)
    if group.status not in (ScheduleStatus.DRAFT, ScheduleStatus.RETURNED):
        raise ReviewRefused(_("Only a draft or returned schedule can be submitted."))
    if not group.sessions.filter(cancelled=False).exists():
        raise ReviewRefused(_("Add at least one session before submitting the schedule."))
    group.status = ScheduleStatus.SUBMITTED
    group.submitted_at = timezone.now()
    group.submitted_by = by
    group.save(update_fields=["status", "submitted_at", "submitted_by"])
    _record(group=group, by=by, action=ChangeAction.SUBMITTED)
    return group


def _review(*, group: FocusGroup, by, status: str, action: str, comment: str) -> FocusGroup:
    from .selectors import can_approve

    group = FocusGroup.objects.select_for_update().get(pk=group.pk)
    if group.status != ScheduleStatus.SUBMITTED:
        raise ReviewRefused(_("This schedule is not waiting for approval."))
    if not can_approve(by, group):
        raise ReviewRefused(_("You cannot approve a schedule you submitted yourself."))
    group.status = status
    group.reviewed_at = timezone.now()
    group.reviewed_by = by
    group.review_comment = comment
    group.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_comment"])
    _record(group=group, by=by, action=action, comment=comment)
    return group


@transaction.atomic
def approve_schedule(*, group: FocusGroup, by, comment: str = "") -> FocusGroup:
    return _review(
        group=group, by=by, status=ScheduleStatus.APPROVED, action=ChangeAction.APPROVED, comment=comment.strip()
    )


@transaction.atomic
def return_schedule(*, group: FocusGroup, by, comment: str) -> FocusGroup:
    comment = comment.strip()
    if not comment:
        raise ReviewRefused(_("Say what should change before returning the schedule."))
    return _review(group=group, by=by, status=ScheduleStatus.RETURNED, action=ChangeAction.RETURNED, comment=comment)


# ----------------------------------------------------------------------------------------------
# Attendance


@transaction.atomic
def mark_attendance(*, session: Session, by, marks: dict[int, str]) -> int:
    """Set present/absent/excused for members of the session's group; other ids are ignored.
    An empty status clears the mark. Returns how many marks changed."""
    members = set(Membership.objects.filter(group_id=session.group_id).values_list("user_id", flat=True))
    existing = {mark.user_id: mark for mark in Attendance.objects.filter(session=session)}
    changed = 0
    for user_id, status in marks.items():
        if user_id not in members:
            continue
        mark = existing.get(user_id)
        if not status:
            if mark is not None:
                mark.delete()
                changed += 1
            continue
        if status not in AttendanceStatus.values:
            continue
        if mark is None:
            Attendance.objects.create(session=session, user_id=user_id, status=status, marked_by=by)
            changed += 1
        elif mark.status != status:
            mark.status = status
            mark.marked_by = by
            mark.self_checked_in = False
            mark.save(update_fields=["status", "marked_by", "self_checked_in", "marked_at"])
            changed += 1
    if changed:
        _recheck_completion(session=session, user_ids=list(marks))
    return changed


def _recheck_completion(*, session: Session, user_ids) -> None:
    from courses.models import Enrolment
    from courses.services import evaluate_completion

    keys = list(session.group.courses.values_list("translation_key", flat=True))
    for enrolment in Enrolment.objects.filter(user_id__in=user_ids, course_key__in=keys, completed_at__isnull=True):
        evaluate_completion(enrolment=enrolment)


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


@transaction.atomic
def self_check_in(*, user: User, code: str, now: datetime | None = None) -> Session:
    """Check a learner into a session of their group by its code, only while the session is on
    (from a few minutes before the start to its end)."""
    now = now or timezone.now()
    session = (
        Session.objects.select_related("group")
        .filter(checkin_code=normalise_code(code), group__memberships__user=user)
        .first()
    )
    if session is None:
        raise CheckInRefused(
            _("This code does not match any session of your focus groups. Check the code and try again.")
        )
    if session.cancelled:
        raise CheckInRefused(_("This session has been cancelled."))
    if now < session.checkin_opens_at:
        raise CheckInRefused(_("Check-in has not opened yet. It opens shortly before the session starts."))
    if now > session.ends_at:
        raise CheckInRefused(_("This session has ended. Ask your trainer to mark your attendance."))
    try:
        with transaction.atomic():
            Attendance.objects.create(session=session, user=user, status=AttendanceStatus.PRESENT, self_checked_in=True)
    except IntegrityError:
        # Already marked (twice pressed, or the trainer was first): present wins, the rest stays.
        Attendance.objects.filter(session=session, user=user).exclude(status=AttendanceStatus.PRESENT).update(
            status=AttendanceStatus.PRESENT, self_checked_in=True
        )
    _recheck_completion(session=session, user_ids=[user.pk])
    return session


# ----------------------------------------------------------------------------------------------
# Reminders


def _claim(*, session: Session, user_id: int, kind: str) -> bool:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(session=session, user_id=user_id, kind=kind, sequence=session.sequence)
    except IntegrityError:
        return False
    return True


def _recipients(session: Session):
    people = Q(cohort_memberships__group_id=session.group_id)
    if session.trainer_id:
        people |= Q(pk=session.trainer_id)
    return User.objects.filter(people, is_active=True).exclude(email="").distinct()


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Email members and the trainer of every approved session starting in the next 24 hours,
    once per person and session version. Safe to run as often as cron likes."""
    from .notifications import session_email

    now = now or timezone.now()
    due = Session.objects.filter(
        cancelled=False,
        group__status=ScheduleStatus.APPROVED,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(days=1),
    ).select_related("group", "trainer")
    sent = 0
    for session in due:
        for user in _recipients(session):
            if ReminderSent.objects.filter(session=session, user=user, kind=ReminderKind.DAY_BEFORE).exists():
                continue
            if _claim(session=session, user_id=user.pk, kind=ReminderKind.DAY_BEFORE):
                session_email(session=session, user=user, kind=ReminderKind.DAY_BEFORE)
                sent += 1
    return sent


def send_change_notices(*, session_id: int) -> int:
    """Tell members and the trainer that an approved session changed; once per version."""
    from .notifications import session_email

    session = Session.objects.select_related("group", "trainer").filter(pk=session_id).first()
    if session is None or session.group.status != ScheduleStatus.APPROVED or session.ends_at < timezone.now():
        return 0
    sent = 0
    for user in _recipients(session):
        if _claim(session=session, user_id=user.pk, kind=ReminderKind.CHANGED):
            session_email(session=session, user=user, kind=ReminderKind.CHANGED)
            sent += 1
    return sent


def email_languages() -> list[str]:
    """Emails go out in Kazakh and Russian, one after the other: accounts have no language of their own."""
    return [code for code in ("kk", "ru") if code in dict(settings.LANGUAGES)]


def current_language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE
