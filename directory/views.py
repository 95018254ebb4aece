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

from . import selectors
from .forms import HelpSearchForm
from .hours import is_open_at, weekly_hours
from .models import Service, ServiceArea, ServiceAtLocation, ServiceAttribute

RESULTS_PER_PAGE = 20
# The front cache may keep a directory page this long: cards say whether a service is open now, and
# filtered listings (one URL per query) are not purged when a service changes, only these expire.
DIRECTORY_CACHE_SECONDS = 60
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP results, so a broad search costs the same at 1k or 100k services;
    the page then says "more than 1000"."""

    @cached_property
    def count(self) -> int:
        return self.object_list[: COUNT_CAP + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > COUNT_CAP
DETAILS = (
    "phones",
    "schedules",
    "languages",
    Prefetch("attributes", queryset=ServiceAttribute.objects.select_related("taxonomy_term")),
    Prefetch("service_areas", queryset=ServiceArea.objects.select_related("region")),
    Prefetch("service_at_locations", queryset=ServiceAtLocation.objects.select_related("location")),
)


def _decorate(services: list[Service], *, kind_names: dict[str, str], region_names: dict[str, str], moment) -> None:
    """Give each service the labels its card shows, in the page's language."""
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


def _listing(request, *, fixed_region=None, template: str, extra: dict | None = None):
    language_code = get_language()
    regions = selectors.regions(language_code=language_code)
    kinds = selectors.kinds_of_help(language_code=language_code)
    form = HelpSearchForm(request.GET, regions=regions, kinds=kinds, fixed_region=fixed_region)
    filters = form.filters()
    moment = selectors.almaty_now()
    results = selectors.search_services(language_code=language_code, filters=filters, now=moment)
    page_obj = CappedPaginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    pinned = list(selectors.pinned_services(language_code=language_code))
    services = list(page_obj.object_list)
    _decorate(
        pinned + services,
        kind_names={kind.code: kind.name for kind in kinds},
        region_names={region.code: region.name for region in regions},
        moment=moment,
    )
    context = {
        "form": form,
        "filters": filters,
        "pinned": pinned,
        "services": services,
        "page_obj": page_obj,
        "is_filtered": form.is_filtered,
        "regions": regions,
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
    region = selectors.region_by_slug(language_code=get_language(), slug=slug)
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
    kinds = selectors.kinds_of_help(language_code=language_code)
    regions = selectors.regions(language_code=language_code)
    moment = selectors.almaty_now()
    _decorate(
        [service],
        kind_names={kind.code: kind.name for kind in kinds},
        region_names={region.code: region.name for region in regions},
        moment=moment,
    )
    pinned = [] if service.pinned else list(
        selectors.public_services(language_code=language_code).filter(pinned=True).order_by("name")
    )
    return render(
        request,
        "directory/service.html",
        {
            "service": service,
            "pinned": pinned,
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
