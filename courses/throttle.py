"""A fixed-window limit on certificate look-ups per client address, shared by every app server
(cms.home.rate_limit), so nobody can walk through codes. Only a hash of the address is kept."""

import hashlib

from django.conf import settings

from cms.home.rate_limit import within_limit


def _key(address: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:verify:{address}".encode()).hexdigest()[:32]
    return f"certificate-verify:{digest}"


def allow_lookup(*, address: str) -> bool:
    """Count one look-up from ``address``; False once it has used up the window's allowance."""
    return within_limit(
        _key(address), limit=settings.CERTIFICATE_VERIFY_LIMIT, window=settings.CERTIFICATE_VERIFY_WINDOW
    )
