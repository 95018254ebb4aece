import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from ..choices import Provider
from ..embeds import EMBEDDED_PROVIDERS, sanitise_embed, url_is_allowed

# Letters and digits nobody confuses when a code is read aloud or copied from a board:
# no 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G.
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
CODE_LENGTH = 6
JOIN_OPENS_BEFORE = timedelta(minutes=15)
# Teachers may check a class in from the moment the join button opens until an hour after the end.
CHECK_IN_CLOSES_AFTER = timedelta(hours=1)
MAX_VIDEO_BYTES = 500 * 1024 * 1024
MAX_CAPTION_BYTES = 1024 * 1024


def new_check_in_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def validate_video_size(file) -> None:
    if file.size > MAX_VIDEO_BYTES:
        raise ValidationError(_("The video is larger than 500 MB."))


def validate_webvtt(file) -> None:
    if file.size > MAX_CAPTION_BYTES:
        raise ValidationError(_("The captions file is larger than 1 MB."))
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    if isinstance(head, bytes):
        head = head.decode("utf-8", "replace")
    if not head.lstrip("\ufeff").startswith("WEBVTT"):
        raise ValidationError(_("Captions must be a WebVTT file that starts with WEBVTT."))


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open to join")
    LIVE = "live", _("Live now")
    ENDED = "ended", _("Ended")
    CANCELLED = "cancelled", _("Cancelled")


class LectureSession(models.Model):
    """One live showing of a lecture, and afterwards its recording.

    Sessions belong to the lecture as an event, not to one language version of its page: every
    translation of the page lists the same sessions (matched by translation key).
    """

    lecture = models.ForeignKey(
        "lectures.LecturePage", verbose_name=_("lecture"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts at"), help_text=_("Asia/Almaty time."))
    ends_at = models.DateTimeField(_("ends at"), help_text=_("Asia/Almaty time."))
    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices, default=Provider.JITSI)
    join_url = models.URLField(
        _("join link"), blank=True, help_text=_("For a player on our own servers or YouTube, a link on its host.")
    )
    embed_html = models.TextField(
        _("player embed code"),
        blank=True,
        help_text=_("Only iframes from the allowlisted hosts are kept; everything else is removed."),
    )
    check_in_code = models.CharField(_("check-in code"), max_length=12, unique=True, default=new_check_in_code)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    recording_file = models.FileField(
        _("recording (video file)"),
        upload_to="lectures/recordings/",
        blank=True,
        validators=[FileExtensionValidator(["mp4", "webm"]), validate_video_size],
    )
    recording_embed_html = models.TextField(
        _("recording embed code"), blank=True, help_text=_("Only iframes from the allowlisted hosts are kept.")
    )
    captions = models.FileField(
        _("captions (WebVTT)"),
        upload_to="lectures/captions/",
        blank=True,
        validators=[FileExtensionValidator(["vtt"]), validate_webvtt],
    )
    captions_language = models.CharField(_("captions language"), max_length=5, default="kk")
    transcript = models.TextField(
        _("transcript"), blank=True, help_text=_("Left empty, the transcript is made from the captions.")
    )

    panels = [
        FieldPanel("lecture"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        MultiFieldPanel(
            [FieldPanel("provider"), FieldPanel("join_url"), FieldPanel("embed_html"), FieldPanel("is_cancelled")],
            heading=_("Live"),
        ),
        FieldPanel("check_in_code", read_only=True),
        MultiFieldPanel(
            [
                FieldPanel("recording_file"),
                FieldPanel("recording_embed_html"),
                FieldPanel("captions"),
                FieldPanel("captions_language"),
                FieldPanel("transcript"),
            ],
            heading=_("Recording"),
        ),
    ]

    class Meta:
        verbose_name = _("lecture session")
        verbose_name_plural = _("lecture sessions")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["starts_at"], name="lectures_session_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="lectures_session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at) if self.starts_at else None
        return f"{self.lecture.title} — {local:%Y-%m-%d %H:%M}" if local else str(self.lecture_id)

    def get_absolute_url(self) -> str:
        return reverse("lectures:session", args=[self.pk])

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must be after the start.")
        if self.provider in EMBEDDED_PROVIDERS:
            if self.join_url and not url_is_allowed(self.join_url, self.provider):
                errors["join_url"] = _("This link is not on the allowlisted host for this provider.")
            if self.embed_html.strip():
                cleaned = sanitise_embed(self.embed_html, provider=self.provider)
                if not cleaned:
                    errors["embed_html"] = _("The embed code has no player from the allowlisted host.")
                self.embed_html = cleaned
        elif self.provider == Provider.LINK:
            if not self.join_url.startswith("https://"):
                errors["join_url"] = _("Give an https link.")
            self.embed_html = ""
        if self.recording_embed_html.strip():
            cleaned = sanitise_embed(self.recording_embed_html)
            if not cleaned:
                errors["recording_embed_html"] = _("The embed code has no player from an allowlisted host.")
            self.recording_embed_html = cleaned
        if errors:
            raise ValidationError(errors)

    # -- time rules, all computed on the server ------------------------------------------------
    @property
    def join_opens_at(self) -> datetime:
        return self.starts_at - JOIN_OPENS_BEFORE

    @property
    def check_in_closes_at(self) -> datetime:
        return self.ends_at + CHECK_IN_CLOSES_AFTER

    def status(self, now: datetime | None = None) -> str:
        now = now or timezone.now()
        if self.is_cancelled:
            return SessionStatus.CANCELLED
        if now >= self.ends_at:
            return SessionStatus.ENDED
        if now >= self.starts_at:
            return SessionStatus.LIVE
        if now >= self.join_opens_at:
            return SessionStatus.OPEN
        return SessionStatus.SCHEDULED

    def join_is_open(self, now: datetime | None = None) -> bool:
        return self.status(now) in (SessionStatus.OPEN, SessionStatus.LIVE)

    def check_in_is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return not self.is_cancelled and self.join_opens_at <= now < self.check_in_closes_at

    def after_is_open(self, now: datetime | None = None) -> bool:
        """Self-check and feedback: from the start of the lecture on."""
        now = now or timezone.now()
        return not self.is_cancelled and now >= self.starts_at

    # -- what is shown ---------------------------------------------------------------------------
    @property
    def player_html(self) -> str:
        return sanitise_embed(self.embed_html, provider=self.provider) if self.embed_html else ""

    @property
    def recording_player_html(self) -> str:
        return sanitise_embed(self.recording_embed_html) if self.recording_embed_html else ""

    @property
    def has_recording(self) -> bool:
        return bool(self.recording_file) or bool(self.recording_player_html)

    @property
    def is_embedded(self) -> bool:
        return self.provider in EMBEDDED_PROVIDERS and bool(self.player_html)
