"""Pages indexed a second time in the folded form, so the site search finds Kazakh typed in
Cyrillic or Latin script and Russian in its inflected forms (see cms.sitesearch.folding)."""

from __future__ import annotations

from django.utils.html import strip_tags
from wagtail.search import index

from .folding import terms

FOLDED_FIELD = "search_folded"


class FoldedSearchMixin:
    """Add ``folded_search_field()`` to a page type's ``search_fields``; its text is the folded
    terms of every other text field the page type indexes."""

    def search_folded(self) -> str:
        parts: list[str] = []
        for field in self.search_fields:
            if not isinstance(field, index.SearchField) or field.field_name == FOLDED_FIELD:
                continue
            value = field.get_value(self)
            if isinstance(value, (list, tuple)):
                parts.extend(str(item) for item in value if item)
            elif value:
                parts.append(str(value))
        return " ".join(terms(strip_tags(" ".join(parts))))


def folded_search_field() -> index.AutocompleteField:
    return index.AutocompleteField(FOLDED_FIELD)
