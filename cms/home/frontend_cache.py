"""Purging nginx's page cache (proxy_cache with the cache_purge module) when content changes."""

from __future__ import annotations

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest

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
