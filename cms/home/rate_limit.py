"""Fixed-window limits on forms that could be flooded or used to guess codes (certificate look-ups,
lecture check-ins and feedback, learners' self check-ins), shared by every app server through the
strict ``counters`` cache.

While that cache (Redis) cannot be reached the uses are counted in the process instead, so each
app process still holds the limit on its own: a client gets at most (app processes) × limit uses
in a window during an outage, never an unlimited number. Login throttling is stricter and refuses
sign-ins instead (cms.accounts.throttle). After a failure Redis is not tried again for
RETRY_AFTER seconds, so requests meanwhile pay no connection timeout.
"""

from __future__ import annotations

import hashlib
import heapq
import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches

from .redis_cache import CACHE_ERRORS

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0
# Windows kept in a process at most; when full, the ended ones go first, then those ending soonest.
LOCAL_WINDOWS = 10_000


class LocalWindows:
    """Fixed-window counters in this process (thread-safe, bounded).

    A heap of (end, key) finds the windows to forget in O(log n) per new window instead of
    sorting them all; an entry whose window has since restarted or gone is skipped when it
    surfaces (lazy deletion), and the heap is rebuilt from the live windows once it holds more
    than twice ``limit`` entries.
    """

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, limit: int = LOCAL_WINDOWS) -> None:
        self._clock = clock
        self._limit = limit
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[float, int]] = {}  # key: (when the window ends, uses)
        self._ends: list[tuple[float, str]] = []  # heap of (when a window ends, key), stale ones included

    def hit(self, key: str, window: int) -> int:
        """Count one use of ``key`` and return the uses in its current window."""
        now = self._clock()
        with self._lock:
            ends, used = self._windows.get(key, (0.0, 0))
            if ends <= now:
                ends, used = now + window, 0
                heapq.heappush(self._ends, (ends, key))
            self._windows[key] = (ends, used + 1)
            if len(self._windows) > self._limit:
                self._forget(now)
            if len(self._ends) > 2 * self._limit:
                # Keys whose windows keep restarting leave stale entries behind: drop them.
                self._ends = [(end, name) for name, (end, _uses) in self._windows.items()]
                heapq.heapify(self._ends)
            return used + 1

    def _forget(self, now: float) -> None:
        """Drop every ended window, then those ending soonest until ``limit`` are left."""
        while self._ends:
            ends, key = self._ends[0]
            if ends > now and len(self._windows) <= self._limit:
                return
            heapq.heappop(self._ends)
            current = self._windows.get(key)
            if current is not None and current[0] == ends:  # not stale: the window it was pushed for
                del self._windows[key]


_local = LocalWindows()
_retry_at = 0.0


def private_key(scope: str, value: object) -> str:
    """The counter key for ``value`` (a client address, a user id) without the value in it: a hash
    keyed with SECRET_KEY, so the shared cache holds nothing that names a person."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{value}".encode()).hexdigest()[:32]
    return f"{scope}:{digest}"


def within_limit(key: str, *, limit: int, window: int) -> bool:
    """Count one more use of ``key``; False once ``limit`` uses have been counted in its window."""
    global _retry_at
    if _retry_at <= time.monotonic():
        try:
            used = _count_shared(key, window)
        except CACHE_ERRORS as error:
            if not _retry_at:
                logger.error("rate limits: Redis unavailable (%s); counting in each process", error)
            _retry_at = time.monotonic() + RETRY_AFTER
        else:
            if _retry_at:
                logger.warning("rate limits: Redis is back; counting across app servers again")
            _retry_at = 0.0
            return used <= limit
    return _local.hit(key, window) <= limit


def _count_shared(key: str, window: int) -> int:
    counters = caches["counters"]
    # add() starts the window once; incr() keeps the window's original expiry.
    if counters.add(key, 1, timeout=window):
        return 1
    try:
        return counters.incr(key)
    except ValueError:  # the window ended between add() and incr()
        counters.set(key, 1, timeout=window)
        return 1
