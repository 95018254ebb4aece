"""Public rate limits (cms.home.rate_limit): shared through Redis, held per process while it is down."""

import logging

import pytest

from cms.home import rate_limit
from cms.home.rate_limit import LocalWindows, within_limit

from .test_shared_state import dead_redis


@pytest.fixture(autouse=True)
def fresh_limiter(monkeypatch):
    monkeypatch.setattr(rate_limit, "_local", LocalWindows())
    monkeypatch.setattr(rate_limit, "_retry_at", 0.0)


@pytest.fixture
def counters_down(settings):
    """Redis is down: both caches point at a port nobody answers on."""
    settings.CACHES = {
        "default": dead_redis(),
        "counters": dead_redis("django.core.cache.backends.redis.RedisCache"),
    }


def test_uses_past_the_limit_are_refused_per_key():
    assert [within_limit("a", limit=3, window=60) for _ in range(4)] == [True, True, True, False]
    assert within_limit("b", limit=3, window=60)


def test_the_count_is_shared_through_the_counters_cache():
    from django.core.cache import caches

    within_limit("shared", limit=5, window=60)
    within_limit("shared", limit=5, window=60)
    assert caches["counters"].get("shared") == 2


def test_while_redis_is_down_each_process_still_holds_the_limit(counters_down, caplog):
    with caplog.at_level(logging.ERROR, logger="cms.home.rate_limit"):
        results = [within_limit("checkin:ABC", limit=2, window=60) for _ in range(4)]
    assert results == [True, True, False, False]
    # One error for the outage, not one per call: Redis is not asked again for a while.
    assert len([record for record in caplog.records if "unavailable" in record.message]) == 1


def test_local_windows_start_again_when_the_window_ends():
    now = [100.0]
    windows = LocalWindows(clock=lambda: now[0])
    assert [windows.hit("k", 10) for _ in range(3)] == [1, 2, 3]
    now[0] = 109.9
    assert windows.hit("k", 10) == 4
    now[0] = 110.0
    assert windows.hit("k", 10) == 1


def test_local_windows_keep_a_bounded_number_of_keys():
    now = [0.0]
    windows = LocalWindows(clock=lambda: now[0], limit=3)
    for number in range(3):
        windows.hit(f"old{number}", 5)
    now[0] = 10.0  # those windows have ended
    for number in range(5):
        now[0] += 1
        windows.hit(f"new{number}", 100)
    assert len(windows._windows) == 3
    # The windows ending last are kept.
    assert set(windows._windows) == {"new2", "new3", "new4"}


@pytest.mark.django_db
def test_certificate_look_ups_are_limited_while_redis_is_down(client, counters_down, settings):
    settings.CERTIFICATE_VERIFY_LIMIT = 2
    statuses = [client.get(f"/en/certificates/WRONG{number}/").status_code for number in range(3)]
    assert statuses == [404, 404, 429]
