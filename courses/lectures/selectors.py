"""Reads that pages, staff views and exports share."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language

from cms.accounts.models import Role
from cms.regions import normalise_region, region_name

from .choices import Audience
from .models import ClassCheckIn, Feedback, LecturePage, Lecturer, LectureSession, SelfCheckResult


def sessions_of(*, lecture: LecturePage) -> QuerySet[LectureSession]:
    """A lecture's sessions, whichever language version of its page they were made on."""
    return LectureSession.objects.filter(lecture__translation_key=lecture.translation_key).order_by("starts_at")


def attach_local_lectures(sessions: Iterable[LectureSession], language_code: str | None = None) -> list[LectureSession]:
    """Sets ``session.local_lecture`` to the lecture page in the current language (or the one the
    session was made on), in one query for all sessions."""
    sessions = list(sessions)
    keys = {session.lecture.translation_key for session in sessions}
    language_code = language_code or get_language()
    local = {
        page.translation_key: page
        for page in LecturePage.objects.live()
        .filter(translation_key__in=keys, locale__language_code=language_code)
        .select_related("locale")
    }
    for session in sessions:
        session.local_lecture = local.get(session.lecture.translation_key, session.lecture)
    return sessions


def upcoming_sessions(
    *, audience: str | None = None, language: str | None = None, now: datetime | None = None, limit: int = 100
) -> list[LectureSession]:
    now = now or timezone.now()
    sessions = (
        LectureSession.objects.filter(ends_at__gt=now, is_cancelled=False, lecture__live=True)
        .select_related("lecture")
        .order_by("starts_at")
    )
    if audience:
        sessions = sessions.filter(lecture__audience=audience)
    if language:
        sessions = sessions.filter(lecture__language=language)
    return attach_local_lectures(sessions[:limit])


# -- who sees what in the staff views ----------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What one staff user may see: lectures (None: all) and a region (None: all regions)."""

    lecture_keys: frozenset | None = None
    region: str | None = None
    lecturer_ids: frozenset = field(default_factory=frozenset)

    def sessions(self) -> QuerySet[LectureSession]:
        sessions = LectureSession.objects.all()
        if self.lecture_keys is not None:
            sessions = sessions.filter(lecture__translation_key__in=self.lecture_keys)
        return sessions


def scope_for(user) -> Scope:
    if user.is_superuser or user.role == Role.SUPERVISOR:
        return Scope()
    if user.role == Role.COORDINATOR:
        # A coordinator without a region sees nothing rather than everything.
        return Scope(region=user.region or "-")
    if user.role == Role.LECTURER:
        lecturer_keys = Lecturer.objects.filter(user=user).values("translation_key")
        keys = frozenset(
            LecturePage.objects.filter(lecture_lecturers__lecturer__translation_key__in=lecturer_keys).values_list(
                "translation_key", flat=True
            )
        )
        return Scope(lecture_keys=keys)
    raise PermissionDenied


def narrow_region(scope: Scope, requested: str | None) -> str | None:
    """The region to show: a coordinator may only ask for their own."""
    requested = normalise_region(requested)
    if not requested:
        return scope.region
    if scope.region is not None and requested != scope.region:
        raise PermissionDenied
    return requested


# -- statistics ---------------------------------------------------------------------------------

GROUPINGS = {
    "lecture": "session__lecture_id",
    "session": "session_id",
    "region": "region",
    "audience": "session__lecture__audience",
}


@dataclass
class StatRow:
    key: object
    label: str = ""
    classes: int = 0
    students: int = 0
    self_checks: int = 0
    self_check_average: float | None = None
    feedback: int = 0
    usefulness_average: float | None = None
    clarity_average: float | None = None
    knows_help_share: float | None = None


def statistics(
    *,
    scope: Scope,
    group_by: str = "lecture",
    region: str | None = None,
    audience: str | None = None,
    session_ids: Iterable[int] | None = None,
) -> list[StatRow]:
    """Classes and students reached, self-check and feedback averages, grouped by ``group_by``.

    Three aggregate queries (check-ins, self-checks, feedback) and one for the labels.
    """
    group = GROUPINGS[group_by]
    sessions = scope.sessions()
    if audience:
        sessions = sessions.filter(lecture__audience=audience)
    if session_ids is not None:
        sessions = sessions.filter(pk__in=list(session_ids))
    where = Q(session__in=sessions)
    if region:
        where &= Q(region=region)
    rows: dict[object, StatRow] = {}

    def row(key) -> StatRow:
        return rows.setdefault(key, StatRow(key=key))

    for found in (
        ClassCheckIn.objects.filter(where)
        .values(group)
        .annotate(classes=Count("id"), students=Sum("students_present"))
        .order_by()
    ):
        target = row(found[group])
        target.classes, target.students = found["classes"], found["students"] or 0
    for found in (
        SelfCheckResult.objects.filter(where)
        .values(group)
        .annotate(n=Count("id"), average=Avg("score_percent"))
        .order_by()
    ):
        target = row(found[group])
        target.self_checks = found["n"]
        target.self_check_average = float(found["average"]) if found["average"] is not None else None
    for found in (
        Feedback.objects.filter(where)
        .values(group)
        .annotate(
            n=Count("id"),
            usefulness=Avg("usefulness"),
            clarity=Avg("clarity"),
            knows=Count("id", filter=Q(knows_where_to_get_help=True)),
        )
        .order_by()
    ):
        target = row(found[group])
        target.feedback = found["n"]
        target.usefulness_average = float(found["usefulness"])
        target.clarity_average = float(found["clarity"])
        target.knows_help_share = found["knows"] / found["n"]
    _label(rows, group_by)
    return sorted(rows.values(), key=lambda item: item.label)


def _label(rows: dict[object, StatRow], group_by: str) -> None:
    if group_by == "region":
        for key, item in rows.items():
            item.label = region_name(key) if key else "—"
    elif group_by == "audience":
        names = dict(Audience.choices)
        for key, item in rows.items():
            item.label = str(names.get(key, key))
    elif group_by == "lecture":
        titles = dict(LecturePage.objects.filter(pk__in=list(rows)).values_list("pk", "title"))
        for key, item in rows.items():
            item.label = titles.get(key, str(key))
    elif group_by == "session":
        sessions = LectureSession.objects.filter(pk__in=list(rows)).select_related("lecture")
        names = {session.pk: str(session) for session in sessions}
        for key, item in rows.items():
            item.label = names.get(key, str(key))


def staff_sessions(*, scope: Scope) -> QuerySet[LectureSession]:
    return scope.sessions().select_related("lecture").order_by("-starts_at")


def visible_check_ins(*, scope: Scope, session: LectureSession, region: str | None) -> QuerySet[ClassCheckIn]:
    check_ins = ClassCheckIn.objects.filter(session=session)
    return check_ins.filter(region=region) if region else check_ins


def approved_comments(*, session: LectureSession, region: str | None) -> QuerySet[Feedback]:
    comments = Feedback.objects.filter(session=session, comment_status="approved")
    return comments.filter(region=region) if region else comments
