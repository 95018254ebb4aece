"""State shared by several app servers: the client address behind a proxy, login throttling and
sessions through the cache, and what happens when Redis does not answer."""

import logging
import socket
import uuid

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from cms.accounts.throttle import client_address
from cms.home.redis_cache import TolerantRedisCache
from tests.factories import PASSWORD, UserFactory

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def dead_redis(backend: str = "cms.home.redis_cache.TolerantRedisCache") -> dict:
    return {
        "BACKEND": backend,
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }


def redis_is_running() -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", 6379)) == 0


# --- the client address ------------------------------------------------------------------------


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_forwarded_for_from_an_untrusted_address_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_without_trusted_proxies_the_header_is_never_read(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from("127.0.0.1", "198.51.100.1")) == "127.0.0.1"


def test_a_trusted_proxy_gives_the_client_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(request_from("10.0.0.5", "198.51.100.1")) == "198.51.100.1"


def test_addresses_a_client_adds_in_front_are_ignored(settings):
    # The client sent "X-Forwarded-For: 1.2.3.4"; our two proxies appended what they saw.
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = request_from("10.0.0.5", "1.2.3.4, 198.51.100.1, 10.0.0.7")
    assert client_address(request) == "198.51.100.1"


def test_a_malformed_forwarded_entry_falls_back_to_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    assert client_address(request_from("10.0.0.5", "not-an-address")) == "10.0.0.5"


def test_trusted_proxies_must_be_addresses_or_networks(monkeypatch):
    from cms.settings import env

    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal")
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        env.networks("TRUSTED_PROXIES")
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1, ::1")
    assert env.networks("TRUSTED_PROXIES") == ["10.0.0.0/8", "127.0.0.1", "::1"]


@pytest.mark.django_db
def test_spoofed_forwarded_for_does_not_escape_the_address_limit(client, home_tree, settings):
    """From an untrusted address, a new X-Forwarded-For on every try still counts as one address."""
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for attempt in range(settings.LOGIN_THROTTLE_LIMIT):
        client.post(
            "/en/accounts/login/",
            {"email": f"nobody{attempt}@example.test", "password": "wrong"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
        )
    user = UserFactory()
    response = client.post(
        "/en/accounts/login/",
        {"email": user.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert "Too many failed sign-in attempts" in response.content.decode()


@pytest.mark.django_db
def test_clients_behind_a_trusted_proxy_are_counted_apart(client, home_tree, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for attempt in range(settings.LOGIN_THROTTLE_LIMIT):
        client.post(
            "/en/accounts/login/",
            {"email": f"nobody{attempt}@example.test", "password": "wrong"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR="198.51.100.1",
        )
    user = UserFactory()
    response = client.post(
        "/en/accounts/login/",
        {"email": user.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert response.status_code == 302


# --- a Redis that does not answer --------------------------------------------------------------


def test_tolerant_cache_acts_as_an_empty_cache_while_redis_is_down(caplog):
    cache = TolerantRedisCache(dead_redis()["LOCATION"], dead_redis())
    with caplog.at_level(logging.ERROR, logger="cms.home.redis_cache"):
        assert cache.get("key") is None
        assert cache.get("key", "fallback") == "fallback"
        assert cache.get_many(["a", "b"]) == {}
        cache.set("key", "value")
        assert cache.add("key", 1) is False
        assert cache.incr("counter") == 1
        assert cache.has_key("key") is False
        assert cache.delete("key") is False
        assert cache.get_or_set("key", 7) == 7
    # One log line for the outage, not one per call.
    errors = [record for record in caplog.records if "Redis unavailable" in record.getMessage()]
    assert len(errors) == 1


def test_tolerant_cache_does_not_call_redis_again_at_once_after_a_failure(monkeypatch):
    cache = TolerantRedisCache(dead_redis()["LOCATION"], dead_redis())
    assert cache.get("key") is None
    assert not cache.available

    def must_not_connect(*args, **kwargs):
        raise AssertionError("Redis was called while it is known to be down")

    monkeypatch.setattr(cache._cache, "get_client", must_not_connect)
    assert cache.get("key", "fallback") == "fallback"
    cache.set("key", "value")


@pytest.mark.skipif(not redis_is_running(), reason="needs Redis on 127.0.0.1:6379")
def test_tolerant_cache_stores_and_reads_while_redis_answers():
    params = {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", "OPTIONS": {"socket_timeout": 0.5}}
    cache = TolerantRedisCache("redis://127.0.0.1:6379/15", params)
    cache.set("key", {"value": 1}, timeout=30)
    assert cache.get("key") == {"value": 1}
    assert cache.add("count", 0, timeout=30) is True
    assert cache.incr("count") == 1
    assert cache.available
    cache.delete_many(["key", "count"])


def _outage(cache, monkeypatch):
    """Redis stops answering this cache, then (``end()``) answers again with the data it had."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    def unreachable(*args, **kwargs):
        raise RedisConnectionError("simulated network cut")

    monkeypatch.setattr(cache._cache, "get_client", unreachable)

    def end():
        monkeypatch.undo()
        cache._down_until = 0.0  # as if RETRY_AFTER had passed

    return end


@pytest.mark.skipif(not redis_is_running(), reason="needs Redis on 127.0.0.1:6379")
def test_writes_lost_while_redis_was_away_leave_no_stale_value_when_it_returns(monkeypatch, caplog):
    params = {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", "OPTIONS": {"socket_timeout": 0.5}}
    cache = TolerantRedisCache("redis://127.0.0.1:6379/15", params)
    cache.set_many({"session": "signed in", "menu": "old", "other": "kept"}, timeout=30)
    end = _outage(cache, monkeypatch)
    cache.delete("session")  # a sign-out during the outage
    cache.set("menu", "new")  # an edit during the outage
    assert cache.get("session") is None and not cache.available
    end()
    with caplog.at_level(logging.WARNING, logger="cms.home.redis_cache"):
        assert cache.get("session") is None, "the session signed out during the outage stays signed out"
    assert cache.get("menu") is None and cache.get("other") == "kept"
    assert any("2 keys written while Redis was away deleted" in r.getMessage() for r in caplog.records)
    cache.delete("other")


@pytest.mark.skipif(not redis_is_running(), reason="needs Redis on 127.0.0.1:6379")
def test_too_many_lost_writes_delete_every_key_of_this_cache_and_no_other_when_redis_returns(monkeypatch):
    params = {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", "OPTIONS": {"socket_timeout": 0.5}}
    cache = TolerantRedisCache("redis://127.0.0.1:6379/15", params)
    neighbour = TolerantRedisCache("redis://127.0.0.1:6379/15", {**params, "KEY_PREFIX": params["KEY_PREFIX"] + "-x"})
    cache.LOST_KEYS = 2
    cache.set("stale", "old", timeout=30)
    neighbour.set("counter", 5, timeout=30)
    end = _outage(cache, monkeypatch)
    cache.set_many({"a": 1, "b": 2, "c": 3})
    end()
    assert cache.get("stale") is None
    assert neighbour.get("counter") == 5, "only this cache's own keys are deleted"
    neighbour.delete("counter")


def test_tolerant_cache_builds_one_redis_client_per_connection_pool():
    cache = TolerantRedisCache(dead_redis()["LOCATION"], dead_redis())
    client = cache._cache.get_client("a")
    assert cache._cache.get_client("b", write=True) is client
    assert client.connection_pool is cache._cache._get_connection_pool(False)


@pytest.fixture
def redis_down(settings):
    """The default cache is a Redis nobody answers on; the counters stay in memory."""
    settings.CACHES = {"default": dead_redis(), "counters": {"BACKEND": LOCMEM, "LOCATION": "counters-test"}}
    yield
    caches["default"].close()


@pytest.mark.django_db
def test_public_pages_are_served_while_redis_is_down(client, home_tree, redis_down):
    for path in ("/kk/", "/ru/about/", "/healthz"):
        assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_readiness_reports_a_dead_redis_without_taking_the_server_out(client, redis_down):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


@pytest.mark.django_db
def test_sessions_come_from_the_database_while_redis_is_down(client, home_tree, redis_down, settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    user = UserFactory()
    response = client.post("/en/accounts/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/en/my-learning/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Signing in is temporarily unavailable"),
        ("ru", "Вход временно недоступен"),
        ("kk", "Жүйеге кіру уақытша мүмкін емес"),
    ],
)
def test_sign_in_is_refused_when_failures_cannot_be_counted(client, home_tree, settings, language, message):
    settings.CACHES = {
        "default": {"BACKEND": LOCMEM},
        "counters": dead_redis("django.core.cache.backends.redis.RedisCache"),
    }
    user = UserFactory()
    response = client.post(f"/{language}/accounts/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_production_uses_the_tolerant_cache_and_strict_counters(monkeypatch):
    from tests.cms.test_security import PRODUCTION_ENV, load_production

    production = load_production(monkeypatch, PRODUCTION_ENV)
    assert production.CACHES["default"]["BACKEND"] == "cms.home.redis_cache.TolerantRedisCache"
    assert production.CACHES["counters"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert production.CACHES["default"]["OPTIONS"]["socket_connect_timeout"] <= 1
