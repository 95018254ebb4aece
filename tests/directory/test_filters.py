import datetime as dt

import pytest

from directory.selectors import ALMATY, ServiceFilters, search_services
from directory.services import HoursData

from .factories import make_service

pytestmark = pytest.mark.django_db

# A Wednesday.
WEDNESDAY_NOON = dt.datetime(2026, 11, 25, 12, 0, tzinfo=ALMATY)


def found(now=WEDNESDAY_NOON, page_language="kk", **filters):
    services = search_services(language_code=page_language, filters=ServiceFilters(**filters), now=now)
    return {service.name for service in services}


def test_region_filter_keeps_the_region_and_nationwide_services():
    make_service(names={"kk": "Алматы"}, region_codes=["KZ-75"])
    make_service(names={"kk": "Астана"}, region_codes=["KZ-71"])
    make_service(names={"kk": "Бүкіл ел"}, region_codes=[], nationwide=True)
    assert found(region="KZ-75") == {"Алматы", "Бүкіл ел"}


def test_kind_filter():
    make_service(names={"kk": "Заң"}, kinds=["legal"])
    make_service(names={"kk": "Психолог"}, kinds=["psychological", "helpline"])
    assert found(kind="legal") == {"Заң"}
    assert found(kind="helpline") == {"Психолог"}


def test_age_filter_respects_minimum_and_maximum():
    make_service(names={"kk": "7-18"}, minimum_age=7, maximum_age=18)
    make_service(names={"kk": "14+"}, minimum_age=14)
    make_service(names={"kk": "any"})
    assert found(age=10) == {"7-18", "any"}
    assert found(age=16) == {"7-18", "14+", "any"}
    assert found(age=20) == {"14+", "any"}


def test_language_filter():
    make_service(names={"kk": "kk only"}, languages=["kk"])
    make_service(names={"kk": "ru too"}, languages=["kk", "ru"])
    assert found(language="ru") == {"ru too"}


def test_open_now_uses_the_weekly_hours_in_almaty_time():
    make_service(names={"kk": "weekdays"})  # MO-FR 09:00-18:00
    make_service(names={"kk": "always"}, open_24_7=True, hours=[])
    assert found(open_now=True) == {"weekdays", "always"}
    saturday = dt.datetime(2026, 11, 28, 12, 0, tzinfo=ALMATY)
    assert found(open_now=True, now=saturday) == {"always"}
    # 03:30 UTC on Wednesday is 08:30 in Almaty (UTC+5): not yet open.
    early = dt.datetime(2026, 11, 25, 3, 30, tzinfo=dt.UTC)
    assert found(open_now=True, now=early) == {"always"}


def test_open_now_follows_hours_past_midnight():
    make_service(names={"kk": "late"}, hours=[HoursData(byday="WE", opens_at=dt.time(20), closes_at=dt.time(2))])
    assert found(open_now=True, now=WEDNESDAY_NOON.replace(hour=23)) == {"late"}
    assert found(open_now=True, now=WEDNESDAY_NOON + dt.timedelta(hours=13)) == {"late"}  # Thursday 01:00
    assert found(open_now=True, now=WEDNESDAY_NOON + dt.timedelta(hours=15)) == set()  # Thursday 03:00


def test_free_filter():
    make_service(names={"kk": "free"}, is_free=True)
    make_service(names={"kk": "paid"}, is_free=False)
    assert found(free=True) == {"free"}


def test_anonymous_filter():
    make_service(names={"kk": "anon"}, anonymous=True)
    make_service(names={"kk": "named"}, anonymous=False)
    assert found(anonymous=True) == {"anon"}


def test_open_24_7_filter():
    make_service(names={"kk": "always"}, open_24_7=True)
    make_service(names={"kk": "office"})
    assert found(open_24_7=True) == {"always"}


def test_filters_combine():
    make_service(names={"kk": "match"}, kinds=["legal"], anonymous=True, region_codes=["KZ-75"])
    make_service(names={"kk": "wrong region"}, kinds=["legal"], anonymous=True, region_codes=["KZ-71"])
    make_service(names={"kk": "not anonymous"}, kinds=["legal"], region_codes=["KZ-75"])
    assert found(kind="legal", anonymous=True, region="KZ-75") == {"match"}


def test_unpublished_and_inactive_services_are_hidden():
    make_service(names={"kk": "shown"})
    make_service(names={"kk": "draft"}, live=False)
    make_service(names={"kk": "closed"}, status="temporarily closed")
    assert found() == {"shown"}


def test_each_service_appears_once_in_the_visitors_language_or_falls_back_to_kazakh():
    make_service(locales=("kk", "ru"), names={"kk": "Көмек", "ru": "Помощь"})
    make_service(locales=("kk",), names={"kk": "Тек қазақша"})
    assert found(page_language="ru") == {"Помощь", "Тек қазақша"}
    assert found(page_language="en") == {"Көмек", "Тек қазақша"}


def _varied_services():
    make_service(names={"kk": "демо алматы"}, region_codes=["KZ-75"], kinds=["legal"], anonymous=True)
    make_service(names={"kk": "демо астана"}, region_codes=["KZ-71"], is_free=False, languages=["kk"])
    make_service(names={"kk": "демо ел"}, region_codes=[], nationwide=True, open_24_7=True, hours=[])
    make_service(
        names={"kk": "демо түн"}, languages=["ru"], kinds=["helpline", "psychological"],
        hours=[HoursData(byday="WE", opens_at=dt.time(20), closes_at=dt.time(2))],
    )
    make_service(names={"kk": "демо сенбі"}, hours=[HoursData(byday="SA", opens_at=dt.time(10), closes_at=dt.time(14))])


@pytest.mark.parametrize(
    "filters",
    [
        {"region": "KZ-75"},
        {"region": "KZ-71"},
        {"kind": "legal"},
        {"kind": "psychological"},
        {"language": "ru"},
        {"language": "kk"},
        {"free": True},
        {"anonymous": True},
        {"open_24_7": True},
        {"open_now": True},
        {"region": "KZ-75", "kind": "legal", "anonymous": True, "free": True},
    ],
)
@pytest.mark.parametrize(
    "now",
    [
        WEDNESDAY_NOON,
        WEDNESDAY_NOON.replace(hour=23),
        WEDNESDAY_NOON + dt.timedelta(hours=13),  # Thursday 01:00, still open from Wednesday night
        dt.datetime(2026, 11, 28, 12, 0, tzinfo=ALMATY),  # Saturday
    ],
)
def test_a_text_query_keeps_every_filter_exact(filters, now):
    # With a text query the search index narrows the candidates by the filter tokens
    # (directory.search): it must find exactly what the filters alone find.
    _varied_services()
    expected = found(now=now, **filters)
    assert expected, "the case must find something to compare"
    assert found(now=now, q="демо", **filters) == expected


def test_a_typed_word_never_matches_a_filter_token():
    make_service(names={"kk": "демо"}, region_codes=["KZ-75"], is_free=True)
    # terms() drops the mark (it keeps ASCII), so the rest is an ordinary word found nowhere.
    for query in ("rkz75", "ffree", "λrkz75", "λffree", "free", "kz75"):
        assert found(q=query) == set(), query
