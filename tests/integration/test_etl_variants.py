"""Workbooks as people fill them (DESIGN §5): English or full-width or spaced headers, four date
forms, amounts with thousands separators — all load, and sum exactly. SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from workbooks import D, filler, finding, grids, item, write, write_grids

from cockpit.models import RectificationRow

UNIT, WEEK = "330102", "2024-W10"  # as_of 2024-03-10

LEDGER = [
    item("K1", 1, "已完成", "2024年3月1日"),
    item("K1", 2, "已上线", 45352),  # Excel serial of 2024-03-01
    item("K1", 3, "推进中"),
    *filler(UNIT, skip=("K1",)),
]
FINDINGS = [
    finding(
        "R1", found_on=D(2024, 3, 5), due_on="2024-03-31", status="已整改", rectified_on="2024/3/6", amount="1,234.50"
    ),
    finding("R2", found_on="2024年3月5日", due_on=45382, amount=0.1),  # 45382 = 2024-03-31
    finding("R3", found_on="2024/3/5", due_on=D(2024, 3, 6), status="未整改", amount=0.2),  # overdue on 03-10
    finding(
        "R4",
        found_on="2024-03-05",
        due_on="2024年4月30日",
        status="已整改",
        rectified_on=D(2024, 3, 8),
        origin="监督整改",
        closed_on="2024/3/9",
        amount="10,000",
    ),
]


def spaced(directory: Path) -> Path:
    """Chinese headers, cover labels and sheet names with spaces inside and around them."""
    sheets = grids(UNIT, WEEK, ledger=LEDGER, rectification=FINDINGS)
    result = {}
    for name, rows in sheets.items():
        if name == "封面":
            rows = [[f" {label[:2]} {label[2:]} ", value] for label, value in rows]
        else:
            rows = [[f" {h[:2]} {h[2:]}  " for h in rows[0]], *rows[1:]]
        result[f"{name} "] = rows
    return write_grids(directory / "spaced.xlsx", result)


STYLES = {
    "chinese": lambda d: write(d, UNIT, WEEK, ledger=LEDGER, rectification=FINDINGS),
    "english": lambda d: write(d, UNIT, WEEK, ledger=LEDGER, rectification=FINDINGS, english=True),
    "fullwidth": lambda d: write(d, UNIT, WEEK, ledger=LEDGER, rectification=FINDINGS, fullwidth=True),
    "spaced": spaced,
}


@pytest.mark.parametrize("style", STYLES)
def test_header_and_value_variants_load_the_same(store, tmp_path: Path, style: str) -> None:  # noqa: ANN001
    result = store.load(STYLES[style](tmp_path))
    assert result.accepted, [i.line() for i in result.errors]
    assert result.warnings == []
    assert result.row_counts == {"ledger": 9, "rectification": 4, "task_progress": 0, "featured_work": 0}
    k1 = store.row("kpi", WEEK, UNIT, "K1")
    assert (k1["numerator"], k1["denominator"]) == (2, 3)
    rect = store.row("rectification", WEEK, UNIT)
    # found 4; rectified R1, R4; overdue R3 (due 03-06); 1234.5 + 0.1 + 0.2 + 10000 = 11234.8 万元.
    assert rect == {
        "week": WEEK,
        "unit_code": UNIT,
        "found": 4,
        "rectified": 2,
        "rate": 0.5,
        "in_progress": 2,
        "overdue": 1,
        "amount_found_wan": "11234.8",
        "amount_rectified_wan": "11234.5",
        "supervision_closed": 1,
    }
    with store.session() as session:
        rows = session.execute(
            select(
                RectificationRow.issue_id,
                RectificationRow.found_on,
                RectificationRow.due_on,
                RectificationRow.rectified_on,
                RectificationRow.amount,
            ).order_by(RectificationRow.issue_id)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("R1", D(2024, 3, 5), D(2024, 3, 31), D(2024, 3, 6), 1_234_500_000),
        ("R2", D(2024, 3, 5), D(2024, 3, 31), None, 100_000),
        ("R3", D(2024, 3, 5), D(2024, 3, 6), None, 200_000),
        ("R4", D(2024, 3, 5), D(2024, 4, 30), D(2024, 3, 8), 10_000_000_000),
    ]


def test_amounts_sum_exactly_in_the_store(store, tmp_path: Path) -> None:  # noqa: ANN001
    tenths = [
        finding("A", found_on=D(2024, 3, 1), due_on=D(2024, 6, 30), amount=0.1),
        finding(
            "B", found_on=D(2024, 3, 1), due_on=D(2024, 6, 30), amount=0.2, status="已整改", rectified_on=D(2024, 3, 2)
        ),
    ]
    assert store.load(write(tmp_path, "330105", WEEK, ledger=filler("330105"), rectification=tenths)).accepted
    assert store.load(STYLES["chinese"](tmp_path)).accepted
    assert store.row("rectification", WEEK, "330105")["amount_found_wan"] == "0.3"  # not 0.30000000000000004
    assert store.row("rectification", WEEK, "330105")["amount_rectified_wan"] == "0.2"
    # City-wide: 11234.8 + 0.3 and 11234.5 + 0.2.
    all_row = store.row("rectification", WEEK, "ALL")
    assert (all_row["amount_found_wan"], all_row["amount_rectified_wan"]) == ("11235.1", "11234.7")
    assert (all_row["found"], all_row["rectified"], all_row["rate"]) == (6, 3, 0.5)
