"""Purging the directory's public pages from the front cache when a service changes.

Services are snippets, not pages, so Wagtail's publish signal does not cover them: every saved or
deleted service schedules a purge of its own page and of the unfiltered help and region pages, in
every language, once the transaction commits (an import of many services purges once). Filtered
listings have one URL per query and simply expire (views.DIRECTORY_CACHE_SECONDS).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

from .listing import LISTED_LANGUAGES

_pending = threading.local()


def service_urls(*, translation_keys: Iterable) -> list[str]:
    """The public URLs showing the services ``translation_keys``, in every language."""
    from .models import Region

    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    slugs = sorted(set(Region.objects.values_list("slug", flat=True)))
    paths = []
    for language in LISTED_LANGUAGES:
        with translation.override(language):
            paths.append(reverse("directory:help"))
            paths += [reverse("directory:region", kwargs={"slug": slug}) for slug in slugs]
            paths += [reverse("directory:service", kwargs={"key": key}) for key in translation_keys]
    return [base + path for path in paths]


def _flush() -> None:
    keys = getattr(_pending, "keys", set())
    _pending.keys = set()
    if keys:
        purge_urls_from_cache(service_urls(translation_keys=sorted(keys, key=str)))


def purge_after_commit(translation_keys: Iterable) -> None:
    """Purge the pages of the services ``translation_keys`` once the transaction commits (what
    saving each of them would schedule; a bulk import calls it once for all its services)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    if not hasattr(_pending, "keys"):
        _pending.keys = set()
    _pending.keys.update(translation_keys)
    # One callback per call; the first to run purges them all, the others find nothing left. Keys of
    # a rolled-back transaction stay pending and go with the next purge (purging too much is harmless).
    transaction.on_commit(_flush)


@receiver(post_save, sender="directory.Service")
@receiver(post_delete, sender="directory.Service")
def _purge_after_change(sender, instance, **kwargs):
    purge_after_commit([instance.translation_key])
