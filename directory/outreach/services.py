"""Business rules for placements: codes and the scan counter."""

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import CODE_ALPHABET, CODE_LENGTH, Placement, PlacementScan


def new_placement_code() -> str:
    """A short code no placement has yet."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Placement.objects.filter(code=code).exists():
            return code


def normalise_code(code: str) -> str:
    """Codes typed by hand may come in lower case or with spaces."""
    return "".join(code.split()).upper()


@transaction.atomic
def record_scan(*, placement: Placement, day: datetime.date | None = None) -> None:
    """Add one to the placement's counter for ``day`` (today in Asia/Almaty by default).

    The increment happens in the database (F expression), so concurrent scans are never lost;
    the first scan of a day creates the row, and a racing creator falls back to the increment.
    """
    day = day or timezone.localdate()
    counters = PlacementScan.objects.filter(placement=placement, day=day)
    if counters.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            PlacementScan.objects.create(placement=placement, day=day, count=1)
    except IntegrityError:
        counters.update(count=F("count") + 1)
