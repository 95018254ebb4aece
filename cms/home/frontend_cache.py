"""Purging nginx's page cache (proxy_cache with the cache_purge module) when content changes."""

from __future__ import annotations

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.db import transaction
from django.db.models.signals import post_save
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest
from wagtail.contrib.frontend_cache.utils import PurgeBatch, purge_urls_from_cache
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import post_page_move, pre_page_move

logger = logging.getLogger("wagtail.frontendcache")


class NginxPurgeBackend(HTTPBackend):
    """Wagtail's HTTP backend, except that nginx's 404 (the URL was not cached) is no error."""

    def purge(self, url: str) -> None:
        parts = urlsplit(url)
        target = urlunsplit([self.cache_scheme, self.cache_netloc, parts.path, parts.query, ""])
        request = PurgeRequest(url=target, headers={"Host": parts.netloc, "User-Agent": "Wagtail-frontendcache"})
        try:
            urlopen(request, timeout=5)  # noqa: S310 - the scheme comes from settings (FRONTEND_CACHE_PURGE_URL)
        except HTTPError as error:
            if error.code == 404:
                logger.debug("purge %s: not in the cache", url)
            else:
                logger.error("Couldn't purge '%s' from the page cache: HTTP %d %s", url, error.code, error.reason)
        except (URLError, OSError) as error:
            logger.error("Couldn't purge '%s' from the page cache: %s", url, getattr(error, "reason", error))


# Wagtail purges a page when it is published or unpublished (deleting a live page unpublishes it
# first). Two more changes leave a public copy in nginx for up to PAGE_CACHE_SECONDS otherwise:
# a page made private, and a page moved (its old URLs; Wagtail's automatic redirects purge the old
# paths without their trailing slash, which are not the cached ones).


def subtree_urls(page: Page) -> set[str]:
    """The URLs the page cache may hold for ``page`` and its live subpages, as they are now."""
    batch = PurgeBatch()
    batch.add_pages(page.get_descendants(inclusive=True).live().defer_streamfields().specific(defer=True))
    return batch.urls


def purge_after_commit(urls: set[str]) -> None:
    if urls:
        transaction.on_commit(lambda: purge_urls_from_cache(sorted(urls)))


_before_move: dict[int, set[str]] = {}


def _remember_urls_before_move(sender, instance, **kwargs) -> None:
    # Read before the move (sent outside its transaction), purged after it: purged any earlier,
    # a request in between could cache the page under its old URL again.
    _before_move[instance.pk] = subtree_urls(instance)


def _purge_urls_before_move(sender, instance, **kwargs) -> None:
    purge_after_commit(_before_move.pop(instance.pk, set()))


def _purge_restricted(sender, instance, **kwargs) -> None:
    purge_after_commit(subtree_urls(instance.page))


def connect() -> None:
    pre_page_move.connect(_remember_urls_before_move, dispatch_uid="frontend_cache_before_move")
    post_page_move.connect(_purge_urls_before_move, dispatch_uid="frontend_cache_after_move")
    post_save.connect(_purge_restricted, sender=PageViewRestriction, dispatch_uid="frontend_cache_restricted")
