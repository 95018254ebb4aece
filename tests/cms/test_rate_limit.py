"""Public rate limits (cms.home.rate_limit): shared through Redis, held per process while it is down."""

import logging
import random
import threading

import pytest

from cms.home import rate_limit
from cms.home.rate_limit import LocalWindows, private_key, within_limit

from .test_shared_state import dead_redis


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


def test_a_window_ending_between_add_and_incr_starts_a_new_one(monkeypatch):
    from django.core.cache import caches

    counters = caches["counters"]

    def expired(key, delta=1, version=None):
        raise ValueError(f"Key '{key}' not found")

    monkeypatch.setattr(counters, "add", lambda *args, **kwargs: False)  # the key was still there
    monkeypatch.setattr(counters, "incr", expired)  # ...and gone a moment later
    assert within_limit("racy", limit=1, window=60)
    assert counters.get("racy") == 1


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


# --- per-process windows: bounded, forgetting ended windows first, then those ending soonest ----


class FakeClock:
    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_local_windows_drop_every_ended_window_once_full():
    clock = FakeClock()
    windows = LocalWindows(clock=clock, limit=3)
    windows.hit("ended1", 5)
    windows.hit("ended2", 5)
    windows.hit("live", 100)
    clock.now = 50.0
    windows.hit("new", 100)
    # One window too many, but both ended ones go, not just the one ending first.
    assert set(windows._windows) == {"live", "new"}


def test_local_windows_then_drop_those_ending_soonest():
    clock = FakeClock()
    windows = LocalWindows(clock=clock, limit=3)
    for key, window in (("ends-at-100", 100), ("ends-at-30", 30), ("ends-at-60", 60)):
        windows.hit(key, window)
    clock.now = 1.0
    windows.hit("ends-at-101", 100)
    assert set(windows._windows) == {"ends-at-100", "ends-at-60", "ends-at-101"}
    windows.hit("ends-at-201", 200)
    assert set(windows._windows) == {"ends-at-100", "ends-at-101", "ends-at-201"}


def test_a_restarted_window_keeps_its_count_when_its_old_end_comes_up():
    clock = FakeClock()
    windows = LocalWindows(clock=clock, limit=2)
    windows.hit("k", 30)  # this window ends at 30
    clock.now = 30.0
    assert [windows.hit("k", 30) for _ in range(2)] == [1, 2]  # a new window, ending at 60
    windows.hit("short", 10)  # ends at 40
    windows.hit("long", 100)  # full: "short" ends soonest; the entry for k's first window is stale
    assert set(windows._windows) == {"k", "long"}
    assert windows.hit("k", 30) == 3
    clock.now = 60.0
    assert windows.hit("k", 30) == 1


def test_local_windows_forget_as_sorting_them_all_would():
    """Random uses under a fake clock against the plain rule (sort every window when full)."""
    rng = random.Random(20240611)
    clock = FakeClock()
    windows = LocalWindows(clock=clock, limit=50)
    expected: dict[str, tuple[float, int]] = {}
    for _step in range(20_000):
        clock.now += rng.random()
        key, window = f"k{rng.randrange(200)}", rng.choice((5, 30, 60, 600))
        ends, used = expected.get(key, (0.0, 0))
        if ends <= clock.now:
            ends, used = clock.now + window, 0
        expected[key] = (ends, used + 1)
        if len(expected) > 50:
            expected = {k: v for k, v in expected.items() if v[0] > clock.now}
            expected = dict(sorted(expected.items(), key=lambda item: item[1][0])[max(0, len(expected) - 50) :])
        assert windows.hit(key, window) == used + 1
        assert windows._windows == expected
        assert len(windows._ends) <= 2 * 50  # stale heap entries do not pile up


def test_local_windows_count_every_use_across_threads():
    counted = LocalWindows(limit=10_000)
    bounded = LocalWindows(limit=100)
    seen: list[int] = []

    def use() -> None:
        for number in range(500):
            seen.append(counted.hit("shared", 600))
            bounded.hit(f"{threading.get_ident()}:{number}", 600)

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seen) == list(range(1, 8 * 500 + 1))
    assert len(bounded._windows) == 100
    assert {key: ends for ends, key in bounded._ends if bounded._windows.get(key, (None,))[0] == ends} == {
        key: ends for key, (ends, _used) in bounded._windows.items()
    }


# --- keys and isolation --------------------------------------------------------------------------


def test_private_keys_do_not_hold_the_value():
    key = private_key("cohorts:checkin", 12345)
    assert key.startswith("cohorts:checkin:") and "12345" not in key
    assert key == private_key("cohorts:checkin", 12345) != private_key("cohorts:checkin", 12346)
    assert private_key("certificate-verify", "10.0.0.1") != private_key("cohorts:checkin", "10.0.0.1")


def test_a_test_that_uses_up_a_limit_during_an_outage(counters_down):
    assert [within_limit("leak-check", limit=1, window=600) for _ in range(2)] == [True, False]
    assert rate_limit._retry_at


def test_the_next_test_starts_with_nothing_counted():
    # tests/conftest.py gives each test a fresh limiter: nothing from the test above is left.
    assert rate_limit._retry_at == 0.0
    assert not rate_limit._local._windows
    assert within_limit("leak-check", limit=1, window=600)
