"""Which responses a shared cache (nginx in front of the app servers) may keep, and for how long.

Opt-in: a response is marked ``public, s-maxage=N`` only when its view asked for it (Wagtail pages
through the ``before_serve_page`` hook, Django views with ``@shared_cache``) and the request is
anonymous and cookie-free, and the response sets no cookie. Everything else is left alone, or
marked ``private`` when it may belong to a signed-in visitor, so no shared cache keeps it:
previews, private (view-restricted) pages, forms with a CSRF token, staff pages.

The front cache keys on the URL and is bypassed whenever a session, CSRF or messages cookie is
sent; pages are purged on publish through wagtail.contrib.frontend_cache (WAGTAILFRONTENDCACHE).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.utils.http import split_header_value

# Vary values a URL-keyed cache can ignore: a cookie-free anonymous request never varies on them.
_HARMLESS_VARY = {"cookie", "accept-encoding"}


def allow_shared_cache(request, seconds: int | None = None) -> None:
    """Let a shared cache keep this request's response for ``seconds`` (default PAGE_CACHE_SECONDS)."""
    request.shared_cache_seconds = settings.PAGE_CACHE_SECONDS if seconds is None else seconds


def shared_cache(seconds: int | None = None) -> Callable:
    """View decorator: the response may be kept by a shared cache (see SharedCacheMiddleware)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            allow_shared_cache(request, seconds)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _private_cookies() -> tuple[str, ...]:
    # The messages cookie carries a one-time notice for this visitor (Django's CookieStorage).
    return (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages")


def _has_private_cookie(request) -> bool:
    return any(name in request.COOKIES for name in _private_cookies())


def is_shareable(request, response) -> bool:
    """True when a response may be served to every anonymous visitor of the same URL."""
    if not getattr(request, "shared_cache_seconds", 0):
        return False
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return False
    if getattr(request, "is_preview", False) or response.cookies:
        return False
    if _has_private_cookie(request) or "HTTP_AUTHORIZATION" in request.META:
        return False
    vary = {value.lower() for value in split_header_value(response.get("Vary", ""))}
    return vary <= _HARMLESS_VARY


class SharedCacheMiddleware:
    """Sets Cache-Control on responses whose view did not: public for shareable ones, private
    for any that may be personal. Goes first in MIDDLEWARE, so it sees every cookie set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response  # the view decided (never_cache, preview, restricted page, ...)
        if is_shareable(request, response):
            patch_cache_control(response, public=True, max_age=0, s_maxage=request.shared_cache_seconds)
        elif _has_private_cookie(request) or response.cookies:
            patch_cache_control(response, private=True, no_cache=True)
        return response
