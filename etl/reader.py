"""Opening a submitted file safely and turning its sheets into raw rows.

Everything that makes a file unreadable is caught here, before any cell is parsed: not a
workbook, encrypted (or legacy .xls), OpenDocument, macro-enabled, oversized, a zip bomb, or
sheets whose cells would span more memory than a workbook may take (etl.bounds). Cells come out as
python-calamine gives them (str, float, int, bool, date, datetime) keyed by contract column; with
`columnar=True` the 整改台账 sheet comes as Arrow columns where etl.columnar_read can read it so.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from python_calamine import CalamineWorkbook

from etl.bounds import Parts, check_parts
from etl.columnar_read import read_columns
from etl.contract import COVER, RECTIFICATION, TABLE_SHEETS, Sheet, fold
from etl.issues import Issue, WorkbookRejected, error, warning

if TYPE_CHECKING:
    import pyarrow as pa

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 2000
COLUMNAR_MIN_BYTES = 128 * 1024  # 整改台账 XML below this (~250 findings): cell by cell is faster
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class RawSheet:
    name: str  # as named in the file
    headers: dict[str, int] = field(default_factory=dict)  # contract key -> column index
    rows: list[tuple[int, list]] = field(default_factory=list)  # (excel row, the row's cells as read)
    columns: pa.RecordBatch | None = None  # instead of rows: the data rows as Arrow columns by key
    read_rows: Callable[[], list[tuple[int, list]]] | None = None  # the rows, when columns do not do

    def cells(self, row: list) -> dict[str, object]:
        """A row's cells by contract key ("" where the row is shorter than the header)."""
        return {key: row[i] if i < len(row) else "" for key, i in self.headers.items()}


@dataclass
class RawWorkbook:
    cover: dict[str, tuple[int, object]]  # contract key -> (excel row, value)
    sheets: dict[str, RawSheet]  # contract sheet key -> sheet
    issues: list[Issue]


def check_container(data: bytes, file_name: str, max_bytes: int = MAX_FILE_BYTES) -> Parts | None:
    """Reject what is not a plain, reasonably sized .xlsx before opening it; return what the bounds
    scan saw of its sheets (etl.bounds.check_parts)."""
    if len(data) > max_bytes:
        raise WorkbookRejected([error(f"文件过大({len(data) / 1048576:.1f} MB),上限 {max_bytes / 1048576:.0f} MB")])
    if not data:
        raise WorkbookRejected([error("文件为空(0 字节),不是 Excel 工作簿")])
    if data.startswith(_OLE_MAGIC):
        raise WorkbookRejected(
            [error("文件设置了打开密码(已加密)或为旧版 .xls 格式;请取消密码并另存为 .xlsx 后重新报送")]
        )
    if not data.startswith(b"PK"):
        raise WorkbookRejected([error("不是 Excel 工作簿(.xlsx)文件,请使用报送模板")])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile:
        raise WorkbookRejected([error("文件已损坏或不是 Excel 工作簿(.xlsx)")]) from None
    unpacked = sum(m.file_size for m in members)
    bomb = unpacked > 10 * 1024 * 1024 and unpacked > MAX_RATIO * len(data)
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED_BYTES or bomb:
        raise WorkbookRejected(
            [error(f"文件解压后异常庞大({unpacked / 1048576:.0f} MB,{len(members)} 个部件),疑似压缩炸弹,已拒绝")]
        )
    names = {m.filename for m in members}
    content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if file_name.lower().endswith(".xlsm") or "xl/vbaProject.bin" in names or b"macroEnabled" in content_types:
        raise WorkbookRejected([error("不接受含宏的工作簿(.xlsm);请另存为 .xlsx(不含宏)后重新报送")])
    if "xl/workbook.xml" not in names:
        if b"opendocument.spreadsheet" in _first_bytes(archive, "mimetype") or file_name.lower().endswith(".ods"):
            raise WorkbookRejected([error("不接受 OpenDocument 表格(.ods);请另存为 Excel 工作簿(.xlsx)后重新报送")])
        raise WorkbookRejected([error("不是 Excel 工作簿(.xlsx):缺少工作簿结构,请使用报送模板")])
    return check_parts(archive)


def _first_bytes(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        with archive.open(name) as member:
            return member.read(200)
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return b""


def read_workbook(data: bytes, file_name: str = "", *, columnar: bool = False) -> RawWorkbook:
    """The cover and table sheets as raw rows, with any missing sheet or column as an error issue.

    `columnar`: a large 整改台账 sheet as Arrow columns (`RawSheet.columns`, with `read_rows` to
    read it row by row after all) when etl.columnar_read can read it so. Raises WorkbookRejected
    only when the file cannot be read as a workbook at all.
    """
    parts = check_container(data, file_name)
    columnar = columnar and parts is not None and not parts.iso_dated
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
    except Exception as exc:  # noqa: BLE001 - any parser failure means an unreadable file
        raise WorkbookRejected([error(f"无法读取工作簿: {exc}")]) from None
    by_fold = {fold(n): n for n in names}
    issues: list[Issue] = []
    sheets: dict[str, RawSheet] = {}
    grids = {}
    columns = None
    for sheet in (COVER, *TABLE_SHEETS):
        name = by_fold.get(fold(sheet.zh)) or by_fold.get(fold(sheet.en))
        if name is None:
            if sheet.required:
                issues.append(error(f"缺少工作表「{sheet.zh}」", sheet=sheet.zh))
            continue
        if (
            columnar
            and sheet is RECTIFICATION
            and parts.sheet_bytes.get(name, 0) >= COLUMNAR_MIN_BYTES
            and (columns := read_columns(data, name)) is not None
        ):
            grids[sheet.key] = (name, [columns.header])  # its data rows are in columns.batch
            continue
        grids[sheet.key] = (name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
    if not any(_filled(r) for _, grid in grids.values() for r in grid) and not any(
        _filled(r) for n in names for r in book.get_sheet_by_name(n).to_python()
    ):
        raise WorkbookRejected([error("工作簿为空:没有任何数据,请使用报送模板填写")])
    cover = _cover(*grids[COVER.key], issues) if COVER.key in grids else {}
    for sheet in TABLE_SHEETS:
        if sheet.key in grids:
            sheets[sheet.key] = _table(sheet, *grids[sheet.key], issues)
    if columns is not None:
        findings = sheets[RECTIFICATION.key]
        findings.columns = columns.batch
        findings.read_rows = functools.partial(_rows, book, findings.name)  # no cycle through the sheet
    # Structural errors (a missing sheet or column) travel with the raw workbook, so that the
    # validator reports them together with every cell error of the sheets that can be read.
    return RawWorkbook(cover=cover, sheets=sheets, issues=issues)


def _rows(book: CalamineWorkbook, name: str) -> list[tuple[int, list]]:
    """The 整改台账 data rows as python-calamine reads them (what _table keeps)."""
    return _table(RECTIFICATION, name, book.get_sheet_by_name(name).to_python(skip_empty_area=False), []).rows


def _filled(row: list) -> bool:
    first = row[0] if row else ""
    return (first != "" and first is not None) or row.count("") + row.count(None) < len(row)


def _cover(name: str, grid: list[list], issues: list[Issue]) -> dict[str, tuple[int, object]]:
    labels = {fold(c.zh): c for c in COVER.columns} | {fold(c.en): c for c in COVER.columns}
    found: dict[str, tuple[int, object]] = {}
    for number, row in enumerate(grid, start=1):
        if len(row) >= 1 and (column := labels.get(fold(row[0]))):
            found[column.key] = (number, row[1] if len(row) > 1 else "")
    for column in COVER.columns:
        if column.required and column.key not in found:
            issues.append(error(f"封面缺少“{column.zh}”", sheet=name, column=column.zh))
    return found


def _table(sheet: Sheet, name: str, grid: list[list], issues: list[Issue]) -> RawSheet:
    raw = RawSheet(name=name)
    header = grid[0] if grid else []
    aliases = {fold(c.zh): c for c in sheet.columns} | {fold(c.en): c for c in sheet.columns}
    for index, cell in enumerate(header):
        column = aliases.get(fold(cell))
        if column is not None and column.key not in raw.headers:
            raw.headers[column.key] = index
        elif str(cell).strip():
            issues.append(warning("未识别的列,已忽略", sheet=name, row=1, value=cell))
    for column in sheet.columns:
        if column.required and column.key not in raw.headers:
            issues.append(error("缺少必填列", sheet=name, row=1, column=column.zh))
    raw.rows = [(number, row) for number, row in enumerate(grid[1:], start=2) if _filled(row)]
    return raw
