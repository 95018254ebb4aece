import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import GroupPagePermission, TaskState, WorkflowPage

from cms.guidelines import services
from tests.factories import StaffUserFactory

from .conftest import sign_in
from .factories import section

pytestmark = pytest.mark.django_db

STEP_NAMES = [step for step, _group in services.STEPS]


def submit(guideline, author, **changes):
    for name, value in changes.items():
        setattr(guideline, name, value)
    guideline.save_revision(user=author)
    guideline.get_workflow().start(guideline, author)
    guideline.refresh_from_db()
    return guideline


def current_step(guideline) -> str:
    return guideline.current_workflow_task.name


def act(client, guideline, action: str):
    task_state = guideline.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(guideline.pk, action, task_state.pk))
    return client.post(url, {"comment": ""})


def denied(response) -> bool:
    """Wagtail's admin answers a refused action with 403, or by sending the user to the dashboard (or,
    without admin access, to the login page)."""
    return response.status_code == 403 or (
        response.status_code == 302
        and (response["Location"] == reverse("wagtailadmin_home") or response["Location"].startswith("/admin/login/"))
    )


def test_publishing_an_index_attaches_the_three_step_workflow(guideline_index):
    workflow = WorkflowPage.objects.get(page=guideline_index).workflow
    assert [task.name for task in workflow.tasks] == STEP_NAMES
    for task, (_name, group_name) in zip(workflow.tasks, services.STEPS, strict=True):
        assert [group.name for group in task.specific.groups.all()] == [group_name]


def test_setting_up_the_workflow_twice_changes_nothing(guideline_index):
    before = (Group.objects.count(), GroupPagePermission.objects.count(), WorkflowPage.objects.count())
    services.ensure_review_workflow(index=guideline_index)
    assert (Group.objects.count(), GroupPagePermission.objects.count(), WorkflowPage.objects.count()) == before


def test_the_workflow_moves_through_its_steps_and_publishes_at_the_end(client, guideline, reviewers):
    submit(guideline, reviewers["Working-group review"], version="1.1", sections=[section("Purpose", "Approved text.")])
    for step in STEP_NAMES:
        assert current_step(guideline) == step
        assert "Approved text." not in client.get(guideline.url).content.decode()
        response = act(sign_in(reviewers[step]), guideline, "approve")
        assert response.status_code == 302, response
        guideline.refresh_from_db()
    assert not guideline.workflow_in_progress
    assert guideline.version == "1.1"
    assert "Approved text." in client.get(guideline.url).content.decode()


def test_a_user_outside_the_steps_group_cannot_approve_it(guideline, reviewers):
    submit(guideline, reviewers["Working-group review"], version="1.1")
    act(sign_in(reviewers["Working-group review"]), guideline, "approve")
    guideline.refresh_from_db()
    assert current_step(guideline) == "Agency review"
    for outsider in (reviewers["Working-group review"], reviewers["Approval"], StaffUserFactory()):
        assert denied(act(sign_in(outsider), guideline, "approve"))
        guideline.refresh_from_db()
        assert current_step(guideline) == "Agency review"
    assert guideline.version == "1.0"


def test_request_changes_stops_the_workflow_and_keeps_the_approved_version(client, guideline, reviewers):
    submit(guideline, reviewers["Working-group review"], version="1.1")
    act(sign_in(reviewers["Working-group review"]), guideline, "approve")
    act(sign_in(reviewers["Agency review"]), guideline, "reject")
    guideline.refresh_from_db()
    assert guideline.version == "1.0"
    assert TaskState.objects.filter(status=TaskState.STATUS_REJECTED).count() == 1


def test_only_the_working_group_may_edit_and_only_the_approving_body_holds_publish(guideline, reviewers):
    for step, user in reviewers.items():
        permissions = guideline.permissions_for_user(user)
        assert permissions.can_publish() == (step == "Approval")
        assert permissions.can_edit() == (step == "Working-group review")


def test_the_approving_body_cannot_publish_outside_the_workflow(guideline, reviewers):
    client = sign_in(reviewers["Approval"])
    edit_url = reverse("wagtailadmin_pages:edit", args=(guideline.pk,))
    assert 'name="action-publish"' not in client.get(edit_url).content.decode()
    assert denied(client.post(edit_url, {"action-publish": "action-publish", "title": "Bypassed"}))
    guideline.refresh_from_db()
    assert guideline.title != "Bypassed"


def test_reviewer_on_their_step_can_open_the_editor_to_comment(guideline, reviewers):
    submit(guideline, reviewers["Working-group review"], version="1.1")
    act(sign_in(reviewers["Working-group review"]), guideline, "approve")
    edit_url = reverse("wagtailadmin_pages:edit", args=(guideline.pk,))
    response = sign_in(reviewers["Agency review"]).get(edit_url)
    assert response.status_code == 200
    assert "w-comments:init" in response.content.decode()  # Wagtail's comments are switched on for them


def test_reviewer_without_second_factor_is_sent_to_verification(reviewers):
    client = sign_in(reviewers["Agency review"], verified=False)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:verify"))


def test_reviewers_get_an_email_when_a_guideline_is_submitted(guideline, reviewers, django_capture_on_commit_callbacks):
    colleague = StaffUserFactory(email="colleague@example.test")
    colleague.groups.add(services.review_group("Working-group review"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(guideline, reviewers["Working-group review"], version="1.1")
    # Nothing is sent inside the request: the emails wait for the background task after commit.
    assert callbacks
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert reviewers["Working-group review"].email not in {address for message in mail.outbox for address in message.to}
    to_colleague = [message for message in mail.outbox if message.to == [colleague.email]]
    assert len(to_colleague) == 1
    assert guideline.title in to_colleague[0].subject + to_colleague[0].body


def test_the_next_steps_reviewers_are_emailed_when_it_starts(guideline, reviewers, django_capture_on_commit_callbacks):
    submit(guideline, reviewers["Working-group review"], version="1.1")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(sign_in(reviewers["Working-group review"]), guideline, "approve")
    recipients = {address for message in mail.outbox for address in message.to}
    assert reviewers["Agency review"].email in recipients
    assert reviewers["Approval"].email not in recipients
