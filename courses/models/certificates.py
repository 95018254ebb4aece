import secrets
from base64 import b32encode
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CODE_BYTES = 15  # 120 random bits: 24 base32 characters


def new_certificate_code() -> str:
    """An unguessable code a person can type from paper: A–Z and 2–7 only."""
    return b32encode(secrets.token_bytes(CODE_BYTES)).decode()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Certificate(models.Model):
    """A completed course, fixed at the moment of issue.

    Name, course title and hours are copied so the document and the public check read the same for
    years. When the learner deletes their account the certificate stays verifiable: ``user`` becomes
    empty and ``holder_name`` is erased, so the public page says "issued to a removed account".
    """

    code = models.CharField(_("code"), max_length=32, unique=True, default=new_certificate_code, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("learner"),
    )
    enrolment = models.ForeignKey(
        "courses.Enrolment", on_delete=models.SET_NULL, null=True, blank=True, related_name="certificates"
    )
    completed_at = models.DateTimeField(_("course completed"))
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.SET_NULL, null=True, blank=True, related_name="certificates"
    )
    course_key = models.UUIDField(editable=False)
    holder_name = models.CharField(_("name"), max_length=300, blank=True)
    course_title = models.CharField(_("course"), max_length=255)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    language = models.CharField(_("language"), max_length=8)
    issued_on = models.DateField(_("issued"), default=timezone.localdate)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(_("expiry reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]
        constraints = [
            # One certificate per completion: a task that runs twice cannot issue two.
            models.UniqueConstraint(fields=["enrolment", "completed_at"], name="courses_one_certificate_per_completion")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.course_title})"

    @property
    def is_anonymised(self) -> bool:
        return self.user_id is None and not self.holder_name

    def status(self, today: date | None = None) -> CertificateStatus:
        if self.revoked_at:
            return CertificateStatus.REVOKED
        if self.expires_on and self.expires_on < (today or timezone.localdate()):
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    @property
    def display_code(self) -> str:
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))
