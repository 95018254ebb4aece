"""Emails to learners, each in the language their certificate was issued in."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Certificate


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def verify_url(certificate: Certificate) -> str:
    with translation.override(certificate.language):
        return absolute_url(reverse("courses:verify", kwargs={"code": certificate.code}))


def _send(*, certificate: Certificate, subject: Promise, template: str) -> None:
    if certificate.user is None or not certificate.user.email:
        return
    with translation.override(certificate.language):
        context = {
            "certificate": certificate,
            "verify_url": verify_url(certificate),
            "my_learning_url": absolute_url(reverse("courses:my_learning")),
        }
        body = render_to_string(template, context)
        EmailMessage(subject=str(subject), body=body, to=[certificate.user.email]).send()


def certificate_issued(*, certificate: Certificate) -> None:
    _send(
        certificate=certificate, subject=_("Your certificate is ready"), template="courses/email/certificate_issued.txt"
    )


def certificate_expiring(*, certificate: Certificate) -> None:
    _send(
        certificate=certificate,
        subject=_("Your certificate expires soon"),
        template="courses/email/certificate_expiring.txt",
    )
