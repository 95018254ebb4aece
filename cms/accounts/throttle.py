"""Login throttling shared by every app server through the cache (Redis in production).

Failures are counted per account and per client address; past the limit the pair is locked
for the rest of the window. Only hashes of the email and address are kept, and only in the cache.
The counts live in the strict "counters" cache: when it cannot be reached, ThrottleUnavailable
is raised and sign-in is refused, never allowed without a limit.
"""

import functools
import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import caches

from cms.home.redis_cache import CACHE_ERRORS


class ThrottleUnavailable(Exception):
    """Failed sign-ins cannot be counted right now (the cache does not answer)."""


def _counters():
    return caches["counters"]


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value.lower()}".encode()).hexdigest()[:32]
    return f"login-fail:{kind}:{digest}"


def _keys(*, email: str, address: str) -> list[str]:
    return [_key("account", email), _key("address", address)]


def is_locked(*, email: str, address: str) -> bool:
    try:
        counts = _counters().get_many(_keys(email=email, address=address))
    except CACHE_ERRORS as error:
        raise ThrottleUnavailable from error
    return any(count >= settings.LOGIN_THROTTLE_LIMIT for count in counts.values())


def record_failure(*, email: str, address: str) -> None:
    counters = _counters()
    try:
        for key in _keys(email=email, address=address):
            # add() starts the window only once; incr() keeps the window's original expiry.
            if not counters.add(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW):
                try:
                    counters.incr(key)
                except ValueError:
                    counters.set(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW)
    except CACHE_ERRORS as error:
        raise ThrottleUnavailable from error


def clear(*, email: str) -> None:
    try:
        _counters().delete(_key("account", email))
    except CACHE_ERRORS as error:
        raise ThrottleUnavailable from error


@functools.cache
def _trusted_networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address: str, networks: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request) -> str:
    """The visitor's address: REMOTE_ADDR, or, when that is a trusted proxy (TRUSTED_PROXIES),
    the nearest address in X-Forwarded-For that is not one of our proxies.

    X-Forwarded-For is read from the right: each trusted proxy appends the address it got the
    request from, so entries left of the first untrusted one may be invented by the client.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not _is_trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a malformed entry: trust nothing further left
    # Every hop is one of ours (a request from inside): the furthest one is the client.
    return hops[0] if hops else remote
