"""Reads of the directory that views, the API, posters and the widget share."""

from __future__ import annotations

from .models import Region, TaxonomyTerm


def names_by_code() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Names of every kind of help and region in every language, keyed by code."""
    terms: dict[str, list[str]] = {}
    for code, name in TaxonomyTerm.objects.values_list("code", "name"):
        terms.setdefault(code, []).append(name)
    regions: dict[str, list[str]] = {}
    for code, name in Region.objects.values_list("code", "name"):
        regions.setdefault(code, []).append(name)
    return terms, regions
