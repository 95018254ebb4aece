import pytest
from django.contrib.auth.models import Permission

from cms.accounts.models import Role
from tests.courses.factories import CourseIndexPageFactory
from tests.factories import PASSWORD, UserFactory, backup_code_for

from .factories import FocusGroupFactory


def sign_in(client, user):
    """Sign in with password and a backup code, as staff must."""
    code = backup_code_for(user)
    assert client.post("/en/accounts/login/", {"email": user.email, "password": PASSWORD}).status_code == 302
    assert client.post("/en/accounts/verify/", {"token": code}).status_code == 302
    client.user = user
    return client


def grant_approval(user):
    user.user_permissions.add(Permission.objects.get(codename="approve_schedule", content_type__app_label="cohorts"))
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def course(home_tree):
    from tests.courses.conftest import build_course

    index = CourseIndexPageFactory(parent=home_tree["home"]["kk"], locale=home_tree["home"]["kk"].locale)
    return build_course(
        index, title="Отбасын сүйемелдеу", slug="family-support", modules=1, lessons_per_module=1
    ).course


@pytest.fixture
def coordinator(db):
    return UserFactory(email="coord.ala@example.test", role=Role.COORDINATOR, region="KZ-75", first_name="Асхат")


@pytest.fixture
def other_coordinator(db):
    return UserFactory(email="coord.ast@example.test", role=Role.COORDINATOR, region="KZ-71", first_name="Ерлан")


@pytest.fixture
def approver(db):
    user = UserFactory(email="approver@example.test", role=Role.COORDINATOR, region="KZ-75", first_name="Гүлнар")
    return grant_approval(user)


@pytest.fixture
def supervisor(db):
    return UserFactory(email="supervisor@example.test", role=Role.SUPERVISOR, region="")


@pytest.fixture
def group(db, coordinator):
    group = FocusGroupFactory(name="Алматы психологтары", region="KZ-75")
    group.coordinators.add(coordinator)
    return group


@pytest.fixture
def foreign_group(db, other_coordinator):
    group = FocusGroupFactory(name="Астана инспекторлары", region="KZ-71")
    group.coordinators.add(other_coordinator)
    return group


@pytest.fixture
def coordinator_client(client, coordinator):
    return sign_in(client, coordinator)
