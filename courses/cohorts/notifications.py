"""Emails: invitations, session reminders and change notices. Kazakh first, then Russian."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .models import Invitation, ReminderKind, Session
from .services import email_languages


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def invitation_url(*, user, language: str) -> str:
    with translation.override(language):
        path = reverse(
            "cohorts:invitation",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    return absolute_url(path)


def invitation_email(*, invitation: Invitation) -> None:
    """One email in the language the coordinator was using, with the link to set a password."""
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "url": invitation_url(user=invitation.user, language=invitation.language),
            "timeout_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
        }
        body = render_to_string("cohorts/email/invitation.txt", context)
        subject = _("You are invited to the training: %(group)s") % {"group": invitation.group.name}
    EmailMessage(subject=subject, body=body, to=[invitation.user.email]).send()


def session_email(*, session: Session, user, kind: str) -> None:
    parts, subjects = [], []
    for language in email_languages():
        with translation.override(language):
            context = {
                "session": session,
                "user": user,
                "changed": kind == ReminderKind.CHANGED,
                "ics_url": absolute_url(reverse("cohorts:session_ics", kwargs={"uid": session.uid})),
                "checkin_url": absolute_url(reverse("cohorts:check_in")),
            }
            parts.append(render_to_string("cohorts/email/session.txt", context))
            if session.cancelled:
                subjects.append(_("Cancelled: %(title)s") % {"title": session.title})
            elif kind == ReminderKind.CHANGED:
                subjects.append(_("Schedule changed: %(title)s") % {"title": session.title})
            else:
                subjects.append(_("Tomorrow: %(title)s") % {"title": session.title})
    EmailMessage(subject=" / ".join(dict.fromkeys(subjects)), body="\n\n----\n\n".join(parts), to=[user.email]).send()
