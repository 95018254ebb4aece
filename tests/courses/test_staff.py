import pytest
from django.utils import timezone

from courses.models import Certificate
from tests.factories import PASSWORD, UserFactory, backup_code_for

pytestmark = pytest.mark.django_db


def make_certificate(*, region: str, name: str = "Әсел Ғалымқызы") -> Certificate:
    import uuid

    holder = UserFactory(region=region)
    return Certificate.objects.create(
        user=holder,
        holder_name=name,
        completed_at=timezone.now(),
        course_key=uuid.uuid4(),
        course_title="Курс",
        hours=4,
        language="kk",
    )


def verified(client, **fields):
    user = UserFactory(**fields)
    code = backup_code_for(user)
    client.post("/en/accounts/login/", {"email": user.email, "password": PASSWORD})
    client.post("/en/accounts/verify/", {"token": code})
    return user


def revoke_url(certificate):
    return f"/en/staff/certificates/{certificate.code}/revoke/"


def test_coordinator_revokes_a_certificate_in_their_region_with_a_reason(client):
    certificate = make_certificate(region="KZ-75")
    coordinator = verified(client, role="coordinator", region="KZ-75")
    response = client.post(revoke_url(certificate), {"reason": "Issued by mistake"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at and certificate.revoked_reason == "Issued by mistake"
    assert certificate.revoked_by == coordinator


def test_revocation_needs_a_reason(client):
    certificate = make_certificate(region="KZ-75")
    verified(client, role="coordinator", region="KZ-75")
    response = client.post(revoke_url(certificate), {"reason": "   "})
    assert response.status_code == 200
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_coordinator_cannot_revoke_another_regions_certificate(client):
    certificate = make_certificate(region="KZ-71")
    verified(client, role="coordinator", region="KZ-75")
    assert client.post(revoke_url(certificate), {"reason": "x"}).status_code == 404
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_coordinator_lists_only_their_regions_certificates(client):
    mine = make_certificate(region="KZ-75", name="Менің өңірім")
    make_certificate(region="KZ-71", name="Басқа өңір")
    verified(client, role="coordinator", region="KZ-75")
    html = client.get("/en/staff/certificates/").content.decode()
    assert mine.holder_name in html and "Басқа өңір" not in html


def test_supervisor_reads_but_cannot_revoke(client):
    certificate = make_certificate(region="KZ-71")
    verified(client, role="supervisor", region="")
    assert certificate.holder_name in client.get("/en/staff/certificates/").content.decode()
    assert client.post(revoke_url(certificate), {"reason": "x"}).status_code == 404


def test_learners_cannot_reach_staff_certificate_views(client):
    certificate = make_certificate(region="KZ-75")
    verified(client, role="psychologist", region="KZ-75")
    assert client.get("/en/staff/certificates/").status_code == 403
    assert client.post(revoke_url(certificate), {"reason": "x"}).status_code == 403


def test_staff_views_need_the_second_factor(client):
    certificate = make_certificate(region="KZ-75")
    user = UserFactory(role="coordinator", region="KZ-75")
    client.force_login(user)
    response = client.get(revoke_url(certificate))
    assert response.status_code == 302 and "/accounts/verify/" in response["Location"]
