"""Query parameters of the HSDS API (see openapi.json, components.parameters)."""

import datetime
import math
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from .responses import ApiError

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_SEARCH_LENGTH = 200
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
JSON = "json"
NDJSON = "ndjson"
# minimal=true should "aim to return all services within one call": ids and dates are small, so
# its pages are this large by default (and at most); beyond that, format=ndjson streams them all.
MINIMAL_PER_PAGE = 10_000
MAX_POSTCODE_LENGTH = 10  # Location.postal_code's max_length
MAX_PROXIMITY = 3_000_000  # metres: more than Kazakhstan is wide


def positive_int(params: QueryDict, name: str, default: int, *, maximum: int | None = None) -> int:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"'{name}' must be a whole number, got '{raw[:40]}'.", parameter=name) from None
    if value < 1:
        raise ApiError(400, f"'{name}' must be 1 or more.", parameter=name)
    if maximum is not None and value > maximum:
        raise ApiError(400, f"'{name}' must be at most {maximum}.", parameter=name)
    return value


def uuid_param(params: QueryDict, name: str) -> uuid.UUID | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    return parse_uuid(raw, name=name)


def parse_uuid(raw: str, *, name: str = "id") -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise ApiError(400, f"'{name}' must be a UUID, got '{raw[:40]}'.", parameter=name) from None


def boolean_param(params: QueryDict, name: str) -> bool:
    raw = params.get(name, "").strip().lower()
    if raw in ("", "false", "0", "no"):
        return False
    if raw in ("true", "1", "yes"):
        return True
    raise ApiError(400, f"'{name}' must be true or false.", parameter=name)


def datetime_param(params: QueryDict, name: str) -> datetime.datetime | None:
    """An ISO 8601 date or date-time; without an offset it is read in Asia/Almaty time."""
    raw = params.get(name, "").strip()
    if not raw:
        return None
    # A '+' in a query string arrives as a space.
    raw = raw.replace(" ", "+") if "T" in raw else raw
    try:
        value = parse_datetime(raw)
        if value is None:
            day = parse_date(raw)
            value = datetime.datetime.combine(day, datetime.time.min) if day else None
    except ValueError:
        value = None
    if value is None:
        raise ApiError(
            400,
            f"'{name}' must be an ISO 8601 date or date-time such as 2026-01-31 or 2026-01-31T09:00:00+05:00.",
            parameter=name,
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def search_param(params: QueryDict) -> str:
    value = " ".join(params.get("search", "").split())
    if len(value) > MAX_SEARCH_LENGTH:
        raise ApiError(400, f"'search' must be at most {MAX_SEARCH_LENGTH} characters.", parameter="search")
    return value


def format_param(params: QueryDict) -> str:
    """``json`` (a Page, the default) or ``ndjson`` (every result, one object a line, streamed)."""
    value = params.get("format", "").strip().lower() or JSON
    if value not in (JSON, NDJSON):
        raise ApiError(400, "'format' must be json or ndjson.", parameter="format")
    return value


def postcode_param(params: QueryDict) -> str:
    """A postcode, normalised as ``normalised_postcode`` stores compare it: no spaces or hyphens,
    capital letters (Kazakhstan has both 6-digit codes such as 050000 and Kazpost's 2015 codes
    such as A05A0Y0)."""
    raw = params.get("postcode", "")
    value = normal_postcode(raw)
    if raw.strip() and not (value.isascii() and value.isalnum() and len(value) <= MAX_POSTCODE_LENGTH):
        raise ApiError(
            400,
            f"'postcode' must be letters and digits, at most {MAX_POSTCODE_LENGTH}, got '{raw.strip()[:40]}'.",
            parameter="postcode",
        )
    return value


def normal_postcode(raw: str) -> str:
    return "".join(raw.split()).replace("-", "").upper()


def proximity_param(params: QueryDict) -> float | None:
    """A distance in metres (the spec types it as a string: any positive number is accepted)."""
    raw = params.get("proximity", "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise ApiError(
            400, f"'proximity' must be a distance in metres above 0, got '{raw[:40]}'.", parameter="proximity"
        )
    if value > MAX_PROXIMITY:
        raise ApiError(400, f"'proximity' must be at most {MAX_PROXIMITY} metres.", parameter="proximity")
    return value


def language_param(params: QueryDict, default: str) -> str:
    value = params.get("lang", "").strip().lower()
    if not value:
        return default
    if value not in LANGUAGE_CODES:
        raise ApiError(400, f"'lang' must be one of {', '.join(sorted(LANGUAGE_CODES))}.", parameter="lang")
    return value


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @classmethod
    def from_query(cls, params: QueryDict, *, default: int = DEFAULT_PER_PAGE, maximum: int = MAX_PER_PAGE) -> "Paging":
        return cls(
            page=positive_int(params, "page", 1),
            per_page=positive_int(params, "per_page", default, maximum=maximum),
        )


def page_of(queryset, paging: Paging, serialize) -> dict:
    """An HSDS ``Page`` object (openapi.json, components.schemas.Page) with ``contents``.

    A page past the end is an empty page, not an error, so clients can stop on ``empty``.
    A first page that is not full holds every result, so it needs no COUNT query (minimal=true
    asks for all services at once: that is then a single query).
    """
    start = (paging.page - 1) * paging.per_page
    if isinstance(queryset, list):
        total = len(queryset)
    elif paging.page == 1:
        items = list(queryset[: paging.per_page])
        total = len(items) if len(items) < paging.per_page else queryset.count()
    else:
        # Counted first so that an absurd page number never reaches the database as an OFFSET.
        total = queryset.count()
    total_pages = max(1, math.ceil(total / paging.per_page))
    if isinstance(queryset, list) or paging.page != 1:
        items = list(queryset[start : start + paging.per_page]) if start < total else []
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": len(items),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": not items,
        "contents": serialize(items),
    }
