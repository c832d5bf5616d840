"""Write weekly workbooks (台账) that follow the column contract, byte for byte reproducibly.

The demo generator, the template download and tests all produce submissions through this one
writer, so the files they make have the headers the reader expects. The output is deterministic:
document properties and zip entry timestamps are fixed, so equal inputs give an equal sha256
(the archive stores files by checksum, and the demo data must be reproducible).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from etl.contract import COVER, FEATURED_WORK, LEDGER, RECTIFICATION, TASK_PROGRESS, Sheet

FIXED_TIMESTAMP = dt.datetime(2023, 1, 1, 0, 0, 0)
_ZIP_TIME = FIXED_TIMESTAMP.timetuple()[:6]
_FULLWIDTH = str.maketrans({"(": "（", ")": "）"})

Row = Mapping[str, object]


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose entries all carry one fixed timestamp and mode."""

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: bytes | str,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: str | Path,
        arcname: str | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        with open(filename, "rb") as handle:
            data = handle.read()
        self.writestr(arcname or Path(filename).name, data, compress_type, compresslevel)


def header(sheet: Sheet, key: str, *, english: bool = False, fullwidth: bool = False) -> str:
    """The header a writer puts on row 1 for column `key` of `sheet`."""
    column = sheet.column(key)
    if english:
        return column.en
    return column.zh.translate(_FULLWIDTH) if fullwidth else column.zh


def _sheet_name(sheet: Sheet, english: bool) -> str:
    return sheet.en if english else sheet.zh


def _table_rows(
    sheet: Sheet, rows: Iterable[Row], *, english: bool, fullwidth: bool
) -> Iterable[Sequence[object]]:
    keys = [c.key for c in sheet.columns]
    yield [header(sheet, k, english=english, fullwidth=fullwidth) for k in keys]
    for row in rows:
        yield [row.get(k) for k in keys]


def _save(workbook: Workbook, path: Path) -> Path:
    workbook.properties.created = FIXED_TIMESTAMP
    workbook.properties.modified = FIXED_TIMESTAMP
    workbook.properties.creator = "审计数字驾驶舱"
    path.parent.mkdir(parents=True, exist_ok=True)
    archive = _FixedTimeZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()
    return path


def write_workbook(
    path: Path | str,
    *,
    cover: Mapping[str, object],
    ledger: Sequence[Row],
    rectification: Sequence[Row],
    task_progress: Sequence[Row] | None = None,
    featured_work: Sequence[Row] | None = None,
    english_headers: bool = False,
    fullwidth_headers: bool = False,
) -> Path:
    """Write one weekly submission to `path` and return the path.

    Dict keys are the contract's column keys; values are written as given (a `datetime.date`
    becomes an Excel date cell, None an empty cell). The optional sheets are left out when None
    and written with headers only when empty. English headers use the contract's aliases for the
    sheet names, headers and cover labels; `fullwidth_headers` writes Chinese headers with
    full-width parentheses, as some hand-made workbooks do.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_name(COVER, english_headers))
    for column in COVER.columns:
        label = header(COVER, column.key, english=english_headers, fullwidth=fullwidth_headers)
        sheet.append([label, cover.get(column.key)])
    tables: list[tuple[Sheet, Sequence[Row] | None]] = [
        (LEDGER, ledger),
        (RECTIFICATION, rectification),
        (TASK_PROGRESS, task_progress),
        (FEATURED_WORK, featured_work),
    ]
    for contract_sheet, rows in tables:
        if rows is None:
            continue
        sheet = workbook.create_sheet(_sheet_name(contract_sheet, english_headers))
        for values in _table_rows(
            contract_sheet, rows, english=english_headers, fullwidth=fullwidth_headers
        ):
            sheet.append(values)
    return _save(workbook, Path(path))


def write_template(path: Path | str) -> Path:
    """Write the blank submission template: cover labels, and every table sheet's headers."""
    return write_workbook(
        path,
        cover={},
        ledger=[],
        rectification=[],
        task_progress=[],
        featured_work=[],
    )
