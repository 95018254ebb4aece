import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
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
