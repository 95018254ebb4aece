"""What the public directory pages keep in the cache, and when it stops being used.

Two things are cached, per language:

- the reference lists every list page needs (regions and kinds of help, with their URLs);
- each service card as rendered HTML, so a page of results costs one cache round trip instead
  of rendering twenty cards. A card's key holds what its HTML depends on: the service row's
  ``updated_at`` (every save through the admin, snippets, imports or ``save_service`` changes
  it, and the children are saved with their service), whether it is open at the moment, the
  language, the card template's digest and the directory ``generation``.

The generation changes (after the transaction commits) whenever something a card or a list
shows without it being a column of the service row is saved or deleted: an organisation, a
location, a region, a kind of help. Old entries are then simply never read again and expire.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from functools import cache as once
from pathlib import Path

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from cms.home.local_memo import LocalMemo

from . import selectors
from .models import Location, Organization, Region, Service, TaxonomyTerm
from .selectors import ListedRow

GENERATION_KEY = "directory:generation"
REFERENCE_TIMEOUT = 60 * 60
CARD_TIMEOUT = 6 * 60 * 60
CARD_TEMPLATE = "directory/components/listed_card.html"
COMPONENTS = Path(__file__).resolve().parent / "templates" / "directory" / "components"
# How long a process keeps the reference lists of a generation it has read (a new generation
# is read from the cache on every request, so a change shows at once).
LOCAL_SECONDS = 60
_local = LocalMemo(seconds=LOCAL_SECONDS, limit=64)


@dataclass(frozen=True)
class Choice:
    """A region or a kind of help as the public pages show it."""

    code: str
    name: str
    slug: str = ""
    url: str = ""


@dataclass(frozen=True)
class Reference:
    generation: str
    regions: tuple[Choice, ...]
    kinds: tuple[Choice, ...]

    def region_by_slug(self, slug: str) -> Choice | None:
        return next((region for region in self.regions if region.slug == slug), None)


def bump_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex[:12], timeout=None)


def _bump_after_commit(sender, **kwargs) -> None:
    # After the commit: a request between the save and the commit would otherwise cache the old
    # rows under the new generation.
    transaction.on_commit(bump_generation)


for _model in (Organization, Location, Region, TaxonomyTerm):
    post_save.connect(_bump_after_commit, sender=_model, dispatch_uid=f"directory-cache-{_model.__name__}-save")
    post_delete.connect(_bump_after_commit, sender=_model, dispatch_uid=f"directory-cache-{_model.__name__}-delete")


def reference(language_code: str) -> Reference:
    """Regions and kinds of help in ``language_code``: the generation is read from the cache (one
    round trip), the lists of that generation are kept in the process as well (see
    cms.home.local_memo), so most requests neither fetch nor unpickle them."""
    key = f"directory:reference:{language_code}"
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex[:12]
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY, generation)
    local_key = f"{key}:{generation}"
    known = _local.get(local_key)
    if known is not None:
        return known
    cached = cache.get(key)
    if cached is not None and cached.generation == generation:
        _local.put(local_key, cached)
        return cached
    data = Reference(
        generation=generation,
        regions=tuple(
            Choice(
                code=region.code, name=region.name, slug=region.slug,
                url=reverse("directory:region", kwargs={"slug": region.slug}),
            )
            for region in selectors.regions(language_code=language_code)
        ),
        kinds=tuple(
            Choice(code=term.code, name=term.name) for term in selectors.kinds_of_help(language_code=language_code)
        ),
    )
    cache.set(key, data, REFERENCE_TIMEOUT)
    _local.put(local_key, data)
    return data


@once
def _template_digest() -> str:
    """Changes when a card template changes, so a deploy never serves cards in the old markup."""
    digest = hashlib.sha256()
    for path in sorted(COMPONENTS.glob("*.html")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _card_key(row: ListedRow, *, language_code: str, generation: str) -> str:
    state = f"{int(row.is_open)}{int(row.pinned)}"
    return (
        f"directory:card:{_template_digest()}:{generation}:{language_code}:{row.pk.hex}:"
        f"{row.updated_at.timestamp():.6f}:{state}"
    )


def render_cards(
    rows: list[ListedRow], *, reference: Reference, language_code: str
) -> list[tuple[ListedRow, SafeString]]:
    """The cards of ``rows`` in order: cached ones in one round trip, the others rendered (their
    details loaded in a fixed number of queries) and cached. A row deleted meanwhile is left out."""
    keys = [_card_key(row, language_code=language_code, generation=reference.generation) for row in rows]
    found = cache.get_many(keys)
    missing = [(key, row) for key, row in zip(keys, rows, strict=True) if key not in found]
    if missing:
        kind_names = {kind.code: kind.name for kind in reference.kinds}
        services = selectors.with_details(Service.objects.filter(pk__in=[row.pk for _key, row in missing]))
        by_pk = {service.pk: service for service in services}
        fresh = {}
        for key, row in missing:
            service = by_pk.get(row.pk)
            if service is None:  # deleted since the list was read
                continue
            _decorate(service, is_open=row.is_open, kind_names=kind_names)
            fresh[key] = render_to_string(CARD_TEMPLATE, {"service": service, "pinned_card": row.pinned})
        cache.set_many(fresh, CARD_TIMEOUT)
        found.update(fresh)
    # The HTML was rendered (and escaped) by our own template.
    return [(row, mark_safe(found[key])) for key, row in zip(keys, rows, strict=True) if key in found]  # noqa: S308


def _decorate(service: Service, *, is_open: bool, kind_names: dict[str, str]) -> None:
    """Give ``service`` what its card shows beyond its own fields, in the active language."""
    service.kind_labels = [
        kind_names.get(attribute.taxonomy_term.code, attribute.taxonomy_term.name)
        for attribute in service.attributes.all()
    ]
    service.is_open_now = is_open
    service.location_list = [link.location for link in service.service_at_locations.all()]
    service.first_location = next((loc for loc in service.location_list if loc.latitude is not None), None)
