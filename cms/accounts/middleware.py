import re
from urllib.parse import quote

from django.http import HttpResponseRedirect
from django.urls import reverse

# Everything under these paths shows or changes other people's data or site content:
# the Wagtail admin and the staff views (coordinators, supervisors, lecturers' statistics).
PROTECTED = re.compile(r"^/(admin|(kk|ru|en)/staff)/")
# Wagtail's own login and logout, which a password-only session must still reach.
EXEMPT = re.compile(r"^/admin/(login|logout)/")


def verification_redirect(request) -> HttpResponseRedirect:
    """Send a password-only session to the second-factor step, then back to where it was."""
    return HttpResponseRedirect(f"{reverse('accounts:verify')}?next={quote(request.get_full_path())}")


class RequireVerifiedStaffMiddleware:
    """A password-only session never gets a protected page: it is sent to the second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and PROTECTED.match(path)
            and not EXEMPT.match(path)
            and not user.is_verified()
        ):
            return verification_redirect(request)
        return self.get_response(request)
