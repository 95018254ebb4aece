"""The compiled HSDS 3.0 schemas from ../shared/hsds, read at test time (never copied here)."""

import datetime
import functools
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_DIR = Path(settings.BASE_DIR).parent / "shared" / "hsds"

format_checker = FormatChecker()


@format_checker.checks("date-time", raises=ValueError)
def _is_datetime(value) -> bool:
    # jsonschema only checks date-time when rfc3339-validator is installed: check it here.
    return not isinstance(value, str) or datetime.datetime.fromisoformat(value).tzinfo is not None


@format_checker.checks("uri", raises=ValueError)
def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme in ("http", "https", "tel", "mailto") and (parts.netloc or parts.path))


def _require_dir() -> None:
    if not (SCHEMA_DIR / "service.json").exists():
        pytest.skip(f"HSDS compiled schemas not found in {SCHEMA_DIR} (expected ../shared/hsds next to the repo)")


@functools.cache
def _load(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def schema(name: str) -> dict:
    """A compiled schema by name: service, organization, service_at_location, their *_list,
    and taxonomy_term / taxonomy, which HSDS compiles only nested inside service.json, and
    service_minimal: the items of /services?minimal=true, "just service 'id' and 'modified_date'",
    which HSDS describes in words only: the compiled service's id, and its last_modified for the
    date, with nothing else allowed."""
    _require_dir()
    if name == "service_minimal":
        service = _load("service.json")
        return {
            "type": "object",
            "required": ["id", "modified_date"],
            "additionalProperties": False,
            "properties": {"id": service["properties"]["id"], "modified_date": service["properties"]["last_modified"]},
        }
    if name == "taxonomy_term":
        return _load("service.json")["properties"]["attributes"]["items"]["properties"]["taxonomy_term"]
    if name == "taxonomy":
        return schema("taxonomy_term")["properties"]["taxonomy_detail"]
    return _load(f"{name}.json")


@functools.cache
def page_schema() -> dict:
    _require_dir()
    return _load("openapi.json")["components"]["schemas"]["Page"]


def errors(instance, name: str) -> list[str]:
    validator = Draft202012Validator(schema(name), format_checker=format_checker)
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(instance)]


def assert_valid(instance, name: str) -> None:
    found = errors(instance, name)
    assert not found, f"{name} invalid: {found}"


def assert_valid_page(body: dict, item_schema: str) -> None:
    validator = Draft202012Validator(page_schema(), format_checker=format_checker)
    assert not list(validator.iter_errors(body))
    assert set(page_schema()["properties"]) <= set(body), "a Page has every property"
    for item in body["contents"]:
        assert_valid(item, item_schema)
