"""Business rules for lectures: class check-in, feedback, self-check results, moderation."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from cms.home.rate_limit import within_limit
from cms.home.sanitize import plain_text
from cms.regions import normalise_region

from .choices import Grade, ModerationStatus
from .models import ClassCheckIn, Feedback, LectureSession, SelfCheckResult
from .models.records import MAX_STUDENTS_PER_CLASS
from .models.sessions import CODE_ALPHABET

# A public form that takes no cookies cannot have a CSRF token, so it is rate-limited instead:
# per session code (never per visitor: we keep nothing about who sends it).
CHECK_INS_PER_CODE = 400
FEEDBACK_PER_SESSION = 3000
RATE_WINDOW_SECONDS = 60 * 60


class LectureError(Exception):
    """A rule was broken; ``field`` names the form field the message belongs next to."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def normalise_code(raw: str) -> str:
    return re.sub(r"[\s\-_.]", "", raw or "").upper()


def normalise_school(raw: str) -> str:
    """The school name folded so that small differences in typing name the same school."""
    # "№" first: NFKC would turn it into "No".
    text = unicodedata.normalize("NFKC", (raw or "").replace("№", " ")).casefold()
    text = text.replace("ё", "е")
    text = re.sub(r"[«»\"'`„“”#.,]", " ", text)
    text = re.sub(r"\b(no|nr)\s*(?=\d)", " ", text)
    return " ".join(text.split())[:200]


def _within_limit(key: str, limit: int) -> bool:
    """Counts one more use of ``key`` in the window; False once ``limit`` is passed."""
    return within_limit(key, limit=limit, window=RATE_WINDOW_SECONDS)


def well_formed_code(raw: str) -> str:
    """The code normalised, or LectureError when it cannot be a session code at all."""
    code = normalise_code(raw)
    if len(code) != 6 or any(ch not in CODE_ALPHABET for ch in code):
        raise LectureError(_("Check the code: it has 6 letters and digits, as shown by the lecturer."), field="code")
    return code


def find_open_session(*, code: str, now: datetime | None = None) -> LectureSession:
    code = well_formed_code(code)
    session = LectureSession.objects.select_related("lecture").filter(check_in_code=code).first()
    if session is None:
        raise LectureError(_("There is no lecture session with this code. Check the code and try again."), field="code")
    if not session.check_in_is_open(now):
        raise LectureError(
            _(
                "Check-in for this session is closed. "
                "It is open from 15 minutes before the start until an hour after the end."
            ),
            field="code",
        )
    return session


@dataclass(frozen=True)
class CheckInResult:
    check_in: ClassCheckIn
    merged: bool


def check_in_class(
    *,
    code: str,
    school: str,
    region: str,
    grade: str,
    class_letter: str = "",
    students_present: int,
    report_token: str = "",
    now: datetime | None = None,
) -> CheckInResult:
    """Counts a class into a session. A second report of the same class replaces the count; the
    same form sent again (a ``report_token`` among the class's last ones) is not another report."""
    session = find_open_session(code=code, now=now)
    school = plain_text(school, max_length=200)
    school_key = normalise_school(school)
    if not school_key:
        raise LectureError(_("Enter the name or number of the school or college."), field="school")
    region = normalise_region(region)
    if not region:
        raise LectureError(_("Choose the region from the list."), field="region")
    if grade not in Grade.values:
        raise LectureError(_("Choose the grade or course year from the list."), field="grade")
    class_letter = plain_text(class_letter, max_length=3).upper()
    if not 1 <= students_present <= MAX_STUDENTS_PER_CLASS:
        raise LectureError(
            _("Enter the number of students present, from 1 to %(max)s.") % {"max": MAX_STUDENTS_PER_CLASS},
            field="students_present",
        )
    if not _within_limit(f"lectures:checkin:{session.check_in_code}", CHECK_INS_PER_CODE):
        raise LectureError(_("Too many check-ins for this session right now. Please try again in a few minutes."))
    key = {"session": session, "school_key": school_key, "region": region, "grade": grade, "class_letter": class_letter}
    for _attempt in range(2):
        try:
            with transaction.atomic():
                existing = ClassCheckIn.objects.select_for_update().filter(**key).first()
                if existing is not None:
                    existing.students_present = students_present
                    existing.school = school
                    if not existing.has_reported(report_token):
                        existing.reports = F("reports") + 1
                        existing.remember_report(report_token)
                    existing.save(
                        update_fields=["students_present", "school", "reports", "report_tokens", "updated_at"]
                    )
                    existing.refresh_from_db()
                    # A resent first report reads as it did the first time.
                    return CheckInResult(check_in=existing, merged=existing.reports > 1)
                created = ClassCheckIn(school=school, students_present=students_present, **key)
                created.remember_report(report_token)
                created.save(force_insert=True)
                return CheckInResult(check_in=created, merged=False)
        except IntegrityError:
            # Two teachers' phones sent the same class at once: the second one merges.
            continue
    raise LectureError(_("Please send the form again."))


def submit_feedback(
    *,
    session: LectureSession,
    usefulness: int,
    clarity: int,
    knows_where_to_get_help: bool,
    comment: str = "",
    region: str = "",
    now: datetime | None = None,
) -> Feedback:
    if not session.after_is_open(now):
        raise LectureError(_("Feedback opens when the lecture starts."))
    for field, value in (("usefulness", usefulness), ("clarity", clarity)):
        if not 1 <= value <= 5:
            raise LectureError(_("Choose a mark from 1 to 5."), field=field)
    # The region is optional here, but one the form could not have offered is an error, not a blank.
    if region and not normalise_region(region):
        raise LectureError(_("Choose the region from the list."), field="region")
    region = normalise_region(region)
    if not _within_limit(f"lectures:feedback:{session.pk}", FEEDBACK_PER_SESSION):
        raise LectureError(_("Too many answers for this session right now. Please try again later."))
    comment = plain_text(comment, max_length=1000)
    with transaction.atomic():
        return Feedback.objects.create(
            session=session,
            region=region,
            usefulness=usefulness,
            clarity=clarity,
            knows_where_to_get_help=knows_where_to_get_help,
            comment=comment,
            comment_status=ModerationStatus.PENDING if comment else "",
        )


@transaction.atomic
def moderate_comment(*, feedback: Feedback, approve: bool) -> Feedback:
    if not feedback.comment:
        raise LectureError(_("This feedback has no comment."))
    feedback.comment_status = ModerationStatus.APPROVED if approve else ModerationStatus.REJECTED
    feedback.save(update_fields=["comment_status"])
    return feedback


@transaction.atomic
def record_self_check(*, session: LectureSession, attempt, region: str = "") -> SelfCheckResult:
    """Keeps the score of a submitted anonymous attempt for the session's statistics, once."""
    if not attempt.is_submitted or attempt.user_id is not None:
        raise LectureError(_("Only a finished anonymous self-check is counted."))
    region = normalise_region(region)
    result, _created = SelfCheckResult.objects.get_or_create(
        attempt=attempt, defaults={"session": session, "score_percent": attempt.percent, "region": region}
    )
    return result


def self_check_context(session: LectureSession) -> str:
    """The non-personal label the quiz attempt carries, to aggregate self-checks per session."""
    return f"lecture-session:{session.pk}"
