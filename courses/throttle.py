"""A fixed-window limit on certificate look-ups per client address, shared by every app server
through the cache, so nobody can walk through codes. Only a hash of the address is kept."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(address: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:verify:{address}".encode()).hexdigest()[:32]
    return f"certificate-verify:{digest}"


def allow_lookup(*, address: str) -> bool:
    """Count one look-up from ``address``; False once it has used up the window's allowance."""
    key = _key(address)
    window = settings.CERTIFICATE_VERIFY_WINDOW
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # the window expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= settings.CERTIFICATE_VERIFY_LIMIT
