"""The submission template a unit downloads for a week (DESIGN §5, §12), built from the contract.

The 封面 carries the unit and the week; every table sheet has the contract's headers, dropdowns
for codes and statuses (their lists on a hidden sheet, referenced by name, not typed inline),
date and number validation, and the rows of the unit's previous submission so that only
changes need typing. openpyxl writes it: one small file per download, where data validation
matters more than speed (etl.workbook is the fast writer for the demo's thousands of files).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from cockpit.config import Config
from cockpit.queries.prefill import Prefill
from etl import contract as c

LISTS_SHEET = "选项"
BLANK_ROWS = 300  # rows below the pre-filled ones that carry the validation
FIRST_DATE, LAST_DATE = dt.date(2015, 1, 1), dt.date(2035, 12, 31)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F5")
_REQUIRED_FONT = Font(bold=True, color="1F3A68")
_OPTIONAL_FONT = Font(bold=True, color="5A6B7D")
_WIDTHS = {"date": 13, "amount": 15, "percent": 10, "code": 13, "status": 11, "text": 32}


def _lists(config: Config, unit_code: str) -> dict[str, tuple[str, ...]]:
    """Each dropdown's allowed values: name → values (the name becomes a workbook-level name)."""
    return {
        "list_indicator": tuple(i.code for i in config.indicators if i.applies(unit_code)),
        "list_ledger_status": (*c.LEDGER_STATUSES, *c.DONE_SYNONYMS),
        "list_rect_status": c.RECT_STATUSES,
        "list_origin": c.ORIGINS,
        "list_task": tuple(t.code for t in config.tasks),
        "list_milestone": tuple(m.code for m in config.unit_milestones(unit_code))
        or tuple(m.code for m in config.task_milestones),
        "list_progress_status": c.LEDGER_STATUSES,
    }


# (sheet key, column key) -> the list its dropdown offers.
DROPDOWNS = {
    ("ledger", "indicator_code"): "list_indicator",
    ("ledger", "status"): "list_ledger_status",
    ("rectification", "status"): "list_rect_status",
    ("rectification", "origin"): "list_origin",
    ("task_progress", "task_code"): "list_task",
    ("task_progress", "milestone_code"): "list_milestone",
    ("task_progress", "status"): "list_progress_status",
}


def build_template(*, config: Config, unit_code: str, week: str, previous: Prefill | None = None) -> bytes:
    """The template's bytes (.xlsx) for `unit_code` and ISO week `week` (both already checked)."""
    previous = previous or Prefill()
    book = Workbook()
    cover = book.active
    _cover(cover, config, unit_code, week, previous)
    lists = _lists(config, unit_code)
    _lists_sheet(book, lists)
    rows = {"ledger": previous.ledger, "rectification": previous.rectification, "task_progress": previous.task_progress}
    for sheet in c.TABLE_SHEETS:
        _table(book.create_sheet(sheet.zh), sheet, rows.get(sheet.key, []), lists)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def file_name(unit_code: str, week: str) -> str:
    return f"报送模板_{unit_code}_{week}.xlsx"


def _cover(sheet: Worksheet, config: Config, unit_code: str, week: str, previous: Prefill) -> None:
    sheet.title = c.COVER.zh
    values = {"unit_code": unit_code, "report_week": week, "reporter": previous.reporter, "phone": previous.phone}
    for number, column in enumerate(c.COVER.columns, start=1):
        sheet.cell(number, 1, column.zh).font = _REQUIRED_FONT if column.required else _OPTIONAL_FONT
        sheet.cell(number, 2, values[column.key]).number_format = "@"
    notes = [
        ("单位名称", config.unit(unit_code).name),
        ("说明", "单位编码与报告周已按下载时的选择填好,请勿修改;各台账已预填上次报送的内容,只需修改有变化的行。"),
    ]
    if previous.report_week:
        notes.append(("预填依据", f"{previous.report_week} 报送"))
    for offset, (label, text) in enumerate(notes, start=len(c.COVER.columns) + 2):
        sheet.cell(offset, 1, label).font = _OPTIONAL_FONT
        sheet.cell(offset, 2, text).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 60


def _lists_sheet(book: Workbook, lists: dict[str, tuple[str, ...]]) -> None:
    sheet = book.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    for index, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(1, index, name)
        for number, value in enumerate(values, start=2):
            sheet.cell(number, index, value)
        reference = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        book.defined_names[name] = DefinedName(name, attr_text=reference)


def _table(sheet: Worksheet, contract: c.Sheet, rows: Sequence[dict], lists: dict[str, tuple[str, ...]]) -> None:
    for index, column in enumerate(contract.columns, start=1):
        cell = sheet.cell(1, index, column.zh)
        cell.font, cell.fill = (_REQUIRED_FONT if column.required else _OPTIONAL_FONT), _HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS[column.type]
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(contract.columns, start=1):
            value = row.get(column.key)
            if value is not None:
                cell = sheet.cell(number, index, value)
                if column.type == "date":
                    cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    last = len(rows) + 1 + BLANK_ROWS
    for index, column in enumerate(contract.columns, start=1):
        validation = _validation(contract, column, lists)
        if validation is not None:
            letter = get_column_letter(index)
            validation.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(validation)


def _validation(sheet: c.Sheet, column: c.Column, lists: dict[str, tuple[str, ...]]) -> DataValidation | None:
    name = DROPDOWNS.get((sheet.key, column.key))
    if name is not None:
        check = DataValidation(type="list", formula1=f"={name}", allow_blank=not column.required)
        check.error = f"请从下拉列表中选择{column.zh}:{'、'.join(lists[name])}"
    elif column.type == "date":
        check = DataValidation(
            type="date", operator="between", formula1=_serial(FIRST_DATE), formula2=_serial(LAST_DATE), allow_blank=True
        )
        check.error = f"{column.zh}应为日期(如 2024-03-05)"
    elif column.type == "amount":
        check = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        check.error = f"{column.zh}应为不小于 0 的数字(万元)"
    elif column.type == "percent":
        check = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
        check.error = f"{column.zh}应为 0 到 100 之间的数字"
    else:
        return None
    check.errorTitle, check.showErrorMessage = "输入不符合报送要求", True
    check.promptTitle, check.prompt, check.showInputMessage = column.zh, (check.error or "")[:255], True
    return check


def _serial(day: dt.date) -> str:
    return str((day - dt.date(1899, 12, 30)).days)
