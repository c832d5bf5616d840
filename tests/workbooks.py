"""Test workbooks, good and broken.

Good submissions go through `etl.workbook.write_workbook` (the writer the demo and the template
use), so they carry exactly the contract's headers. Broken ones are built as plain grids (sheet
name -> rows, header row first) that a test can damage before `write_grids` saves them, or as
files that are not workbooks at all.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path

from openpyxl import Workbook

from cockpit.config import default_config
from etl.contract import COVER, LEDGER, RECTIFICATION, TASK_PROGRESS, Sheet
from etl.workbook import write_workbook

Row = dict[str, object]


def item(code: str, item_id: str, status: str = "推进中", done_on: object = None, **extra: object) -> Row:
    """One 指标台账 row."""
    return {
        "indicator_code": code,
        "item_id": item_id,
        "item_name": f"{code}事项{item_id}",
        "status": status,
        "done_on": done_on,
        **extra,
    }


def finding(
    issue_id: str,
    *,
    found_on: object,
    due_on: object,
    status: str = "整改中",
    rectified_on: object = None,
    amount: object = "1",
    origin: str = "审计整改",
    closed_on: object = None,
    **extra: object,
) -> Row:
    """One 整改台账 row."""
    return {
        "issue_id": issue_id,
        "audit_project": "2024年度部门预算执行审计",
        "category": "预算管理",
        "summary": f"问题{issue_id}",
        "amount_wan": amount,
        "found_on": found_on,
        "due_on": due_on,
        "status": status,
        "rectified_on": rectified_on,
        "origin": origin,
        "closed_on": closed_on,
        **extra,
    }


def progress(milestone_code: str, status: str = "推进中", pct: object = 50, done_on: object = None) -> Row:
    """One 任务进度 row."""
    return {
        "task_code": milestone_code.split("-")[0],
        "milestone_code": milestone_code,
        "progress_pct": pct,
        "status": status,
        "done_on": done_on,
    }


def filler(unit_code: str, *, skip: Iterable[str] = (), status: str = "未启动") -> list[Row]:
    """One not-done row for each rate indicator of the unit not in `skip`, so that no indicator
    lacks rows (which would add a "没有台账行" warning and a grey light)."""
    config = default_config()
    skipped = set(skip)
    return [
        item(i.code, "F1", status)
        for i in config.indicators
        if i.kind == "rate" and i.applies(unit_code) and i.code not in skipped
    ]


def write(
    directory: Path,
    unit_code: str,
    week: str,
    *,
    ledger: Sequence[Row] = (),
    rectification: Sequence[Row] = (),
    task_progress: Sequence[Row] | None = None,
    featured_work: Sequence[Row] | None = None,
    name: str | None = None,
    english: bool = False,
    fullwidth: bool = False,
    cover: Mapping[str, object] | None = None,
) -> Path:
    """A good weekly submission of `unit_code` for `week`, written by the product's writer."""
    path = Path(directory) / (name or f"{unit_code}_{week}.xlsx")
    return write_workbook(
        path,
        cover={
            "unit_code": unit_code,
            "report_week": week,
            "reporter": "张三",
            "phone": "0571-88888888",
            **(cover or {}),
        },
        ledger=list(ledger),
        rectification=list(rectification),
        task_progress=None if task_progress is None else list(task_progress),
        featured_work=None if featured_work is None else list(featured_work),
        english_headers=english,
        fullwidth_headers=fullwidth,
    )


# ---- broken workbooks, built as grids ------------------------------------------------------------

Grids = dict[str, list[list[object]]]


def _table(sheet: Sheet, rows: Sequence[Row]) -> list[list[object]]:
    keys = [c.key for c in sheet.columns]
    return [[sheet.column(k).zh for k in keys], *([row.get(k) for k in keys] for row in rows)]


def grids(
    unit_code: object,
    week: object,
    *,
    ledger: Sequence[Row] = (),
    rectification: Sequence[Row] = (),
    task_progress: Sequence[Row] | None = None,
) -> Grids:
    """The sheets of a submission as editable grids (Chinese names and headers)."""
    result: Grids = {
        COVER.zh: [["单位编码", unit_code], ["报告周", week], ["填报人", "张三"]],
        LEDGER.zh: _table(LEDGER, ledger),
        RECTIFICATION.zh: _table(RECTIFICATION, rectification),
    }
    if task_progress is not None:
        result[TASK_PROGRESS.zh] = _table(TASK_PROGRESS, task_progress)
    return result


def drop_column(grid: list[list[object]], header: str) -> None:
    """Remove the column headed `header` from a table grid, in place."""
    index = grid[0].index(header)
    for row in grid:
        del row[index]


def rename_headers(grid: list[list[object]], names: Mapping[str, str]) -> None:
    grid[0] = [names.get(str(h), h) for h in grid[0]]


def write_grids(path: Path, sheets: Grids) -> Path:
    """Save grids cell by cell with openpyxl (no contract applied)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


# ---- files that are not acceptable workbooks --------------------------------------------------------


def random_bytes(path: Path, size: int = 4096) -> Path:
    data = random.Random(7).randbytes(size)
    path.write_bytes(b"\x00" + data[1:])  # never "PK" (a zip) nor the OLE magic
    return path


def text_file(path: Path) -> Path:
    path.write_text("单位编码,报告周\n330102,2024-W10\n", encoding="utf-8")
    return path


def empty_workbook(path: Path) -> Path:
    """What `Workbook().save()` gives: one sheet named Sheet, no cells."""
    Workbook().save(path)
    return path


def encrypted_file(path: Path) -> Path:
    """An OLE compound file header, as Excel writes a password-protected (or legacy .xls) file."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    path.write_bytes(header + b"\x00" * (4096 - len(header)))
    return path


def with_macros(source: Path, path: Path) -> Path:
    """A copy of a good workbook with a VBA project and the macro-enabled content type."""
    with zipfile.ZipFile(source) as original:
        members = {name: original.read(name) for name in original.namelist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    assert b"macroEnabled" in members["[Content_Types].xml"]
    members["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def oversized_file(path: Path, size: int = 20 * 1024 * 1024 + 1) -> Path:
    """A zip-looking file one byte over the 20 MB upload limit."""
    with path.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(size)
    return path


def zip_bomb(path: Path, unpacked_mb: int = 210) -> Path:
    """A small zip (about 0.2 MB) whose one worksheet inflates to `unpacked_mb` MB of zeros."""
    path.write_bytes(_zip_bomb_bytes(unpacked_mb))
    return path


@cache
def _zip_bomb_bytes(unpacked_mb: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(unpacked_mb):
                member.write(chunk)
    return buffer.getvalue()


def many_findings(directory: Path, unit_code: str, week: str, count: int, *, amount: str | float = "1.5") -> Path:
    """A valid submission with `count` open findings (for loads that must take a while). Amounts
    written as text keep the sheet on the row-by-row check; as numbers, a large sheet is cleared
    column-wise (etl.columnar_clear)."""
    rows = [
        finding(f"R{n:05d}", found_on=dt.date(2024, 1, 2), due_on=dt.date(2024, 12, 31), amount=amount)
        for n in range(count)
    ]
    return write(directory, unit_code, week, ledger=filler(unit_code), rectification=rows, name=f"big_{count}.xlsx")


# ---- a small history of several units and weeks ------------------------------------------------------

D = dt.date


def scenario_files(directory: Path) -> list[Path]:
    """Four submissions over 2024-W10..W12 (see tests/integration/test_facts_weeks.py)."""
    u102_w10 = write(
        directory,
        "330102",
        "2024-W10",
        ledger=[
            item("K1", "1", "已完成", D(2024, 3, 1)),
            item("K1", "2", "推进中", D(2024, 3, 2)),  # a date on an open row: warning, ignored
            item("K2", "1", "已上线", D(2024, 3, 15)),  # after W10's Sunday: warning, counts from W11
            item("K7", "1", "已推出", D(2024, 2, 1)),
            *filler("330102", skip=("K1", "K2")),
        ],
        rectification=[
            finding("R1", found_on=D(2024, 1, 10), due_on=D(2024, 3, 15), amount="10.5"),
            finding(
                "R2",
                found_on=D(2024, 2, 1),
                due_on=D(2024, 2, 29),
                status="已整改",
                rectified_on=D(2024, 2, 20),
                amount="2.25",
            ),
            finding("R3", found_on=D(2024, 3, 12), due_on=D(2024, 6, 30), status="未整改", amount=1),
            finding(
                "R4",
                found_on=D(2024, 1, 5),
                due_on=D(2024, 2, 1),
                status="已整改",
                rectified_on=D(2024, 1, 20),
                origin="监督整改",
                closed_on=D(2024, 3, 1),
                amount=0,
            ),
            finding(
                "R5",
                found_on=D(2024, 1, 8),
                due_on=D(2024, 1, 31),
                status="已整改",
                rectified_on=D(2024, 1, 25),
                origin="监督整改",
                closed_on=D(2024, 3, 14),
                amount="0.5",
            ),
            finding(
                "R6",
                found_on=D(2024, 2, 5),
                due_on=D(2024, 3, 8),
                status="已整改",
                rectified_on=D(2024, 3, 13),
                amount="1",
            ),
        ],
        task_progress=[
            progress("T2-1", "已完成", 100, D(2023, 8, 31)),
            progress("T1-2", "已完成", 100, D(2024, 3, 12)),
        ],  # done after W10's Sunday: warning
    )
    u105_w10 = write(
        directory,
        "330105",
        "2024-W10",
        ledger=[item("K1", "1", "已完成", D(2024, 1, 15)), item("K1", "2", "已完成", D(2024, 2, 1))]
        + [item(i["indicator_code"], "F1", "已完成", D(2024, 1, 15)) for i in filler("330105", skip=("K1",))],
    )
    u105_w12 = write(
        directory,
        "330105",
        "2024-W12",
        ledger=[item("K1", str(n), "推进中") for n in (1, 2, 3)] + filler("330105", skip=("K1",)),
    )
    u100_w12 = write(
        directory,
        "330100",
        "2024-W12",
        ledger=[
            item("K1", "1", "已完成", D(2024, 3, 20)),
            item("K8", "1", "已上线", D(2024, 3, 18)),
            item("K8", "2", "推进中"),
            *filler("330100", skip=("K1", "K8")),
        ],
        task_progress=[
            progress("T7-1", "已完成", 100, D(2023, 4, 28)),
            progress("T7-2", "已完成", 100, D(2023, 10, 8)),
            progress("T7-3", "推进中", 80),
        ],
    )
    return [u102_w10, u105_w10, u105_w12, u100_w12]
