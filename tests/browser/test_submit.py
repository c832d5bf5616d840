"""/submit in the browser: a district downloads its template and drops a broken workbook on the
upload zone; every error shows in the grid, nothing is loaded. The task force sees 报送情况."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from playwright.sync_api import expect

from tests import workbooks as wb
from tests.browser.conftest import DISTRICT_UNIT

UPLOAD_WAIT_MS = 90_000


def test_a_rejected_upload_lists_every_error(page_as, served_app, tmp_path, screenshot) -> None:  # noqa: ANN001
    page = page_as("district")
    page.goto(f"{served_app.url}/submit")
    expect(page.locator(".upload-zone")).to_contain_text("拖到此处")
    broken = wb.grids(
        DISTRICT_UNIT,
        "2024-W30",
        ledger=[wb.item("K1", "A1", "已完成"), wb.item("K99", "A2"), wb.item("K1", "A1")],
        rectification=[wb.finding("F1", found_on=dt.date(2024, 7, 1), due_on=dt.date(2024, 9, 30), amount="-3")],
    )
    path = wb.write_grids(tmp_path / "西湖区第30周.xlsx", broken)
    page.locator("#submit-upload input[type=file]").set_input_files(str(path))
    # the file is read in a child process: seconds on a busy machine
    expect(page.locator(".submit-rejection")).to_contain_text("未通过校验,未入库", timeout=UPLOAD_WAIT_MS)
    grid = page.locator("#submit-issues")
    expect(grid).to_be_visible()
    expect(grid).to_contain_text("未知指标编码")
    expect(grid).to_contain_text("事项编号在指标 K1 内重复")
    expect(grid).to_contain_text("金额不能为负数")
    expect(grid.locator(".ag-row", has_text="错误")).to_have_count(4)  # and the warnings below them
    with page.expect_download() as download:
        page.click("#submit-issues-xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert sheet["A1"].value == "级别" and [sheet.cell(r, 1).value for r in range(2, 6)] == ["错误"] * 4
    screenshot(page, "submit-rejection")
    assert page.console_errors == []


def test_a_district_downloads_its_own_template(page_as, served_app) -> None:  # noqa: ANN001
    page = page_as("district")
    page.goto(f"{served_app.url}/submit")
    expect(page.locator("#submit-template-unit")).to_contain_text("西湖区")
    with page.expect_download() as download:
        page.click("#submit-template-button")
    assert download.value.suggested_filename.startswith(f"报送模板_{DISTRICT_UNIT}_")
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book["封面"]["B1"].value == DISTRICT_UNIT
    assert book["指标台账"].max_row > 1  # pre-filled from the unit's last submission
    assert page.console_errors == []


def test_the_task_force_sees_who_submitted(page_as, served_app) -> None:  # noqa: ANN001
    page = page_as("taskforce")
    page.goto(f"{served_app.url}/submit?week=2024-W30")
    expect(page.locator("#submit-status-summary")).to_contain_text("2024-W30:已报送")
    expect(page.locator("#submit-status .ag-row")).to_have_count(14)
    assert page.console_errors == []
