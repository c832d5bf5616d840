"""总览 in a browser: cards from the ETL's facts, the week picker, drill-down, and plain errors."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cockpit.db import transaction
from cockpit.exports import kpi_rows, rectification_rows

ROOT = Path(__file__).resolve().parents[2]


def kpi_card(code: str) -> str:
    """CSS selector of an indicator card (Dash writes pattern ids as JSON with sorted keys)."""
    return f"""[id='{{"index":"{code}","type":"kpi-card"}}']"""


def pick_week(page, week: str) -> None:  # noqa: ANN001
    """Choose a week in the week bar as a person does: open, search, click."""
    page.locator("#shell-week-picker").click()
    page.locator(".dash-dropdown-search").fill(week)
    page.get_by_role("option", name=week).click()


def city_kpi(served_app, week: str) -> dict[str, dict]:  # noqa: ANN001
    with transaction(served_app.engine) as session:
        return {r["indicator_code"]: r for r in kpi_rows(session, week=week, unit_code="ALL")}


def test_overview_shows_city_wide_facts_and_follows_the_week(served_app, page, screenshot) -> None:  # noqa: ANN001
    page.goto(f"{served_app.url}/?week=2024-W10")
    card = page.locator(kpi_card("K4"))
    expected = city_kpi(served_app, "2024-W10")["K4"]
    expect(card.locator(".kpi-actual")).to_have_text(f"{expected['actual'] * 100:.1f}%")
    expect(card.locator(".kpi-ratio")).to_have_text(f"{expected['numerator']} / {expected['denominator']}")
    expect(page.locator(".freshness")).to_contain_text("当前显示 2024-W10")
    page.wait_for_selector("#overview-trend .main-svg")
    screenshot(page, "overview-2024-W10")

    pick_week(page, "2024-W30")
    expect(page).to_have_url(f"{served_app.url}/?week=2024-W30")
    later = city_kpi(served_app, "2024-W30")["K4"]
    expect(card.locator(".kpi-ratio")).to_have_text(f"{later['numerator']} / {later['denominator']}")
    expect(page.locator(".freshness")).to_contain_text("当前显示 2024-W30")
    assert page.console_errors == []


def test_a_number_opens_the_rows_behind_it(served_app, page) -> None:  # noqa: ANN001
    week = "2024-W20"
    page.goto(f"{served_app.url}/?week={week}")
    expected = city_kpi(served_app, week)["K6"]
    page.locator(f"{kpi_card('K6')} .kpi-ratio .drill-link").last.click()
    modal = page.locator(".modal-content")
    expect(modal).to_contain_text("大数据技术应用行业覆盖率")
    expect(modal.locator("#drill-count")).to_have_text(f"共 {expected['denominator']} 行")
    expect(modal.locator("#drill-definition")).to_contain_text("分母")
    with transaction(served_app.engine) as session:
        found = next(r for r in rectification_rows(session, week=week) if r["unit_code"] == "ALL")["overdue"]
    page.locator("#drill-modal .btn-close").click()
    expect(page.locator("#drill-modal")).to_be_hidden()
    page.locator(".rect-card", has_text="逾期").locator(".drill-link").click()
    expect(page.locator("#drill-count")).to_have_text(f"共 {found} 行")
    assert page.console_errors == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def app_without_data(tmp_path: Path):  # noqa: ANN201
    """The app in its own process on a store that was never loaded (and so has no tables)."""
    port = _free_port()
    env = {**os.environ, "COCKPIT_DB_URL": f"sqlite:///{tmp_path / 'empty.db'}", "COCKPIT_INSTANCE_DIR": str(tmp_path)}
    code = f"from app import create_app; create_app().run(host='127.0.0.1', port={port})"
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("the app did not start")
            time.sleep(0.1)
    yield url
    process.kill()
    process.wait()


def test_a_store_without_data_is_said_in_plain_chinese(app_without_data, page_as) -> None:  # noqa: ANN001
    page = page_as(None)
    page.goto(app_without_data)
    expect(page).to_have_url(f"{app_without_data}/login?next=/")
    page.fill("#username", "leader")
    page.fill("#password", "any-password-at-all")
    page.click("button[type=submit]")
    expect(page.locator(".signin-problem")).to_contain_text("暂时无法登录")
    expect(page.locator(".signin-problem")).to_contain_text("数据库")
    assert "Traceback" not in page.content()
    assert [e for e in page.console_errors if "500" in e] == []
