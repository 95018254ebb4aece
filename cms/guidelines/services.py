"""Business rules of the guidelines: the review workflow and who may do what in it."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import GuidelineIndexPage, GuidelinePage

WORKFLOW_NAME = "Guideline review"
WORKING_GROUP = "Guidelines: inter-agency working group"
AGENCY_REVIEW = "Guidelines: agency reviewers"
APPROVAL = "Guidelines: approving body"
# (task name, group that acts on it), in order.
STEPS = (
    ("Working-group review", WORKING_GROUP),
    ("Agency review", AGENCY_REVIEW),
    ("Approval", APPROVAL),
)
# Authors draft and edit. Reviewers reach a draft through their task, which opens the editor (and
# its comments) to them while the draft waits on their step. The approving body needs Wagtail's
# publish permission because the last step publishes as the approving user; wagtail_hooks keeps
# it from publishing a guideline outside the workflow, so every public version passed all three steps.
PAGE_PERMISSIONS = {WORKING_GROUP: ("add", "change"), AGENCY_REVIEW: (), APPROVAL: ("publish",)}
DOCUMENT_PERMISSIONS = {WORKING_GROUP: ("add", "change", "choose"), AGENCY_REVIEW: (), APPROVAL: ()}


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{codename}_page")


def _document_permission(action: str) -> Permission:
    # Wagtail checks document permissions against its base Document model, whatever the custom model.
    return Permission.objects.get(content_type__app_label="wagtaildocs", codename=f"{action}_document")


@transaction.atomic
def ensure_review_workflow(*, index: GuidelineIndexPage) -> Workflow:
    """The three-step review workflow, its groups and their permissions, attached to ``index``.

    Idempotent: it runs each time a guideline index is published, in any language. It runs on
    publishing rather than in a data migration because group page permissions and the workflow's
    assignment need the index page, which no migration can know.
    """
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    groups: dict[str, Group] = {}
    for _task_name, group_name in STEPS:
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(admin_access)
        groups[group_name] = group

    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.workflow_tasks.exists():
        for sort_order, (task_name, group_name) in enumerate(STEPS):
            task = GroupApprovalTask.objects.create(name=task_name, active=True)
            task.groups.set([groups[group_name]])
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=sort_order)
    # An index whose workflow an administrator has changed keeps that choice.
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})

    root_collection = Collection.get_first_root_node()
    for group_name, codenames in PAGE_PERMISSIONS.items():
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=groups[group_name], page=index, permission=_page_permission(codename)
            )
    for group_name, actions in DOCUMENT_PERMISSIONS.items():
        for action in actions:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[group_name], collection=root_collection, permission=_document_permission(action)
            )
    return workflow


def review_group(step: str) -> Group:
    """The group acting on the step named ``step`` (one of STEPS' task names)."""
    return Group.objects.get(name=dict(STEPS)[step])


def may_publish_directly(*, user, page_class: type) -> bool:
    """Whether ``user`` may publish a guideline without the review workflow.

    The approving body holds Wagtail's publish permission because the workflow's last step publishes
    as the approving user; only superusers may use it outside the workflow.
    """
    return user.is_superuser or not issubclass(page_class, GuidelinePage)
