"""Browser tests: the real app, served in a thread, on a store loaded through the real ETL,
driven by Debian's headless Chromium through Playwright (never a downloaded browser).

Fixtures: `served_app` (.url, .engine, .config, .settings, .accounts, .server), `page` (a Playwright
page signed in as the leader, whose browser console errors and uncaught exceptions collect in
`page.console_errors`), `page_as(role)` (a page signed in as that role's demo account, or not
signed in with role None), `screenshot(page, name)`, `session_cookies(served_app, role)` and
`private_store` (the served app reads a copy of its store that the test may change, for the
length of the test).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine
from werkzeug.serving import make_server

from cockpit import users
from cockpit.briefing_pdf import CHROMIUM, CHROMIUM_ARGS
from cockpit.config import Config, default_config
from cockpit.db import dispose_all, get_engine, transaction
from cockpit.schema import upgrade
from cockpit.settings import Settings
from cockpit.store import SETTINGS_KEY
from etl.demo import generate_demo
from etl.jobs import load_many
from tests.conftest import share_dash_callbacks

FIRST_WEEK, LAST_WEEK = "2024-W01", "2024-W30"
DISTRICT_UNIT = "330106"  # 西湖区: the district demo account's unit
ACCOUNTS = {"leader": None, "taskforce": None, "district": DISTRICT_UNIT, "admin": None, "screen": None}
PASSWORD = "browser-test-password"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


@dataclass(frozen=True)
class ServedApp:
    url: str
    engine: Engine
    config: Config
    settings: Settings
    accounts: dict[str, str]  # role: user name (password PASSWORD)
    server: Flask  # the app's Flask server, for a test that changes its config (embed origins)


@pytest.fixture(scope="session")
def served_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    from app import create_app

    root = tmp_path_factory.mktemp("browser-store")
    settings = Settings(instance_dir=root, db_url=f"sqlite:///{root / 'cockpit.db'}")
    config = default_config(str(settings.config_dir))
    engine = get_engine(settings.db_url)
    upgrade(engine)
    files = generate_demo(root / "demo", config=config, first_week=FIRST_WEEK, last_week=LAST_WEEK)
    results = load_many(engine, files, config=config, archive_dir=root / "archive", today=dt.date(2026, 1, 1))
    assert all(r.accepted for r in results), [i.line() for r in results for i in r.errors][:5]
    accounts = {role: f"b-{role}" for role in ACCOUNTS}
    with transaction(engine) as session:
        for role, unit in ACCOUNTS.items():
            users.add_user(session, config, username=accounts[role], role=role, password=PASSWORD, unit_code=unit)
    app = create_app(settings, config)
    share_dash_callbacks(app)  # this session may also build the callback tests' app
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield ServedApp(f"http://127.0.0.1:{server.server_port}", engine, config, settings, accounts, app.server)
    server.shutdown()
    dispose_all()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=20_000)  # a busy 2-core CI machine; assertions still wait, never sleep
    if shutil.which("chromium") is None and not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: apt-get install -y chromium chromium-driver fonts-noto-cjk")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def sign_in(page, served_app: ServedApp, role: str) -> None:  # noqa: ANN001 - a Playwright Page
    """Sign in through the real form, as a person does."""
    from playwright.sync_api import expect

    page.goto(f"{served_app.url}/login")
    page.fill("#username", served_app.accounts[role])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("#caller-name")).to_contain_text(served_app.accounts[role])


@pytest.fixture
def page_as(browser, served_app) -> Iterator[object]:  # noqa: ANN001 - a Playwright Browser
    """`page_as("district")`: a fresh browser context signed in as that role (None: anonymous)."""
    contexts = []

    def open_page(role: str | None, viewport: dict | None = None):  # noqa: ANN202
        context = browser.new_context(viewport=viewport or {"width": 1440, "height": 900}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.console_errors = errors
        if role is not None:
            sign_in(page, served_app, role)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(page_as) -> object:  # noqa: ANN001
    """A page signed in as the leader (sees every page but /admin and every unit's rows)."""
    return page_as("leader")


@pytest.fixture
def screenshot():  # noqa: ANN201
    """`screenshot(page, name)` saves what the page shows under tests/screenshots/ (gitignored)."""

    def save(page, name: str) -> Path:  # noqa: ANN001 - a Playwright Page
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


def session_cookies(served_app: ServedApp, role: str) -> dict[str, str]:
    """The cookies of a session signed in through /login as that role (for a server-side browser,
    such as the PDF printer, that fetches pages with the caller's cookies)."""
    import http.cookiejar
    import re
    import urllib.parse
    import urllib.request

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{served_app.url}/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"username": served_app.accounts[role], "password": PASSWORD, "csrf_token": token})
    opener.open(f"{served_app.url}/login", data=data.encode()).read()
    return {cookie.name: cookie.value for cookie in jar}


@dataclass(frozen=True)
class PrivateStore:
    """A copy of the served store that one test may change (load workbooks into, take away)."""

    url: str
    engine: Engine
    config: Config
    archive_dir: Path
    point_at: Callable[[str], None]  # serve another database URL from now on

    def load(self, path: Path) -> None:
        results = load_many(
            self.engine, [path], config=self.config, archive_dir=self.archive_dir, today=dt.date(2026, 1, 1)
        )
        assert all(r.accepted for r in results), [i.line() for r in results for i in r.errors][:5]


@pytest.fixture
def private_store(served_app: ServedApp, tmp_path: Path) -> Iterator[PrivateStore]:
    """The served app reads a copy of its store during the test (other tests keep theirs)."""
    source = sqlite3.connect(str(Path(served_app.engine.url.database)))
    target = sqlite3.connect(str(tmp_path / "cockpit.db"))
    with target:
        source.backup(target)
    source.close()
    target.close()
    url = f"sqlite:///{tmp_path / 'cockpit.db'}"
    original = served_app.server.config[SETTINGS_KEY]

    def point_at(db_url: str) -> None:
        served_app.server.config[SETTINGS_KEY] = dataclasses.replace(original, db_url=db_url)

    point_at(url)
    try:
        yield PrivateStore(url, get_engine(url), served_app.config, tmp_path / "archive", point_at)
    finally:
        served_app.server.config[SETTINGS_KEY] = original
