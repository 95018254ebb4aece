"""Public quiz pages: the quiz, starting an attempt, answering it and seeing the result.

Everything works without JavaScript. Signed-in learners get Django's CSRF protection. Anonymous
self-checks must set no cookie, so they have no CSRF cookie either; their forms are protected
instead by the unguessable keys they carry (a forged post cannot know them) and by refusing posts
whose Origin or Sec-Fetch-Site header says they come from another site.
"""

import re
import secrets
from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.http import Http404, HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .display import form_items, review_rows
from .models import Attempt
from .selectors import attempts_left, learner_standing, question_count, quiz_for_key

CONTEXT_LABEL = re.compile(r"^[a-z0-9:_-]{0,100}$")


def _same_origin(request) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc == request.get_host()


def learner_csrf(view):
    """CSRF protection for signed-in learners; an origin check for anonymous posts (no cookies)."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            return protected(request, *args, **kwargs)
        if request.method == "POST" and not _same_origin(request):
            return HttpResponseForbidden(_("This form must be sent from this site."))
        return view(request, *args, **kwargs)

    return wrapped


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if (
        candidate
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()})
        and candidate.startswith("/")
    ):
        return candidate
    return ""


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _quiz_or_404(key):
    quiz = quiz_for_key(key=key)
    if quiz is None:
        raise Http404
    return quiz


def _taker(request, quiz):
    """Who an attempt belongs to: the signed-in learner, or nobody on an anonymous self-check."""
    if quiz.allow_anonymous:
        return None
    return request.user if request.user.is_authenticated else None


def _quiz_page(request, quiz, *, error: str = "", status: int = 200):
    user = _taker(request, quiz)
    context = {
        "quiz": quiz,
        "question_count": question_count(quiz),
        "next_url": _next_url(request),
        "error": error,
        "signed_in": request.user.is_authenticated,
    }
    if user is not None:
        standing = learner_standing(quiz=quiz, user=user)
        context.update(attempts_left=standing.left, best=standing.best, current=standing.current)
    elif quiz.allow_anonymous:
        context["anonymous_key"] = secrets.token_urlsafe(24)
        context["context_label"] = (
            request.GET.get("context", "") if CONTEXT_LABEL.match(request.GET.get("context", "")) else ""
        )
    else:
        context["login_url"] = _with_next(reverse("accounts:login"), request.get_full_path())
    return render(request, "quizzes/quiz_detail.html", context, status=status)


@never_cache
@learner_csrf
@require_http_methods(["GET", "HEAD"])
def quiz_view(request, key):
    return _quiz_page(request, _quiz_or_404(key))


@never_cache
@learner_csrf
@require_POST
def start_view(request, key):
    quiz = _quiz_or_404(key)
    user = _taker(request, quiz)
    if user is None and not quiz.allow_anonymous:
        return HttpResponseRedirect(_with_next(reverse("accounts:login"), quiz.get_absolute_url()))
    label = request.POST.get("context", "")
    try:
        attempt = services.start_attempt(
            quiz=quiz,
            user=user,
            anonymous_key=(request.POST.get("anonymous_key") or "")[:64] or None,
            context=label if CONTEXT_LABEL.match(label) else "",
        )
    except services.QuizError as error:
        return _quiz_page(request, quiz, error=str(error), status=409)
    url = reverse("quizzes:attempt", kwargs={"attempt_key": attempt.key})
    return HttpResponseRedirect(_with_next(url, _next_url(request)), status=303)


def _attempt_or_404(request, attempt_key) -> Attempt:
    attempt = Attempt.objects.select_related("quiz", "quiz__locale").filter(key=attempt_key).first()
    # Someone else's attempt is indistinguishable from one that does not exist.
    if attempt is None or (attempt.user_id is not None and attempt.user_id != request.user.id):
        raise Http404
    return attempt


def _form_page(request, attempt, answers, *, error: str = "", notice: str = "", missing=(), status: int = 200):
    items = form_items(attempt=attempt, answers=answers)
    for item in items:
        item.missing = item.question.pk in missing
    context = {
        "quiz": attempt.quiz,
        "attempt": attempt,
        "items": items,
        "error": error,
        "notice": notice,
        "missing_numbers": [item.number for item in items if item.missing],
        "next_url": _next_url(request),
        "signed_in": request.user.is_authenticated,
    }
    return render(request, "quizzes/attempt_form.html", context, status=status)


def _result_page(request, attempt):
    context = {
        "quiz": attempt.quiz,
        "attempt": attempt,
        "rows": review_rows(attempt=attempt),
        "next_url": _next_url(request),
        "signed_in": request.user.is_authenticated,
    }
    if attempt.user_id is not None:
        context["attempts_left"] = attempts_left(quiz=attempt.quiz, user=attempt.user)
    else:
        context["anonymous_key"] = secrets.token_urlsafe(24)
    return render(request, "quizzes/attempt_result.html", context)


@never_cache
@learner_csrf
@require_http_methods(["GET", "HEAD", "POST"])
def attempt_view(request, attempt_key):
    attempt = _attempt_or_404(request, attempt_key)
    if request.method != "POST":
        attempt = services.finish_if_expired(attempt=attempt)
        if attempt.is_submitted:
            return _result_page(request, attempt)
        return _form_page(request, attempt, attempt.draft)

    answers = services.answers_from_post(attempt=attempt, data=request.POST)
    key = request.POST.get("idempotency_key", "")
    here = _with_next(reverse("quizzes:attempt", kwargs={"attempt_key": attempt.key}), _next_url(request))
    try:
        if request.POST.get("action") == "save":
            attempt = services.save_answers(attempt=attempt, answers=answers, idempotency_key=key)
            if attempt.is_submitted:
                return HttpResponseRedirect(here, status=303)
            saved_at = timezone.localtime(attempt.draft_saved_at).strftime("%H:%M")
            return _form_page(
                request, attempt, answers, notice=_("Your answers were saved at %(time)s.") % {"time": saved_at}
            )
        if not attempt.is_submitted and not request.POST.get("confirm_incomplete"):
            unanswered = [
                item.question.pk for item in form_items(attempt=attempt, answers=answers) if not item.answered
            ]
            if unanswered and not _time_over(attempt):
                # Keep what was typed, in case the learner's time or connection runs out.
                services.save_answers(attempt=attempt, answers=answers, idempotency_key=key)
                return _form_page(
                    request,
                    attempt,
                    answers,
                    error=_("Some questions have no answer yet. Answer them, or send the quiz as it is."),
                    missing=set(unanswered),
                )
        services.submit_attempt(attempt=attempt, answers=answers, idempotency_key=key)
    except services.TimeUp:
        services.finish_if_expired(attempt=attempt)
    except services.InvalidSubmission as error:
        return _form_page(request, attempt, answers, error=str(error), status=400)
    return HttpResponseRedirect(here, status=303)


def _time_over(attempt) -> bool:
    return attempt.deadline is not None and timezone.now() > attempt.deadline + services.GRACE
