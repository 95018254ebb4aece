"""Demo placements: a few schools, a college and a clinic in Almaty and Astana, with scan counts
for the last 30 days. Clearly synthetic (names end in "(демо)"); idempotent: placements are
found by name and region, counters by placement and day.
"""

import datetime as dt

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from cms.accounts.models import Role, User

from .models import Region
from .outreach.models import PLACEMENT_MANAGERS, Placement, PlacementKind, PlacementScan

PLACEMENTS = [
    ("KZ-75", PlacementKind.SCHOOL, "№25 мектеп-гимназия (демо)", "Алматы, Абай даңғылы (демо мекенжай)", 9),
    ("KZ-75", PlacementKind.SCHOOL, "№140 жалпы білім беретін мектеп (демо)", "Алматы, Сайран шағынауданы (демо)", 4),
    ("KZ-75", PlacementKind.COLLEGE, "Алматы гуманитарлық-техникалық колледжі (демо)", "Алматы (демо мекенжай)", 6),
    ("KZ-75", PlacementKind.CLINIC, "№5 қалалық емхана, жасөспірімдер кабинеті (демо)", "Алматы (демо мекенжай)", 2),
    ("KZ-71", PlacementKind.SCHOOL, "№61 мектеп-лицей (демо)", "Астана, Есіл ауданы (демо мекенжай)", 7),
    ("KZ-71", PlacementKind.SCHOOL, "№12 орта мектеп (демо)", "Астана, Сарыарқа ауданы (демо мекенжай)", 3),
    (
        "KZ-71",
        PlacementKind.SERVICE_CENTRE,
        "Халыққа қызмет көрсету орталығы, Есіл (демо)",
        "Астана (демо мекенжай)",
        1,
    ),
]
DAYS = 30


@transaction.atomic
def load(stdout) -> None:
    today = timezone.localdate()
    regions = {region.code: region for region in Region.objects.filter(locale__language_code="kk")}
    for index, (code, kind, name, address, weight) in enumerate(PLACEMENTS):
        placement = Placement.objects.filter(name=name, region__code=code).first()
        if placement is None:
            placement = Placement(name=name, region=regions[code])
        placement.kind, placement.address, placement.is_active = kind, address, True
        placement.save()
        for offset in range(DAYS):
            day = today - dt.timedelta(days=offset)
            # Schooldays see more scans than weekends; a fixed pattern keeps reruns identical.
            count = weight * (3 if day.weekday() < 5 else 1) + (offset * 7 + index * 3) % 5
            PlacementScan.objects.update_or_create(placement=placement, day=day, defaults={"count": count})
    managers = _placement_managers()
    stdout.write(
        f"Directory outreach: {len(PLACEMENTS)} demo placements with {DAYS} days of scan counts; "
        f"{managers} demo coordinators and editors may manage placements in the admin."
    )


def _placement_managers() -> int:
    """Demo coordinators and editors join the placement managers (migration 0002 of outreach), as
    an administrator adds real ones; coordinators then see their own region only."""
    group = Group.objects.get(name=PLACEMENT_MANAGERS)
    users = User.objects.filter(role__in=[Role.COORDINATOR, Role.EDITOR], email__endswith="@demo.invalid")
    for user in users:
        user.groups.add(group)
    return users.count()
