"""Public lecture session pages, class check-in and feedback (no cookies, no accounts)."""

import secrets

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from cms.home.page_cache import allow_shared_cache
from cms.regions import REGIONS, normalise_region
from quizzes import services as quiz_services
from quizzes.models import Attempt

from . import services
from .calendar import session_calendar
from .captions import transcript_from_webvtt
from .embeds import embed_csp
from .forms import CheckInForm, FeedbackForm
from .models import LectureSession
from .selectors import attach_local_lectures
from .selfcheck import questions_for

# The front cache may keep a session page this long, and never past the next moment the page
# changes by itself (the join button opens, the lecture starts or ends): see _shared_seconds.
SESSION_CACHE_SECONDS = 60


def _session(pk: int) -> LectureSession:
    session = get_object_or_404(LectureSession.objects.select_related("lecture"), pk=pk, lecture__live=True)
    return attach_local_lectures([session])[0]


def _shared_seconds(session: LectureSession, now) -> int:
    """How long every anonymous visitor may be served the same copy of the session page.

    A whole school opens the page in the minutes before a lecture, so it is worth caching; but the
    join button appears at ``join_opens_at`` with nobody publishing anything, so no copy may
    outlive that moment (or the start or the end). Edits to the session purge it (front_cache).
    """
    if session.is_cancelled:
        return SESSION_CACHE_SECONDS
    upcoming = [moment for moment in (session.join_opens_at, session.starts_at, session.ends_at) if moment > now]
    if not upcoming:
        return SESSION_CACHE_SECONDS
    return min(SESSION_CACHE_SECONDS, int((min(upcoming) - now).total_seconds()))


def _region_hint(request) -> str:
    """A region carried in the class link the teacher shares, so students need not choose it."""
    return normalise_region(request.GET.get("region"))


@require_safe
@csp_override(embed_csp())
def session_detail(request, pk: int):
    session = _session(pk)
    now = timezone.now()
    seconds = _shared_seconds(session, now)
    if seconds >= 1:
        allow_shared_cache(request, seconds)
    return render(
        request,
        "lectures/session.html",
        {
            "session": session,
            "lecture": session.local_lecture,
            "status": session.status(now),
            "join_open": session.join_is_open(now),
            "after_open": session.after_is_open(now),
            "seconds_to_open": max(0, int((session.join_opens_at - now).total_seconds())),
            "region": _region_hint(request),
            "self_check": session.local_lecture.self_check_quiz_id or session.lecture.self_check_quiz_id,
        },
    )


@require_safe
@csp_override(embed_csp())
def session_watch(request, pk: int):
    """The live player, on its own page: nothing from another host loads until a viewer asks."""
    session = _session(pk)
    if not session.join_is_open() or not session.is_embedded:
        raise Http404
    return render(request, "lectures/watch.html", {"session": session, "lecture": session.local_lecture})


@require_safe
def session_ics(request, pk: int):
    session = _session(pk)
    lecture = session.local_lecture
    url = request.build_absolute_uri(session.get_absolute_url())
    body = session_calendar(session=session, title=lecture.title, description=f"{lecture.summary}\n\n{url}", url=url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lecture-{session.pk}.ics"'
    return response


@require_safe
def session_transcript(request, pk: int):
    session = _session(pk)
    if session.transcript.strip():
        paragraphs = [part.strip() for part in session.transcript.split("\n\n") if part.strip()]
    elif session.captions:
        with session.captions.open("rb") as captions:
            paragraphs = transcript_from_webvtt(captions.read().decode("utf-8", "replace"))
    else:
        raise Http404
    return render(
        request,
        "lectures/transcript.html",
        {"session": session, "lecture": session.local_lecture, "paragraphs": paragraphs},
    )


# The check-in and feedback forms are public POST forms that must set no cookie, so they cannot
# carry Django's CSRF token. CSRF protects a signed-in user's ambient authority; these forms carry
# none (no session, no account, nothing a forged request could act on). What they need instead is
# protection from junk: check-in only accepts a valid code of a session whose check-in window is
# open, counts are bounded and merged per class, and both are rate-limited per session code in the
# cache (keyed on nothing about the sender, so nothing personal is kept even there).
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def check_in(request):
    result = None
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = services.check_in_class(
                    code=data["code"],
                    school=data["school"],
                    region=data["region"],
                    grade=data["grade"],
                    class_letter=data["class_letter"],
                    students_present=data["students_present"],
                    report_token=data["report_token"],
                )
            except services.LectureError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
    else:
        code = services.normalise_code(request.GET.get("code", ""))
        form = CheckInForm(initial={"code": code, "report_token": CheckInForm.new_report_token()})
    context = {"form": form, "result": result}
    if result is not None:
        session = attach_local_lectures([result.check_in.session])[0]
        context |= {"session": session, "lecture": session.local_lecture}
    return render(request, "lectures/check_in.html", context)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request, pk: int):
    session = _session(pk)
    if not session.after_is_open():
        raise Http404
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.submit_feedback(session=session, **data)
            except services.LectureError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return render(
                    request, "lectures/feedback_thanks.html", {"session": session, "lecture": session.local_lecture}
                )
    else:
        form = FeedbackForm(initial={"region": _region_hint(request)})
    return render(
        request,
        "lectures/feedback.html",
        {"session": session, "lecture": session.local_lecture, "form": form, "title": _("Feedback")},
    )


# -- anonymous self-check (a quiz from the quizzes app) -----------------------------------------
# Like the forms above it posts without a CSRF token: an anonymous attempt is reached only through
# its random key, which is the only "authority" a request carries.


def _self_check_quiz(session: LectureSession):
    quiz = session.local_lecture.self_check_quiz or session.lecture.self_check_quiz
    if quiz is None or not session.after_is_open():
        raise Http404
    quiz = quiz.localized
    if not quiz.allow_anonymous:
        raise Http404
    return quiz


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def self_check_start(request, pk: int):
    session = _session(pk)
    quiz = _self_check_quiz(session)
    error = ""
    region = _region_hint(request) if request.method != "POST" else normalise_region(request.POST.get("region"))
    if request.method == "POST":
        try:
            attempt = quiz_services.start_attempt(
                quiz=quiz,
                anonymous_key=(request.POST.get("anonymous_key") or "")[:64] or None,
                context=services.self_check_context(session),
            )
        except quiz_services.QuizError as problem:
            error = str(problem)
        else:
            url = reverse("lectures:self_check_attempt", args=[session.pk, attempt.key])
            if region:
                url += f"?region={region}"
            return HttpResponseRedirect(url, status=303)
    return render(
        request,
        "lectures/self_check_start.html",
        {
            "session": session,
            "lecture": session.local_lecture,
            "quiz": quiz,
            "anonymous_key": secrets.token_urlsafe(24),
            "region": region,
            "regions": REGIONS,
            "error": error,
        },
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def self_check_attempt(request, pk: int, key):
    session = _session(pk)
    quiz = _self_check_quiz(session)
    attempt = get_object_or_404(
        Attempt.objects.select_related("quiz"),
        key=key,
        user__isnull=True,
        quiz__translation_key=quiz.translation_key,
        context=services.self_check_context(session),
    )
    region = normalise_region(request.POST.get("region") if request.method == "POST" else request.GET.get("region"))
    error = ""
    if request.method == "POST" and not attempt.is_submitted:
        try:
            attempt = quiz_services.submit_attempt(
                attempt=attempt,
                answers=quiz_services.answers_from_post(attempt=attempt, data=request.POST),
                idempotency_key=request.POST.get("idempotency_key", ""),
            )
        except quiz_services.QuizError as problem:
            error = str(problem)
    if attempt.is_submitted:
        services.record_self_check(session=session, attempt=attempt, region=region)
        return render(
            request,
            "lectures/self_check_result.html",
            {
                "session": session,
                "lecture": session.local_lecture,
                "quiz": quiz,
                "attempt": attempt,
                "review": quiz_services.attempt_review(attempt=attempt),
                "region": region,
            },
        )
    return render(
        request,
        "lectures/self_check_form.html",
        {
            "session": session,
            "lecture": session.local_lecture,
            "quiz": quiz,
            "attempt": attempt,
            "questions": questions_for(attempt),
            "region": region,
            "error": error,
        },
    )
