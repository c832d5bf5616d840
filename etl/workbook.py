"""Write weekly workbooks (台账) that follow the column contract, byte for byte reproducibly.

The demo generator, the template download and tests all produce submissions through this one
writer, so the files they make carry the headers the reader expects. The SpreadsheetML is
written directly rather than through openpyxl: the demo writes ~2,200 workbooks (~2.3 million
cells), and openpyxl's write-only mode without lxml took 28 s for them on two cores, this writer
a fraction of that. Strings are inline strings (as XlsxWriter's constant-memory mode writes
them), dates are real date cells. Document properties and zip timestamps are fixed, so equal
inputs give an equal sha256 (the archive stores files by checksum, the demo must reproduce).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from etl.contract import COVER, FEATURED_WORK, LEDGER, RECTIFICATION, TASK_PROGRESS, Sheet

FIXED_TIMESTAMP = dt.datetime(2023, 1, 1, 0, 0, 0)
_ZIP_TIME = FIXED_TIMESTAMP.timetuple()[:6]
_FULLWIDTH = str.maketrans({"(": "（", ")": "）"})
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_LETTERS = [chr(ord("A") + i) for i in range(26)]
_DATE_STYLE, _DATETIME_STYLE, _HEADER_STYLE = 1, 2, 3
_WIDTHS = {"date": 12.0, "amount": 14.0, "percent": 9.0, "code": 12.0, "status": 10.0, "text": 30.0}

Row = Mapping[str, object]

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN_NS}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_CORE = (
    f"{_XML}<cp:coreProperties "
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:creator>审计数字驾驶舱</dc:creator>"
    f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_TIMESTAMP:%Y-%m-%dT%H:%M:%SZ}</dcterms:created>'
    f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_TIMESTAMP:%Y-%m-%dT%H:%M:%SZ}</dcterms:modified>'
    "</cp:coreProperties>"
)
_APP = (
    f"{_XML}<Properties "
    'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>审计数字驾驶舱</Application></Properties>"
)
_ROOT_RELS = (
    f'{_XML}<Relationships xmlns="{_REL_NS}">'
    f'<Relationship Id="rId1" Type="{_DOC_REL}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_DOC_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)


def header(sheet: Sheet, key: str, *, english: bool = False, fullwidth: bool = False) -> str:
    """The header a writer puts on row 1 for column `key` of `sheet`."""
    column = sheet.column(key)
    if english:
        return column.en
    return column.zh.translate(_FULLWIDTH) if fullwidth else column.zh


def _column_name(index: int) -> str:
    name = ""
    while index:
        index, rest = divmod(index - 1, 26)
        name = _LETTERS[rest] + name
    return name


@lru_cache(maxsize=8192)
def _text(value: str) -> str:
    if _ILLEGAL_XML.search(value):
        value = _ILLEGAL_XML.sub("", value)
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f"<is><t{space}>{escape(value)}</t></is>"


def _cell(ref: str, value: object, style: int = 0) -> str:
    styled = f' s="{style}"' if style else ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"{styled}>{_text(value)}</c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | Decimal):
        return f'<c r="{ref}"{styled}><v>{value}</v></c>'
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{ref}: {value} cannot be written to a workbook")
        return f'<c r="{ref}"{styled}><v>{value!r}</v></c>'
    if isinstance(value, dt.datetime):
        serial = (value.replace(tzinfo=None) - _EXCEL_EPOCH) / dt.timedelta(days=1)
        return f'<c r="{ref}" s="{_DATETIME_STYLE}"><v>{serial!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="{_DATE_STYLE}"><v>{(value - _EXCEL_EPOCH.date()).days}</v></c>'
    return _cell(ref, str(value), style)


def _worksheet(rows: Sequence[Sequence[object]], widths: Sequence[float], header_row: bool) -> str:
    letters = [_column_name(i) for i in range(1, max(map(len, rows), default=1) + 1)]
    body = []
    for number, values in enumerate(rows, 1):
        style = _HEADER_STYLE if header_row and number == 1 else 0
        cells = "".join(_cell(f"{letters[i]}{number}", v, style) for i, v in enumerate(values) if v is not None)
        body.append(f'<row r="{number}">{cells}</row>')
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
    return (
        f'{_XML}<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_DOC_REL}">'
        f'<dimension ref="A1:{letters[-1]}{max(len(rows), 1)}"/>'
        f"<cols>{cols}</cols><sheetData>{''.join(body)}</sheetData></worksheet>"
    )


def _package(path: Path, sheets: Sequence[tuple[str, str]]) -> Path:
    """Zip the parts of a workbook whose sheets are (name, worksheet xml), in order."""
    numbers = range(1, len(sheets) + 1)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_CT}.worksheet+xml"/>' for n in numbers
    )
    content_types = (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>{overrides}'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>"
    )
    entries = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
        for n, (name, _) in zip(numbers, sheets, strict=True)
    )
    workbook = (
        f'{_XML}<workbook xmlns="{_MAIN_NS}" xmlns:r="{_DOC_REL}">'
        f"<bookViews><workbookView/></bookViews><sheets>{entries}</sheets></workbook>"
    )
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{_DOC_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>' for n in numbers
    )
    styles_rel = f'<Relationship Id="rId{len(sheets) + 1}" Type="{_DOC_REL}/styles" Target="styles.xml"/>'
    parts = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", _ROOT_RELS),
        ("docProps/core.xml", _CORE),
        ("docProps/app.xml", _APP),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", f'{_XML}<Relationships xmlns="{_REL_NS}">{rels}{styles_rel}</Relationships>'),
        ("xl/styles.xml", _STYLES),
        *((f"xl/worksheets/sheet{n}.xml", xml) for n, (_, xml) in zip(numbers, sheets, strict=True)),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, text.encode("utf-8"))
    return path


def _table(sheet: Sheet, rows: Iterable[Row], *, english: bool, fullwidth: bool) -> tuple[str, str]:
    keys = [c.key for c in sheet.columns]
    table: list[Sequence[object]] = [[header(sheet, k, english=english, fullwidth=fullwidth) for k in keys]]
    table += [[row.get(k) for k in keys] for row in rows]
    widths = [_WIDTHS[c.type] for c in sheet.columns]
    return (sheet.en if english else sheet.zh), _worksheet(table, widths, header_row=True)


def write_workbook(
    path: Path | str,
    *,
    cover: Row,
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
    cover_rows = [[header(COVER, c.key, english=english_headers), cover.get(c.key)] for c in COVER.columns]
    sheets = [(COVER.en if english_headers else COVER.zh, _worksheet(cover_rows, (14.0, 20.0), False))]
    for contract_sheet, rows in (
        (LEDGER, ledger),
        (RECTIFICATION, rectification),
        (TASK_PROGRESS, task_progress),
        (FEATURED_WORK, featured_work),
    ):
        if rows is not None:
            sheets.append(_table(contract_sheet, rows, english=english_headers, fullwidth=fullwidth_headers))
    return _package(Path(path), sheets)


def write_template(path: Path | str) -> Path:
    """Write the blank submission template: cover labels, and every table sheet's headers."""
    return write_workbook(path, cover={}, ledger=[], rectification=[], task_progress=[], featured_work=[])


def write_sheets(path: Path | str, sheets: Sequence[tuple[str, Sequence[Sequence[object]]]]) -> Path:
    """Write plain sheets, (name, rows of cell values) in order, with no contract applied; equal
    inputs give equal bytes (a converted .xls/.ods is archived by its checksum)."""
    parts = []
    for name, rows in sheets:
        widths = [12.0] * max((len(r) for r in rows), default=1)
        parts.append((name, _worksheet([[None if v == "" else v for v in r] for r in rows], widths, header_row=False)))
    return _package(Path(path), parts)
