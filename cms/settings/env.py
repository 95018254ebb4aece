"""The one place where settings read the environment.

Each reader fails at start-up with ImproperlyConfigured when a value is malformed, so a bad
deployment stops before serving its first request.
"""

import ipaddress
import os
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured


def text(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if required:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return default


def flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def integer(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def words(name: str, default: list[str] | None = None, *, required: bool = False) -> list[str]:
    value = text(name, required=required)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def url(name: str, *, schemes: tuple[str, ...], required: bool = False) -> str | None:
    value = text(name, required=required)
    if value is None:
        return None
    if urlparse(value).scheme not in schemes:
        raise ImproperlyConfigured(f"{name} must be a URL starting with one of {', '.join(schemes)}.")
    return value


def networks(name: str, default: list[str] | None = None) -> list[str]:
    """Comma-separated IP addresses or networks (``10.0.0.0/8``), each checked at start-up."""
    values = words(name, default)
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must list IP addresses or networks, not {value!r}.") from None
    return values
