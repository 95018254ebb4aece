import pytest
from django.contrib.auth.models import Group
from django.test import Client

from cms.guidelines import services
from tests.factories import PASSWORD, StaffUserFactory, backup_code_for

from .factories import GuidelineIndexPageFactory, GuidelinePageFactory, publish


@pytest.fixture
def guideline_index(home_tree):
    """A published guideline index under the Kazakh home page (publishing attaches the workflow)."""
    index = GuidelineIndexPageFactory(parent=home_tree["home"]["kk"])
    return publish(index)


@pytest.fixture
def guideline(guideline_index):
    """A published guideline, version 1.0, for school psychologists."""
    page = GuidelinePageFactory(parent=guideline_index, slug="identifying", audiences=["school_psychologist"])
    return publish(page)


def sign_in(user, *, verified: bool = True) -> Client:
    client = Client()
    response = client.post("/en/accounts/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    if verified:
        response = client.post("/en/accounts/verify/", {"token": backup_code_for(user)})
        assert response.status_code == 302
    return client


@pytest.fixture
def reviewers(guideline_index):
    """One staff member in each review group, keyed by step name."""
    found = {}
    for step, group_name in services.STEPS:
        user = StaffUserFactory(email=f"{step.split()[0].lower()}@example.test")
        user.groups.add(Group.objects.get(name=group_name))
        found[step] = user
    return found
