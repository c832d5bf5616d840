"""The fast path of 整改台账 rows may only accept what the full check accepts silently, as the
full check would store it: every row it clears must pass the full check with no issue and the
same values. Checked on a few thousand random rows of good, odd and bad cells."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from etl import contract as c
from etl.fastpath import clean_finding, finding_columns
from etl.issues import Issue
from etl.reader import RawSheet
from etl.validate import _finding, _Rows

SUNDAY = dt.date(2024, 3, 17)
D = dt.date
# Per column: (cells the fast path may clear, cells it must leave to the full check or that
# only some rows allow). Each row takes a cell of the first list 80% of the time.
POOLS = {
    "issue_id": (["R1", "R5", "问题-7"], ["R2", " R3", "R4 ", "", None, 12.0]),
    "audit_project": (["项目甲"], ["", None, " 项目乙", 5]),
    "category": (["预算管理"], ["", None, "资产 "]),
    "summary": (["摘要", "", None], ["  ", " 摘要"]),
    "amount_wan": ([0.0, 1.5, 2, 0.1, 123456.123456, -0.0], [1.2345678, -3.0, 1e16, "3.5", "约5万", True, -2]),
    "found_on": ([D(2024, 1, 2), dt.datetime(2024, 1, 2, 9, 30)], [D(2024, 3, 20), "2024-01-02", "", None, 45000.0]),
    "due_on": ([D(2024, 6, 30), dt.datetime(2024, 6, 30)], [D(2023, 12, 1), "下月底", ""]),
    "status": (["未整改", "整改中", "已整改"], ["已处理", "", None, " 已整改"]),
    "rectified_on": (["", None, D(2024, 2, 1)], [D(2024, 3, 30), D(2023, 1, 1), "2024-02-01", "  "]),
    "origin": (["审计整改", "监督整改"], ["巡视整改", "", None]),
    "closed_on": (["", None, D(2024, 2, 10)], [D(2023, 1, 1), "2024-02-10"]),
}


def test_the_fast_path_clears_only_what_the_full_check_accepts_silently() -> None:
    rng = random.Random(8)
    headers = {column.key: index for index, column in enumerate(c.RECTIFICATION.columns)}
    columns = finding_columns(headers)
    raw = RawSheet(name="整改台账", headers=headers)
    cleared = 0
    for number in range(2, 6000):
        row = [rng.choice(POOLS[key][rng.random() > 0.8]) for key in headers]
        fast_seen, full_seen = {"R2"}, {"R2"}
        fast = clean_finding(number, row, columns, fast_seen, SUNDAY)
        issues: list[Issue] = []
        full = _finding(_Rows(c.RECTIFICATION, raw, issues), number, raw.cells(row), SUNDAY, full_seen)
        if fast is not None:
            cleared += 1
            assert issues == [] and fast == full and fast_seen == full_seen, (row, issues)
    assert cleared > 100  # the pools do give the fast path rows to clear


@pytest.mark.parametrize("missing", ["summary", "closed_on"])
def test_a_sheet_without_an_optional_column_takes_the_full_check(missing: str) -> None:
    headers = {column.key: index for index, column in enumerate(c.RECTIFICATION.columns) if column.key != missing}
    assert finding_columns(headers) is None
