"""Which players a lecture may embed, and the CSP that lets exactly those be framed.

The hosts come from settings (LECTURES_EMBED_HOSTS: provider -> host); the cleaning itself is
cms.home.sanitize.iframe_embed, the project's one sanitiser.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.csp import CSP
from django.utils.translation import gettext as _

from cms.home.sanitize import iframe_embed

from .choices import Provider

EMBEDDED_PROVIDERS = (Provider.JITSI, Provider.BIGBLUEBUTTON, Provider.YOUTUBE)


def provider_hosts() -> dict[str, frozenset[str]]:
    configured = getattr(settings, "LECTURES_EMBED_HOSTS", {})
    return {
        provider: frozenset({configured[provider].lower()}) if configured.get(provider) else frozenset()
        for provider in EMBEDDED_PROVIDERS
    }


def allowed_hosts(provider: str | None = None) -> frozenset[str]:
    """The hosts a ``provider`` may be embedded from; every allowlisted host when None."""
    hosts = provider_hosts()
    if provider is not None:
        return hosts.get(provider, frozenset())
    return frozenset().union(*hosts.values())


def url_is_allowed(url: str, provider: str | None = None) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme == "https" and (parts.hostname or "").lower() in allowed_hosts(provider)


def sanitise_embed(html: str, *, provider: str | None = None) -> str:
    """The iframes of ``html`` that point at the provider's allowlisted host; nothing else."""
    return iframe_embed(html, hosts=allowed_hosts(provider), default_title=_("Lecture player"))


def embed_csp() -> dict:
    """The site's CSP with ``frame-src`` widened to the allowlisted player hosts.

    Only the session and watch pages use it (through csp_override), so every other page keeps
    ``frame-src 'self'``: a page that never shows a player cannot be made to frame one.
    """
    policy = dict(settings.SECURE_CSP)
    policy["frame-src"] = [CSP.SELF, *sorted(f"https://{host}" for host in allowed_hosts())]
    return policy
