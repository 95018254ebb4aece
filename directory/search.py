"""Search text for the directory: services indexed in the shared folded form
(cms.sitesearch.folding), with the names of their kinds of help and regions in every language,
and filter tokens (below)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from cms.sitesearch.folding import skeleton, stem, terms

__all__ = [
    "document_for",
    "filter_tokens",
    "query_filter_groups",
    "record_words",
    "service_filter_tokens",
    "skeleton",
    "stem",
    "terms",
]

# Filter tokens start with a letter terms() never produces (it folds every word to ASCII), so no
# typed word, whole or as a prefix, can match one. They let the full-text index intersect a text
# query with the selective filters (region, kind of help, language, 24/7, days open) in its own
# posting lists, instead of the database checking every text match against the service rows:
# a common word combined with a small region then costs about the same at 1k or 100k services.
# They only narrow the candidates: the exact filters still run on the service rows
# (selectors._filter_facets), so a token that is merely similar (codes folded to letters and
# digits) never adds a wrong result.
MARK = "λ"
NATIONWIDE = "all"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _token(kind: str, value: str) -> str:
    return f"{MARK}{kind}{re.sub(r'[^0-9a-z]', '', value.lower())}"


def filter_tokens(
    *,
    region_codes: Iterable[str],
    nationwide: bool,
    kind_codes: Iterable[str],
    languages: Iterable[str],
    is_free: bool,
    anonymous: bool,
    open_24_7: bool,
    schedules: Iterable[tuple[str, dt.time, dt.time]],
) -> list[str]:
    """The filter tokens of a service: its regions (or "every region"), kinds of help, languages,
    yes/no flags, and the days it opens (d) or runs past midnight from (n), for "open now"."""
    tokens = [_token("r", code) for code in region_codes]
    if nationwide:
        tokens.append(_token("r", NATIONWIDE))
    tokens += [_token("k", code) for code in kind_codes]
    tokens += [_token("l", code) for code in languages]
    tokens += [_token("f", name) for name, on in (("free", is_free), ("anon", anonymous), ("247", open_24_7)) if on]
    days = set()
    for byday, opens_at, closes_at in schedules:
        days.add(_token("d", byday))
        if closes_at <= opens_at:
            days.add(_token("n", byday))
    # Sorted: the document must not depend on the order the schedule rows come in (a form, an
    # import, the database), or the same service would be indexed two ways.
    return list(dict.fromkeys([*tokens, *sorted(days)]))


def service_filter_tokens(service) -> list[str]:
    """``filter_tokens`` of a service being saved (its child rows as the form or import set them)."""
    return filter_tokens(
        region_codes=[area.region.code for area in service.service_areas.all() if area.region_id],
        nationwide=service.nationwide,
        kind_codes=[a.taxonomy_term.code for a in service.attributes.all() if a.taxonomy_term_id],
        languages=[language.code for language in service.languages.all()],
        is_free=service.is_free,
        anonymous=service.anonymous,
        open_24_7=service.open_24_7,
        schedules=[(s.byday, s.opens_at, s.closes_at) for s in service.schedules.all()],
    )


def query_filter_groups(filters, *, now: dt.datetime) -> list[list[str]]:
    """For the help page's ``filters`` (selectors.ServiceFilters), groups of filter tokens: a
    service can match only if it has at least one token of every group. Age is left to the
    service rows (a range, and it keeps most services)."""
    groups = []
    if filters.region:
        groups.append([_token("r", filters.region), _token("r", NATIONWIDE)])
    if filters.kind:
        groups.append([_token("k", filters.kind)])
    if filters.language:
        groups.append([_token("l", filters.language)])
    for name, on in (("free", filters.free), ("anon", filters.anonymous), ("247", filters.open_24_7)):
        if on:
            groups.append([_token("f", name)])
    if filters.open_now:
        # Open now needs 24/7, a schedule today, or one from yesterday running past midnight
        # (selectors._open_schedules checks the hours).
        today, yesterday = WEEKDAYS[now.weekday()], WEEKDAYS[(now.weekday() - 1) % 7]
        groups.append([_token("f", "247"), _token("d", today), _token("n", yesterday)])
    return groups


def document_for(service, *, names: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None) -> str:
    """The text indexed for ``service``: its words plus the names of its kinds of help and
    regions in every language, so a search in any language finds it, then its filter tokens.
    ``names`` is ``selectors.names_by_code()`` when the caller has already read it (an import,
    for every row)."""
    from .selectors import names_by_code

    parts = [
        service.name,
        service.alternate_name,
        service.description,
        service.eligibility_description,
        service.alert,
    ]
    if service.organization_id:
        parts.append(service.organization.name)
    term_names, region_names = names if names is not None else names_by_code()
    for attribute in service.attributes.all():
        if attribute.taxonomy_term_id:
            parts.extend(term_names.get(attribute.taxonomy_term.code, ()))
    for area in service.service_areas.all():
        if area.region_id:
            parts.extend(region_names.get(area.region.code, ()))
    return " ".join([*terms(" ".join(p for p in parts if p)), *service_filter_tokens(service)])


def record_words(documents: Iterable[str]) -> None:
    """Add the words of search ``documents`` (filter tokens left out) to SearchWord, the list a
    typed prefix is expanded from: every word any indexed document holds must be in it."""
    from .models import SearchWord

    words = {word for document in documents for word in document.split() if not word.startswith(MARK)}
    if words:
        SearchWord.objects.bulk_create(
            [SearchWord(word=word) for word in sorted(words)], batch_size=1000, ignore_conflicts=True
        )
