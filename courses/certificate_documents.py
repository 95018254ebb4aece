"""The two forms a certificate is handed out in: a printable PDF and an Open Badges 3.0 credential.

Both are built from the certificate's stored copy of name, course and hours, so they read the
same on every download.
"""

import json
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from cms.accounts.qr import svg_data_uri

from .models import Certificate
from .notifications import absolute_url, verify_url
from .services import identity_hash

PDF_STYLESHEET = Path(__file__).parent / "static" / "courses" / "certificate.css"
OPEN_BADGES_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def render_certificate_pdf(certificate: Certificate) -> bytes:
    from weasyprint import CSS, HTML

    url = verify_url(certificate)
    with translation.override(certificate.language):
        html = render_to_string(
            "courses/certificate_pdf.html",
            {
                "certificate": certificate,
                "verify_url": url,
                "qr": svg_data_uri(url, scale=4),
                "organisation": settings.PLATFORM_ORGANISATION,
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[CSS(filename=str(PDF_STYLESHEET))])


def _timestamp(day) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def open_badge_credential(certificate: Certificate) -> dict:
    """An unsigned OpenBadgeCredential (Open Badges 3.0 on the W3C VC data model 2.0).

    The learner is identified by a salted hash of their email address, as the specification
    recommends, so the file can be shared without exposing the address.
    """
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(certificate.language):
        criteria = translation.gettext(
            "Completed every lesson of the course and passed its quizzes, as required by the course's completion rule."
        )
        description = translation.gettext("A self-paced training for specialists who protect children.")
    course_url = absolute_url(certificate.course.url) if certificate.course and certificate.course.url else base + "/"
    subject: dict = {"type": ["AchievementSubject"]}
    if certificate.user is not None:
        salt = certificate.code[:8]
        subject["identifier"] = [
            {
                "type": "IdentityObject",
                "identityHash": identity_hash(email=certificate.user.email, salt=salt),
                "identityType": "emailAddress",
                "hashed": True,
                "salt": salt,
            }
        ]
    subject["creditsEarned"] = float(certificate.hours)
    subject["achievement"] = {
        "id": f"{base}/achievements/{certificate.course_key}",
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": certificate.course_title,
        "description": description,
        "criteria": {"id": course_url, "narrative": criteria},
        "inLanguage": certificate.language,
        "creditsAvailable": float(certificate.hours),
    }
    credential = {
        "@context": OPEN_BADGES_CONTEXT,
        "id": verify_url(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": base + "/", "type": ["Profile"], "name": settings.PLATFORM_ORGANISATION},
        "name": certificate.course_title,
        "validFrom": _timestamp(certificate.issued_on),
        "credentialSubject": subject,
    }
    if certificate.expires_on:
        credential["validUntil"] = _timestamp(certificate.expires_on)
    return credential


def open_badge_json(certificate: Certificate) -> str:
    return json.dumps(open_badge_credential(certificate), ensure_ascii=False, indent=2)
