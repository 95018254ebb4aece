import csv
import io
from collections import defaultdict
from datetime import timedelta

import pytest
from django.utils import timezone

from courses.lectures.choices import Audience
from courses.lectures.selectors import Scope, scope_for, statistics
from tests.factories import UserFactory

from .factories import (
    ClassCheckInFactory,
    FeedbackFactory,
    LecturePageFactory,
    LecturerFactory,
    LecturerUserFactory,
    LectureSessionFactory,
    SelfCheckResultFactory,
    link_lecturer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(lecture_tree):
    """Two lecturers' lectures in two audiences, with check-ins, feedback and self-checks in three regions."""
    series = lecture_tree["series"]["kk"]
    mine = lecture_tree["lecture"]["kk"]
    theirs = LecturePageFactory(parent=series, slug="online", audience=Audience.COLLEGE)
    me, other = LecturerUserFactory(), LecturerUserFactory()
    link_lecturer(mine, LecturerFactory(user=me))
    link_lecturer(theirs, LecturerFactory(user=other))
    start = timezone.now() - timedelta(days=1)
    sessions = [
        LectureSessionFactory(lecture=lecture, starts_at=start, ends_at=start + timedelta(hours=1))
        for lecture in (mine, mine, theirs)
    ]
    plan = [
        (0, "KZ-75", 20, 5, 4, True, 80),
        (0, "KZ-75", 25, 3, 3, False, 60),
        (0, "KZ-71", 18, 4, 5, True, 100),
        (1, "KZ-75", 30, 2, 2, False, 40),
        (2, "KZ-35", 22, 5, 5, True, 90),
        (2, "KZ-75", 15, 1, 3, False, 30),
    ]
    for index, (number, region, students, usefulness, clarity, knows, score) in enumerate(plan):
        session = sessions[number]
        ClassCheckInFactory(session=session, region=region, students_present=students, school=f"School {index}")
        FeedbackFactory(
            session=session, region=region, usefulness=usefulness, clarity=clarity, knows_where_to_get_help=knows
        )
        SelfCheckResultFactory(session=session, region=region, score_percent=score)
    FeedbackFactory(session=sessions[0], region="", usefulness=1, clarity=1, knows_where_to_get_help=False)
    return {"plan": plan, "sessions": sessions, "me": me, "other": other, "mine": mine, "theirs": theirs}


def expected(plan, sessions, key):
    """The same figures computed directly in Python from the plan."""
    groups = defaultdict(lambda: {"classes": 0, "students": 0, "use": [], "clear": [], "knows": [], "score": []})
    for number, region, students, usefulness, clarity, knows, score in plan:
        group = groups[key(sessions[number], region)]
        group["classes"] += 1
        group["students"] += students
        group["use"].append(usefulness)
        group["clear"].append(clarity)
        group["knows"].append(knows)
        group["score"].append(score)
    return groups


def test_statistics_by_region_match_a_direct_computation(records):
    rows = {row.key: row for row in statistics(scope=Scope(), group_by="region")}
    direct = expected(records["plan"], records["sessions"], lambda session, region: region)
    for region, figures in direct.items():
        row = rows[region]
        assert (row.classes, row.students) == (figures["classes"], figures["students"])
        assert row.usefulness_average == pytest.approx(sum(figures["use"]) / len(figures["use"]))
        assert row.clarity_average == pytest.approx(sum(figures["clear"]) / len(figures["clear"]))
        assert row.knows_help_share == pytest.approx(sum(figures["knows"]) / len(figures["knows"]))
        assert row.self_check_average == pytest.approx(sum(figures["score"]) / len(figures["score"]))
    assert rows[""].feedback == 1 and rows[""].classes == 0  # feedback from students who did not say


def test_statistics_by_lecture_and_audience_match_a_direct_computation(records):
    plan = records["plan"]
    by_lecture = {row.key: row for row in statistics(scope=Scope(), group_by="lecture")}
    direct = expected(plan, records["sessions"], lambda session, region: session.lecture_id)
    for lecture_id, figures in direct.items():
        assert by_lecture[lecture_id].students == figures["students"]
        assert by_lecture[lecture_id].classes == figures["classes"]
    assert by_lecture[records["mine"].pk].feedback == 5  # four planned and one without a region
    by_audience = {row.key: row for row in statistics(scope=Scope(), group_by="audience")}
    assert by_audience[Audience.COLLEGE].students == 37
    assert by_audience[Audience.SCHOOL].students == 93


def test_lecturer_sees_only_their_own_lectures(records):
    rows = statistics(scope=scope_for(records["me"]), group_by="lecture")
    assert [row.key for row in rows] == [records["mine"].pk]


def test_coordinator_statistics_are_limited_to_their_region(records):
    coordinator = UserFactory(role="coordinator", region="KZ-71")
    rows = statistics(scope=scope_for(coordinator), group_by="region", region=scope_for(coordinator).region)
    assert [(row.key, row.students) for row in rows] == [("KZ-71", 18)]


def test_statistics_use_a_fixed_number_of_queries(records, django_assert_num_queries):
    for group_by in ("lecture", "session", "region", "audience"):
        with django_assert_num_queries(4 if group_by in ("lecture", "session") else 3):
            statistics(scope=Scope(), group_by=group_by)


# -- staff views: who may see what ---------------------------------------------------------------


def test_lecturer_dashboard_shows_own_lectures_only(client, records, sign_in_verified):
    sign_in_verified(client, records["me"])
    html = client.get("/en/staff/lectures/").content.decode()
    assert records["mine"].title in html
    assert records["theirs"].title not in html


def test_lecturer_gets_404_for_another_lecturers_session(client, records, sign_in_verified):
    sign_in_verified(client, records["me"])
    mine, theirs = records["sessions"][0], records["sessions"][2]
    assert client.get(f"/en/staff/lectures/sessions/{mine.pk}/").status_code == 200
    assert client.get(f"/en/staff/lectures/sessions/{theirs.pk}/").status_code == 404


def test_lecturer_sees_approved_comments_only(client, records, sign_in_verified):
    session = records["sessions"][0]
    FeedbackFactory(session=session, comment="Approved words", comment_status="approved")
    FeedbackFactory(session=session, comment="Pending words", comment_status="pending")
    sign_in_verified(client, records["me"])
    html = client.get(f"/en/staff/lectures/sessions/{session.pk}/").content.decode()
    assert "Approved words" in html
    assert "Pending words" not in html


def test_coordinator_gets_403_for_another_region(client, records, sign_in_verified):
    coordinator = UserFactory(role="coordinator", region="KZ-71")
    sign_in_verified(client, coordinator)
    assert client.get("/en/staff/lectures/?region=KZ-71").status_code == 200
    assert client.get("/en/staff/lectures/?region=KZ-75").status_code == 403
    assert client.get("/en/staff/lectures/statistics.csv?region=KZ-75").status_code == 403
    session = records["sessions"][0]
    assert client.get(f"/en/staff/lectures/sessions/{session.pk}/?region=KZ-75").status_code == 403


def test_coordinator_session_view_lists_only_their_regions_classes(client, records, sign_in_verified):
    coordinator = UserFactory(role="coordinator", region="KZ-71")
    sign_in_verified(client, coordinator)
    html = client.get(f"/en/staff/lectures/sessions/{records['sessions'][0].pk}/").content.decode()
    assert "School 2" in html
    assert "School 0" not in html and "School 1" not in html


def test_supervisor_sees_every_lecture(client, records, sign_in_verified):
    sign_in_verified(client, UserFactory(role="supervisor", region=""))
    html = client.get("/en/staff/lectures/").content.decode()
    assert records["mine"].title in html and records["theirs"].title in html


@pytest.mark.parametrize("role", ["teacher", "psychologist", "editor"])
def test_other_roles_are_refused(client, records, sign_in_verified, role):
    sign_in_verified(client, UserFactory(role=role))
    assert client.get("/en/staff/lectures/").status_code == 403
    assert client.get("/en/staff/lectures/statistics.csv").status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client, records):
    response = client.get("/en/staff/lectures/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_password_only_session_is_sent_to_the_second_factor(client, records):
    from tests.factories import PASSWORD

    client.post("/en/accounts/login/", {"email": records["me"].email, "password": PASSWORD})
    response = client.get("/en/staff/lectures/")
    assert response.status_code == 302 and "/accounts/verify/" in response["Location"]


def test_csv_export_has_the_aggregates(client, records, sign_in_verified):
    sign_in_verified(client, UserFactory(role="supervisor", region=""))
    response = client.get("/en/staff/lectures/statistics.csv?group_by=region")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    almaty = next(row for row in rows if row["region"] == "Almaty")
    assert (almaty["classes"], almaty["students"]) == ("4", "90")
    assert almaty["usefulness_average"] == "2.75"
    assert almaty["knows_where_to_get_help_share"] == "0.250"


def test_dashboard_query_count_is_pinned(client, records, sign_in_verified, django_assert_max_num_queries):
    sign_in_verified(client, UserFactory(role="supervisor", region=""))
    client.get("/en/staff/lectures/")
    with django_assert_max_num_queries(16):
        assert client.get("/en/staff/lectures/?group_by=session").status_code == 200
