"""Public directory pages: the help page, region pages, service pages and the service worker.

Everything is server-rendered and works without JavaScript. The pages set no cookies: the forms
are GET forms without a CSRF token and nothing touches the session.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from cms.home.page_cache import shared_cache

from . import card_cache, selectors
from .forms import HelpSearchForm
from .hours import is_open_at, weekly_hours
from .models import Service, ServiceArea, ServiceAtLocation, ServiceAttribute

RESULTS_PER_PAGE = 20
# The front cache may keep a directory page this long: cards say whether a service is open now, and
# filtered listings (one URL per query) are not purged when a service changes, only these expire.
DIRECTORY_CACHE_SECONDS = 60
# Results are counted this many pages past the first one (page 1: up to 100), never further.
COUNTED_PAGES = 5
# Up to this many results (pages 1 to 15) the keys are read at once with the count.
HEAD_LIMIT = 400


class CappedPaginator(Paginator):
    """Counts the results only as far as ``COUNTED_PAGES`` pages from the page asked for, so a
    page costs about the same at 1k or 100k services. Past that the page says "more than N" and
    the pagination still leads on: each page counts further than the one before."""

    def __init__(self, object_list, per_page, *, number):
        super().__init__(object_list, per_page)
        try:
            first = max(int(number), 1)
        except (TypeError, ValueError):
            first = 1
        self.cap = (first - 1 + COUNTED_PAGES) * per_page

    @cached_property
    def head(self) -> list | None:
        """The results up to the cap, in list order, when that is few enough to read at once:
        one query then gives both the count and the page (the database finds the matches once)."""
        return list(self.object_list[: self.cap + 1]) if self.cap < HEAD_LIMIT else None

    @cached_property
    def count(self) -> int:
        if self.head is not None:
            return len(self.head)
        return self.object_list.count_up_to(self.cap + 1)

    def page(self, number):
        if self.head is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.head[bottom:top], number, self)

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap


DETAILS = (
    "phones",
    "schedules",
    "languages",
    Prefetch("attributes", queryset=ServiceAttribute.objects.select_related("taxonomy_term")),
    Prefetch("service_areas", queryset=ServiceArea.objects.select_related("region")),
    Prefetch("service_at_locations", queryset=ServiceAtLocation.objects.select_related("location")),
)


def _decorate(services: list[Service], *, kind_names: dict[str, str], region_names: dict[str, str], moment) -> None:
    """Give each service the labels its page shows, in the page's language."""
    prefetch_related_objects(services, *DETAILS)
    for service in services:
        service.kind_labels = [
            kind_names.get(attribute.taxonomy_term.code, attribute.taxonomy_term.name)
            for attribute in service.attributes.all()
        ]
        service.region_labels = [
            region_names.get(area.region.code, area.region.name) for area in service.service_areas.all()
        ]
        service.language_labels = [language.get_code_display() for language in service.languages.all()]
        service.is_open_now = is_open_at(service, moment)
        locations = [link.location for link in service.service_at_locations.all()]
        service.location_list = locations
        service.first_location = next((loc for loc in locations if loc.latitude is not None), None)


def _listing(request, *, fixed_region: card_cache.Choice | None = None, template: str, extra: dict | None = None):
    """A list page: the search form, the pinned services, one page of results and the region links.

    The queries are the same whatever the number of results: the page's keys with the capped
    count (one query up to page 15), their rows with the pinned services' (change time, open
    now), and, for the cards not yet in the cache, their details.
    """
    language_code = get_language()
    reference = card_cache.reference(language_code)
    form = HelpSearchForm(request.GET, regions=reference.regions, kinds=reference.kinds, fixed_region=fixed_region)
    filters = form.filters()
    moment = selectors.almaty_now()
    keys = selectors.result_keys(language_code=language_code, filters=filters, now=moment)
    number = request.GET.get("page")
    page_obj = CappedPaginator(keys, RESULTS_PER_PAGE, number=number).get_page(number)
    pinned_rows, page_rows = selectors.listed_rows(
        language_code=language_code, keys=list(page_obj.object_list), now=moment
    )
    cards = card_cache.render_cards(pinned_rows + page_rows, reference=reference, language_code=language_code)
    context = {
        "form": form,
        "filters": filters,
        "pinned_cards": [card for row, card in cards if row.pinned],
        "result_cards": [card for row, card in cards if not row.pinned],
        "page_obj": page_obj,
        "is_filtered": form.is_filtered,
        "regions": reference.regions,
        **(extra or {}),
    }
    return render(request, template, context)


@require_GET
@shared_cache(DIRECTORY_CACHE_SECONDS)
def help_page(request):
    """Search and filter every help service; the 111 line first on every page."""
    return _listing(request, template="directory/help.html")


@require_GET
@shared_cache(DIRECTORY_CACHE_SECONDS)
def region_page(request, slug: str):
    region = card_cache.reference(get_language()).region_by_slug(slug)
    if region is None:
        raise Http404
    return _listing(request, fixed_region=region, template="directory/region.html", extra={"region": region})


@require_GET
@shared_cache(DIRECTORY_CACHE_SECONDS)
def service_page(request, key):
    language_code = get_language()
    service = selectors.service_detail(language_code=language_code, translation_key=key)
    if service is None:
        raise Http404
    reference = card_cache.reference(language_code)
    moment = selectors.almaty_now()
    _decorate(
        [service],
        kind_names={kind.code: kind.name for kind in reference.kinds},
        region_names={region.code: region.name for region in reference.regions},
        moment=moment,
    )
    pinned_rows = [] if service.pinned else selectors.listed_rows(language_code=language_code, keys=[], now=moment)[0]
    pinned = card_cache.render_cards(pinned_rows, reference=reference, language_code=language_code)
    return render(
        request,
        "directory/service.html",
        {
            "service": service,
            "pinned_cards": [card for _row, card in pinned],
            "hours": weekly_hours(service, moment),
            "shown_language": service.locale.language_code if service.locale_id else language_code,
        },
    )


@require_GET
def service_worker(request):
    """The offline worker for this language's help pages (its scope is /<lang>/help/)."""
    language_code = get_language()
    precache = [
        f"/{language_code}/help/",
        static("css/site.css"),
        static("js/quick-exit.js"),
        static("img/favicon.svg"),
        static("directory/help.css"),
        static("directory/help.js"),
    ]
    context = {"precache": precache, "static_prefix": settings.STATIC_URL, "version": _worker_version(precache)}
    body = render_to_string("directory/sw.js", context)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers re-check the worker at least daily; a short max-age lets fixes arrive sooner.
    response["Cache-Control"] = "max-age=300"
    return response


def _worker_version(precache: list[str]) -> str:
    import hashlib

    from django.contrib.staticfiles import finders

    digest = hashlib.sha256()
    for url in precache[1:]:
        path = finders.find(url.removeprefix(static("")))
        if path:
            with open(path, "rb") as handle:
                digest.update(handle.read())
    digest.update(render_to_string("directory/sw.js", {"precache": precache, "version": ""}).encode())
    return digest.hexdigest()[:12]
