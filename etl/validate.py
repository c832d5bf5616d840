"""Raw rows → normalised rows ready for the store, with every error and warning collected.

A submission with any error is rejected whole (DESIGN §5); warnings are kept with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa

from cockpit import weeks
from cockpit.config import Config
from cockpit.db import StagedRows
from etl import contract as c
from etl.columnar_clear import clear_findings
from etl.fastpath import clean_finding, finding_columns
from etl.issues import Issue, WorkbookRejected, error, warning
from etl.reader import RawSheet, RawWorkbook
from etl.values import ValueProblem, is_blank, parse_amount, parse_date, parse_percent, text

_LEDGER_STATUS = {s: s for s in c.LEDGER_STATUSES} | {s: c.DONE for s in c.DONE_SYNONYMS}


@dataclass
class Parsed:
    unit_code: str
    report_week: str
    reporter: str | None
    phone: str | None
    ledger: list[dict] = field(default_factory=list)
    # a table when cleared column-wise; StagedRows once a batch worker staged that table
    rectification: list[dict] | pa.Table | StagedRows = field(default_factory=list)
    task_progress: list[dict] = field(default_factory=list)
    featured_work: list[dict] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def row_counts(self) -> dict[str, int]:
        return {s.key: len(getattr(self, s.key)) for s in c.TABLE_SHEETS}


class _Rows:
    """Reads one sheet's cells by contract key, recording problems against sheet/row/column."""

    def __init__(self, sheet: c.Sheet, raw: RawSheet, issues: list[Issue]) -> None:
        self.sheet, self.raw, self.issues = sheet, raw, issues
        self._dates: dict[object, dt.date | str] = {}

    def cell(self, row: int, cells: dict, key: str, parse: Callable | None = None, *, required: bool | None = None):  # noqa: ANN201, E501
        if key not in self.raw.headers:
            return None  # a missing column is reported once, by the reader
        value = cells.get(key, "")
        if value.__class__ is str and value and not value[0].isspace() and not value[-1].isspace():
            if parse is None:
                return value  # the common case, kept cheap: a province sends millions of cells
        elif is_blank(value):
            column = self.sheet.column(key)
            if column.required if required is None else required:
                self.error(row, key, value, "必填项为空")
            return None
        if parse is None:
            return text(value)
        try:
            return parse(value)
        except ValueProblem as problem:
            self.error(row, key, value, str(problem))
            return None

    def date(self, row: int, cells: dict, key: str, *, required: bool | None = None) -> dt.date | None:
        value = cells.get(key, "")
        if is_blank(value):
            return self.cell(row, cells, key, required=required)
        cached = self._dates.get(value) if isinstance(value, str | int | float) else None
        if cached is None:
            try:
                cached = parse_date(value)
            except ValueProblem as problem:
                cached = str(problem)
            if isinstance(value, str | int | float):
                self._dates[value] = cached
        if isinstance(cached, str):
            self.error(row, key, value, cached)
            return None
        return cached

    def error(self, row: int, key: str, value: object, reason: str) -> None:
        self.issues.append(error(reason, sheet=self.raw.name, row=row, column=self.sheet.column(key).zh, value=value))

    def warn(self, row: int, key: str, value: object, reason: str) -> None:
        self.issues.append(warning(reason, sheet=self.raw.name, row=row, column=self.sheet.column(key).zh, value=value))


def validate(raw: RawWorkbook, config: Config, *, today: dt.date) -> Parsed:
    """Check the workbook against DESIGN §5 and the config; raise WorkbookRejected on any error."""
    issues = list(raw.issues)
    unit_code, week = _cover(raw, config, today, issues)
    parsed = Parsed(
        unit_code=unit_code or "",
        report_week=week or "",
        reporter=text(raw.cover["reporter"][1]) if not is_blank(raw.cover.get("reporter", ("", ""))[1]) else None,
        phone=text(raw.cover["phone"][1]) if not is_blank(raw.cover.get("phone", ("", ""))[1]) else None,
    )
    sunday = weeks.as_of(week) if week else today
    # The sheets are checked even when the cover is wrong: the sender gets every error at once.
    if "ledger" in raw.sheets:
        _ledger(parsed, raw.sheets["ledger"], config, sunday, issues)
    if "rectification" in raw.sheets:
        _rectification(parsed, raw.sheets["rectification"], sunday, issues)
    if "task_progress" in raw.sheets:
        _task_progress(parsed, raw.sheets["task_progress"], config, sunday, issues)
    if "featured_work" in raw.sheets:
        _featured_work(parsed, raw.sheets["featured_work"], issues)
    if any(i.level == "error" for i in issues):
        raise WorkbookRejected(issues)
    parsed.warnings = issues
    return parsed


def _cover(raw: RawWorkbook, config: Config, today: dt.date, issues: list[Issue]) -> tuple[str | None, str | None]:
    sheet = c.COVER.zh
    unit_code = week = None
    if "unit_code" in raw.cover:
        row, value = raw.cover["unit_code"]
        unit_code = text(value)
        if not config.has_unit(unit_code):
            issues.append(
                error("未知单位编码(不在报送单位配置中)", sheet=sheet, row=row, column="单位编码", value=value)
            )
            unit_code = None
    if "report_week" in raw.cover:
        row, value = raw.cover["report_week"]
        try:
            week = weeks.parse_week(text(value))
        except weeks.WeekError as problem:
            issues.append(error(f"报告周无效: {problem}", sheet=sheet, row=row, column="报告周", value=value))
        else:
            if week > weeks.week_of(today):
                issues.append(
                    error(f"报告周晚于本周({weeks.week_of(today)})", sheet=sheet, row=row, column="报告周", value=value)
                )
                week = None
    return unit_code, week


def _done_date(
    rows: _Rows, number: int, cells: dict, key: str, done: bool, sunday: dt.date, label: str
) -> dt.date | None:  # noqa: E501
    """A date that a done status needs: missing is an error, present on an open row a warning."""
    day = rows.date(number, cells, key, required=False)
    if done and day is None and is_blank(cells.get(key)):
        rows.error(number, key, "", f"状态为“{label}”时必须填写{rows.sheet.column(key).zh}")
    elif not done and day is not None:
        rows.warn(number, key, day, "状态未完成却填写了日期,该日期已保留但不计为完成")
    elif day is not None and day > sunday:
        rows.warn(number, key, day, f"日期晚于报告周周日({sunday}),自该日起才计入")
    return day


def _ledger(parsed: Parsed, raw: RawSheet, config: Config, sunday: dt.date, issues: list[Issue]) -> None:
    rows = _Rows(c.LEDGER, raw, issues)
    codes = {i.code: i for i in config.indicators}
    seen: set[tuple[str, str]] = set()
    present: set[str] = set()
    for number, row in raw.rows:
        cells = raw.cells(row)
        code = rows.cell(number, cells, "indicator_code")
        if code is not None:
            code = code.upper()
            if code not in codes:
                rows.error(number, "indicator_code", code, "未知指标编码(应为 K1–K9)")
            elif parsed.unit_code and not codes[code].applies(parsed.unit_code):
                rows.error(number, "indicator_code", code, "该指标不适用于本单位")
            present.add(code)
        item_id = rows.cell(number, cells, "item_id")
        if code and item_id:
            if (code, item_id) in seen:
                rows.error(number, "item_id", item_id, f"事项编号在指标 {code} 内重复")
            seen.add((code, item_id))
        status_raw = rows.cell(number, cells, "status")
        status = _LEDGER_STATUS.get(status_raw or "")
        if status_raw and status is None:
            rows.error(number, "status", status_raw, "状态应为 未启动/推进中/已完成(或 已上线/已接入/已覆盖/已推出)")
        is_done = status == c.DONE
        done_on = _done_date(rows, number, cells, "done_on", is_done, sunday, status_raw or "")
        parsed.ledger.append(
            {
                "row_no": number,
                "indicator_code": code,
                "item_id": item_id,
                "item_name": rows.cell(number, cells, "item_name"),
                "status": status,
                "status_raw": status_raw,
                "is_done": is_done,
                "done_on": done_on,
                "note": rows.cell(number, cells, "note", required=False),
            }
        )
    for indicator in config.indicators:
        if indicator.kind == "rate" and indicator.applies(parsed.unit_code) and indicator.code not in present:
            issues.append(warning(f"指标 {indicator.code} 没有台账行:本周无实际值,评分按0计", sheet=raw.name))


def _rectification(parsed: Parsed, raw: RawSheet, sunday: dt.date, issues: list[Issue]) -> None:
    if raw.columns is not None:
        cleared = clear_findings(raw.columns, sunday)
        if cleared is not None:
            parsed.rectification = cleared
            return
        raw.rows = raw.read_rows()  # something in the sheet needs a word: check it row by row
    rows = _Rows(c.RECTIFICATION, raw, issues)
    seen: set[str] = set()
    columns = finding_columns(raw.headers)
    for number, row in raw.rows:
        finding = clean_finding(number, row, columns, seen, sunday) if columns else None
        parsed.rectification.append(finding or _finding(rows, number, raw.cells(row), sunday, seen))


def _finding(rows: _Rows, number: int, cells: dict, sunday: dt.date, seen: set[str]) -> dict:
    """One 整改台账 row, every rule checked (the rows etl.fastpath does not clear)."""
    issue_id = rows.cell(number, cells, "issue_id")
    if issue_id:
        if issue_id in seen:
            rows.error(number, "issue_id", issue_id, "问题编号在本单位内重复")
        seen.add(issue_id)
    amount = rows.cell(number, cells, "amount_wan", parse_amount)
    if amount and amount[1]:
        rows.warn(number, "amount_wan", cells.get("amount_wan"), "金额精度超过0.01元,已四舍五入")
    found_on = rows.date(number, cells, "found_on")
    due_on = rows.date(number, cells, "due_on")
    status = rows.cell(number, cells, "status")
    if status and status not in c.RECT_STATUSES:
        rows.error(number, "status", status, "整改状态应为 未整改/整改中/已整改")
    origin = rows.cell(number, cells, "origin")
    if origin and origin not in c.ORIGINS:
        rows.error(number, "origin", origin, "问题来源应为 审计整改 或 监督整改")
    rectified = status == c.RECTIFIED
    rectified_on = _done_date(rows, number, cells, "rectified_on", rectified, sunday, status or "")
    if rectified_on and found_on and rectified_on < found_on:
        rows.error(number, "rectified_on", rectified_on, f"整改日期早于发现日期({found_on})")
    if found_on and found_on > sunday:
        rows.warn(number, "found_on", found_on, f"发现日期晚于报告周周日({sunday}),自该日起才计入")
    if due_on and found_on and due_on < found_on:
        rows.warn(number, "due_on", due_on, f"整改期限早于发现日期({found_on})")
    supervision = origin == c.SUPERVISION
    closed_on = rows.date(number, cells, "closed_on", required=False)
    if closed_on and not supervision:
        rows.warn(number, "closed_on", closed_on, "销号日期只适用于监督整改,已忽略")
        closed_on = None
    if closed_on and found_on and closed_on < found_on:
        rows.error(number, "closed_on", closed_on, f"销号日期早于发现日期({found_on})")
    return {
        "row_no": number,
        "issue_id": issue_id,
        "audit_project": rows.cell(number, cells, "audit_project"),
        "category": rows.cell(number, cells, "category"),
        "summary": rows.cell(number, cells, "summary", required=False),
        "amount": amount[0] if amount else 0,
        "found_on": found_on,
        "due_on": due_on,
        "status": status,
        "is_rectified": rectified,
        "rectified_on": rectified_on,
        "origin": origin,
        "is_supervision": supervision,
        "closed_on": closed_on,
    }


def _task_progress(parsed: Parsed, raw: RawSheet, config: Config, sunday: dt.date, issues: list[Issue]) -> None:
    rows = _Rows(c.TASK_PROGRESS, raw, issues)
    milestones = {m.code: m for m in config.task_milestones}
    tasks = {t.code for t in config.tasks}
    seen: set[str] = set()
    for number, row in raw.rows:
        cells = raw.cells(row)
        task_code = rows.cell(number, cells, "task_code")
        if task_code and task_code.upper() not in tasks:
            rows.error(number, "task_code", task_code, "未知任务编码(应为 T1–T8)")
        code = rows.cell(number, cells, "milestone_code")
        if code:
            code = code.upper()
            milestone = milestones.get(code)
            if milestone is None:
                rows.error(number, "milestone_code", code, "未知节点编码")
            elif task_code and milestone.task != task_code.upper():
                rows.error(number, "milestone_code", code, f"节点不属于任务 {task_code}")
            elif parsed.unit_code not in config.milestone_units(milestone):
                rows.warn(number, "milestone_code", code, "本单位不承担该节点,仅作记录")
            if code in seen:
                rows.error(number, "milestone_code", code, "节点编码重复")
            seen.add(code)
        status_raw = rows.cell(number, cells, "status")
        status = _LEDGER_STATUS.get(status_raw or "")
        if status_raw and status is None:
            rows.error(number, "status", status_raw, "状态应为 未启动/推进中/已完成")
        done = status == c.DONE
        parsed.task_progress.append(
            {
                "row_no": number,
                "task_code": (task_code or "").upper(),
                "milestone_code": code,
                "progress_pct": rows.cell(number, cells, "progress_pct", parse_percent),
                "status": status,
                "is_done": done,
                "done_on": _done_date(rows, number, cells, "done_on", done, sunday, status_raw or ""),
                "note": rows.cell(number, cells, "note", required=False),
            }
        )


def _featured_work(parsed: Parsed, raw: RawSheet, issues: list[Issue]) -> None:
    rows = _Rows(c.FEATURED_WORK, raw, issues)
    for number, row in raw.rows:
        cells = raw.cells(row)
        parsed.featured_work.append(
            {
                "row_no": number,
                "title": rows.cell(number, cells, "title"),
                "category": rows.cell(number, cells, "category"),
                "date": rows.date(number, cells, "date"),
                "summary": rows.cell(number, cells, "summary"),
            }
        )
