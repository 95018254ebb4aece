"""The help page's result keys: every way of reading them gives the same list.

On PostgreSQL a text search with a kind of help is read behind an optimisation fence
(directory.fenced_keys, raw SQL around compiled ORM queries); elsewhere it is one ORM query. Both
must give exactly the keys of the ORM query, in the search index's order, whatever the slice.
"""

import datetime as dt
import json
import uuid

import pytest
from django.db import connection

from directory.selectors import ALMATY, ServiceFilters, result_keys, search_services
from directory.services import HoursData

from .factories import make_service

pytestmark = pytest.mark.django_db

WEDNESDAY_NOON = dt.datetime(2026, 11, 25, 12, 0, tzinfo=ALMATY)
KINDS = (["psychological"], ["legal"], ["psychological", "helpline"])
REGIONS = (["KZ-75"], ["KZ-71"], [])
LANGUAGES = (["kk", "ru"], ["kk"], ["ru"])


def _services(count=18):
    # Every third service has a Russian row too, so a service is listed once per language by
    # either of two index entries; the attributes cycle at different rates so that each filter
    # keeps a different, scattered part of the index order.
    for number in range(count):
        make_service(
            locales=("kk", "ru") if number % 3 == 0 else ("kk",),
            names={"kk": f"демо кеңес {number}", "ru": f"демо совет {number}"},
            kinds=KINDS[number % 3],
            region_codes=REGIONS[number % 3],
            nationwide=number % 3 == 2,
            languages=LANGUAGES[number % 3],
            minimum_age=14 if number % 4 == 0 else None,
            is_free=number % 5 != 0,
            anonymous=number % 2 == 0,
            hours=[HoursData(byday="WE", opens_at=dt.time(9), closes_at=dt.time(18))] if number % 2 else [],
            open_24_7=number % 2 == 0,
        )


def _orm_keys(keys) -> list:
    """The same keys as the single ORM query (index entry order), run by the ORM."""
    return list(keys.queryset())


FILTERS = [
    {"kind": "psychological"},
    {"kind": "psychological", "age": 12},
    {"kind": "legal", "region": "KZ-71"},
    {"kind": "psychological", "region": "KZ-75", "free": True},
    {"kind": "helpline", "language": "ru", "anonymous": True},
    {"kind": "psychological", "open_now": True},
    {"region": "KZ-75", "free": True},
    {"open_now": True, "anonymous": True, "language": "ru"},
]


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("filters", FILTERS)
def test_every_slice_of_a_text_search_is_the_orm_querys(filters, language):
    _services()
    keys = result_keys(language_code=language, filters=ServiceFilters(q="демо", **filters), now=WEDNESDAY_NOON)
    expected = _orm_keys(keys)
    assert len(expected) >= 3, "the case must find a few services to page through"
    assert list(keys[:101]) == expected
    pages = [key for start in range(0, len(expected) + 2, 2) for key in keys[start : start + 2]]
    assert pages == expected
    assert list(keys[1:]) == expected[1:]
    # The same selection as the filters alone (the search index narrows by filter tokens only).
    alone = search_services(language_code=language, filters=ServiceFilters(**filters), now=WEDNESDAY_NOON)
    # (SQLite's keys are the UUIDs' hex digits, as the search index stores them.)
    assert {uuid.UUID(str(key)) for key in expected} == {service.pk for service in alone}


@pytest.mark.parametrize("filters", FILTERS)
def test_the_unordered_keys_count_the_same_results(filters):
    _services()
    keys = result_keys(language_code="kk", filters=ServiceFilters(q="демо", **filters), now=WEDNESDAY_NOON)
    # What the paginator counts past its head (views.CappedPaginator).
    assert keys.count_up_to(5) == min(len(_orm_keys(keys)), 5)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the fence is PostgreSQL's")
def test_a_text_search_with_a_kind_of_help_sorts_its_matches_before_probing_the_services():
    _services()
    keys = result_keys(
        language_code="kk", filters=ServiceFilters(q="демо", kind="psychological", age=12), now=WEDNESDAY_NOON
    )
    assert keys.fence is not None
    sql, params = keys.sql(0, 21)
    assert "OFFSET 0" in sql
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    limit = plan[0]["Plan"]
    assert limit["Node Type"] == "Limit"
    # The matches come sorted from inside the fence: no sort above the probe of the services, so
    # the probing stops at the LIMIT instead of checking every match first.
    assert limit["Plans"][0]["Node Type"] != "Sort", json.dumps(plan, indent=1)


def _plan_nodes(node, parent_relationship=None):
    yield node, parent_relationship
    for child in node.get("Plans", ()):
        yield from _plan_nodes(child, child.get("Parent Relationship"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the fence is PostgreSQL's")
@pytest.mark.parametrize(
    ("filters", "table"),
    [({"kind": "psychological", "age": 12}, "directory_taxonomyterm"), ({"region": "KZ-75"}, "directory_region")],
)
def test_a_fenced_search_reads_the_region_or_kind_once_not_in_every_probe(filters, table):
    _services()
    keys = result_keys(language_code="kk", filters=ServiceFilters(q="демо", **filters), now=WEDNESDAY_NOON)
    assert keys.fence is not None
    sql, params = keys.sql(0, 21)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    scans = [(node, relation) for node, relation in _plan_nodes(plan[0]["Plan"]) if node.get("Relation Name") == table]
    assert scans, json.dumps(plan, indent=1)
    # Read once, before the probes (an InitPlan), not joined in each probe of a service.
    assert all(relation == "InitPlan" for _, relation in scans), json.dumps(plan, indent=1)
    assert list(keys[:21]) == _orm_keys(keys)[:21]
