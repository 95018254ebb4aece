"""Search text for the directory: services indexed in the shared folded form
(cms.sitesearch.folding), with the names of their kinds of help and regions in every language."""

from __future__ import annotations

from cms.sitesearch.folding import skeleton, stem, terms

__all__ = ["document_for", "skeleton", "stem", "terms"]


def document_for(service, *, names: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None) -> str:
    """The text indexed for ``service``: its words plus the names of its kinds of help and
    regions in every language, so a search in any language finds it. ``names`` is
    ``selectors.names_by_code()`` when the caller has already read it (an import, for every row)."""
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
    return " ".join(terms(" ".join(p for p in parts if p)))
