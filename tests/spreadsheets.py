"""Test files in the other formats a unit may save: .xls (xlwt), .ods (odfpy), and an
encrypted workbook (msoffcrypto-tool), built from the same grids as tests/workbooks.py."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import msoffcrypto.format.ooxml
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from tests.workbooks import Grids


def write_xls(path: Path, sheets: Grids) -> Path:
    """An Excel 97–2003 workbook of the grids; dates as real date cells."""
    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write(r, c, value, date_style)
                elif value is not None:
                    sheet.write(r, c, value)
    book.save(str(path))
    return path


def write_ods(path: Path, sheets: Grids) -> Path:
    """An OpenDocument spreadsheet of the grids, as LibreOffice and WPS save them."""
    document = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            table_row = TableRow()
            for value in row:
                table_row.addElement(_ods_cell(value))
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def _ods_cell(value: object) -> TableCell:
    if value is None:
        return TableCell()
    if isinstance(value, dt.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
    elif isinstance(value, int | float) and not isinstance(value, bool):
        cell = TableCell(valuetype="float", value=str(value))
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=str(value)))
    return cell


def encrypt(source: Path, path: Path, password: str = "123456") -> Path:
    """The workbook `source` saved with an open password (Excel's agile encryption)."""
    out = io.BytesIO()
    with source.open("rb") as handle:
        msoffcrypto.format.ooxml.OOXMLFile(handle).encrypt(password, out)
    path.write_bytes(out.getvalue())
    return path
