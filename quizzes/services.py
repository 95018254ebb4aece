"""Quiz business rules. Views, the admin, commands and other apps call these functions.

Public API (keyword-only; stable for courses and lectures):

    start_attempt(*, quiz, user=None, anonymous_key=None, context="") -> Attempt
        A learner's new attempt, or their attempt in progress (resumed). Draws ``quiz.draw_count``
        questions at random from the pool and fixes their order (shuffled when the quiz says so)
        and the order of options in ``attempt.question_ids`` / ``attempt.option_order``: the draw
        is stable for the whole attempt. Starts the clock when the quiz has a time limit.
        Anonymous (user=None) only when ``quiz.allow_anonymous``: nothing about the person is
        stored; ``anonymous_key`` (random, from the start form) makes a double click start one
        attempt; ``context`` is a non-personal label such as "lecture:12" for aggregation.
        Raises QuizClosed (with a message for the learner) when no attempt may be started.

    save_answers(*, attempt, answers, idempotency_key) -> Attempt
        Keeps answers typed so far without submitting. Refused (TimeUp) after the deadline.

    submit_attempt(*, attempt, answers, idempotency_key) -> Attempt
        Scores on the server and records the submission exactly once: the same form posted twice
        or concurrently returns the one recorded result (``attempt.replayed`` is True for the
        repeats). After the deadline plus GRACE the answers sent are ignored and what was saved in
        time is scored (``attempt.late``). Raises InvalidSubmission for a wrong key.
        Sends ``quizzes.signals.attempt_submitted`` once, inside the submission's transaction:
        what receivers record (a course completed) commits with the submission or not at all, so
        a retry after a lost response or a failed request never leaves it out.

    answers_from_post(*, attempt, data) -> dict   the form's answers, keyed by question id
    attempt_review(*, attempt) -> list[ReviewItem] questions with responses, scores and feedback

    import_gift(*, quiz, source, skip_unsupported=False, dry_run=False) -> GiftImport
        Adds the questions of a Moodle GIFT file (text or bytes) to ``quiz``, all or nothing.
        Any error (with its line number) imports nothing; questions of types we do not have
        (numerical, essay, description) are refused by line and block the import unless
        ``skip_unsupported``. ``dry_run`` only reports.

    From quizzes.selectors (re-exported here):
    best_result(*, quiz, user) -> Attempt | None, has_passed(*, quiz, user) -> bool,
    passed_quiz_keys(*, quizzes, user) -> set of translation keys passed (one query),
    learner_standing(*, quiz, user) -> Standing (best, passed, used, left, current; one query),
    learner_standings(*, quizzes, user) -> {quiz pk: Standing} (one query for them all),
    attempts_left(*, quiz, user) -> int | None (None: unlimited), open_attempt(*, quiz, user),
    quiz_by_slug(*, slug, language_code=None), quiz_for_key(*, key, language_code=None),
    knowledge_gain(*, post_test, users=None) -> list[KnowledgeGain] (pre-test / post-test pairs),
    learner_attempts(*, user), learner_attempts_export(*, user) -> list[dict] (for "my data").
    Deleting a user deletes their attempts (CASCADE); anonymous attempts have no user at all.

    Rendering in lessons: ``quizzes.blocks.QuizChooserBlock`` (a snippet chooser) renders the quiz
    card, found in the page's ``quiz_cards`` context when the page read them all at once;
    ``selectors.quiz_cards(*, pks, user)`` reads the cards of any number of quizzes in three queries
    and ``{% load quizzes %}{% quiz_card card %}`` renders one in any template. The quiz itself
    lives at ``reverse("quizzes:quiz", kwargs={"key": quiz.translation_key})`` =
    ``/<lang>/quizzes/<translation_key>/`` (works without JavaScript; ``?next=/local/path/`` adds
    a way back to the lesson).
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from . import gift
from .models import Attempt, AttemptAnswer, AttemptStatus, Question, QuestionKind, Quiz, RevealAnswers
from .scoring import Outcome, option_weights, points_for, question_problems, score_response
from .selectors import (
    attempts_left,
    best_result,
    has_passed,
    knowledge_gain,
    learner_standing,
    learner_standings,
    open_attempt,
    passed_quiz_keys,
    quiz_by_slug,
    quiz_for_key,
)
from .signals import attempt_submitted

__all__ = [
    "GRACE",
    "InvalidSubmission",
    "QuizClosed",
    "QuizError",
    "TimeUp",
    "answers_from_post",
    "attempt_review",
    "attempts_left",
    "best_result",
    "finish_if_expired",
    "GiftImport",
    "has_passed",
    "import_gift",
    "knowledge_gain",
    "learner_standing",
    "learner_standings",
    "open_attempt",
    "passed_quiz_keys",
    "quiz_by_slug",
    "quiz_for_key",
    "save_answers",
    "start_attempt",
    "submit_attempt",
]

# Answers sent this long after the deadline are still accepted: a slow phone connection should
# not cost a learner their attempt.
GRACE = timedelta(seconds=60)


class QuizError(Exception):
    """A rule stopped the action; ``str(error)`` is a message for the learner, in their language."""


class QuizClosed(QuizError):
    pass


class TimeUp(QuizError):
    pass


class InvalidSubmission(QuizError):
    pass


_rng = random.SystemRandom()


def _draw(quiz: Quiz) -> tuple[list[int], dict[str, list[str]]]:
    questions = list(quiz.questions.order_by("sort_order", "pk"))
    if quiz.draw_count and quiz.draw_count < len(questions):
        drawn = {q.pk for q in _rng.sample(questions, quiz.draw_count)}
        questions = [q for q in questions if q.pk in drawn]
    if quiz.shuffle_questions:
        _rng.shuffle(questions)
    order: dict[str, list[str]] = {}
    for question in questions:
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            ids = [block.id for block in question.blocks_of("option")]
            if quiz.shuffle_options:
                _rng.shuffle(ids)
        elif question.kind == QuestionKind.MATCHING:
            # The answer side is always shuffled: in the editor's order it would give itself away.
            ids = [block.id for block in question.blocks_of("pair")]
            _rng.shuffle(ids)
        else:
            continue
        order[str(question.pk)] = ids
    return [q.pk for q in questions], order


def start_attempt(*, quiz: Quiz, user=None, anonymous_key: str | None = None, context: str = "") -> Attempt:
    """See the module docstring."""
    if user is not None and not user.is_authenticated:
        user = None
    if user is None:
        return _start_anonymous(quiz=quiz, anonymous_key=anonymous_key, context=context)
    current = open_attempt(quiz=quiz, user=user)
    if current is not None:
        current = finish_if_expired(attempt=current)
        if not current.is_submitted:
            return current
    if not quiz.questions.exists():
        raise QuizClosed(_("This quiz has no questions yet."))
    try:
        with transaction.atomic():
            used = Attempt.objects.filter(quiz_key=quiz.translation_key, user=user).aggregate(n=Max("number"))["n"] or 0
            if quiz.max_attempts is not None and used >= quiz.max_attempts:
                raise QuizClosed(_("You have used all %(count)s attempts at this quiz.") % {"count": quiz.max_attempts})
            return _create(quiz=quiz, user=user, number=used + 1, context=context)
    except IntegrityError:
        # Another request (a double click) started the same attempt a moment ago: resume it.
        current = open_attempt(quiz=quiz, user=user)
        if current is None:
            raise
        return current


def _start_anonymous(*, quiz: Quiz, anonymous_key: str | None, context: str) -> Attempt:
    if not quiz.allow_anonymous:
        raise QuizClosed(_("Sign in to take this quiz."))
    if not quiz.questions.exists():
        raise QuizClosed(_("This quiz has no questions yet."))
    if anonymous_key:
        existing = Attempt.objects.filter(anonymous_key=anonymous_key, quiz_key=quiz.translation_key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            return _create(quiz=quiz, user=None, number=1, context=context, anonymous_key=anonymous_key or None)
    except IntegrityError:
        existing = Attempt.objects.filter(anonymous_key=anonymous_key, quiz_key=quiz.translation_key).first()
        if existing is None:
            raise
        return existing


def _create(*, quiz: Quiz, user, number: int, context: str, anonymous_key: str | None = None) -> Attempt:
    question_ids, option_order = _draw(quiz)
    now = timezone.now()
    return Attempt.objects.create(
        quiz=quiz,
        quiz_key=quiz.translation_key,
        user=user,
        anonymous_key=anonymous_key,
        context=context[:100],
        number=number,
        question_ids=question_ids,
        option_order=option_order,
        started_at=now,
        deadline=now + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None,
    )


def _check_key(attempt: Attempt, idempotency_key: str) -> None:
    if not idempotency_key or not constant_time_compare(str(idempotency_key), attempt.idempotency_key):
        raise InvalidSubmission(_("This form does not belong to this attempt. Open the quiz again."))


def _time_is_up(attempt: Attempt, now) -> bool:
    return attempt.deadline is not None and now > attempt.deadline + GRACE


def _clean_answers(attempt: Attempt, answers: dict[Any, Any]) -> dict[str, dict]:
    """Only answers to this attempt's questions, keyed by question id as a string."""
    allowed = {str(pk) for pk in attempt.question_ids}
    return {
        str(key): value for key, value in (answers or {}).items() if str(key) in allowed and isinstance(value, dict)
    }


@transaction.atomic
def save_answers(*, attempt: Attempt, answers: dict[Any, Any], idempotency_key: str) -> Attempt:
    """See the module docstring."""
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    _check_key(locked, idempotency_key)
    if locked.is_submitted:
        return locked
    now = timezone.now()
    if _time_is_up(locked, now):
        raise TimeUp(_("The time for this attempt is over; answers can no longer be saved."))
    locked.draft = _clean_answers(locked, answers)
    locked.draft_saved_at = now
    locked.save(update_fields=["draft", "draft_saved_at"])
    return locked


def submit_attempt(*, attempt: Attempt, answers: dict[Any, Any], idempotency_key: str) -> Attempt:
    """See the module docstring."""
    return _finish(attempt=attempt, answers=answers, idempotency_key=idempotency_key, check_key=True)


def finish_if_expired(*, attempt: Attempt) -> Attempt:
    """Score an abandoned attempt whose time is up, from the answers saved in time."""
    if attempt.is_submitted or not _time_is_up(attempt, timezone.now()):
        return attempt
    return _finish(attempt=attempt, answers={}, idempotency_key="", check_key=False)


@transaction.atomic
def _finish(*, attempt: Attempt, answers: dict[Any, Any], idempotency_key: str, check_key: bool) -> Attempt:
    # The row lock makes concurrent submissions of one attempt wait here, one after another;
    # the conditional update and the unique (attempt, position) constraint back it up.
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if check_key:
        _check_key(locked, idempotency_key)
    if locked.is_submitted:
        locked.replayed = True
        return locked
    now = timezone.now()
    late = _time_is_up(locked, now)
    given = locked.draft if late else _clean_answers(locked, answers)
    questions = Question.objects.in_bulk(locked.question_ids)
    rows, score, max_score = [], Decimal(0), Decimal(0)
    for position, question_id in enumerate(locked.question_ids, start=1):
        question = questions.get(question_id)
        if question is None:  # deleted by an editor during the attempt: not counted either way
            continue
        response = given.get(str(question_id)) or {}
        outcome = score_response(question, response)
        points = points_for(question, outcome)
        score += points
        max_score += question.points
        rows.append(
            AttemptAnswer(
                attempt=locked,
                question=question,
                position=position,
                response=response,
                score=points,
                max_score=question.points,
                correct=outcome.correct,
            )
        )
    percent = (score * 100 / max_score).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if max_score else Decimal(0)
    passed = percent >= locked.quiz.pass_mark
    updated = Attempt.objects.filter(pk=locked.pk, status=AttemptStatus.IN_PROGRESS).update(
        status=AttemptStatus.SUBMITTED,
        submitted_at=now,
        late=late,
        score=score,
        max_score=max_score,
        percent=percent,
        passed=passed,
    )
    if updated != 1:  # pragma: no cover - the row lock makes this unreachable on PostgreSQL and SQLite
        locked.refresh_from_db()
        locked.replayed = True
        return locked
    AttemptAnswer.objects.bulk_create(rows)
    locked.refresh_from_db()
    locked.replayed = False
    # Inside the transaction, not on commit: if a receiver fails (the database went away after
    # the answers were written), the whole submission rolls back and the learner's retry redoes
    # both; on commit, the retry would be a replay and the follow-up would be lost for good.
    attempt_submitted.send(sender=Attempt, attempt=locked)
    return locked


def answers_from_post(*, attempt: Attempt, data) -> dict[str, dict]:
    """The answers in a posted quiz form (a QueryDict), keyed by question id.

    Field names: ``q<id>`` (radio, checkboxes or text) and ``q<id>-<pair id>`` for matching.
    """
    answers: dict[str, dict] = {}
    questions = Question.objects.in_bulk(attempt.question_ids)
    for question_id in attempt.question_ids:
        question = questions.get(question_id)
        if question is None:
            continue
        name = f"q{question_id}"
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            values = [value for value in data.getlist(name) if value]
            if values:
                answers[str(question_id)] = {"options": values[:50]}
        elif question.kind == QuestionKind.TRUE_FALSE:
            value = data.get(name)
            if value in ("true", "false"):
                answers[str(question_id)] = {"value": value}
        elif question.kind == QuestionKind.SHORT_ANSWER:
            value = (data.get(name) or "")[:300]
            if value.strip():
                answers[str(question_id)] = {"text": value}
        elif question.kind == QuestionKind.MATCHING:
            pairs = {
                block.id: data.get(f"{name}-{block.id}")
                for block in question.blocks_of("pair")
                if block.value["prompt"] and data.get(f"{name}-{block.id}")
            }
            if pairs:
                answers[str(question_id)] = {"pairs": pairs}
    return answers


@dataclass
class ReviewItem:
    """One question of a submitted attempt as the learner sees it afterwards."""

    position: int
    question: Question
    response: dict
    score: Decimal
    max_score: Decimal
    outcome: Outcome
    reveal: bool
    correct_ids: set[str] = field(default_factory=set)


def reveals_answers(*, attempt: Attempt) -> bool:
    """Whether correct answers and explanations may be shown for this submitted attempt."""
    rule = attempt.quiz.reveal_answers
    if rule == RevealAnswers.AFTER_EACH_ATTEMPT:
        return True
    if rule == RevealAnswers.NEVER:
        return False
    if attempt.passed or attempt.user_id is None:
        return True
    left = attempts_left(quiz=attempt.quiz, user=attempt.user)
    return left == 0


def attempt_review(*, attempt: Attempt) -> list[ReviewItem]:
    """Questions of a submitted attempt with the learner's responses, scores and feedback."""
    reveal = reveals_answers(attempt=attempt)
    items = []
    for answer in attempt.answers.select_related("question"):
        question = answer.question
        if question is None:
            continue
        outcome = score_response(question, answer.response)
        correct_ids: set[str] = set()
        if reveal and question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            correct_ids = {key for key, weight in option_weights(question).items() if weight > 0}
        items.append(
            ReviewItem(
                position=answer.position,
                question=question,
                response=answer.response,
                score=answer.score,
                max_score=answer.max_score,
                outcome=outcome,
                reveal=reveal,
                correct_ids=correct_ids,
            )
        )
    return items


@dataclass
class GiftImport:
    """What an import did or would do. ``imported`` is 0 when blocked or on a dry run."""

    report: gift.GiftReport
    dry_run: bool
    skip_unsupported: bool
    imported: int = 0

    @property
    def blocked(self) -> bool:
        return bool(self.report.errors) or (bool(self.report.refused) and not self.skip_unsupported)

    @property
    def importable(self) -> int:
        return 0 if self.report.errors else len(self.report.questions)


def _decode(source: str | bytes, report: gift.GiftReport) -> str | None:
    if isinstance(source, str):
        return source
    if len(source) > gift.MAX_BYTES:
        report.errors.append(gift.Problem(1, _("the file is larger than 2 MB.")))
        return None
    try:
        return source.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = source[: error.start].count(b"\n") + 1
        report.errors.append(gift.Problem(line, _("the file is not UTF-8 text; save it as UTF-8 and try again.")))
        return None


def import_gift(
    *, quiz: Quiz, source: str | bytes, skip_unsupported: bool = False, dry_run: bool = False
) -> GiftImport:
    """See the module docstring."""
    report = gift.GiftReport()
    text = _decode(source, report)
    if text is not None:
        report = gift.parse(text)
        for parsed in report.questions:
            probe = Question(quiz=quiz, **parsed.model_fields())
            for messages in question_problems(probe).values():
                report.errors.extend(gift.Problem(parsed.line, message) for message in messages)
        if not report.questions and not report.errors and not report.refused:
            report.errors.append(gift.Problem(1, _("no questions were found in the file.")))
    result = GiftImport(report=report, dry_run=dry_run, skip_unsupported=skip_unsupported)
    if result.blocked or dry_run:
        return result
    with transaction.atomic():
        Quiz.objects.select_for_update().get(pk=quiz.pk)
        start = (quiz.questions.aggregate(n=Max("sort_order"))["n"] or 0) + 1
        for index, parsed in enumerate(report.questions):
            Question.objects.create(quiz=quiz, locale=quiz.locale, sort_order=start + index, **parsed.model_fields())
    result.imported = len(report.questions)
    return result
