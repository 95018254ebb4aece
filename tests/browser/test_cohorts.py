"""A coordinator signs in with a backup code and approves a focus group's schedule; the staff
pages of focus groups, attendance and reports pass axe."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from cms.accounts.models import Role
from courses.cohorts import services
from courses.cohorts.models import FocusGroup, Membership, Session
from tests.factories import PASSWORD, UserFactory, backup_code_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(site_url):
    approve = Permission.objects.get(codename="approve_schedule", content_type__app_label="cohorts")
    coordinator = UserFactory(email="coord@example.test", role=Role.COORDINATOR, region="KZ-75")
    coordinator.user_permissions.add(approve)
    colleague = UserFactory(email="colleague@example.test", role=Role.COORDINATOR, region="KZ-75")
    trainer = UserFactory(email="trainer@example.test", role=Role.LECTURER, region="KZ-75")
    group = FocusGroup.objects.create(name="Алматы: мектеп психологтары", region="KZ-75", agency="Білім басқармасы")
    group.coordinators.add(colleague)
    learner = UserFactory(email="learner@example.test", first_name="Әсел", last_name="Ғалымқызы")
    Membership.objects.create(group=group, user=learner)
    session = services.create_session(
        group=group,
        by=colleague,
        session=Session(
            title="Қатыгездік белгілерін анықтау",
            starts_at=timezone.now() + timedelta(days=3),
            duration_minutes=120,
            trainer=trainer,
            venue="Абай даңғылы 10, 305",
            capacity=20,
        ),
    )
    services.submit_schedule(group=group, by=colleague)
    return {"coordinator": coordinator, "group": group, "session": session, "learner": learner}


def sign_in_with_backup_code(page, site_url, user):
    code = backup_code_for(user)
    page.goto(f"{site_url}/en/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url("**/accounts/verify/**")
    page.locator("input[name=token]").fill(code)
    page.locator("input[name=token]").press("Enter")
    page.wait_for_load_state()


def test_coordinator_approves_a_schedule_and_pages_are_accessible(axe_page, site_url, people, assert_accessible):
    page = axe_page
    group = people["group"]
    sign_in_with_backup_code(page, site_url, people["coordinator"])
    page.goto(f"{site_url}/en/staff/groups/")
    assert_accessible(page)
    page.get_by_role("link", name=group.name).click()
    page.wait_for_url(f"**/staff/groups/{group.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Review the schedule").click()
    page.wait_for_url(f"**/staff/groups/{group.pk}/review/")
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Comment").fill("Келісілді")
    page.get_by_role("button", name="Approve the schedule").click()
    page.wait_for_url(f"**/staff/groups/{group.pk}/")
    assert page.get_by_text("The schedule has been approved.").is_visible()
    group.refresh_from_db()
    assert group.status == "approved" and group.reviewed_by == people["coordinator"]
    assert page.locator(".trail").get_by_text("Келісілді").is_visible()
    assert_accessible(page)
    for path in (
        "/en/staff/reports/",
        f"/en/staff/groups/{group.pk}/members/import/",
        f"/en/staff/groups/{group.pk}/members/add/",
        f"/en/staff/groups/{group.pk}/sessions/new/",
        f"/en/staff/sessions/{people['session'].pk}/attendance/",
        "/en/staff/groups/new/",
    ):
        page.goto(f"{site_url}{path}")
        page.wait_for_load_state()
        assert_accessible(page)


def test_learner_check_in_page_is_accessible(axe_page, site_url, people, assert_accessible):
    page = axe_page
    page.goto(f"{site_url}/kk/accounts/login/")
    page.fill("input[name=email]", people["learner"].email)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()
    page.goto(f"{site_url}/kk/learning/check-in/")
    page.locator("input[name=code]").fill("WRONG1")
    page.locator("input[name=code]").press("Enter")
    page.wait_for_load_state()
    assert page.locator(".errorlist").is_visible()
    assert_accessible(page)
