"""/submit callbacks called directly, as a district user and as the task force, on a private
store (uploads change facts, so never the shared demo store)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from callbacks import submission_status as status_cb
from callbacks import submit as cb
from cockpit.access import Caller
from cockpit.db import get_engine
from cockpit.models_access import AuditEvent
from tests import workbooks as wb

DISTRICT = Caller(user_id=1, username="d", role="district", unit_code="330102")
TASKFORCE = Caller(user_id=2, username="tf", role="taskforce")
LEADER = Caller(user_id=3, username="l", role="leader")


@pytest.fixture(scope="module")
def submit_store(private_store) -> str:  # noqa: ANN001
    """Three districts in 2024-W10, 330105 again in W11."""

    def files(root: Path) -> list[Path]:
        made = [wb.write(root, unit, "2024-W10", ledger=wb.filler(unit)) for unit in ("330102", "330105", "330106")]
        return [*made, wb.write(root, "330105", "2024-W11", ledger=wb.filler("330105"))]

    return private_store(files)


@pytest.fixture
def as_caller(request_as, submit_store):  # noqa: ANN001, ANN201
    return lambda caller: request_as(submit_store, caller)


def _contents(path: Path) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(path.read_bytes()).decode()


def test_a_district_downloads_its_own_template_whatever_the_page_says(as_caller) -> None:  # noqa: ANN001
    as_caller(DISTRICT)
    week = cb.template_weeks()[0]
    sent, message = cb.download_template(1, "330105", week)  # another unit in the dropdown: ignored
    assert message is None and sent["filename"] == f"报送模板_330102_{week}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(sent["content"])))
    assert book["封面"]["B1"].value == "330102"
    assert book["指标台账"].max_row == 1 + len(wb.filler("330102"))  # pre-filled from 2024-W10
    _, refused = cb.download_template(1, None, "2019-W01")
    assert "报告周" in str(refused)


def test_the_task_force_picks_the_unit_and_anonymous_gets_nothing(as_caller) -> None:  # noqa: ANN001
    week = cb.template_weeks()[0]
    as_caller(TASKFORCE)
    sent, _ = cb.download_template(1, "330106", week)
    assert sent["filename"].startswith("报送模板_330106_")
    as_caller(Caller(user_id=None, username="", role="anonymous"))
    sent, message = cb.download_template(1, "330106", week)
    assert sent is cb.no_update and "无权" in str(message)


def test_a_rejected_upload_fills_the_grid_and_an_accepted_one_gives_a_receipt(
    as_caller, submit_store, tmp_path
) -> None:  # noqa: ANN001, E501
    as_caller(DISTRICT)
    before, _, _ = status_cb.show_status("2024-W11", None)  # cached: the accepted upload must show all the same
    assert before[0]["state"] in ("未报送(沿用 2024-W10)", "已报送")
    bad = wb.write_grids(
        tmp_path / "bad.xlsx",
        wb.grids("330102", "2024-W11", ledger=[wb.item("K1", "A1", "已完成"), wb.item("K99", "A2")]),
    )
    result, rows, columns, style, reset = cb.upload(_contents(bad), "bad.xlsx")
    assert "未通过校验" in str(result) and style == {} and reset is None
    assert [c["headerName"] for c in columns] == ["级别", "工作表", "行", "列", "值", "原因"]
    assert {(r["sheet"], r["row"], r["column"]) for r in rows if r["level"] == "错误"} >= {
        ("指标台账", 2, "完成日期"),
        ("指标台账", 3, "指标编码"),
    }
    good = wb.write(tmp_path, "330102", "2024-W11", ledger=wb.filler("330102"))
    result, rows, _, style, _ = cb.upload(_contents(good), "good.xlsx")
    assert "已接收" in str(result) and "SHA-256" in str(result) and "2024-W11" in str(result)
    as_caller(DISTRICT)  # the next callback is the next request
    status, _, summary = status_cb.show_status("2024-W11", None)
    assert status == [
        {
            "unit_code": "330102",
            "submitted": True,
            "effective_week": "2024-W11",
            "unit_name": "上城区",
            "state": "已报送",
            "late": False,
        }
    ]  # a district sees its own row only
    with get_engine(submit_store).connect() as connection:
        logged = connection.execute(
            select(AuditEvent.action, AuditEvent.outcome, AuditEvent.username, AuditEvent.detail)
            .where(AuditEvent.action == "upload")
            .order_by(AuditEvent.id)
        ).all()
    assert [(a, o, u) for a, o, u, _ in logged[-2:]] == [("upload", "rejected", "d"), ("upload", "ok", "d")]
    assert json.loads(logged[-1].detail)["sha256"] == hashlib.sha256(good.read_bytes()).hexdigest()
    history, _ = status_cb.show_history("330105", None)  # the dropdown is ignored for a district
    assert {r["report_week"] for r in history} == {"2024-W10", "2024-W11"} and len(history) == 2


def test_only_districts_upload(as_caller, tmp_path) -> None:  # noqa: ANN001
    as_caller(TASKFORCE)
    good = wb.write(tmp_path, "330102", "2024-W11", ledger=wb.filler("330102"))
    result, rows, *_ = cb.upload(_contents(good), "good.xlsx")
    assert "无权报送" in str(result) and rows == []


def test_the_task_force_sees_who_is_late(as_caller) -> None:  # noqa: ANN001
    as_caller(LEADER)
    rows, _, summary = status_cb.show_status("2024-W11", None)
    late = [r["unit_code"] for r in rows if r["late"]]
    assert late[0] == "330100" and "330106" in late and "330105" not in late  # the late first
    assert next(r for r in rows if r["unit_code"] == "330106")["state"] == "未报送(沿用 2024-W10)"
    assert next(r for r in rows if r["unit_code"] == "330100")["state"] == "尚无报送"
    assert "已报送" in str(summary) and "/ 14" in str(summary)


def test_exported_issues_escape_formulas(as_caller) -> None:  # noqa: ANN001
    as_caller(DISTRICT)
    rows = [
        {"level": "错误", "sheet": "指标台账", "row": 2, "column": "事项名称", "value": "=HYPERLINK(1)", "reason": "x"},
        {"level": "错误", "sheet": "指标台账", "row": 3, "column": "金额", "value": -5, "reason": "@y"},
    ]
    text = cb.issues_file(rows, "csv")["content"]
    assert "'=HYPERLINK(1)" in text and "'@y" in text and ",-5," in text
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(cb.issues_file(rows, "xlsx")["content"]))).active
    assert [c.value for c in sheet[2]] == ["错误", "指标台账", 2, "事项名称", "'=HYPERLINK(1)", "x"]
    assert sheet["E3"].value == -5  # numbers stay numbers
    assert cb.issues_file("not rows", "csv") is cb.no_update
