"""Reads that courses, reports and views share. Results count every language version of a quiz."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from .models import Attempt, AttemptStatus, Question, Quiz


def quiz_for_key(*, key: UUID | str, language_code: str | None = None) -> Quiz | None:
    """The quiz with ``translation_key`` in the given (or current) language, else any version of it."""
    language_code = language_code or translation.get_language() or "kk"
    versions = list(Quiz.objects.filter(translation_key=key).select_related("locale"))
    for quiz in versions:
        if quiz.locale.language_code == language_code:
            return quiz
    return versions[0] if versions else None


def quiz_by_slug(*, slug: str, language_code: str | None = None) -> Quiz | None:
    """The quiz with this stable key (``slug``) in the given language, else in any language."""
    quiz = Quiz.objects.filter(slug=slug).first()
    if quiz is None:
        return None
    return quiz_for_key(key=quiz.translation_key, language_code=language_code)


def submitted_attempts(*, quiz: Quiz, user) -> QuerySet[Attempt]:
    return Attempt.objects.filter(quiz_key=quiz.translation_key, user=user, status=AttemptStatus.SUBMITTED)


def best_result(*, quiz: Quiz, user) -> Attempt | None:
    """The learner's best submitted attempt (highest percent, earliest first), or None."""
    if user is None or not user.is_authenticated:
        return None
    return submitted_attempts(quiz=quiz, user=user).order_by("-percent", "submitted_at").first()


def quizzes_by_pk(*, pks: list[int]) -> dict[int, Quiz]:
    """The quizzes with these primary keys that still exist, in one query."""
    return Quiz.objects.in_bulk(pks) if pks else {}


def localized_quizzes(*, pks: list[int]) -> dict[int, Quiz]:
    """Each quiz of ``pks`` in the active language, as ``quiz.localized`` gives it, in one query
    (``localized`` reads the active locale and the translation once per quiz)."""
    if not pks:
        return {}
    versions = list(
        Quiz.objects.filter(translation_key__in=Quiz.objects.filter(pk__in=pks).values("translation_key"))
        .select_related("locale")
        .order_by()
    )
    by_pk = {quiz.pk: quiz for quiz in versions}
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return {pk: by_pk[pk] for pk in pks if pk in by_pk}
    try:
        active = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        active = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    in_active = {quiz.translation_key: quiz for quiz in versions if quiz.locale.language_code == active}
    return {pk: in_active.get(by_pk[pk].translation_key, by_pk[pk]) for pk in pks if pk in by_pk}


def question_counts(*, quizzes: list[Quiz]) -> dict[int, int]:
    """How many questions one attempt of each quiz gets (all of them, or the number drawn), by quiz
    primary key, in one query."""
    totals = dict(
        Question.objects.filter(quiz__in=[quiz.pk for quiz in quizzes])
        .order_by()
        .values("quiz_id")
        .annotate(total=Count("pk"))
        .values_list("quiz_id", "total")
    )
    counts = {}
    for quiz in quizzes:
        total = totals.get(quiz.pk, 0)
        counts[quiz.pk] = min(total, quiz.draw_count) if quiz.draw_count else total
    return counts


def question_count(quiz: Quiz) -> int:
    """How many questions one attempt gets: all of them, or the number drawn."""
    return question_counts(quizzes=[quiz])[quiz.pk]


@dataclass(frozen=True)
class Standing:
    """Where a learner stands with one quiz (every language version counts)."""

    best: Attempt | None  # the best submitted attempt, as best_result
    passed: bool
    used: int  # attempts started, as attempts_used
    current: Attempt | None  # the attempt in progress, as open_attempt
    max_attempts: int | None

    @property
    def left(self) -> int | None:
        """As attempts_left: None when unlimited."""
        return None if self.max_attempts is None else max(self.max_attempts - self.used, 0)


# What a standing reads of each attempt: not the answers or drawn questions (JSON, can be large).
_STANDING_FIELDS = (
    "id", "key", "quiz_id", "quiz_key", "user_id", "status", "number", "submitted_at", "percent", "passed",
)


def _standing(quiz: Quiz, attempts: list[Attempt]) -> Standing:
    submitted = [attempt for attempt in attempts if attempt.status == AttemptStatus.SUBMITTED]
    best = min(submitted, key=lambda attempt: (-(attempt.percent or 0), attempt.submitted_at), default=None)
    return Standing(
        best=best,
        passed=any(attempt.passed for attempt in submitted),
        used=len(attempts),
        current=next((attempt for attempt in attempts if attempt.status == AttemptStatus.IN_PROGRESS), None),
        max_attempts=quiz.max_attempts,
    )


def learner_standings(*, quizzes: list[Quiz], user) -> dict[int, Standing]:
    """learner_standing of each of ``quizzes``, by quiz primary key, in one query however many
    quizzes a page shows."""
    if user is None or not user.is_authenticated or not quizzes:
        return {quiz.pk: _standing(quiz, []) for quiz in quizzes}
    by_key: dict[UUID, list[Attempt]] = defaultdict(list)
    for attempt in (
        Attempt.objects.filter(quiz_key__in={quiz.translation_key for quiz in quizzes}, user=user)
        .only(*_STANDING_FIELDS)
        .order_by("pk")
    ):
        by_key[attempt.quiz_key].append(attempt)
    return {quiz.pk: _standing(quiz, by_key[quiz.translation_key]) for quiz in quizzes}


def learner_standing(*, quiz: Quiz, user) -> Standing:
    """best_result, has_passed, attempts_used and open_attempt of one learner and quiz in one query
    (a quiz card shows all four; a learner has a handful of attempts per quiz)."""
    return learner_standings(quizzes=[quiz], user=user)[quiz.pk]


@dataclass(frozen=True)
class QuizCard:
    """What a quiz card shows: the quiz in the reader's language, its facts and, for a signed-in
    learner, where they stand."""

    quiz: Quiz
    question_count: int
    standing: Standing | None  # None: nobody to show a result to (signed out, or an anonymous self-check)


def quiz_cards(*, pks: list[int], user) -> dict[int, QuizCard]:
    """The cards of the quizzes ``pks`` (as chosen, in any language) for ``user``, by those keys, in
    three queries however many a page shows."""
    quizzes = localized_quizzes(pks=pks)
    signed_in = user is not None and user.is_authenticated
    personal = [quiz for quiz in quizzes.values() if signed_in and not quiz.allow_anonymous]
    standings = learner_standings(quizzes=personal, user=user) if personal else {}
    counts = question_counts(quizzes=list(quizzes.values())) if quizzes else {}
    return {
        pk: QuizCard(quiz=quiz, question_count=counts[quiz.pk], standing=standings.get(quiz.pk))
        for pk, quiz in quizzes.items()
    }


def has_passed(*, quiz: Quiz, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return submitted_attempts(quiz=quiz, user=user).filter(passed=True).exists()


def passed_quiz_keys(*, quizzes: list[Quiz], user) -> set[UUID]:
    """The translation keys of those ``quizzes`` the learner has passed, in one query."""
    if user is None or not user.is_authenticated or not quizzes:
        return set()
    keys = {quiz.translation_key for quiz in quizzes}
    return set(
        Attempt.objects.filter(quiz_key__in=keys, user=user, status=AttemptStatus.SUBMITTED, passed=True)
        .order_by()
        .values_list("quiz_key", flat=True)
        .distinct()
    )


def attempts_used(*, quiz: Quiz, user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Attempt.objects.filter(quiz_key=quiz.translation_key, user=user).count()


def attempts_left(*, quiz: Quiz, user) -> int | None:
    """How many more attempts the learner may start; None when unlimited.

    An attempt in progress counts as used (the learner resumes it rather than starting another).
    """
    if quiz.max_attempts is None:
        return None
    return max(quiz.max_attempts - attempts_used(quiz=quiz, user=user), 0)


def open_attempt(*, quiz: Quiz, user) -> Attempt | None:
    if user is None or not user.is_authenticated:
        return None
    return Attempt.objects.filter(quiz_key=quiz.translation_key, user=user, status=AttemptStatus.IN_PROGRESS).first()


def learner_attempts(*, user) -> QuerySet[Attempt]:
    """Every attempt of a learner, newest first (for "My learning" and the data download)."""
    return Attempt.objects.filter(user=user).select_related("quiz", "quiz__locale").order_by("-started_at")


def learner_attempts_export(*, user) -> list[dict]:
    """A learner's attempts and answers as plain data, for "download all my data" (one query each)."""
    attempts = learner_attempts(user=user).prefetch_related("answers")
    return [
        {
            "quiz": attempt.quiz.title,
            "quiz_key": str(attempt.quiz_key),
            "language": attempt.quiz.locale.language_code,
            "number": attempt.number,
            "status": attempt.status,
            "started_at": attempt.started_at.isoformat(),
            "submitted_at": attempt.submitted_at.isoformat() if attempt.submitted_at else None,
            "late": attempt.late,
            "score": str(attempt.score) if attempt.score is not None else None,
            "max_score": str(attempt.max_score) if attempt.max_score is not None else None,
            "percent": str(attempt.percent) if attempt.percent is not None else None,
            "passed": attempt.passed,
            "answers": [
                {"position": answer.position, "response": answer.response, "score": str(answer.score)}
                for answer in attempt.answers.all()
            ],
        }
        for attempt in attempts
    ]


@dataclass(frozen=True)
class KnowledgeGain:
    """A learner's pre-test and post-test results. ``pre`` is the first pre-test attempt (the
    baseline, before any learning); ``post`` is the best post-test attempt. Percentages, or None."""

    user_id: int
    pre: Decimal | None
    post: Decimal | None

    @property
    def gain(self) -> Decimal | None:
        if self.pre is None or self.post is None:
            return None
        return self.post - self.pre


def knowledge_gain(*, post_test: Quiz, users=None) -> list[KnowledgeGain]:
    """Per learner: first pre-test percent and best post-test percent, for a post-test with a pre-test.

    ``users`` (a queryset or list of ids) narrows the learners, e.g. to a coordinator's region.
    Two queries, whatever the number of learners.
    """
    if post_test.pre_test_id is None:
        return []
    pre_key = Quiz.objects.filter(pk=post_test.pre_test_id).values_list("translation_key", flat=True).first()
    submitted = Attempt.objects.filter(status=AttemptStatus.SUBMITTED, user__isnull=False)
    if users is not None:
        submitted = submitted.filter(user__in=users)
    pre: dict[int, Decimal] = {}
    for user_id, percent in (
        submitted.filter(quiz_key=pre_key).order_by("user_id", "submitted_at").values_list("user_id", "percent")
    ):
        pre.setdefault(user_id, percent)
    post: dict[int, Decimal] = {}
    for user_id, percent in submitted.filter(quiz_key=post_test.translation_key).values_list("user_id", "percent"):
        if user_id not in post or percent > post[user_id]:
            post[user_id] = percent
    return [KnowledgeGain(uid, pre.get(uid), post.get(uid)) for uid in sorted(pre.keys() | post.keys())]


def locale_for(language_code: str) -> Locale | None:
    return Locale.objects.filter(language_code=language_code).first()
