from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from .middleware import verification_redirect
from .models import Role


def verified_staff_required(*roles: Role):
    """A staff view: signed in, past the second factor, and (when given) in one of ``roles``.

    Superusers pass every role check. Object-level checks (a coordinator's own region) stay in
    the view's selectors; this only guards the door.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
            if not user.is_verified():
                return verification_redirect(request)
            if roles and not user.is_superuser and user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
