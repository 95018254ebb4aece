"""Directory test data, made through the same service function editors and imports use."""

import datetime as dt
import uuid
from decimal import Decimal

from directory.services import HoursData, LocationData, PhoneData, ServiceData, save_service

LANGUAGES = ("kk", "ru", "en")
WORKDAYS = ("MO", "TU", "WE", "TH", "FR")


def service_data(**overrides) -> ServiceData:
    values = {
        "name": "Демо көмек",
        "organization_name": "Демо ұйым",
        "kinds": ["psychological"],
        "region_codes": ["KZ-75"],
        "languages": ["kk", "ru"],
        "phones": [PhoneData(kind="voice", number="+7 000 000 0001", free_of_charge=True)],
        "hours": [HoursData(byday=day, opens_at=dt.time(9), closes_at=dt.time(18)) for day in WORKDAYS],
        "assured_date": dt.date(2026, 10, 1),
    }
    values.update(overrides)
    return ServiceData(**values)


def make_service(*, locales=("kk",), key=None, names=None, **overrides):
    """A published service in ``locales`` (same key); ``names`` maps language to name."""
    key = key or uuid.uuid4()
    service = None
    for language in locales:
        fields = dict(overrides)
        if names and language in names:
            fields["name"] = names[language]
        service = save_service(translation_key=key, language_code=language, data=service_data(**fields))
    return service


def make_helpline():
    """The 111 line, pinned, nationwide, 24/7, in every language."""
    return make_service(
        locales=LANGUAGES,
        names={"kk": "111 — көмек желісі", "ru": "111 — линия помощи", "en": "111 — help line"},
        organization_name="111",
        kinds=["helpline"],
        region_codes=[],
        nationwide=True,
        open_24_7=True,
        anonymous=True,
        pinned=True,
        hours=[],
        phones=[PhoneData(kind="voice", number="111", free_of_charge=True, open_24_7=True)],
    )


def location(**overrides) -> LocationData:
    values = {
        "name": "Демо орталық",
        "address_1": "Абай даңғылы, 1",
        "city": "Алматы",
        "region_code": "KZ-75",
        "latitude": Decimal("43.238900"),
        "longitude": Decimal("76.889700"),
    }
    values.update(overrides)
    return LocationData(**values)
