"""One demo store and one Dash app for the tests that call page callbacks directly.

Dash Pages keeps a global registry, so the session builds a single app; a test points it at
another store (unreachable, empty) with `store_request(url)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path

import pytest
from flask import g

from cockpit.access import Caller
from cockpit.config import Config, default_config
from cockpit.db import get_engine
from cockpit.schema import upgrade
from cockpit.settings import Settings
from cockpit.store import SETTINGS_KEY
from etl.demo import generate_demo
from etl.jobs import load_many

FIRST, LAST = "2024-W01", "2024-W08"
SKIPPED_WEEK = "2024-W06"
SKIPPED = 1  # index in config.districts of the unit whose SKIPPED_WEEK workbook is never loaded (未报送)


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Config]:
    """(url, config) of a SQLite store loaded through the real ETL with demo weeks FIRST..LAST."""
    root = tmp_path_factory.mktemp("callbacks-store")
    url = f"sqlite:///{root / 'cockpit.db'}"
    config = default_config()
    upgrade(get_engine(url))
    files = generate_demo(root / "demo", config=config, first_week=FIRST, last_week=LAST, processes=1)
    files = [f for f in files if f.name != f"{SKIPPED_WEEK}_{config.districts[SKIPPED].code}.xlsx"]
    results = load_many(get_engine(url), files, config=config, archive_dir=root / "archive", today=dt.date(2026, 1, 1))
    assert all(r.accepted for r in results)
    return url, config


@pytest.fixture(scope="session")
def callback_app(demo_store: tuple[str, Config], tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    from app import create_app

    url, config = demo_store
    return create_app(Settings(instance_dir=tmp_path_factory.mktemp("instance"), db_url=url), config)


@pytest.fixture(scope="session")
def store_request(callback_app) -> Callable[[str], AbstractContextManager[None]]:  # noqa: ANN001
    """`with store_request(url):` runs callbacks in a request of the app, reading store `url`."""

    @contextmanager
    def on_store(url: str) -> Iterator[None]:
        before = callback_app.server.config[SETTINGS_KEY]
        callback_app.server.config[SETTINGS_KEY] = Settings(instance_dir=before.instance_dir, db_url=url)
        try:
            with callback_app.server.test_request_context():
                yield
        finally:
            callback_app.server.config[SETTINGS_KEY] = before

    return on_store


@pytest.fixture
def request_ctx(store_request, demo_store) -> Iterator[None]:  # noqa: ANN001
    with store_request(demo_store[0]):
        yield


# ---- submit branch: callbacks that write (uploads, 督办) run on private stores, as a caller ----


@pytest.fixture(scope="module")
def private_store(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Callable[[Path], list[Path]]], str]:
    """`private_store(make_files)`: the URL of a new SQLite store loaded with the workbooks that
    `make_files(folder)` writes — for callbacks that change the store (never the shared demo)."""

    def build(make_files: Callable[[Path], list[Path]]) -> str:
        root = tmp_path_factory.mktemp("private-store")
        url = f"sqlite:///{root / 'cockpit.db'}"
        upgrade(get_engine(url))
        results = load_many(get_engine(url), make_files(root), config=default_config(), archive_dir=root / "archive")
        assert all(r.accepted for r in results)
        return url

    return build


@pytest.fixture
def request_as(store_request) -> Iterator[Callable[[str, Caller], None]]:  # noqa: ANN001
    """`request_as(url, caller)`: what follows runs in a new request on store `url`, as `caller`
    (a new request, as each callback is: the data version is read once per request)."""
    with ExitStack() as stack:

        def enter(url: str, caller: Caller) -> None:
            stack.close()
            stack.enter_context(store_request(url))
            g.cockpit_caller = caller

        yield enter
