"""How much a workbook will cost to read, measured from its zip before anything is parsed.

python-calamine allocates a sheet as one dense grid spanning its cells: a single value in
XFD1048576 asks for 17 billion cells (512 GB) and the allocation aborts the whole process, and a
shared-string table declaring four billion entries does the same. So the sheet XML is inspected
first, with byte comparisons that cost a fraction of the parse: its size, the cell count, the
extent the cells' addresses span and the shared-string count. The `<dimension ref>` a writer
records is not trusted (calamine ignores it; it can be stale either way): the addresses are.

Files written the usual way (Excel, WPS, LibreOffice, openpyxl and this project's writer: every
cell tag `<c r="A1" ...>`) are cleared by a few searches when their addresses stay within A–Z and
99,999 rows; any other shape is walked tag by tag, as calamine positions cells (an address wins,
a cell without one follows the previous cell, a row without one follows the previous row).
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass

import numpy as np

from etl.issues import WorkbookRejected, error

MAX_CELLS = 5_000_000  # the grid calamine allocates (~32 bytes a cell, plus Python's list)
MAX_SHARED_STRINGS = 5_000_000
MAX_PART_BYTES = 120 * 1024 * 1024  # one sheet's XML, inflated
MAX_INDEX_BYTES = 4 * 1024 * 1024  # workbook.xml and its relationships


def _byte_set(members: bytes) -> np.ndarray:
    """A 256-entry lookup table: `table[byte_values]` says which are among `members`."""
    table = np.zeros(256, dtype=bool)
    table[np.frombuffer(members, dtype=np.uint8)] = True
    return table


_ODD_AFTER_C = _byte_set(b">/\t\n\r")
_TAG_NAME_END = _byte_set(b" \t\n\r\x0b\x0c/>")  # what regex [\s/>] matches
_PREFIXABLE = (b"c", b"row", b"sheetData")  # `<x:c …`: tag names the usual shape must not prefix
_NAME_STARTS = _byte_set(b"crs")
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(c|row)((?:\s[^>]*)?)/?>")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*(["'])\s*(.*?)\s*\1""", re.S)
_ADDRESS = re.compile(rb"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_SST = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sst\b([^>]*)>")
_COUNT_ATTR = re.compile(rb"""(?:count|uniqueCount)\s*=\s*["']\s*(\d+)""")
_SHEET_DATA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheetData[\s/>]")
_SHEET = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet\s([^>]*)>")
_RELATIONSHIP = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Relationship\s([^>]*)>")
_ATTRIBUTE = re.compile(rb"""(?:[A-Za-z_][\w.-]*:)?([A-Za-z]+)\s*=\s*["']([^"']*)["']""")


@dataclass(frozen=True)
class Extent:
    """Upper bounds of what calamine will hold for one sheet: rows × columns from A1."""

    rows: int
    columns: int
    cells: int

    @property
    def area(self) -> int:
        return self.rows * self.columns


@dataclass(frozen=True)
class Parts:
    """What the scan saw of a workbook's sheets, for etl.reader's choice of how to read them."""

    sheet_bytes: dict[str, int]  # sheet name -> the size of its XML, inflated
    # Whether a sheet may hold ISO 8601 date cells (t="d"): python-calamine and fastexcel type those
    # by different rules (a date, a datetime or a time of day, from the text's form).
    iso_dated: bool


def check_parts(archive: zipfile.ZipFile) -> Parts:
    """Reject a workbook whose sheets or shared strings would take unbounded memory to read."""
    names = _sheet_names(archive)
    sheet_bytes: dict[str, int] = {}
    iso_dated = False
    for info in archive.infolist():
        if not info.filename.lower().endswith(".xml") or info.is_dir():
            continue
        label = names.get(info.filename, info.filename)
        if info.file_size > MAX_PART_BYTES:
            raise WorkbookRejected(
                [
                    error(
                        f"工作表「{label}」解压后 {info.file_size / 1048576:.0f} MB,超过单表 {MAX_PART_BYTES >> 20} MB 的上限"
                    )
                ]
            )
        try:
            xml = archive.read(info)
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError):
            raise WorkbookRejected([error("文件已损坏或不是 Excel 工作簿(.xlsx)")]) from None
        if len(xml) > MAX_PART_BYTES:
            raise WorkbookRejected([error(f"工作表「{label}」解压后超过单表 {MAX_PART_BYTES >> 20} MB 的上限")])
        if _SHEET_DATA.search(xml):
            _check_extent(label, sheet_extent(xml))
            iso_dated = iso_dated or _quoted_d(np.frombuffer(xml, dtype=np.uint8))
            sheet_bytes[label] = len(xml)
        elif (sst := _SST.search(xml)) is not None:
            declared = max((int(n) for n in _COUNT_ATTR.findall(sst.group(1))), default=0)
            if declared > MAX_SHARED_STRINGS:
                raise WorkbookRejected(
                    [
                        error(
                            f"共享字符串表声明了 {declared:,} 个条目,超过 {MAX_SHARED_STRINGS:,} 的上限,文件异常,已拒绝"
                        )
                    ]
                )
    return Parts(sheet_bytes=sheet_bytes, iso_dated=iso_dated)


def _check_extent(label: str, extent: Extent) -> None:
    if extent.cells > MAX_CELLS or extent.area > MAX_CELLS:
        corner = f"{column_letters(extent.columns)}{extent.rows}"
        raise WorkbookRejected(
            [
                error(
                    f"工作表「{label}」的已用区域过大(A1:{corner},约 {extent.area:,} 个单元格),"
                    f"超过 {MAX_CELLS:,} 个单元格的上限;请删除表格之外多余的行和列后重新报送"
                )
            ]
        )


def sheet_extent(xml: bytes) -> Extent:
    """Rows and columns (from A1) that the cells of a worksheet's XML span, and their count."""
    fast = _usual_extent(xml)
    return fast if fast is not None else _walk(xml)


def _usual_extent(xml: bytes) -> Extent | None:
    """The bound of a file whose every cell tag is `<c r="X9...` with one capital and at most five
    digits (A1 to Z99999), found with a few vectorised comparisons; None for any other shape."""
    data = np.frombuffer(xml, dtype=np.uint8)
    if _prefixed(data):
        return None
    tags = np.flatnonzero((data[:-1] == ord("<")) & (data[1:] == ord("c")))
    if len(tags) and tags[-1] >= len(data) - 16:
        return None  # a cell tag in the last bytes: no room for its address, not the usual shape
    after = data[tags + 2]
    if _ODD_AFTER_C[after].any():  # <c>, <c/>, <c<tab>: a cell tag without address first
        return None
    cells = tags[after == ord(" ")]
    addressed = cells[(data[cells + 3] == ord("r")) & (data[cells + 4] == ord("=")) & (data[cells + 5] == ord('"'))]
    if len(addressed) != len(cells):
        return None
    first = addressed + 6
    if not (_is_capital(data[first]) & _is_digit(data[first + 1])).all():
        return None
    digits = np.ones(len(first), dtype=bool)
    for offset in range(1, 7):
        digits &= _is_digit(data[first + offset])
    if digits.any():  # six digits: row 100,000 or later
        return None
    return Extent(rows=99_999, columns=26, cells=len(cells))


def _prefixed(data: np.ndarray) -> bool:
    """Whether `:c`, `:row` or `:sheetData` followed by a space, / or > occurs (a namespace prefix)."""
    colons = np.flatnonzero(data == ord(":"))
    last = len(data) - 1
    colons = colons[_NAME_STARTS[data[np.minimum(colons + 1, last)]]]
    if not len(colons):
        return False
    for name in _PREFIXABLE:
        found = _TAG_NAME_END[data[np.minimum(colons + len(name) + 1, last)]]
        for offset, byte in enumerate(name, start=1):
            found &= data[np.minimum(colons + offset, last)] == byte
        if found.any():
            return True
    return False


def _quoted_d(data: np.ndarray) -> bool:
    """Whether `"d"` or `'d'` occurs: an attribute value d, as in an ISO date cell's `t="d"`."""
    ds = np.flatnonzero(data[1:-1] == ord("d")) + 1
    before = data[ds - 1]
    return bool((((before == ord('"')) | (before == ord("'"))) & (data[ds + 1] == before)).any())


def _is_capital(values: np.ndarray) -> np.ndarray:
    return (values >= ord("A")) & (values <= ord("Z"))


def _is_digit(values: np.ndarray) -> np.ndarray:
    return (values >= ord("0")) & (values <= ord("9"))


def _walk(xml: bytes) -> Extent:
    row = row_tag = col = -1
    last_row = last_col = -1
    cells = 0
    for tag in _TAG.finditer(xml):
        address = _R_ATTR.search(tag.group(2))
        if tag.group(1) == b"row":
            if address is None:  # the next row; after whichever came later, to be safe
                row = row_tag = max(row_tag, row) + 1
            elif address.group(2).isdigit():
                row = row_tag = int(address.group(2)) - 1
            else:
                raise WorkbookRejected([error("文件已损坏或不是 Excel 工作簿(.xlsx):行号无效")])
            col = -1
            continue
        cells += 1
        if cells > MAX_CELLS:
            break
        if address is None:
            col += 1
        else:
            match = _ADDRESS.match(address.group(2))
            if match is None:
                raise WorkbookRejected([error("文件已损坏或不是 Excel 工作簿(.xlsx):单元格地址无效")])
            col = column_index(match.group(1).decode().upper())
            row = int(match.group(2)) - 1
        last_row, last_col = max(last_row, row), max(last_col, col)
    return Extent(rows=max(last_row + 1, 0), columns=max(last_col + 1, 0), cells=cells)


def column_index(letters: str) -> int:
    """A → 0, Z → 25, AA → 26, XFD → 16383."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def column_letters(count: int) -> str:
    """The letters of the `count`-th column (1 → A, 16384 → XFD)."""
    letters = ""
    while count > 0:
        count, rest = divmod(count - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Zip member → sheet name as the workbook names it (for messages); empty when unreadable."""
    try:
        workbook, rels = _read_small(archive, "xl/workbook.xml"), _read_small(archive, "xl/_rels/workbook.xml.rels")
    except (KeyError, ValueError, zipfile.BadZipFile, OSError, RuntimeError):
        return {}
    targets = {}
    for attributes in _RELATIONSHIP.findall(rels):
        found = dict(_ATTRIBUTE.findall(attributes))
        target = html.unescape(found.get(b"Target", b"").decode(errors="replace"))
        targets[found.get(b"Id")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    names = {}
    for attributes in _SHEET.findall(workbook):
        found = dict(_ATTRIBUTE.findall(attributes))
        if found.get(b"id") in targets:
            names[targets[found[b"id"]]] = html.unescape(found.get(b"name", b"").decode(errors="replace"))
    return names


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    if archive.getinfo(name).file_size > MAX_INDEX_BYTES:
        raise ValueError(name)
    return archive.read(name)


# ---- OpenDocument (.ods): what calamine would expand before the upload is converted ----------------

_ODS_TAG = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)\b([^>]*?)(/?)>", re.S)
_ROWS_REPEATED = re.compile(rb"""number-rows-repeated\s*=\s*["']\s*(\d+)""")
_COLUMNS_REPEATED = re.compile(rb"""number-columns-repeated\s*=\s*["']\s*(\d+)""")
_HAS_VALUE = re.compile(rb"office:value-type\s*=")


def check_ods(data: bytes) -> None:
    """Reject an .ods whose sheets, repeats expanded, would exceed the cell limit once read.

    Empty repeated cells and rows (LibreOffice ends every sheet with a million of them) cost
    nothing; a value repeated across them is counted as calamine would expand it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("content.xml")
            if info.file_size > MAX_PART_BYTES:
                raise WorkbookRejected([error(f"表格内容解压后超过 {MAX_PART_BYTES >> 20} MB 的上限")])
            xml = archive.read(info)
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        raise WorkbookRejected([error("文件已损坏或不是 OpenDocument 表格(.ods)")]) from None
    for name, extent in ods_extents(xml).items():
        _check_extent(name, extent)


def ods_extents(xml: bytes) -> dict[str, Extent]:
    """Per sheet of an .ods content.xml: rows and columns from A1 that its values span."""
    extents: dict[str, Extent] = {}
    name, row, col, row_repeat, last_row, last_col, cells = "", 0, 0, 1, 0, 0, 0
    for tag in _ODS_TAG.finditer(xml):
        closing, kind, attributes, empty = tag.groups()
        if kind == b"table":
            if closing:
                extents[name] = Extent(rows=last_row, columns=last_col, cells=cells)
            else:
                found = re.search(rb"""table:name\s*=\s*["']([^"']*)["']""", attributes)
                name = html.unescape(found.group(1).decode(errors="replace")) if found else ""
                row, last_row, last_col, cells = 0, 0, 0, 0
        elif kind == b"table-row":
            if closing:
                row += row_repeat
            else:
                repeated = _ROWS_REPEATED.search(attributes)
                row_repeat, col = (int(repeated.group(1)) if repeated else 1), 0
                if empty:
                    row += row_repeat
        elif not closing:
            repeated = _COLUMNS_REPEATED.search(attributes)
            span = int(repeated.group(1)) if repeated else 1
            if _HAS_VALUE.search(attributes) or not empty:
                last_row, last_col = max(last_row, row + row_repeat), max(last_col, col + span)
                cells += span * row_repeat
            col += span
    return extents
