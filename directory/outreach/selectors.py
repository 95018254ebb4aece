"""Reads for placements, posters and the widget. Directory data comes through ``directory.selectors``."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, IntegerField, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation

from cms.accounts.models import Role
from cms.home.models import HelplineSettings
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
    """The current ISO codes of the user's region. Accounts may hold the former alphabetic code
    (KZ-ALA) or the current numeric one (KZ-75); both name the same region."""
    if not user.region:
        return set()
    return set(
        Region.objects.filter(Q(code=user.region) | Q(former_code=user.region)).values_list("code", flat=True)
    )


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
        Placement.objects.filter(is_active=True).values_list("region__code").annotate(n=Count("pk")).values_list(
            "region__code", "n"
        )
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
