"""A small per-process copy of values read from the shared cache under a generation key.

The site chrome (cms.home.selectors) and the directory's reference lists (directory.card_cache)
are kept in Redis under keys that name a *generation*: an editor's change starts a new one, and
every server sees it on its next request because each request still reads the generation from
Redis. The values under a generation never change, so a process may keep the ones it has read:
a page then spends no round trip and no unpickling on them. Entries are dropped after ``seconds``
all the same (a change that bypasses the signals shows as late as it would without this copy,
plus ``seconds``), and the whole copy is emptied when it holds ``limit`` keys: old generations,
and the throw-away keys of requests served while Redis is down, never pile up.
"""

from __future__ import annotations

import time
from typing import Any

_MISSING = object()


class LocalMemo:
    def __init__(self, *, seconds: float, limit: int = 256) -> None:
        self.seconds = seconds
        self.limit = limit
        self._entries: dict[str, tuple[float, Any]] = {}

    def get(self, key: str, default: Any = None) -> Any:
        entry = self._entries.get(key)
        if entry is None or entry[0] <= time.monotonic():
            return default
        return entry[1]

    def put(self, key: str, value: Any) -> None:
        if len(self._entries) >= self.limit:
            self._entries = {}
        self._entries[key] = (time.monotonic() + self.seconds, value)

    def clear(self) -> None:
        self._entries = {}
