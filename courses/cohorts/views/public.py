"""Calendar files and feeds, learners' self check-in, and accepting an invitation.

Feeds open without signing in (calendar apps cannot), through an unguessable token that the
group's coordinator or the trainer can rotate; they set no cookie.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cms.home.rate_limit import private_key, within_limit

from .. import ics, selectors, services
from ..forms import CheckInForm, InvitationPasswordForm
from ..models import FocusGroup, Session, TrainerFeed

# Tries per learner (right codes and wrong ones), so that nobody can walk through session codes.
CHECKIN_LIMIT = 10
CHECKIN_WINDOW = 10 * 60


def _calendar_response(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def session_ics_view(request, uid):
    session = get_object_or_404(Session.objects.select_related("group", "trainer"), uid=uid)
    return _calendar_response(
        ics.calendar_for([session], name=session.group.name), filename=f"session-{session.uid}.ics"
    )


def group_feed_view(request, token: str):
    group = get_object_or_404(FocusGroup, feed_token=token)
    sessions = ics.feed_sessions(group.sessions.all())
    return _calendar_response(ics.calendar_for(sessions, name=group.name), filename=f"group-{group.pk}.ics")


def trainer_feed_view(request, token: str):
    feed = get_object_or_404(TrainerFeed.objects.select_related("user"), token=token)
    sessions = ics.feed_sessions(Session.objects.filter(trainer=feed.user))
    return _calendar_response(
        ics.calendar_for(sessions, name=_("Sessions of %(name)s") % {"name": feed.user.full_name}),
        filename="trainer.ics",
    )


@never_cache
@login_required
def check_in_view(request):
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = private_key("cohorts:checkin", request.user.pk)
        if not within_limit(key, limit=CHECKIN_LIMIT, window=CHECKIN_WINDOW):
            form.add_error("code", _("Too many tries. Wait a few minutes and try again."))
        else:
            try:
                session = services.self_check_in(user=request.user, code=form.cleaned_data["code"])
            except services.CheckInRefused as refusal:
                form.add_error("code", str(refusal.args[0]))
            else:
                messages.success(request, _("You are checked in to “%(title)s”.") % {"title": session.title})
                return redirect("cohorts:check_in")
    return render(
        request,
        "cohorts/check_in.html",
        {"form": form, "sessions": selectors.learner_sessions(request.user), "now": timezone.now()},
    )


@never_cache
def invitation_view(request, uidb64: str, token: str):
    """Set a first password from the invitation link (Django's password-reset tokens: the link stops
    working once a password is set, and after PASSWORD_RESET_TIMEOUT)."""
    try:
        user = get_user_model().objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, get_user_model().DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "cohorts/invitation_invalid.html", status=404)
    form = InvitationPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your password is set. Sign in with your email address and the new password."))
        return redirect("accounts:login")
    return render(request, "cohorts/invitation.html", {"form": form, "invited": user})
