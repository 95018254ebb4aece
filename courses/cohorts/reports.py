"""Oversight reports: enrolment, completion, attendance, quiz results, knowledge gain and
certificates of focus-group learners, by region, agency, role, focus group or month.

Every number is an aggregate computed by the database: one query per measure and one for its
total, whatever the number of learners. The same ``Report.table()`` feeds the screen, the CSV,
the XLSX and the PDF, so they cannot disagree.

Definitions (also shown on the page):
- the learners are the members of the focus groups the viewer may see;
- region, agency and role are the learner's own (from their profile);
- enrolments count the learners' enrolments on the focus groups' courses, by enrolment date; "completed" is how many of
  those enrolments are complete today;
- attendance counts marks on sessions held in the period; the rate is present / marked;
- quiz results count submitted attempts in the period; the pass rate is passed / submitted;
- knowledge gain is, per learner, the best post-test result in the period minus their first
  pre-test result, averaged over learners with both (percentage points);
- certificates are counted by issue date; "expiring" are valid ones that expire within
  ``EXPIRING_DAYS`` from today.
A person in two groups counts in both groups' rows and once in the total.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.accounts.models import Role, User
from cms.regions import region_name
from courses.models import Certificate, CoursePage, Enrolment
from quizzes.models import Attempt, AttemptStatus, Quiz

from .models import Attendance, AttendanceStatus, FocusGroup, Membership
from .selectors import visible_groups

EXPIRING_DAYS = 90

DIMENSIONS = [
    ("region", _("Region")),
    ("agency", _("Agency")),
    ("role", _("Role")),
    ("group", _("Focus group")),
    ("month", _("Month")),
]
DIMENSION_LABELS = dict(DIMENSIONS)


@dataclass
class Row:
    key: object
    label: str = ""
    enrolled: int = 0
    completed: int = 0
    marked: int = 0
    present: int = 0
    submitted: int = 0
    passed: int = 0
    gain: Decimal | None = None
    gain_learners: int = 0
    issued: int = 0
    expiring: int = 0

    @staticmethod
    def _rate(part: int, whole: int) -> int | None:
        return int((Decimal(100 * part) / whole).quantize(Decimal(1), ROUND_HALF_UP)) if whole else None

    @property
    def completion_rate(self) -> int | None:
        return self._rate(self.completed, self.enrolled)

    @property
    def attendance_rate(self) -> int | None:
        return self._rate(self.present, self.marked)

    @property
    def pass_rate(self) -> int | None:
        return self._rate(self.passed, self.submitted)

    @property
    def gain_points(self) -> Decimal | None:
        return None if self.gain is None else Decimal(self.gain).quantize(Decimal("0.1"), ROUND_HALF_UP)


# (attribute, header): the columns of the table, the CSV, the XLSX and the PDF, in this order.
COLUMNS = [
    ("enrolled", _("Enrolled")),
    ("completed", _("Completed")),
    ("completion_rate", _("Completion, %")),
    ("marked", _("Attendance marks")),
    ("present", _("Present")),
    ("attendance_rate", _("Attendance, %")),
    ("submitted", _("Quiz attempts")),
    ("passed", _("Passed")),
    ("pass_rate", _("Pass rate, %")),
    ("gain_points", _("Average gain, points")),
    ("gain_learners", _("Learners with pre- and post-test")),
    ("issued", _("Certificates issued")),
    ("expiring", _("Certificates expiring")),
]


@dataclass
class Bar:
    label: str
    value: int
    width: float
    y: int


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    height: int


@dataclass
class Report:
    dimension: str
    date_from: date
    date_to: date
    rows: list[Row]
    total: Row
    groups: int = 0
    charts: list[Chart] = field(default_factory=list)

    @property
    def dimension_label(self) -> str:
        return str(DIMENSION_LABELS[self.dimension])

    def headers(self) -> list[str]:
        return [self.dimension_label, *(str(header) for _attr, header in COLUMNS)]

    def table(self) -> list[list]:
        """Rows then the total, as plain values: the one source for every output."""
        return [[row.label, *(getattr(row, attr) for attr, _header in COLUMNS)] for row in [*self.rows, self.total]]


# ----------------------------------------------------------------------------------------------


def _bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(date_from, time.min, tzinfo=tz)
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def _dimension_expr(dimension: str, *, user: str, group: str, when: str):
    if dimension == "month":
        return TruncMonth(when)
    if dimension == "group":
        return F(group)
    return F(f"{user}{dimension}")


def _grouped(queryset, dimension: str, *, user: str, group: str, when: str, **aggregates) -> dict:
    """The aggregates per value of the dimension: one query."""
    expr = _dimension_expr(dimension, user=user, group=group, when=when)
    grouped = {}
    for item in queryset.annotate(_key=expr).values("_key").annotate(**aggregates).order_by():
        key = item.pop("_key")
        if isinstance(key, datetime):
            key = timezone.localtime(key).date() if timezone.is_aware(key) else key.date()
        grouped[key] = item
    return grouped


def build_report(*, viewer, dimension: str, date_from: date, date_to: date, groups=None) -> Report:
    if dimension not in DIMENSION_LABELS:
        raise ValueError(dimension)
    groups = visible_groups(viewer) if groups is None else groups
    start, end = _bounds(date_from, date_to)
    learners = Membership.objects.filter(group__in=groups).values("user_id")
    by_group = dimension == "group"
    measures: list[tuple[dict, dict]] = []

    # Enrolments on the groups' own courses.
    # Plain IN lists rather than a correlated EXISTS: the database evaluates them once.
    course_keys = CoursePage.objects.filter(focus_groups__in=groups).values("translation_key")
    on_group_course = Q(user__in=learners, course_key__in=course_keys)
    enrolments = Enrolment.objects.filter(enrolled_at__gte=start, enrolled_at__lt=end)
    grouped_enrolments = (
        enrolments.filter(
            user__cohort_memberships__group__in=groups,
            user__cohort_memberships__group__courses__translation_key=F("course_key"),
        )
        if by_group
        else enrolments.filter(on_group_course)
    )
    enrol_aggregates = {
        "enrolled": Count("id", distinct=True),
        "completed": Count("id", filter=Q(completed_at__isnull=False), distinct=True),
    }
    grouped = _grouped(
        grouped_enrolments,
        dimension,
        user="user__",
        group="user__cohort_memberships__group",
        when="enrolled_at",
        **enrol_aggregates,
    )
    measures.append((grouped, enrolments.filter(on_group_course).aggregate(**enrol_aggregates)))

    # Attendance on the groups' sessions held in the period.
    attendance = Attendance.objects.filter(
        session__group__in=groups, session__cancelled=False, session__starts_at__gte=start, session__starts_at__lt=end
    )
    attendance_aggregates = {"marked": Count("id"), "present": Count("id", filter=Q(status=AttendanceStatus.PRESENT))}
    grouped = _grouped(
        attendance, dimension, user="user__", group="session__group", when="session__starts_at", **attendance_aggregates
    )
    measures.append((grouped, attendance.aggregate(**attendance_aggregates)))

    # Quiz attempts by the learners.
    attempts = Attempt.objects.filter(status=AttemptStatus.SUBMITTED, submitted_at__gte=start, submitted_at__lt=end)
    attempt_aggregates = {
        "submitted": Count("id", distinct=True),
        "passed": Count("id", filter=Q(passed=True), distinct=True),
    }
    scoped_attempts = attempts.filter(user__in=learners)
    grouped = _grouped(
        attempts.filter(user__cohort_memberships__group__in=groups) if by_group else scoped_attempts,
        dimension,
        user="user__",
        group="user__cohort_memberships__group",
        when="submitted_at",
        **attempt_aggregates,
    )
    measures.append((grouped, scoped_attempts.aggregate(**attempt_aggregates)))

    # Knowledge gain: best post-test in the period minus the first pre-test, per learner.
    pre_keys = Quiz.objects.filter(post_tests__isnull=False).values("translation_key")
    post_keys = Quiz.objects.filter(pre_test__isnull=False).values("translation_key")
    submitted = Attempt.objects.filter(user=OuterRef("pk"), status=AttemptStatus.SUBMITTED)
    pre = submitted.filter(quiz_key__in=pre_keys).order_by("submitted_at", "id").values("percent")[:1]
    post = (
        submitted.filter(quiz_key__in=post_keys, submitted_at__gte=start, submitted_at__lt=end)
        .values("user")
        .annotate(best=Max("percent"))
        .values("best")
    )
    tested = User.objects.annotate(pre=Subquery(pre), post=Subquery(post)).filter(pre__isnull=False, post__isnull=False)
    gain_aggregates = {"gain": Avg(F("post") - F("pre")), "gain_learners": Count("id", distinct=True)}
    if dimension == "month":
        # A learner's gain belongs to the month of their best post-test.
        best_at = (
            submitted.filter(quiz_key__in=post_keys, submitted_at__gte=start, submitted_at__lt=end)
            .order_by("-percent", "submitted_at")
            .values("submitted_at")[:1]
        )
        tested = tested.annotate(post_at=Subquery(best_at))
    scoped_tested = tested.filter(pk__in=learners)
    grouped = _grouped(
        tested.filter(cohort_memberships__group__in=groups) if by_group else scoped_tested,
        dimension,
        user="",
        group="cohort_memberships__group",
        when="post_at",
        **gain_aggregates,
    )
    measures.append((grouped, scoped_tested.aggregate(**gain_aggregates)))

    # Certificates issued in the period, and valid ones expiring soon.
    certificates = Certificate.objects.filter(user__isnull=False)
    for name, queryset, when in (
        ("issued", certificates.filter(issued_on__gte=date_from, issued_on__lte=date_to), "issued_on"),
        (
            "expiring",
            certificates.filter(
                revoked_at__isnull=True,
                expires_on__gte=timezone.localdate(),
                expires_on__lte=timezone.localdate() + timedelta(days=EXPIRING_DAYS),
            ),
            "expires_on",
        ),
    ):
        aggregates = {name: Count("id", distinct=True)}
        grouped = _grouped(
            queryset.filter(
                user__cohort_memberships__group__in=groups,
                user__cohort_memberships__group__courses__translation_key=F("course_key"),
            )
            if by_group
            else queryset.filter(on_group_course),
            dimension,
            user="user__",
            group="user__cohort_memberships__group",
            when=when,
            **aggregates,
        )
        measures.append((grouped, queryset.filter(on_group_course).aggregate(**aggregates)))

    rows: dict = {}
    total = Row(key=None, label=str(_("Total")))
    for grouped, totals in measures:
        for key, values in grouped.items():
            row = rows.setdefault(key, Row(key=key))
            for name, value in values.items():
                setattr(row, name, value if value is not None else getattr(row, name))
        for name, value in totals.items():
            setattr(total, name, value if value is not None else getattr(total, name))
    _label(rows, dimension)
    ordered = sorted(
        rows.values(), key=lambda row: (row.key is None, row.key if dimension == "month" else row.label.casefold())
    )
    report = Report(dimension=dimension, date_from=date_from, date_to=date_to, rows=ordered, total=total)
    report.charts = charts_for(report)
    return report


def _label(rows: dict, dimension: str) -> None:
    if dimension == "group":
        names = dict(FocusGroup.objects.filter(pk__in=[k for k in rows if k is not None]).values_list("pk", "name"))
    roles = dict(Role.choices)
    for key, row in rows.items():
        if dimension == "region":
            row.label = region_name(key) if key else str(_("Not stated"))
        elif dimension == "role":
            row.label = str(roles.get(key, key)) if key else str(_("Not stated"))
        elif dimension == "agency":
            row.label = key or str(_("Not stated"))
        elif dimension == "group":
            row.label = names.get(key, str(_("Not stated")))
        else:
            row.label = key.strftime("%Y-%m") if key else str(_("Not stated"))


CHART_ROW = 28
CHART_WIDTH = 100  # bars are drawn on a 0–100 scale: they are percentages


def charts_for(report: Report) -> list[Chart]:
    charts = []
    for attr, title in (
        ("completion_rate", _("Completion, %")),
        ("attendance_rate", _("Attendance, %")),
        ("pass_rate", _("Pass rate, %")),
    ):
        bars = [
            Bar(label=row.label, value=value, width=value * CHART_WIDTH / 100, y=index * CHART_ROW)
            for index, row in enumerate(report.rows)
            if (value := getattr(row, attr)) is not None
        ]
        if bars:
            charts.append(Chart(title=str(title), bars=bars, height=len(bars) * CHART_ROW))
    return charts
