"""A fixed-window limit on certificate look-ups per client address, shared by every app server
(cms.home.rate_limit), so nobody can walk through codes. Only a hash of the address is kept."""

from django.conf import settings

from cms.home.rate_limit import private_key, within_limit


def allow_lookup(*, address: str) -> bool:
    """Count one look-up from ``address``; False once it has used up the window's allowance."""
    return within_limit(
        private_key("certificate-verify", address),
        limit=settings.CERTIFICATE_VERIFY_LIMIT,
        window=settings.CERTIFICATE_VERIFY_WINDOW,
    )
