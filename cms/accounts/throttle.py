"""Login throttling shared by every app server through the cache (Redis in production).

Failures are counted per account and per client address; past the limit the pair is locked
for the rest of the window. Only hashes of the email and address are kept, and only in the cache.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value.lower()}".encode()).hexdigest()[:32]
    return f"login-fail:{kind}:{digest}"


def _keys(*, email: str, address: str) -> list[str]:
    return [_key("account", email), _key("address", address)]


def is_locked(*, email: str, address: str) -> bool:
    counts = cache.get_many(_keys(email=email, address=address))
    return any(count >= settings.LOGIN_THROTTLE_LIMIT for count in counts.values())


def record_failure(*, email: str, address: str) -> None:
    for key in _keys(email=email, address=address):
        # add() starts the window only once; incr() keeps the window's original expiry.
        if not cache.add(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW)


def clear(*, email: str) -> None:
    cache.delete(_key("account", email))


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")
