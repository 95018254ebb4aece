"""Reads shared by the guideline pages, the PDF and the tests."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from wagtail.models import PageLogEntry

from .models import GuidelineIndexPage, GuidelinePage

PER_PAGE = 20
# A chain of versions longer than this is a data error (a loop the form did not catch).
MAX_VERSIONS = 50


def _superseded() -> Exists:
    return Exists(
        GuidelinePage.objects.live()
        .public()
        .filter(Q(supersedes=OuterRef("pk")) | Q(supersedes=OuterRef("alias_of_id")), locale=OuterRef("locale_id"))
    )


def guidelines(
    *, index: GuidelineIndexPage, audience: str = "", query: str = "", include_superseded: bool = False
) -> QuerySet[GuidelinePage] | list[GuidelinePage]:
    """Public guidelines under ``index``: current versions first, best match first when searching."""
    pages = (
        GuidelinePage.objects.live()
        .public()
        .child_of(index)
        .annotate(is_superseded=_superseded())
        .prefetch_related("audiences")
    )
    if not include_superseded:
        pages = pages.filter(is_superseded=False)
    if audience:
        pages = pages.filter(audiences__code=audience).distinct()
    if not query:
        return pages.order_by("is_superseded", "title")
    # Search backends cannot filter on a many-to-many field: search first, then filter by the ids
    # found, keeping the backend's ranking.
    ranked = [page.pk for page in GuidelinePage.objects.live().child_of(index).search(query)]
    order = {pk: position for position, pk in enumerate(ranked)}
    return sorted(pages.filter(pk__in=ranked), key=lambda page: order[page.pk])


def guideline_page_of_list(*, page_number: str | None = None, **filters) -> PaginatorPage:
    return Paginator(guidelines(**filters), PER_PAGE).get_page(page_number)


@dataclass
class VersionEntry:
    """One version in the public change log, with what changed since the version before it."""

    version: str
    title: str
    first_published_at: datetime
    last_published_at: datetime
    approving_body: str
    approved_on: date | None
    summary: str
    page: GuidelinePage
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    is_first: bool = False
    is_earlier_page: bool = False
    url: str = ""

    @property
    def has_section_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _without_ids(data):
    if isinstance(data, dict):
        return {key: _without_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    return data


def _sections(snapshot: GuidelinePage) -> dict[str, object]:
    return {block.value["title"]: _without_ids(block.block.get_prep_value(block.value)) for block in snapshot.sections}


def version_chain(*, guideline: GuidelinePage) -> list[GuidelinePage]:
    """``guideline`` and the versions it replaces, newest first."""
    chain = [guideline]
    seen = {guideline.pk}
    current = guideline
    while current.supersedes_id and current.supersedes_id not in seen and len(chain) < MAX_VERSIONS:
        current = GuidelinePage.objects.filter(pk=current.supersedes_id).first()
        if current is None:
            break
        chain.append(current)
        seen.add(current.pk)
    return chain


def change_log(*, guideline: GuidelinePage) -> list[VersionEntry]:
    """Every approved version of ``guideline`` and its predecessors, newest first.

    Built from the revisions that were published (so a draft under review never appears), one entry
    per version number, each compared with the version before it section by section.
    """
    # An alias has no history of its own: it shows its source's.
    source = GuidelinePage.objects.get(pk=guideline.alias_of_id) if guideline.alias_of_id else guideline
    pages = {page.pk: page for page in version_chain(guideline=source)}
    published = (
        PageLogEntry.objects.filter(page_id__in=pages, action="wagtail.publish", revision__isnull=False)
        .select_related("revision")
        .order_by("timestamp", "pk")
    )
    entries: list[VersionEntry] = []
    snapshots: list[GuidelinePage] = []
    for log_entry in published:
        page = pages[log_entry.page_id]
        snapshot = page.with_content_json(log_entry.revision.content)
        if entries and entries[-1].page.pk == page.pk and entries[-1].version == snapshot.version:
            # A republished revision of the same version: its latest text and summary stand.
            entry = entries[-1]
            snapshots[-1] = snapshot
            entry.last_published_at = log_entry.timestamp
        else:
            entry = VersionEntry(
                version=snapshot.version,
                title=snapshot.title,
                first_published_at=log_entry.timestamp,
                last_published_at=log_entry.timestamp,
                approving_body="",
                approved_on=None,
                summary="",
                page=page,
            )
            entries.append(entry)
            snapshots.append(snapshot)
        entry.title = snapshot.title
        entry.approving_body = snapshot.approving_body
        entry.approved_on = snapshot.approved_on
        entry.summary = snapshot.change_summary
    previous: dict[str, object] | None = None
    for entry, snapshot in zip(entries, snapshots, strict=True):
        sections = _sections(snapshot)
        if previous is None:
            entry.is_first = True
        else:
            entry.added = [title for title in sections if title not in previous]
            entry.removed = [title for title in previous if title not in sections]
            entry.changed = [title for title, data in sections.items() if title in previous and previous[title] != data]
        previous = sections
        if entry.page.pk != source.pk:
            entry.is_earlier_page = True
            if entry.page.live:
                entry.url = entry.page.localized.url or ""
    return list(reversed(entries))
