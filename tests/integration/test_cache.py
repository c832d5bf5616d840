"""The page cache: a new ETL load invalidates it, in-process and in Redis, on both databases."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator

import pytest
import redis
from flask import Flask
from workbooks import item, write

from cockpit import dashboard
from cockpit.cache import init_cache
from cockpit.settings import Settings
from cockpit.store import CONFIG_KEY, SETTINGS_KEY

REDIS_URL = "redis://127.0.0.1:6379/0"
TODAY = dt.date(2026, 1, 1)


@pytest.fixture(params=["simple", "redis"])
def cached_reads(request: pytest.FixtureRequest, store) -> Iterator[Flask]:  # noqa: ANN001
    """An app context whose reads go through the cache, in-process or in Redis under a prefix of
    this test's own (deleted afterwards)."""
    server = Flask(__name__)
    cache_url = REDIS_URL if request.param == "redis" else None
    prefix = f"cockpit-test-{secrets.token_hex(4)}:"
    settings = Settings(db_url=store.url, cache_url=cache_url, cache_prefix=prefix)
    server.config[SETTINGS_KEY] = settings
    server.config[CONFIG_KEY] = store.config
    init_cache(server, settings)
    with server.app_context():
        yield server
    if cache_url:
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)


def test_a_new_load_makes_cached_figures_stale(cached_reads, store, tmp_path) -> None:  # noqa: ANN001
    unit = "330102"
    first = write(
        tmp_path,
        unit,
        "2024-W10",
        ledger=[item("K1", "K1-1", "已完成", dt.date(2024, 3, 1)), item("K1", "K1-2")],
    )
    assert store.load(first, today=TODAY).accepted
    k1 = dashboard.indicator_facts("2024-W10", (unit,)).set_index("indicator_code").loc["K1"]
    assert (k1["numerator"], k1["denominator"]) == (1, 2)
    if cached_reads.config[SETTINGS_KEY].cache_url:
        assert list(redis.Redis.from_url(REDIS_URL).scan_iter(f"{cached_reads.config[SETTINGS_KEY].cache_prefix}*"))

    again = write(
        tmp_path,
        unit,
        "2024-W10",
        name="again.xlsx",
        ledger=[
            item("K1", "K1-1", "已完成", dt.date(2024, 3, 1)),
            item("K1", "K1-2", "已完成", dt.date(2024, 3, 2)),
        ],
    )
    assert store.load(again, today=TODAY).accepted
    after = dashboard.indicator_facts("2024-W10", (unit,)).set_index("indicator_code").loc["K1"]
    assert (after["numerator"], after["denominator"]) == (2, 2)
