import logging
import sys

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def browse_safely(request):
    return render(request, "home/browse_safely.html")


@never_cache
def healthz(request):
    """Liveness: the process answers. Touches nothing else, so a sick database does not kill it."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Readiness: 200 while the database answers, 503 otherwise, so a load balancer stops sending
    work. The cache is reported too, but a dead Redis only degrades the site (the cache tolerates
    it; sessions come from the database): taking every server out for it would be worse."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # any failure means "not ready"; the reason goes to the log
        logger.exception("readiness: database unavailable")
        checks["database"] = "unavailable"
    try:
        cache.set("readyz", "1", timeout=5)
        checks["cache"] = "ok" if cache.get("readyz") == "1" else "unavailable"
    except Exception:
        logger.exception("readiness: cache unavailable")
        checks["cache"] = "unavailable"
    if checks["database"] != "ok":
        return JsonResponse({"status": "unavailable", **checks}, status=503)
    return JsonResponse({"status": "ok" if checks["cache"] == "ok" else "degraded", **checks})


# Seconds a client is asked to wait before trying again while the database is unreachable:
# long enough for PostgreSQL to restart or fail over, short enough for a learner to wait.
OUTAGE_RETRY_AFTER = 30


def is_database_outage(error: BaseException | None) -> bool:
    """Whether an exception (or one it was raised from) says the database cannot be reached."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def database_unavailable(request) -> HttpResponse:
    """A short 503 page in the visitor's language, rendered without the database.

    The language comes from the URL prefix, the language cookie or Accept-Language; the template
    is rendered without the request, so no context processor or template tag can query.
    """
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        html = render_to_string("503.html", {"retry_after": OUTAGE_RETRY_AFTER, "language_code": language})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(OUTAGE_RETRY_AFTER)
    add_never_cache_headers(response)
    return response


def server_error(request) -> HttpResponse:
    """handler500: a database outage gets the 503 page; any other failure Django's plain 500 page.

    Django calls this inside its exception handler, so sys.exception() is the error being handled,
    wherever it was raised (a view, a template, or a middleware loading the session).
    """
    if is_database_outage(sys.exception()):
        return database_unavailable(request)
    return defaults.server_error(request)
