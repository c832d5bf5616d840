"""The column-wise reading of 整改台账 may only change how fast a file is accepted: on random
sheets of good, odd and bad cells, reading with `columnar=True` must end exactly as reading
cell by cell does (the same rows stored, the same warnings, or the same rejection with the same
messages in the same order), and it must clear the good sheets itself."""

from __future__ import annotations

import datetime as dt
import random
import sys
import zipfile
from pathlib import Path

import pyarrow as pa
import pytest
from workbooks import filler, finding, grids, write, write_grids

from cockpit.config import default_config
from etl import reader
from etl.columnar_clear import PYTHON_SPACES, _units
from etl.contract import RECTIFICATION
from etl.issues import WorkbookRejected
from etl.reader import read_workbook
from etl.validate import validate
from etl.values import parse_amount

UNIT, WEEK, TODAY = "330102", "2024-W10", dt.date(2024, 6, 1)
D = dt.date
# (column, value) put into one random row of a sheet: each is odd in some way the full check
# either accepts silently (the column check may clear it or not), warns about, or rejects.
ODD_CELLS = [
    ("issue_id", "R1"),  # a duplicate
    ("issue_id", " R9"),
    ("issue_id", "R9\u3000"),
    ("issue_id", ""),
    ("issue_id", None),
    ("issue_id", 12.0),
    ("audit_project", None),
    ("audit_project", "\xa0项目"),
    ("category", "预算管理\x85"),
    ("summary", "  "),
    ("summary", " 摘要"),
    ("summary", ""),
    ("summary", None),
    ("amount_wan", -1.0),
    ("amount_wan", 1.2345678),
    ("amount_wan", 0.1 + 0.2),
    ("amount_wan", 5e-05),
    ("amount_wan", 4294967296.5),
    ("amount_wan", 123456.123456),
    ("amount_wan", "3.5"),
    ("amount_wan", 7),
    ("amount_wan", None),
    ("found_on", D(2024, 3, 20)),
    ("found_on", "2024-01-02"),
    ("found_on", dt.datetime(2024, 1, 2, 9, 30)),
    ("found_on", D(1899, 12, 31)),
    ("found_on", None),
    ("due_on", D(2023, 12, 1)),
    ("status", "已处理"),
    ("status", "已整改"),
    ("rectified_on", D(2024, 2, 1)),
    ("origin", "巡视整改"),
    ("origin", "监督整改"),
    ("closed_on", D(2024, 2, 10)),
    ("closed_on", D(2023, 1, 1)),
    ("closed_on", "NA"),
]


@pytest.fixture(autouse=True)
def small_sheets_read_column_wise(monkeypatch: pytest.MonkeyPatch) -> None:
    """These sheets are small; the reader would read them cell by cell, which is faster there."""
    monkeypatch.setattr(reader, "COLUMNAR_MIN_BYTES", 0)


def good_finding(rng: random.Random, number: int) -> dict:
    found = D(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 420))
    done = rng.random() < 0.5
    supervision = rng.random() < 0.3
    rectified = found + dt.timedelta(days=rng.randint(0, 10)) if done else None
    return finding(
        f"R{number}",
        found_on=found if rng.random() < 0.9 else dt.datetime.combine(found, dt.time(15, 45)),
        due_on=found + dt.timedelta(days=rng.choice((30, 90))),
        status="已整改" if done else rng.choice(("整改中", "未整改")),
        rectified_on=rectified,
        amount=rng.choice((0.0, round(rng.uniform(0, 900), 2), round(rng.uniform(0, 5), 6), 1e6)),
        origin="监督整改" if supervision else "审计整改",
        closed_on=rectified if supervision and done and rng.random() < 0.5 else None,
        summary=rng.choice((None, "未按规定执行", "资金闲置")),
    )


def sheet_rows(rng: random.Random) -> list[dict]:
    rows = [good_finding(rng, n) for n in range(1, rng.randint(2, 25))]
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        key, value = rng.choice(ODD_CELLS)
        rows[rng.randrange(len(rows))][key] = value
    if rng.random() < 0.15:
        rows.insert(rng.randrange(len(rows)), {})  # an empty row between findings
    return rows


def outcome(path: Path, *, columnar: bool) -> tuple:
    """What a load would do with the file: the issues, and the rows it would store."""
    try:
        parsed = validate(read_workbook(path.read_bytes(), path.name, columnar=columnar), default_config(), today=TODAY)
    except WorkbookRejected as rejected:
        return "rejected", rejected.issues
    findings = parsed.rectification
    stored = findings.to_pylist() if isinstance(findings, pa.Table) else findings
    return "accepted", parsed.warnings, stored, parsed.ledger, isinstance(findings, pa.Table)


@pytest.mark.parametrize("writer", ["product", "openpyxl"])
def test_reading_column_wise_ends_as_reading_cell_by_cell(tmp_path: Path, writer: str) -> None:
    rng = random.Random(f"columnar-{writer}")
    cleared = checked_by_row = 0
    for case in range(120 if writer == "product" else 40):
        rows = sheet_rows(rng)
        path = tmp_path / f"{case}.xlsx"
        if writer == "product":
            write(tmp_path, UNIT, WEEK, ledger=filler(UNIT), rectification=rows, name=path.name)
        else:
            write_grids(path, grids(UNIT, WEEK, ledger=filler(UNIT), rectification=rows))
        by_row, by_column = outcome(path, columnar=False), outcome(path, columnar=True)
        assert by_column[:-1] == by_row[:-1] if by_row[0] == "accepted" else by_column == by_row, rows
        if by_column[0] == "accepted" and by_column[-1]:
            cleared += 1
        else:
            checked_by_row += 1
    assert cleared > (40 if writer == "product" else 10) and checked_by_row > 10


def test_a_sheet_the_column_check_cannot_read_is_read_cell_by_cell(tmp_path: Path) -> None:
    rng = random.Random(3)
    sheets = grids(UNIT, WEEK, ledger=filler(UNIT), rectification=[good_finding(rng, n) for n in range(1, 5)])
    sheets[RECTIFICATION.zh][0].append("多余的列")  # a column outside the contract: a warning
    path = write_grids(tmp_path / "extra.xlsx", sheets)
    assert outcome(path, columnar=True) == (*outcome(path, columnar=False)[:-1], False)


def test_a_workbook_with_iso_date_cells_is_read_cell_by_cell(tmp_path: Path) -> None:
    """python-calamine reads an ISO cell "2024-01-02 10:00:00" as a time of day (an error here),
    fastexcel as a datetime: such workbooks never take the column-wise read."""
    rows = [good_finding(random.Random(5), n) for n in range(1, 4)]
    rows[0]["found_on"] = D(2024, 1, 2)
    path = write(tmp_path, UNIT, WEEK, ledger=filler(UNIT), rectification=rows)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet3.xml"
    serial = (D(2024, 1, 2) - D(1899, 12, 30)).days
    parts[sheet] = parts[sheet].replace(
        f'<c r="F2" s="1"><v>{serial}</v></c>'.encode(), b'<c r="F2" t="d"><v>2024-01-02 10:00:00</v></c>'
    )
    assert b't="d"' in parts[sheet]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert read_workbook(path.read_bytes(), columnar=True).sheets["rectification"].columns is None
    assert outcome(path, columnar=True) == outcome(path, columnar=False)


def test_a_small_sheet_is_read_cell_by_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "COLUMNAR_MIN_BYTES", 128 * 1024)
    rows = [good_finding(random.Random(6), n) for n in range(1, 50)]
    path = write(tmp_path, UNIT, WEEK, ledger=filler(UNIT), rectification=rows)
    assert read_workbook(path.read_bytes(), columnar=True).sheets["rectification"].columns is None


def test_the_space_set_is_what_str_strip_removes() -> None:
    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    assert spaces == PYTHON_SPACES


def test_amount_units_are_parse_amounts_whenever_it_needs_no_rounding() -> None:
    rng = random.Random(11)
    values = [0.0, -0.0, 1e-6, 5e-05, 0.1 + 0.2, 2.0**32 - 0.5, 2.0**32, 1e15, 123456.123456]
    values += [round(rng.uniform(0, 10.0 ** rng.randint(0, 9)), rng.randint(0, 8)) for _ in range(20000)]
    values += [rng.uniform(0, 1000) for _ in range(2000)]
    for value in values:
        units = _units(pa.array([value]))
        expected, rounded = parse_amount(value) if value >= 0 else (None, True)
        if units is not None:
            assert (int(units[0]), rounded) == (expected, False), value
        elif value < 2.0**32:
            assert rounded, value  # only values the full check rounds (or rejects) are left to it
