"""Purging nginx's page cache (proxy_cache with the cache_purge module) when content changes."""

from __future__ import annotations

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest
from wagtail.contrib.frontend_cache.utils import PurgeBatch, purge_urls_from_cache
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

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
# first), but not the pages that show it. Without the purges below, nginx would keep for up to
# PAGE_CACHE_SECONDS: the pages that list it (an index lists its children, a course its lessons: its
# ancestors), its subpages (their breadcrumbs name it), the pages of its group (a page type with
# ``purge_as_a_group = True``, like a course, whose lessons link their neighbours), every page of
# its language when it is a section of the home page (the menu on every page lists those), a page
# made private or public again, and a moved page's old URLs (Wagtail's automatic redirects purge
# the old paths without their trailing slash, which are not the cached ones).

SECTION_DEPTH = 3  # the home page's children: the main menu (cms.home.selectors.menu_pages) lists them


def _urls(pages) -> set[str]:
    batch = PurgeBatch()
    batch.add_pages(pages.live().defer_streamfields().specific(defer=True))
    return batch.urls


def subtree_urls(page: Page) -> set[str]:
    """The URLs the page cache may hold for ``page`` and its live subpages, as they are now."""
    return _urls(page.get_descendants(inclusive=True))


def showing_urls(page: Page) -> set[str]:
    """The URLs of the live pages that show ``page``, its own included: the whole language for a
    section that the menu may list; otherwise its ancestors below the root, its subpages and the
    pages of the group it belongs to."""
    if page.depth == SECTION_DEPTH:
        return subtree_urls(page.get_parent())
    ancestors = list(page.get_ancestors().filter(depth__gt=1).defer_streamfields().specific(defer=True))
    # The outermost group: a course's lessons link across its modules.
    group = next((p for p in [*ancestors, page] if getattr(p.specific_class, "purge_as_a_group", False)), page)
    batch = PurgeBatch()
    batch.add_pages(ancestor for ancestor in ancestors if ancestor.live)
    return batch.urls | subtree_urls(group)


def purge_after_commit(urls: set[str]) -> None:
    if urls:
        transaction.on_commit(lambda: purge_urls_from_cache(sorted(urls)))


_before_move: dict[int, set[str]] = {}


def _remember_urls_before_move(sender, instance, **kwargs) -> None:
    # Read before the move (sent outside its transaction), purged after it: purged any earlier,
    # a request in between could cache the page under its old URL again. Read from the database:
    # the caller's copy may hold an outdated path.
    _before_move[instance.pk] = showing_urls(Page.objects.get(pk=instance.pk))


def _purge_urls_before_move(sender, instance, **kwargs) -> None:
    # The old URLs and the pages that showed the page there, then those that show it now.
    purge_after_commit(_before_move.pop(instance.pk, set()) | showing_urls(Page.objects.get(pk=instance.pk)))


def _purge_showing_pages(sender, instance, **kwargs) -> None:
    purge_after_commit(showing_urls(instance))


def _purge_restriction_change(sender, instance, **kwargs) -> None:
    # Made private: its public copies go, and the menus and indexes that listed it (they list
    # public pages only). Made public again: the same pages list it anew.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:  # None: the page itself is being deleted, which purges it
        purge_after_commit(showing_urls(page))


def connect() -> None:
    pre_page_move.connect(_remember_urls_before_move, dispatch_uid="frontend_cache_before_move")
    post_page_move.connect(_purge_urls_before_move, dispatch_uid="frontend_cache_after_move")
    post_save.connect(_purge_restriction_change, sender=PageViewRestriction, dispatch_uid="frontend_cache_restricted")
    post_delete.connect(
        _purge_restriction_change, sender=PageViewRestriction, dispatch_uid="frontend_cache_unrestricted"
    )
    page_published.connect(_purge_showing_pages, dispatch_uid="frontend_cache_showing_published")
    page_unpublished.connect(_purge_showing_pages, dispatch_uid="frontend_cache_showing_unpublished")
