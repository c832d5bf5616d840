"""The 填报 template: built from the contract, pre-filled from the last submission, with its
dropdowns on a hidden sheet; filled in by a test it loads through the real loader."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys

import openpyxl

from cockpit.queries.prefill import previous_submission
from etl import contract as c
from etl.template import LISTS_SHEET, build_template
from tests import workbooks as wb

TODAY = dt.date(2024, 6, 1)


def _seed(store, tmp_path):  # noqa: ANN001, ANN202
    ledger = [
        wb.item("K1", "A1", "已上线", dt.date(2024, 2, 1), note="已切换"),
        wb.item("K1", "A2", "推进中"),
        *wb.filler("330102", skip=["K1"]),
    ]
    findings = [
        wb.finding("F1", found_on=dt.date(2024, 1, 5), due_on=dt.date(2024, 6, 30), amount="12.345678"),
        wb.finding(
            "F2",
            found_on=dt.date(2024, 1, 9),
            due_on=dt.date(2024, 4, 30),
            status="已整改",
            rectified_on=dt.date(2024, 3, 1),
            origin="监督整改",
            closed_on=dt.date(2024, 3, 4),
        ),
    ]
    result = store.load(
        wb.write(
            tmp_path, "330102", "2024-W10", ledger=ledger, rectification=findings, task_progress=[wb.progress("T1-1")]
        ),
        today=TODAY,
    )
    assert result.accepted, result.errors


def _template(store, week: str = "2024-W12") -> bytes:  # noqa: ANN001
    with store.session() as session:
        previous = previous_submission(session, unit_code="330102", week=week)
    return build_template(config=store.config, unit_code="330102", week=week, previous=previous)


def test_a_filled_template_loads_through_the_loader(store, tmp_path) -> None:  # noqa: ANN001
    _seed(store, tmp_path)
    book = openpyxl.load_workbook(io.BytesIO(_template(store)))
    ledger = book[c.LEDGER.zh]
    headers = [cell.value for cell in ledger[1]]
    assert headers == [col.zh for col in c.LEDGER.columns]
    row = next(r for r in ledger.iter_rows(min_row=2) if r[1].value == "A2")
    row[3].value, row[4].value = "已完成", dt.date(2024, 3, 20)  # the one change this week
    ledger.append(["K2", "N1", "新增事项", "推进中", None, None])
    path = tmp_path / "filled.xlsx"
    book.save(path)
    result = store.load(path, today=TODAY)
    assert result.accepted, [i.line() for i in result.errors]
    assert result.report_week == "2024-W12" and result.unit_code == "330102"
    assert result.row_counts == {
        "ledger": 2 + len(wb.filler("330102", skip=["K1"])) + 1,
        "rectification": 2,
        "task_progress": 1,
        "featured_work": 0,
    }
    with store.session() as session:
        now = previous_submission(session, unit_code="330102", week="2024-W12")
    items = {r["item_id"]: r for r in now.ledger if r["indicator_code"] == "K1"}
    assert items["A1"] == {
        "indicator_code": "K1",
        "item_id": "A1",
        "item_name": "K1事项A1",
        "status": "已上线",
        "done_on": dt.date(2024, 2, 1),
        "note": "已切换",
    }
    assert (items["A2"]["status"], items["A2"]["done_on"]) == ("已完成", dt.date(2024, 3, 20))
    f1, f2 = now.rectification
    assert f1["amount_wan"] == 12.345678 and f1["due_on"] == dt.date(2024, 6, 30)
    assert (f2["origin"], f2["closed_on"]) == ("监督整改", dt.date(2024, 3, 4))
    assert store.row("kpi", "2024-W12", "330102", "K1")["numerator"] == 2


def test_the_template_carries_cover_dropdowns_and_validation(store, tmp_path) -> None:  # noqa: ANN001
    book = openpyxl.load_workbook(io.BytesIO(_template(store, "2024-W03")))  # nothing submitted yet: no rows
    cover = {row[0].value: row[1].value for row in book[c.COVER.zh].iter_rows()}
    assert cover["单位编码"] == "330102" and cover["报告周"] == "2024-W03" and cover["单位名称"] == "上城区"
    assert book[LISTS_SHEET].sheet_state == "hidden"
    assert book[c.LEDGER.zh].max_row == 1
    validations = {str(v.sqref).split(":")[0]: v for v in book[c.LEDGER.zh].data_validations.dataValidation}
    assert validations["A2"].type == "list" and validations["A2"].formula1 == "=list_indicator"
    indicators = book.defined_names["list_indicator"].attr_text
    assert indicators.startswith(f"'{LISTS_SHEET}'!")
    listed = [cell.value for cell in book[LISTS_SHEET]["A"][1:] if cell.value]
    assert listed == [i.code for i in store.config.indicators if i.applies("330102")]
    assert "K8" not in listed  # 330100 only
    assert validations["E2"].type == "date"
    rect = {str(v.sqref).split(":")[0]: v for v in book[c.RECTIFICATION.zh].data_validations.dataValidation}
    assert rect["E2"].type == "decimal" and rect["H2"].formula1 == "=list_rect_status"
    progress = {str(v.sqref).split(":")[0]: v for v in book[c.TASK_PROGRESS.zh].data_validations.dataValidation}
    assert progress["C2"].formula2 == "100"


def test_the_cli_writes_the_template(store, tmp_path) -> None:  # noqa: ANN001
    _seed(store, tmp_path)
    out = tmp_path / "t.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "etl", "template", "--unit", "330102", "--week", "2024-W12", "--out", str(out)],
        env=store.env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "预填 2024-W10" in done.stderr
    assert openpyxl.load_workbook(out)[c.LEDGER.zh].max_row == 1 + 2 + len(wb.filler("330102", skip=["K1"]))
    bad = subprocess.run(
        [sys.executable, "-m", "etl", "template", "--unit", "999999", "--week", "2024-W12", "--out", str(out)],
        env=store.env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2 and "未知单位编码" in bad.stderr
