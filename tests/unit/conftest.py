"""One demo store and one Dash app for the tests that call page callbacks directly.

Dash Pages keeps a global registry, so the session builds a single app; a test points it at
another store (unreachable, empty) with `store_request(url)`. The request carries a caller, as
the sign-in gate would put it there: by default one who sees every unit's rows (`request_ctx`);
`as_caller(role, unit_code)` gives any role.
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
FULL_ACCESS = Caller(user_id=1, username="test-taskforce", role="taskforce")


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
    def on_store(url: str, caller: Caller = FULL_ACCESS) -> Iterator[None]:
        before = callback_app.server.config[SETTINGS_KEY]
        callback_app.server.config[SETTINGS_KEY] = Settings(instance_dir=before.instance_dir, db_url=url)
        try:
            with callback_app.server.test_request_context():
                g.cockpit_caller = caller
                yield
        finally:
            callback_app.server.config[SETTINGS_KEY] = before

    return on_store


@pytest.fixture
def request_ctx(store_request, demo_store) -> Iterator[None]:  # noqa: ANN001
    with store_request(demo_store[0]):
        yield


@pytest.fixture
def as_caller(store_request, demo_store) -> Callable[..., AbstractContextManager[None]]:  # noqa: ANN001
    """`with as_caller("district", "330106"):` runs callbacks as that role on the demo store."""

    def enter(role: str, unit_code: str | None = None) -> AbstractContextManager[None]:
        return store_request(demo_store[0], Caller(user_id=2, username=f"test-{role}", role=role, unit_code=unit_code))

    return enter


DISTRICT_UNIT = "330106"  # 西湖区: the district account's unit in the access tests
ACCOUNTS = {  # role: (user name, unit)
    "leader": ("t-leader", None),
    "taskforce": ("t-taskforce", None),
    "district": ("t-xihu", DISTRICT_UNIT),
    "admin": ("t-admin", None),
    "screen": ("t-screen", None),
}
PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def demo_users(demo_store) -> dict[str, str]:  # noqa: ANN001
    """One account per role in the demo store (all with PASSWORD): {role: user name}."""
    from cockpit import users
    from cockpit.db import transaction

    url, config = demo_store
    with transaction(get_engine(url)) as session:
        for role, (name, unit) in ACCOUNTS.items():
            users.add_user(session, config, username=name, role=role, password=PASSWORD, unit_code=unit)
    return {role: name for role, (name, _unit) in ACCOUNTS.items()}


class SignedIn:
    """A Flask test client with a real session cookie; Dash posts carry the CSRF header as the
    renderer sends it (the `_csrf_token` cookie's value in X-CSRFToken)."""

    def __init__(self, client) -> None:  # noqa: ANN001 - a FlaskClient
        self.client = client

    def csrf(self) -> str:
        cookie = self.client.get_cookie("_csrf_token")
        return cookie.value if cookie else ""

    def callback(self, body: dict):  # noqa: ANN201 - a TestResponse
        return self.client.post("/_dash-update-component", json=body, headers={"X-CSRFToken": self.csrf()})

    def get(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return self.client.get(*args, **kwargs)


def form_token(client) -> str:  # noqa: ANN001
    import re

    page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@pytest.fixture
def client_as(callback_app, demo_users, store_request, demo_store) -> Callable[[str], SignedIn]:  # noqa: ANN001
    """`client_as("district")`: a test client signed in through /login as that role's account."""

    def sign_in(role: str) -> SignedIn:
        client = callback_app.server.test_client()
        answer = client.post(
            "/login", data={"username": demo_users[role], "password": PASSWORD, "csrf_token": form_token(client)}
        )
        assert answer.status_code == 302, answer.get_data(as_text=True)[:500]
        client.get("/_dash-layout")  # sets the CSRF cookie, as the first page load does
        return SignedIn(client)

    return sign_in


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
