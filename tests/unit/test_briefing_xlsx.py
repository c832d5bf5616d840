"""The briefing workbook: opened with openpyxl, its figures are the export's, its numbers are
numbers with formats, headers frozen, widths set, no cell a formula; same inputs, same cells."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from cockpit import exports
from cockpit.briefing import briefing_xlsx, build_xlsx, safe_text
from cockpit.db import get_engine, transaction
from cockpit.review import weekly_review

WEEK = "2024-W08"


def workbook(demo_store) -> bytes:  # noqa: ANN001
    url, config = demo_store
    return briefing_xlsx(get_engine(url), config, week=WEEK)


def test_sheets_headers_formats_and_figures(demo_store) -> None:  # noqa: ANN001
    url, config = demo_store
    book = load_workbook(io.BytesIO(workbook(demo_store)))
    assert book.sheetnames[:3] == ["概要", "滞后事项", "灯色变化"]
    assert {"年底预判", "核心指标", "整改情况", "预判明细", "14天内到期节点"} <= set(book.sheetnames)
    with transaction(get_engine(url)) as session:
        outlook = exports.EXPORTS["outlook"](session, week=WEEK)
        kpi = exports.EXPORTS["kpi"](session, week=WEEK)
        rect = exports.EXPORTS["rectification"](session, week=WEEK)
        review = weekly_review(session, config, week=WEEK)
    sheet = book["预判明细"]
    assert [c.value for c in sheet[1]] == [
        "单位编码",
        "指标",
        "实际",
        "每周进度",
        "节点时限",
        "预计",
        "目标",
        "存在风险",
    ]
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["A"].width > 8
    cells = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(cells) == len(outlook)
    for row, expected in zip(cells, outlook, strict=True):
        assert row[0] == expected["unit_code"] and row[1] == expected["indicator_code"]
        assert row[5] == (None if expected["projected"] is None else float(expected["projected"]))
        assert row[7] == (None if expected["at_risk"] is None else ("是" if expected["at_risk"] else "否"))
    assert sheet.cell(2, 6).number_format == "0.0000"
    kpi_sheet = book["核心指标"]
    assert [r[4] for r in kpi_sheet.iter_rows(min_row=2, values_only=True)] == [r["actual"] for r in kpi]
    money = book["整改情况"]
    all_row = next(r for r in money.iter_rows(min_row=2) if r[0].value == "ALL")
    expected_all = next(r for r in rect if r["unit_code"] == "ALL")
    assert all_row[6].value == float(expected_all["amount_found_wan"]) and all_row[6].number_format == "#,##0.00"
    assert all_row[3].number_format == "0.0%" and isinstance(all_row[3].value, float)
    # The off-track sheet lists the review's items in its order, reds first.
    off = book["滞后事项"]
    assert off.max_row - 1 == len(review["off_track"])
    assert [r[0] for r in off.iter_rows(min_row=2, max_row=4, values_only=True)] == ["红灯"] * 3


def test_no_cell_is_a_formula_and_same_inputs_give_same_cells(demo_store) -> None:  # noqa: ANN001
    url, config = demo_store
    with transaction(get_engine(url)) as session:
        review = weekly_review(session, config, week=WEEK)
    review["changes"]["lights"].insert(
        0,
        {
            "unit": '=HYPERLINK("http://x")',
            "indicator_code": "+K1",
            "indicator": "@SUM(A1)",
            "light_before": "red",
            "light_after": "green",
            "actual_before": 0.5,
            "actual_after": 1.0,
            "kind": "rate",
        },
    )
    data = build_xlsx(review, {}, source="-1+1")
    sheet = load_workbook(io.BytesIO(data))["灯色变化"]
    assert [sheet.cell(2, c).value for c in (1, 2, 3)] == ['\'=HYPERLINK("http://x")', "'+K1", "'@SUM(A1)"]
    assert all(sheet.cell(2, c).data_type == "s" for c in (1, 2, 3))
    assert load_workbook(io.BytesIO(data))["概要"]["B4"].value == "'-1+1"
    assert safe_text("上城区") == "上城区"
    # Same inputs: every part of the package is the same bytes, but the generation date that
    # openpyxl stamps into docProps/core.xml on saving (and the zip's own timestamps).
    first, second = zipfile.ZipFile(io.BytesIO(workbook(demo_store))), zipfile.ZipFile(io.BytesIO(workbook(demo_store)))
    assert first.namelist() == second.namelist()
    for name in first.namelist():
        if name == "docProps/core.xml":
            continue
        assert first.read(name) == second.read(name), name
