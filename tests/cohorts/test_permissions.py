"""Every staff view, seen from another region: 404 for objects, own-region-only numbers for reports."""

import pytest

from courses.cohorts import services
from courses.cohorts.models import FocusGroup, Session
from tests.factories import UserFactory

from .conftest import sign_in
from .factories import SessionFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign_session(foreign_group):
    return SessionFactory(group=foreign_group)


def object_views(group, session, user_id):
    g, s = group.pk, session.pk
    return [
        ("get", f"/en/staff/groups/{g}/"),
        ("get", f"/en/staff/groups/{g}/edit/"),
        ("post", f"/en/staff/groups/{g}/edit/"),
        ("get", f"/en/staff/groups/{g}/members/add/"),
        ("post", f"/en/staff/groups/{g}/members/add/"),
        ("get", f"/en/staff/groups/{g}/members/import/"),
        ("post", f"/en/staff/groups/{g}/members/import/"),
        ("post", f"/en/staff/groups/{g}/members/{user_id}/remove/"),
        ("get", f"/en/staff/groups/{g}/sessions/new/"),
        ("post", f"/en/staff/groups/{g}/sessions/new/"),
        ("post", f"/en/staff/groups/{g}/submit/"),
        ("get", f"/en/staff/groups/{g}/review/"),
        ("post", f"/en/staff/groups/{g}/review/"),
        ("post", f"/en/staff/groups/{g}/feed/rotate/"),
        ("get", f"/en/staff/sessions/{s}/edit/"),
        ("post", f"/en/staff/sessions/{s}/edit/"),
        ("post", f"/en/staff/sessions/{s}/delete/"),
        ("get", f"/en/staff/sessions/{s}/attendance/"),
        ("post", f"/en/staff/sessions/{s}/attendance/"),
    ]


def test_coordinator_gets_404_on_every_view_of_another_regions_group(
    client, coordinator, foreign_group, foreign_session
):
    from .conftest import grant_approval

    outsider = member(foreign_group).user
    services.submit_schedule(group=foreign_group, by=foreign_group.coordinators.first())
    sign_in(client, grant_approval(coordinator))  # even with the approval permission
    token = foreign_group.feed_token
    for method, url in object_views(foreign_group, foreign_session, outsider.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)
    foreign_group.refresh_from_db()
    assert foreign_group.feed_token == token and foreign_group.status == "submitted"
    assert Session.objects.filter(pk=foreign_session.pk, cancelled=False).exists()
    assert foreign_group.memberships.filter(user=outsider).exists()


def test_group_list_shows_only_own_region(coordinator_client, group, foreign_group):
    html = coordinator_client.get("/en/staff/groups/").content.decode()
    assert group.name in html and foreign_group.name not in html


def test_coordinator_listed_on_a_group_elsewhere_sees_it(coordinator_client, coordinator, foreign_group):
    foreign_group.coordinators.add(coordinator)
    assert coordinator_client.get(f"/en/staff/groups/{foreign_group.pk}/").status_code == 200


def test_reports_and_exports_cover_only_own_region(coordinator_client, course, group, foreign_group):
    from .test_reports import populate

    populate(course, [group, foreign_group], learners_per_group=2)
    query = "?dimension=group&date_from=2026-01-01&date_to=2026-12-31"
    for url in ("/en/staff/reports/", "/en/staff/reports/report.csv", "/en/staff/reports/report.xlsx"):
        response = coordinator_client.get(url + query)
        assert response.status_code == 200
        if url.endswith(("/", ".csv")):
            content = response.content.decode("utf-8-sig")
            assert group.name in content and foreign_group.name not in content
    pdf = coordinator_client.get("/en/staff/reports/summary.pdf" + query)
    assert pdf.status_code == 200


def test_supervisor_reads_every_region_but_changes_nothing(client, supervisor, group, foreign_group):
    session = SessionFactory(group=foreign_group)
    sign_in(client, supervisor)
    assert client.get(f"/en/staff/groups/{foreign_group.pk}/").status_code == 200
    assert client.get(f"/en/staff/groups/{group.pk}/").status_code == 200
    for method, url in object_views(foreign_group, session, member(foreign_group).user.pk):
        if url.endswith(f"/groups/{foreign_group.pk}/"):
            continue
        response = getattr(client, method)(url)
        assert response.status_code in (403, 404), (method, url, response.status_code)
    assert FocusGroup.objects.get(pk=foreign_group.pk).status == "draft"


def test_learners_cannot_reach_staff_pages(client, group):
    sign_in(client, UserFactory(role="psychologist"))
    assert client.get("/en/staff/groups/").status_code == 403
    assert client.get("/en/staff/reports/").status_code == 403


def test_password_only_session_is_sent_to_the_second_factor(client, coordinator, group):
    from tests.factories import PASSWORD

    client.post("/en/accounts/login/", {"email": coordinator.email, "password": PASSWORD})
    for url in ("/en/staff/groups/", f"/en/staff/groups/{group.pk}/", "/en/staff/reports/report.csv"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/verify/" in response["Location"]


def test_anonymous_visitors_are_sent_to_sign_in(client, group):
    response = client.get("/en/staff/reports/")
    assert response.status_code == 302


def test_coordinator_cannot_create_a_group_in_another_region(coordinator_client):
    response = coordinator_client.post("/en/staff/groups/new/", {"name": "Басқа", "region": "KZ-71"})
    assert response.status_code == 200
    assert not FocusGroup.objects.filter(name="Басқа").exists()


def test_coordinator_creates_a_group_in_own_region(coordinator_client, coordinator, course):
    response = coordinator_client.post(
        "/en/staff/groups/new/",
        {
            "name": "Жаңа топ",
            "region": "KZ-75",
            "agency": "ІІМ",
            "target_roles": ["inspector"],
            "courses": [course.pk],
        },
    )
    assert response.status_code == 302
    group = FocusGroup.objects.get(name="Жаңа топ")
    assert list(group.coordinators.all()) == [coordinator]
    assert list(group.courses.all()) == [course]
