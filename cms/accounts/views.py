import logging
from base64 import b32encode

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services, throttle
from .forms import LoginForm, TokenForm
from .middleware import verification_redirect
from .qr import svg_data_uri

logger = logging.getLogger(__name__)


def _next_url(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@sensitive_post_parameters("password")
@never_cache
def login_view(request):
    form = LoginForm(request.POST or None)
    next_url = _next_url(request)
    if request.method == "POST" and form.is_valid():
        try:
            user = _authenticate_throttled(request, form)
        except throttle.ThrottleUnavailable:
            # Without the counts, sign-in would have no limit: refuse it until they are back.
            logger.error("login refused: failed sign-ins cannot be counted (cache unavailable)")
            form.add_error(
                None,
                _("Signing in is temporarily unavailable. Please try again in a few minutes."),
            )
        else:
            if user is not None:
                login(request, user)
                if user.needs_second_factor or services.has_device(user=user):
                    return redirect(f"{reverse('accounts:verify')}?{urlencode({'next': next_url})}")
                return redirect(next_url)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


def _authenticate_throttled(request, form):
    """The user the form's credentials belong to, or None with the reason added to the form.

    Raises ThrottleUnavailable when failed attempts cannot be counted."""
    email = form.cleaned_data["email"]
    address = throttle.client_address(request)
    if throttle.is_locked(email=email, address=address):
        form.add_error(None, _("Too many failed sign-in attempts. Please wait 15 minutes and try again."))
        return None
    user = authenticate(request, username=email, password=form.cleaned_data["password"])
    if user is None:
        throttle.record_failure(email=email, address=address)
        form.add_error(None, _("The email address or password is not correct."))
        return None
    throttle.clear(email=email)
    return user


@never_cache
@login_required
def verify_view(request):
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if not services.has_device(user=user):
        return render(request, "accounts/no_device.html", status=403)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.check_token(user=user, token=form.cleaned_data["token"])
        if device is None:
            form.add_error("token", _("This code is not valid. Check the time on your phone, or use a backup code."))
        else:
            otp_login(request, device)
            return redirect(next_url)
    return render(request, "accounts/verify.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request):
    logout(request)
    return redirect("/")


def _require_verified(request):
    return None if request.user.is_verified() else verification_redirect(request)


@never_cache
@login_required
def two_factor_view(request):
    """The user's own devices. Adding one needs a session that passed two-factor already."""
    if (refusal := _require_verified(request)) is not None:
        return refusal
    user = request.user
    context = {
        "authenticators": TOTPDevice.objects.filter(user=user, confirmed=True),
        "backup_codes_left": services.remaining_backup_codes(user=user),
    }
    return render(request, "accounts/two_factor.html", context)


@never_cache
@login_required
def add_authenticator_view(request):
    if (refusal := _require_verified(request)) is not None:
        return refusal
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or request.method == "GET":
        device = services.start_totp_enrolment(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp_enrolment(device=device, token=form.cleaned_data["token"]):
            messages.success(request, _("Your authenticator app is added."))
            return redirect("accounts:two_factor")
        form.add_error("token", _("This code is not valid. Scan the code again and enter the newest number."))
    context = {"form": form, "qr": svg_data_uri(device.config_url), "secret": b32encode(device.bin_key).decode()}
    return render(request, "accounts/add_authenticator.html", context)


@never_cache
@login_required
@require_POST
def backup_codes_view(request):
    if (refusal := _require_verified(request)) is not None:
        return refusal
    codes = services.issue_backup_codes(user=request.user)
    return render(request, "accounts/backup_codes.html", {"codes": codes})
