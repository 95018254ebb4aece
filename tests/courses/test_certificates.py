import io
import json
from datetime import date, timedelta

import pypdfium2
import pytest
import zxingcpp
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from courses import services
from courses.certificate_documents import open_badge_credential, render_certificate_pdf
from courses.models import Certificate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KAZAKH_LETTERS = "әғқңөұүһі"


@pytest.fixture
def certificate(learner, course_tree, django_capture_on_commit_callbacks):
    course = course_tree.course
    course.title = "Балалар құқығы: әғқңөұүһі"
    course.save_revision().publish()
    services.enrol(user=learner, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in course_tree.lessons:
            services.complete_lesson(user=learner, lesson=lesson, language_code="kk")
    return Certificate.objects.get()


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_code_is_long_random_and_typeable(certificate):
    other = Certificate.objects.create(
        completed_at=timezone.now(), course_key=certificate.course_key, course_title="x", hours=1, language="kk"
    )
    assert len(certificate.code) >= 24 and certificate.code != other.code
    assert set(certificate.code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def test_pdf_has_name_course_and_kazakh_letters(certificate):
    text = pdf_text(render_certificate_pdf(certificate))
    assert "Әсел Ғалымқызы" in text
    assert "Балалар құқығы" in text
    for letter in KAZAKH_LETTERS:
        assert letter in text, letter
    assert "Сертификат" in text


def test_pdf_in_russian_for_a_russian_learner(certificate):
    certificate.language = "ru"
    text = pdf_text(render_certificate_pdf(certificate))
    assert "Сертификат" in text and "выдачи" in text


def test_pdf_qr_code_opens_the_verification_page(certificate):
    document = pypdfium2.PdfDocument(render_certificate_pdf(certificate))
    image = document[0].render(scale=3).to_pil()
    found = [barcode.text for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
    assert found == [f"http://testserver/kk/certificates/{certificate.code}/"]


def test_learner_downloads_their_certificate_pdf(learner_client, certificate):
    response = learner_client.get(reverse("courses:certificate_pdf", kwargs={"code": certificate.code}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_another_learner_gets_404_for_certificate_downloads(client, certificate):
    client.force_login(UserFactory())
    for name in ("courses:certificate_pdf", "courses:certificate_badge"):
        assert client.get(reverse(name, kwargs={"code": certificate.code})).status_code == 404


def test_certificate_downloads_need_sign_in(client, certificate):
    response = client.get(reverse("courses:certificate_pdf", kwargs={"code": certificate.code}))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_verify_page_shows_only_name_course_date_and_validity(client, certificate, learner):
    response = client.get(f"/kk/certificates/{certificate.code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Әсел Ғалымқызы" in html and certificate.course_title in html
    assert certificate.issued_on.strftime("%d.%m.%Y") in html
    for private in (learner.email, learner.region, str(certificate.hours), learner.role):
        assert private not in html.split("<main", 1)[1]
    assert not response.cookies


def test_verify_accepts_the_code_as_printed_with_dashes_and_lower_case(client, certificate):
    response = client.get(f"/ru/certificates/{certificate.display_code.lower()}/")
    assert response.status_code == 200


def test_verify_page_says_revoked(client, certificate, learner):
    services.revoke_certificate(certificate=certificate, by=UserFactory(), reason="Fraudulent attendance")
    html = client.get(f"/en/certificates/{certificate.code}/").content.decode()
    assert "Revoked" in html
    assert "Fraudulent" not in html


def test_verify_page_says_expired(client, certificate):
    certificate.expires_on = timezone.localdate() - timedelta(days=1)
    certificate.save()
    assert "Expired" in client.get(f"/en/certificates/{certificate.code}/").content.decode()


def test_wrong_code_gives_the_same_not_found_page_as_any_other_wrong_code(client, certificate):
    wrong = ["AAAAAAAAAAAAAAAAAAAAAAAA", certificate.code[:-1] + ("B" if certificate.code[-1] != "B" else "C")]
    first, second = (client.get(f"/en/certificates/{code}/") for code in wrong)
    assert first.status_code == second.status_code == 404
    # Identical apart from the requested address itself (echoed in the language links).
    assert first.content.replace(wrong[0].encode(), b"X") == second.content.replace(wrong[1].encode(), b"X")
    assert "Certificate not found" in first.content.decode()


def test_verify_is_rate_limited_per_address(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_LIMIT = 3
    statuses = [client.get(f"/en/certificates/WRONG{n}/").status_code for n in range(3)]
    assert statuses == [404, 404, 404]
    limited = client.get(f"/en/certificates/{certificate.code}/")
    assert limited.status_code == 429
    assert certificate.course_title not in limited.content.decode()
    other_address = client.get(f"/en/certificates/{certificate.code}/", REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 200


def test_verify_form_redirects_to_the_code(client, certificate):
    response = client.get("/en/certificates/", {"code": certificate.display_code})
    assert response.status_code == 302 and response["Location"] == f"/en/certificates/{certificate.code}/"


def test_open_badge_credential_shape(certificate, settings):
    credential = open_badge_credential(certificate)
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["name"] == settings.PLATFORM_ORGANISATION
    assert credential["issuer"]["type"] == ["Profile"]
    assert credential["validFrom"].endswith("T00:00:00Z") and "validUntil" in credential
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"][0]["identityHash"].startswith("sha256$")
    assert certificate.user.email not in json.dumps(credential)
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == certificate.course_title
    assert achievement["criteria"]["narrative"]
    assert credential["id"].endswith(f"/certificates/{certificate.code}/")


def test_learner_downloads_the_open_badge(learner_client, certificate):
    response = learner_client.get(reverse("courses:certificate_badge", kwargs={"code": certificate.code}))
    assert response.status_code == 200
    assert json.loads(response.content)["type"][1] == "OpenBadgeCredential"


def test_expiry_reminder_is_sent_once(certificate):
    certificate.expires_on = timezone.localdate() + timedelta(days=10)
    certificate.save()
    mail.outbox.clear()
    call_command("send_certificate_reminders", stdout=io.StringIO())
    call_command("send_certificate_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [certificate.user.email]


def test_no_reminder_for_far_off_revoked_or_expired_certificates(certificate):
    mail.outbox.clear()
    certificate.expires_on = timezone.localdate() + timedelta(days=200)
    certificate.save()
    assert services.send_expiry_reminders() == 0
    certificate.expires_on = timezone.localdate() + timedelta(days=5)
    certificate.revoked_at = timezone.now()
    certificate.save()
    assert services.send_expiry_reminders() == 0
    assert not mail.outbox


def test_validity_adds_calendar_months():
    assert services.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert services.add_months(date(2026, 11, 27), 24) == date(2028, 11, 27)
