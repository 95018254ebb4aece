"""Report numbers against a plain Python count over the same rows, exports against the screen."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from courses.cohorts.models import Attendance, FocusGroup, Membership, Session
from courses.cohorts.reports import COLUMNS, build_report
from courses.models import Certificate, Enrolment
from quizzes.models import Attempt
from tests.factories import UserFactory
from tests.quizzes.factories import QuizFactory

from .conftest import sign_in
from .factories import FocusGroupFactory, SessionFactory

pytestmark = pytest.mark.django_db

PERIOD = {"date_from": date(2026, 1, 1), "date_to": date(2026, 12, 31)}


def _attempt(user, quiz, percent, when, number=1):
    return Attempt.objects.create(
        quiz=quiz,
        quiz_key=quiz.translation_key,
        user=user,
        number=number,
        status="submitted",
        submitted_at=when,
        score=percent,
        max_score=100,
        percent=percent,
        passed=percent >= quiz.pass_mark,
    )


def populate(course, groups, *, learners_per_group=4):
    """Members in each group with enrolments, attendance, pre/post tests and certificates."""
    pre = QuizFactory(title="Pre", slug="pre")
    post = QuizFactory(title="Post", slug="post", pre_test=pre)
    when = timezone.make_aware(timezone.datetime(2026, 3, 10, 10, 0))
    for g_index, group in enumerate(groups):
        group.courses.add(course)
        session = SessionFactory(group=group, starts_at=when)
        for n in range(learners_per_group):
            role = ("psychologist", "inspector")[n % 2]
            user = UserFactory(region=group.region, role=role, agency=("A", "B")[(n + g_index) % 2])
            Membership.objects.create(group=group, user=user)
            enrolment = Enrolment.objects.create(user=user, course=course, course_key=course.translation_key)
            if n % 2 == 0:
                enrolment.completed_at = when
                enrolment.save()
                Certificate.objects.create(
                    user=user,
                    enrolment=enrolment,
                    completed_at=when,
                    course=course,
                    course_key=course.translation_key,
                    holder_name=user.full_name,
                    course_title=course.title,
                    hours=6,
                    language="kk",
                    issued_on=date(2026, 3, 11),
                    expires_on=timezone.localdate() + timedelta(days=30 + n),
                )
            Attendance.objects.create(session=session, user=user, status=("present", "absent", "excused")[n % 3])
            _attempt(user, pre, 30 + n * 5, when)
            _attempt(user, post, 60 + n * 10, when + timedelta(days=5))
            if n == 1:
                _attempt(user, post, 95, when + timedelta(days=6), number=2)
    return pre, post


def direct(groups, dimension):
    """The same numbers, counted one object at a time."""
    members = {m.user_id: m for m in Membership.objects.filter(group__in=groups).select_related("user", "group")}

    def key_of(user, group):
        return {"region": user.region, "agency": user.agency, "role": user.role, "group": group.pk}[dimension]

    out = {}

    def row(key):
        return out.setdefault(
            key,
            {
                "enrolled": 0,
                "completed": 0,
                "marked": 0,
                "present": 0,
                "submitted": 0,
                "passed": 0,
                "gains": [],
                "issued": 0,
                "expiring": 0,
            },
        )

    for m in Membership.objects.filter(group__in=groups).select_related("user", "group"):
        user = m.user
        r = row(key_of(user, m.group))
        for e in Enrolment.objects.filter(user=user):
            r["enrolled"] += 1
            r["completed"] += e.completed_at is not None
        for a in Attempt.objects.filter(user=user, status="submitted"):
            r["submitted"] += 1
            r["passed"] += bool(a.passed)
        pres = list(Attempt.objects.filter(user=user, quiz__slug="pre").order_by("submitted_at"))
        posts = list(Attempt.objects.filter(user=user, quiz__slug="post"))
        if pres and posts:
            r["gains"].append(max(p.percent for p in posts) - pres[0].percent)
        for c in Certificate.objects.filter(user=user):
            r["issued"] += 1
            r["expiring"] += c.expires_on <= timezone.localdate() + timedelta(days=90)
    for a in Attendance.objects.filter(session__group__in=groups).select_related("user", "session__group"):
        r = row(key_of(a.user, a.session.group))
        r["marked"] += 1
        r["present"] += a.status == "present"
    assert set(members)  # the data is there
    return out


@pytest.fixture
def data(course, group, foreign_group):
    extra = FocusGroupFactory(name="Алматы инспекторлары", region="KZ-75")
    populate(course, [group, extra, foreign_group])
    return [group, extra, foreign_group]


@pytest.mark.parametrize("dimension", ["region", "agency", "role", "group"])
def test_report_numbers_equal_a_direct_count(data, supervisor, dimension):
    report = build_report(viewer=supervisor, dimension=dimension, **PERIOD)
    expected = direct(data, dimension)
    assert {row.key for row in report.rows} == set(expected)
    for row in report.rows:
        e = expected[row.key]
        assert (row.enrolled, row.completed) == (e["enrolled"], e["completed"])
        assert (row.marked, row.present) == (e["marked"], e["present"])
        assert (row.submitted, row.passed) == (e["submitted"], e["passed"])
        assert (row.issued, row.expiring) == (e["issued"], e["expiring"])
        assert row.gain_learners == len(e["gains"])
        assert Decimal(row.gain).quantize(Decimal("0.01")) == (sum(e["gains"]) / len(e["gains"])).quantize(
            Decimal("0.01")
        )


def test_totals_count_each_learner_once(data, supervisor):
    report = build_report(viewer=supervisor, dimension="group", **PERIOD)
    assert report.total.enrolled == Enrolment.objects.count() == 12
    assert report.total.issued == Certificate.objects.count()


def test_coordinator_report_covers_only_their_region(data, coordinator):
    report = build_report(viewer=coordinator, dimension="region", **PERIOD)
    assert [row.key for row in report.rows] == ["KZ-75"]
    assert report.total.enrolled == 8


def test_period_filters_by_date(data, supervisor):
    report = build_report(viewer=supervisor, dimension="region", date_from=date(2026, 4, 1), date_to=date(2026, 12, 31))
    assert report.total.marked == 0 and report.total.submitted == 0


def test_month_dimension_groups_by_month(data, supervisor):
    report = build_report(viewer=supervisor, dimension="month", **PERIOD)
    march = next(row for row in report.rows if row.label == "2026-03")
    assert march.marked == 12 and march.issued == Certificate.objects.count()


def _table_from_screen(html: str) -> list[list[str]]:
    import re

    body = html.split('<table class="data-table report-table">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in rows
    ]


def _screen_values(value: str) -> str:
    return "" if value == "—" else value


def test_csv_and_xlsx_exports_equal_the_screen(client, data, supervisor):
    sign_in(client, supervisor)
    query = "?dimension=region&date_from=2026-01-01&date_to=2026-12-31"
    screen = _table_from_screen(client.get(f"/en/staff/reports/{query}").content.decode())
    response = client.get(f"/en/staff/reports/report.csv{query}")
    assert response["Content-Type"].startswith("text/csv")
    from_csv = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert from_csv == [[_screen_values(v) for v in row] for row in screen]
    response = client.get(f"/en/staff/reports/report.xlsx{query}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    from_xlsx = [
        ["" if v is None else (f"{v:g}" if isinstance(v, float) else str(v)) for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    assert from_xlsx == [[_screen_values(v) for v in row] for row in screen]
    assert len(screen[0]) == len(COLUMNS) + 1


def test_pdf_summary_names_the_period_and_totals(client, data, supervisor):
    from pypdf import PdfReader

    sign_in(client, supervisor)
    response = client.get("/en/staff/reports/summary.pdf?date_from=2026-01-01&date_to=2026-12-31")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "01.01.2026" in text and "31.12.2026" in text and "Almaty" in text


def test_report_page_draws_charts_without_inline_styles(client, data, supervisor):
    sign_in(client, supervisor)
    html = client.get("/en/staff/reports/?date_from=2026-01-01&date_to=2026-12-31").content.decode()
    assert "<svg" in html and 'class="chart__bar"' in html
    assert "style=" not in html and "<style" not in html


def test_bad_dates_keep_the_form_and_show_the_error(client, data, supervisor):
    sign_in(client, supervisor)
    response = client.get("/en/staff/reports/?date_from=2026-12-01&date_to=2026-01-01")
    assert response.status_code == 200
    assert "before its start" in response.content.decode()


def test_report_query_count_does_not_grow_with_learners(
    client, course, group, supervisor, django_assert_max_num_queries
):
    populate(course, [group], learners_per_group=2)
    sign_in(client, supervisor)
    url = "/en/staff/reports/?dimension=group&date_from=2026-01-01&date_to=2026-12-31"
    client.get(url)  # warm the site and settings caches
    with django_assert_max_num_queries(22) as small:
        client.get(url)
    more = FocusGroupFactory(region="KZ-75")
    Session.objects.filter(group=group).update(title="x")
    populate_more(course, more)
    with django_assert_max_num_queries(22) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def populate_more(course, group):
    from quizzes.models import Quiz

    pre, post = Quiz.objects.get(slug="pre"), Quiz.objects.get(slug="post")
    when = timezone.make_aware(timezone.datetime(2026, 3, 10, 10, 0))
    group.courses.add(course)
    session = SessionFactory(group=group, starts_at=when)
    for _ in range(15):
        user = UserFactory(region="KZ-75")
        Membership.objects.create(group=group, user=user)
        Enrolment.objects.create(user=user, course=course, course_key=course.translation_key)
        Attendance.objects.create(session=session, user=user, status="present")
        _attempt(user, pre, 40, when)
        _attempt(user, post, 80, when + timedelta(days=1))


def test_group_list_query_count_is_pinned(client, supervisor, django_assert_max_num_queries):
    for n in range(12):
        FocusGroupFactory(region=("KZ-75", "KZ-71")[n % 2])
    sign_in(client, supervisor)
    with django_assert_max_num_queries(12):
        assert client.get("/en/staff/groups/").status_code == 200
    assert FocusGroup.objects.count() == 12


def test_exports_do_not_turn_names_into_formulas(course, supervisor):
    from courses.cohorts.exports import as_csv, as_xlsx

    group = FocusGroupFactory(name="=HYPERLINK(1)", region="KZ-75")
    populate(course, [group], learners_per_group=1)
    report = build_report(viewer=supervisor, dimension="group", **PERIOD)
    assert "'=HYPERLINK(1)" in as_csv(report).decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(as_xlsx(report, title="x"))).active
    assert sheet["A2"].value == "'=HYPERLINK(1)"
