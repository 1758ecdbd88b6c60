"""Configuration: production refuses to start without what it needs."""

from __future__ import annotations

import pytest

from config import ProductionConfig


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/eigenkracht")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        ProductionConfig.validate()


def test_production_refuses_a_short_secret_key(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "short")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/eigenkracht")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        ProductionConfig.validate()


def test_production_refuses_to_start_without_a_database(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        ProductionConfig.validate()


def test_production_starts_with_both_and_its_public_address(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "1")  # or a shared REDIS_URL (tests/hostile)
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/eigenkracht")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://eigenkracht.example.nl")
    ProductionConfig.validate()


def test_rate_limits_use_redis_when_redis_url_is_set(monkeypatch):
    import importlib

    import config

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        reloaded = importlib.reload(config)
        assert reloaded.Config.RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/0"
    finally:
        monkeypatch.delenv("REDIS_URL")
        importlib.reload(config)


def test_production_starts_with_a_secret_key_that_was_set_before_the_config_was_read(
        monkeypatch):
    import importlib

    import config

    monkeypatch.setenv("WEB_CONCURRENCY", "1")  # or a shared REDIS_URL (tests/hostile)
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/eigenkracht")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://eigenkracht.example.nl")
    try:
        importlib.reload(config).ProductionConfig.validate()
    finally:
        monkeypatch.delenv("SECRET_KEY")
        importlib.reload(config)


def _address_seen(proxy_hops: int, forwarded: str) -> str:
    """The client address the app sees behind ``proxy_hops`` proxies for a request that
    carries ``X-Forwarded-For: forwarded``."""
    from flask import request

    from eigenkracht import create_app
    from eigenkracht.extensions import db

    app = create_app("testing", PROXY_HOPS=proxy_hops, SQLALCHEMY_DATABASE_URI="sqlite://")
    app.add_url_rule("/_address", "address", lambda: request.remote_addr or "")
    try:
        return app.test_client().get("/_address", headers={"X-Forwarded-For": forwarded},
                                     environ_base={"REMOTE_ADDR": "10.0.0.2"}).text
    finally:
        with app.app_context():
            db.engine.dispose()


def test_behind_a_load_balancer_the_clients_own_address_counts():
    assert _address_seen(1, "203.0.113.7") == "203.0.113.7"


def test_without_proxies_a_forged_forwarded_header_is_ignored():
    assert _address_seen(0, "203.0.113.7") == "10.0.0.2"
