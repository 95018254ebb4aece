import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .quiz import Question, Quiz


def new_token() -> str:
    return secrets.token_urlsafe(32)


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class Attempt(models.Model):
    """One try at a quiz, by a learner or anonymous.

    ``key`` is the public id in URLs; ``idempotency_key`` travels in the quiz form as a hidden
    field, and a submission must carry it. An anonymous attempt has no user and nothing else about
    the person: no cookie, no address, no browser; it is reached only through its random keys.
    """

    key = models.UUIDField(_("key"), default=uuid.uuid4, unique=True, editable=False)
    quiz = models.ForeignKey(Quiz, verbose_name=_("quiz"), on_delete=models.PROTECT, related_name="attempts")
    # The quiz's translation_key: limits and results count every language version together.
    quiz_key = models.UUIDField(_("quiz key"), db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    # A random token from the anonymous start form, so a double click starts one attempt, not two.
    anonymous_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    # A non-personal label the caller chooses (for example "lecture:12") to aggregate self-checks.
    context = models.CharField(_("context"), max_length=100, blank=True)
    number = models.PositiveSmallIntegerField(_("attempt number"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS
    )
    idempotency_key = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    question_ids = models.JSONField(default=list, editable=False)
    # {question id: [answer block ids in the order shown]} for options and matching answers.
    option_order = models.JSONField(default=dict, editable=False)
    draft = models.JSONField(_("saved answers"), default=dict, blank=True)
    draft_saved_at = models.DateTimeField(_("answers saved at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # The answers arrived after the deadline (plus grace): what was saved in time was scored instead.
    late = models.BooleanField(_("sent after the time limit"), default=False)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=8, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["quiz_key", "user", "status"], name="quizzes_attempt_lookup")]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz_key", "user", "number"],
                condition=Q(user__isnull=False),
                name="quizzes_attempt_unique_number",
            ),
            models.UniqueConstraint(
                fields=["quiz_key", "user"],
                condition=Q(user__isnull=False, status="in_progress"),
                name="quizzes_attempt_one_open_per_learner",
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress")
                | Q(submitted_at__isnull=False, score__isnull=False, percent__isnull=False, passed__isnull=False),
                name="quizzes_attempt_submitted_is_scored",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} #{self.number}"

    @property
    def is_submitted(self) -> bool:
        return self.status == AttemptStatus.SUBMITTED

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None


class AttemptAnswer(models.Model):
    """The answer to one question of a submitted attempt, with its score.

    The unique (attempt, position) pair is the last guard against recording a submission twice.
    """

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    position = models.PositiveSmallIntegerField()
    response = models.JSONField(default=dict, blank=True)
    score = models.DecimalField(max_digits=8, decimal_places=2)
    max_score = models.DecimalField(max_digits=8, decimal_places=2)
    correct = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="quizzes_answer_once_per_question")]

    def __str__(self) -> str:
        return f"{self.attempt} · {self.position}"
