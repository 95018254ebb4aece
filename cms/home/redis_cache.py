"""A Redis cache that a dead Redis cannot take the site down with.

While Redis does not answer, TolerantRedisCache behaves like an empty cache that keeps nothing:
reads miss, writes are dropped, and the error is logged once per outage rather than once per call.
After a failure it does not try Redis again for ``RETRY_AFTER`` seconds, so requests in the
meantime pay no connection timeout. Sessions (``cached_db``) then come from the database.

A write or delete dropped meanwhile would leave Redis's old value in place if Redis comes back
with its data (a network cut rather than a restart): a session signed out during the outage would
be signed in again, an edited menu would stay stale. So the keys of dropped writes are kept (up
to ``LOST_KEYS``), and deleted before anything else once Redis answers again; past that many, or
after a dropped ``clear()``, every key of this cache (its KEY_PREFIX) is deleted instead. Never the
whole database: the strict counters live in the same Redis under a prefix of their own.

Counters that must not fail open (login throttling) use the strict ``counters`` alias instead,
whose errors reach the caller (see cms.accounts.throttle).
"""

from __future__ import annotations

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a Redis that is stopped, restarting, unreachable or out of memory raises.
CACHE_ERRORS = (RedisError, OSError)


def _written_keys(operation: str, args: tuple, kwargs: dict) -> list | None:
    """The keys a call would have changed: [] for a read, None for every key (``clear``)."""
    if operation in ("set", "add", "touch", "delete", "incr"):
        return [args[0] if args else kwargs["key"]]
    if operation == "set_many":
        return list(args[0] if args else kwargs["data"])
    if operation == "delete_many":
        return list(args[0] if args else kwargs["keys"])
    if operation == "clear":
        return None
    return []


def _tolerant(fallback):
    """Run the cache call; on a Redis error return ``fallback(*args)`` and open the breaker."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self._down_until > time.monotonic():
                self._note_lost(method.__name__, args, kwargs)
                return fallback(*args, **kwargs)
            try:
                self._repair()
                result = method(self, *args, **kwargs)
            except CACHE_ERRORS as error:
                self._note_failure(method.__name__, error)
                self._note_lost(method.__name__, args, kwargs)
                return fallback(*args, **kwargs)
            if self._down_until:
                self._down_until = 0.0
                logger.warning("cache: Redis answers again")
            return result

        return wrapper

    return decorate


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new ``redis.Redis`` for every call; redis-py fills about 170
    response callbacks into a fresh dict each time, about a third of the CPU a cache read costs
    (a page makes several). One client per connection pool is kept instead: a ``redis.Redis``
    takes a connection from its pool for each command and gives it back, so threads share it
    safely, and a restarted Redis is reconnected by the pool as before."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class TolerantRedisCache(RedisCache):
    RETRY_AFTER = 5.0
    LOST_KEYS = 10_000

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
        self._down_until = 0.0
        self._lost_keys: set = set()
        self._lost_everything = False

    def _note_lost(self, operation: str, args: tuple, kwargs: dict) -> None:
        keys = _written_keys(operation, args, kwargs)
        if keys is None or len(self._lost_keys) + len(keys) > self.LOST_KEYS:
            self._lost_everything, self._lost_keys = True, set()
        elif not self._lost_everything:
            self._lost_keys.update(keys)

    def _repair(self) -> None:
        """Delete what changed while Redis was away (raises a cache error if it is away again)."""
        if self._lost_everything:
            deleted = self._delete_own_keys()
            logger.warning("cache: %d keys deleted, too many writes were lost while Redis was away", deleted)
        elif self._lost_keys:
            RedisCache.delete_many(self, list(self._lost_keys))
            logger.warning("cache: %d keys written while Redis was away deleted", len(self._lost_keys))
        self._lost_everything, self._lost_keys = False, set()

    def _note_failure(self, operation: str, error: Exception) -> None:
        if not self._down_until:
            logger.error("cache: Redis unavailable (%s: %s); serving without the cache", operation, error)
        self._down_until = time.monotonic() + self.RETRY_AFTER

    def _delete_own_keys(self) -> int:
        client = self._cache.get_client(write=True)
        deleted, batch = 0, []
        for key in client.scan_iter(match=f"{self.key_prefix}:*", count=1000):
            batch.append(key)
            if len(batch) == 1000:
                deleted += client.delete(*batch)
                batch = []
        if batch:
            deleted += client.delete(*batch)
        return deleted

    @property
    def available(self) -> bool:
        return self._down_until <= time.monotonic()

    # An empty cache that stores nothing: what each call returns while Redis is away.
    get = _tolerant(lambda key, default=None, *a, **kw: default)(RedisCache.get)
    get_many = _tolerant(lambda *a, **kw: {})(RedisCache.get_many)
    has_key = _tolerant(lambda *a, **kw: False)(RedisCache.has_key)
    add = _tolerant(lambda *a, **kw: False)(RedisCache.add)
    set = _tolerant(lambda *a, **kw: None)(RedisCache.set)
    set_many = _tolerant(lambda data, *a, **kw: list(data))(RedisCache.set_many)
    touch = _tolerant(lambda *a, **kw: False)(RedisCache.touch)
    delete = _tolerant(lambda *a, **kw: False)(RedisCache.delete)
    delete_many = _tolerant(lambda *a, **kw: None)(RedisCache.delete_many)
    # A counter that cannot be kept starts again at every call. No limit counts here: they use the
    # strict "counters" cache (cms.accounts.throttle, cms.home.rate_limit).
    incr = _tolerant(lambda key, delta=1, *a, **kw: delta)(RedisCache.incr)
    clear = _tolerant(lambda *a, **kw: False)(RedisCache.clear)
