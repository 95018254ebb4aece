"""Reads for placements, posters and the widget. Directory data comes through ``directory.selectors``."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, IntegerField, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from cms.accounts.models import Role
from cms.home.models import HelplineSettings
from cms.regions import normalise_region
from directory.models import Region

from .models import Placement, PlacementKind

# Services listed under the 111 line on a poster and in the widget.
POSTER_SERVICES = 5
WIDGET_SERVICES = 12


# --- who sees what -------------------------------------------------------------------------------


def sees_all_regions(user) -> bool:
    """Editors and supervisors work across the country; coordinators only in their own region."""
    return user.is_superuser or user.role in (Role.EDITOR, Role.SUPERVISOR)


def user_region_codes(user) -> set[str]:
    """The current ISO code of the user's region (``cms.regions``, the codes the directory's
    regions carry), as a set: empty for a user without a region."""
    code = normalise_region(user.region)
    return {code} if code else set()


def placements_visible_to(*, user) -> QuerySet[Placement]:
    placements = Placement.objects.all()
    if sees_all_regions(user):
        return placements
    if user.role == Role.COORDINATOR:
        return placements.filter(region__code__in=user_region_codes(user))
    return placements.none()


def can_see_placement(*, user, placement: Placement) -> bool:
    return placements_visible_to(user=user).filter(pk=placement.pk).exists()


def region_names(*, language: str) -> dict[str, str]:
    """Region code → name in ``language``, falling back to the default language's name."""
    names: dict[str, str] = {}
    rows = (
        Region.objects.filter(locale__language_code__in={language, settings.LANGUAGE_CODE})
        .order_by("sort_order", "code")
        .values_list("code", "name", "locale__language_code")
    )
    for code, name, row_language in rows:
        if row_language == language or code not in names:
            names[code] = name
    return names


def regions_visible_to(*, user) -> list[tuple[str, str]]:
    names = region_names(language=translation.get_language())
    if sees_all_regions(user):
        return list(names.items())
    codes = user_region_codes(user) if user.role == Role.COORDINATOR else set()
    return [(code, name) for code, name in names.items() if code in codes]


# --- the scans report ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    code: str
    name: str
    kind: str
    kind_label: str
    region_code: str
    region_name: str
    is_active: bool
    scans: int
    last_scan: datetime.date | None


@dataclass(frozen=True)
class RegionTotal:
    code: str
    name: str
    placements: int
    scans: int


def scan_report(
    *,
    placements: QuerySet[Placement],
    region_code: str = "",
    kind: str = "",
    date_from: datetime.date,
    date_to: datetime.date,
) -> list[ReportRow]:
    """Scans per placement in [date_from, date_to], in one query whatever the number of placements."""
    if region_code:
        placements = placements.filter(region__code=region_code)
    if kind:
        placements = placements.filter(kind=kind)
    in_period = Q(scans__day__gte=date_from, scans__day__lte=date_to)
    rows = (
        placements.annotate(
            scan_total=Coalesce(Sum("scans__count", filter=in_period), Value(0), output_field=IntegerField()),
            last_scan=Max("scans__day", filter=in_period),
        )
        .values("code", "name", "kind", "region__code", "region__sort_order", "is_active", "scan_total", "last_scan")
        .order_by("region__sort_order", "region__code", "-scan_total", "name")
    )
    names = region_names(language=translation.get_language())
    kinds = dict(PlacementKind.choices)
    return [
        ReportRow(
            code=row["code"],
            name=row["name"],
            kind=row["kind"],
            kind_label=str(kinds.get(row["kind"], row["kind"])),
            region_code=row["region__code"],
            region_name=names.get(row["region__code"], row["region__code"]),
            is_active=row["is_active"],
            scans=row["scan_total"],
            last_scan=row["last_scan"],
        )
        for row in rows
    ]


def region_totals(rows: list[ReportRow]) -> list[RegionTotal]:
    totals: dict[str, RegionTotal] = {}
    for row in rows:
        found = totals.get(row.region_code)
        totals[row.region_code] = RegionTotal(
            code=row.region_code,
            name=row.region_name,
            placements=(found.placements if found else 0) + 1,
            scans=(found.scans if found else 0) + row.scans,
        )
    return list(totals.values())


def placement_counts_by_region() -> dict[str, int]:
    return dict(
        Placement.objects.filter(is_active=True)
        .values_list("region__code")
        .annotate(n=Count("pk"))
        .values_list("region__code", "n")
    )


# --- URLs ----------------------------------------------------------------------------------------


def site_base_url(request=None) -> str:
    """The public address printed on posters and in the widget snippet: the configured BASE_URL,
    never the host a staff member happened to use."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def scan_url(*, placement: Placement, language: str, base_url: str) -> str:
    with translation.override(language):
        return base_url + reverse("outreach:scan", args=[placement.code])


def widget_url(*, region_code: str, language: str, base_url: str) -> str:
    with translation.override(language):
        return f"{base_url}{reverse('outreach:widget')}?region={region_code}"


def helpline_for(request=None) -> HelplineSettings:
    if request is not None:
        return HelplineSettings.for_request(request)
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return HelplineSettings.for_site(site) if site else HelplineSettings()


# --- the directory's help pages and services -----------------------------------------------------


def _reverse(name: str, *, language: str, args=(), fallback: str) -> str:
    with translation.override(language):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            return fallback


def help_url(*, language: str) -> str:
    return _reverse("directory:help", language=language, fallback=f"/{language}/help/")


def region_help_url(*, region: Region, language: str) -> str:
    return _reverse(
        "directory:region", language=language, args=[region.slug], fallback=f"/{language}/help/?region={region.code}"
    )


def service_page_url(*, service, language: str) -> str:
    return _reverse(
        "directory:service", language=language, args=[service.translation_key], fallback=f"/{language}/help/"
    )


@dataclass(frozen=True)
class ServiceLine:
    """One service as a poster or the widget lists it: a name, a number to call, a short note."""

    name: str
    phone: str
    phone_tel: str
    is_24_7: bool
    note: str
    url: str


def region_services(*, region_code: str, language: str, limit: int) -> list[ServiceLine]:
    """Public services that cover the region (or the whole country), in ``language``.

    Pinned services (the 111 line) are left out: posters and the widget show 111 above the list.
    Services of the region itself come before nationwide ones. A fixed number of queries.
    """
    from django.db.models import Exists, OuterRef, Prefetch

    from directory.models import Phone, ServiceArea, TaxonomyTerm

    from .api import queries

    covers = Exists(ServiceArea.objects.filter(service=OuterRef("pk"), region__code=region_code))
    services = (
        queries.services(language)
        .filter(pinned=False)
        .annotate(local=covers)
        .filter(Q(local=True) | Q(nationwide=True))
        .order_by("-local", "-open_24_7", "name")
        .prefetch_related(
            Prefetch("phones", queryset=Phone.objects.filter(kind=Phone.Kind.VOICE)),
            "attributes__taxonomy_term",
        )[:limit]
    )
    terms = {term.translation_key: term.name for term in queries.in_language(TaxonomyTerm.objects.all(), language)}
    lines = []
    for service in services:
        phone = next(iter(service.phones.all()), None)
        kinds = [terms.get(a.taxonomy_term.translation_key, a.taxonomy_term.name) for a in service.attributes.all()]
        lines.append(
            ServiceLine(
                name=service.name,
                phone=phone.number if phone else "",
                phone_tel=phone.tel if phone else "",
                is_24_7=service.open_24_7 or bool(phone and phone.open_24_7),
                note=", ".join(kinds[:2]),
                url=service_page_url(service=service, language=language),
            )
        )
    return lines


def region_in_language(*, code: str, language: str) -> Region | None:
    code = code.strip().upper()
    if not code:
        return None
    rows = Region.objects.filter(Q(code=code) | Q(former_code=code))
    return rows.filter(locale__language_code=language).first() or rows.first()


def poster_context(*, placement: Placement, language: str, base_url: str) -> dict:
    helpline = helpline_for()
    region = region_in_language(code=placement.region.code, language=language) or placement.region
    return {
        "placement": placement,
        "language": language,
        "region_name": region.name,
        "helpline_number": helpline.helpline_number,
        "emergency_number": helpline.emergency_number,
        "scan_url": scan_url(placement=placement, language=language, base_url=base_url),
        "services": region_services(region_code=region.code, language=language, limit=POSTER_SERVICES),
    }


def widget_context(*, region_code: str, language: str, request) -> dict:
    region = region_in_language(code=region_code, language=language)
    services = region_services(region_code=region.code if region else "", language=language, limit=WIDGET_SERVICES)
    if region:
        more = request.build_absolute_uri(region_help_url(region=region, language=language))
    else:
        more = request.build_absolute_uri(help_url(language=language))
    return {
        "language": language,
        "region": region,
        "region_name": region.name if region else "",
        "unknown_region": bool(region_code.strip()) and region is None,
        "services": services,
        "helpline": helpline_for(request),
        "help_url": more,
    }
