"""Queries compiled once per shape (directory.compiled) give what the ORM gives, for each new value."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import BooleanField, CharField, Q
from django.test.utils import CaptureQueriesContext

from directory import compiled as compiled_queries
from directory.compiled import Slot, compiled
from directory.models import Service
from directory.selectors import ALMATY, ListedRow, is_open_at, listed_rows
from directory.services import HoursData

from .factories import make_helpline, make_service

pytestmark = pytest.mark.django_db

WEDNESDAY_NOON = dt.datetime(2026, 11, 25, 12, 0, tzinfo=ALMATY)
MOMENTS = (
    WEDNESDAY_NOON,
    dt.datetime(2026, 11, 25, 23, 30, tzinfo=ALMATY),  # Wednesday night: the overnight service opened
    dt.datetime(2026, 11, 26, 2, 0, tzinfo=ALMATY),  # Thursday 2:00: still open from Wednesday
    dt.datetime(2026, 11, 29, 12, 0, tzinfo=ALMATY),  # Sunday: the weekday services are closed
    dt.datetime(2026, 11, 25, 6, 0, tzinfo=dt.UTC),  # the same noon given in UTC
)


@pytest.fixture(autouse=True)
def fresh_compiled():
    compiled_queries.forget()
    yield
    compiled_queries.forget()


def orm_rows(*, language_code: str, keys: list, now: dt.datetime) -> tuple[list[ListedRow], list[ListedRow]]:
    """listed_rows as the ORM builds it every time: the reference the compiled query must match."""
    services = Service.objects.filter(Q(pk__in=keys) | Q(pinned=True, **{f"listed_{language_code}": True}))
    rows = [
        ListedRow(*values)
        for values in services.annotate(is_open=is_open_at(now))
        .order_by("name", "id")
        .values_list("pk", "updated_at", "is_open", "pinned")
    ]
    found = {row.pk: row for row in rows if not row.pinned}
    return [row for row in rows if row.pinned], [found[key] for key in keys if key in found]


@pytest.fixture
def services():
    make_helpline()
    return [
        make_service(locales=("kk", "ru"), names={"kk": "Күндізгі", "ru": "Дневная"}),
        make_service(
            names={"kk": "Түнгі"},
            hours=[HoursData(byday="WE", opens_at=dt.time(22), closes_at=dt.time(4))],
        ),
        make_service(names={"kk": "Тәулік бойы"}, open_24_7=True, hours=[]),
        make_service(
            names={"kk": "Жексенбі"}, hours=[HoursData(byday="SU", opens_at=dt.time(10), closes_at=dt.time(14))]
        ),
    ]


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda moment: moment.isoformat())
@pytest.mark.parametrize("language_code", ["kk", "ru"])
def test_listed_rows_match_the_orm_for_every_key_set_and_time(services, moment, language_code):
    keys = [service.pk for service in services]
    for chosen in ([], keys[:1], keys[1:3], keys[::-1], keys[2:]):
        assert listed_rows(language_code=language_code, keys=chosen, now=moment) == orm_rows(
            language_code=language_code, keys=chosen, now=moment
        )


def test_the_same_shape_binds_new_values(services):
    """Two calls with as many keys, at two times, share one compiled query but not its values."""
    night = dt.datetime(2026, 11, 25, 23, 30, tzinfo=ALMATY)
    day_service, night_service = services[0], services[1]
    _, first = listed_rows(language_code="kk", keys=[day_service.pk], now=WEDNESDAY_NOON)
    _, second = listed_rows(language_code="kk", keys=[night_service.pk], now=night)
    assert [(row.pk, row.is_open) for row in first] == [(day_service.pk, True)]
    assert [(row.pk, row.is_open) for row in second] == [(night_service.pk, True)]
    _, later = listed_rows(language_code="kk", keys=[day_service.pk], now=night)
    assert [(row.pk, row.is_open) for row in later] == [(day_service.pk, False)]


def test_a_shape_is_built_once_and_runs_in_one_query(services):
    built = []

    def build():
        built.append(1)
        return Service.objects.filter(name=Slot("name", CharField())).values_list("name", flat=False)

    with CaptureQueriesContext(connection) as queries:
        for name in ("Түнгі", "Жексенбі", "nothing"):
            rows = compiled(("test-by-name",), build).rows({"name": name})
            assert [row[0] for row in rows] == ([name] if name != "nothing" else [])
    assert len(built) == 1
    assert len(queries) == 3


def test_a_query_that_can_match_nothing_runs_no_sql(services):
    query = compiled(("test-empty",), lambda: Service.objects.filter(pk__in=[]).values_list("pk"))
    with CaptureQueriesContext(connection) as queries:
        assert query.rows({}) == []
        assert query.count({}) == 0
    assert len(queries) == 0


def test_count_binds_the_slots(services):
    query = compiled(
        ("test-count",), lambda: Service.objects.filter(open_24_7=Slot("flag", BooleanField())).values_list("pk")
    )
    assert query.count({"flag": True}) == Service.objects.filter(open_24_7=True).count()
    assert query.count({"flag": False}) == Service.objects.filter(open_24_7=False).count()


def _search_fixture():
    make_helpline()
    make_service(names={"kk": "Алматы көмек орталығы"}, region_codes=["KZ-75"], kinds=["legal"], minimum_age=14)
    make_service(names={"kk": "Астана көмек"}, region_codes=["KZ-71"], languages=["ru"], maximum_age=12)
    make_service(names={"kk": "Бүкіл ел көмек"}, region_codes=[], nationwide=True, is_free=True, anonymous=True)
    make_service(names={"kk": "Түнгі көмек"}, hours=[HoursData(byday="WE", opens_at=dt.time(22), closes_at=dt.time(4))])
    make_service(names={"kk": "Психолог"}, kinds=["psychological", "helpline"], open_24_7=True, hours=[])


# Pairs of searches with the same shape (the same filters on) and other values: the second one
# runs the query compiled for the first, so a value baked into the SQL would show.
SAME_SHAPE = [
    ({"region": "KZ-75"}, {"region": "KZ-71"}),
    ({"kind": "legal"}, {"kind": "psychological"}),
    ({"age": 16}, {"age": 10}),
    ({"language": "ru"}, {"language": "kk"}),
    ({"q": "көмек"}, {"q": "психолог"}),
    ({"q": "komek", "region": "KZ-71"}, {"q": "komek", "region": "KZ-75"}),
    ({"q": "көмек", "kind": "legal", "age": 15}, {"q": "көмек", "kind": "psychological", "age": 9}),
    ({"q": "көмек", "language": "ru"}, {"q": "алматы", "language": "kk"}),
    ({"q": "бүкіл", "free": True, "anonymous": True}, {"q": "түнгі", "free": True, "anonymous": True}),
]


@pytest.mark.parametrize(("first", "second"), SAME_SHAPE)
@pytest.mark.parametrize("moment", MOMENTS[:4], ids=lambda moment: moment.isoformat())
def test_result_keys_compiled_once_per_shape_match_the_orm(first, second, moment):
    from directory.selectors import ServiceFilters, result_keys

    _search_fixture()
    found = []
    for filters in (first, second, {**first, "open_now": True}, {**second, "open_now": True}):
        keys = result_keys(language_code="kk", filters=ServiceFilters(**filters), now=moment)
        expected = [str(key).replace("-", "") for key in keys.queryset()]
        assert [str(key).replace("-", "") for key in keys[0:20]] == expected, filters
        assert [str(key).replace("-", "") for key in keys[1:3]] == expected[1:3], filters
        assert keys.count_up_to(3) == min(len(expected), 3), filters
        found.append(expected)
    # The pair is chosen so the two find different services: the second search shows that the
    # compiled query took its values.
    assert found[0] != found[1]
