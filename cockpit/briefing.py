"""The week's briefing as an xlsx workbook (DESIGN §7 item 8): one sheet per section of the 周报,
Chinese headers, numbers stored as numbers with formats, frozen header rows, set widths, and no
text that Excel could take for a formula.

The rows are those of cockpit.briefing_sections (the page shows the same); a published version
gives its frozen review and tables, the live view today's. Same inputs, same cell contents: the
workbook's own creation dates are set from the data, not the clock.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from cockpit import publish, weeks
from cockpit.briefing_sections import LIGHT_WORDS, MONTHLY, WEEKLY, Column, Section, row_kind
from cockpit.config import Config
from cockpit.db import transaction
from cockpit.exports import escape_formula
from cockpit.review import weekly_review

FORMATS = {"percent": "0.0%", "count": "#,##0", "score": "0.00", "wan": "#,##0.00", "decimal": "0.0000"}
HEADER_FILL = PatternFill("solid", fgColor="0B3D91")
HEADER_FONT = Font(bold=True, color="FFFFFF")


class BriefingError(RuntimeError):
    """The briefing cannot be made; the message says why, in Chinese."""


def safe_text(value: str) -> str:
    """Text Excel shows as text (cockpit.exports.escape_formula: no leading = + - @ runs)."""
    return escape_formula(value)


def _value(kind: str, value: object) -> object:
    if value is None:
        return None
    if kind in ("percent", "count", "score", "wan", "decimal"):
        return float(value) if isinstance(value, Decimal | float) else value
    if kind == "light":
        return LIGHT_WORDS.get(str(value), str(value))
    if kind == "bool":
        return "是" if value else "否"
    return safe_text(str(value))


def _write_table(book: Workbook, title: str, columns: list[Column], rows: list[dict], kinds=None) -> None:  # noqa: ANN001
    sheet = book.create_sheet(title[:31])
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.fill, cell.font, cell.alignment = HEADER_FILL, HEADER_FONT, Alignment(vertical="center", wrap_text=True)
    for line, row in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            kind = kinds(column, row) if kinds else column.kind
            cell = sheet.cell(line, index, _value(kind, row.get(column.key)))
            if kind in FORMATS and cell.value is not None:
                cell.number_format = FORMATS[kind]
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width + 2
    sheet.freeze_panes = "A2"


def _section(book: Workbook, section: Section, data: dict) -> None:
    _write_table(book, section.sheet, list(section.columns), section.rows(data), row_kind)


EXPORT_SHEETS = {
    "kpi": (
        "核心指标",
        (
            Column("单位编码", "unit_code", width=9),
            Column("指标", "indicator_code", width=6),
            Column("分子", "numerator", "count", 8),
            Column("分母", "denominator", "count", 8),
            Column("实际", "actual", "decimal", 9),
            Column("目标", "target", "decimal", 8),
            Column("应达进度", "trajectory", "decimal", 9),
            Column("灯", "light", "light", 6),
        ),
    ),
    "rectification": (
        "整改情况",
        (
            Column("单位编码", "unit_code", width=9),
            Column("发现", "found", "count", 8),
            Column("已整改", "rectified", "count", 8),
            Column("整改率", "rate", "percent", 8),
            Column("整改中", "in_progress", "count", 8),
            Column("逾期", "overdue", "count", 8),
            Column("问题金额(万元)", "amount_found_wan", "wan", 15),
            Column("整改金额(万元)", "amount_rectified_wan", "wan", 15),
            Column("监督整改已销号", "supervision_closed", "count", 13),
        ),
    ),
    "outlook": (
        "预判明细",
        (
            Column("单位编码", "unit_code", width=9),
            Column("指标", "indicator_code", width=6),
            Column("实际", "actual", "decimal", 9),
            Column("每周进度", "pace_per_week", "decimal", 10),
            Column("节点时限", "due_on", width=11),
            Column("预计", "projected", "decimal", 10),
            Column("目标", "target", "decimal", 8),
            Column("存在风险", "at_risk", "bool", 9),
        ),
    ),
}


def _export_value(kind: str, value: object) -> object:
    if kind == "wan" and isinstance(value, str):
        return Decimal(value)
    return value


def build_xlsx(review: dict, tables: dict[str, list[dict]], *, source: str, month: dict | None = None) -> bytes:
    """The workbook: 概要, one sheet per section, then the week's export tables."""
    book = Workbook()
    summary = book.active
    summary.title = "概要"
    as_of = dt.date.fromisoformat(review["as_of"])
    for label, value in (
        ("报告周", review["week"]),
        ("统计截至", review["as_of"]),
        ("对比周", review["previous"]),
        ("数据来源", safe_text(source)),
        ("红灯事项", sum(i["light"] == "red" for i in review["off_track"])),
        ("黄灯事项", sum(i["light"] == "yellow" for i in review["off_track"])),
    ):
        summary.append([label, value])
    summary.column_dimensions["A"].width, summary.column_dimensions["B"].width = 12, 48
    for cell in summary["B"]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
    for section in WEEKLY:
        _section(book, section, review)
    for section in MONTHLY if month else ():
        _section(book, section, month)
    for what, (title, columns) in EXPORT_SHEETS.items():
        rows = [{k: _export_value(c.kind, r.get(k)) for c in columns for k in (c.key,)} for r in tables.get(what, [])]
        _write_table(book, title, list(columns), rows)
    stamp = dt.datetime.combine(as_of, dt.time(0, 0))
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = "杭州审计数字驾驶舱"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def source_words(meta: publish.Published | None) -> str:
    if meta is None:
        return "实时数据(未发布)"
    return f"已发布第{meta.version}版 · 发布人 {meta.published_by} · {meta.published_at:%Y-%m-%d %H:%M}"


def briefing_inputs(session: Session, config: Config, *, week: str, version: int | None) -> tuple[dict, dict, str]:
    """(review, export tables, source words): version None or 0 = live, N = published N."""
    if version:
        try:
            meta = publish.published(session, week=week, version=version)
            tables = {
                what: publish.published_rows(session, what=what, week=week, version=version) for what in EXPORT_SHEETS
            }
        except publish.NotPublished as problem:
            raise BriefingError(str(problem)) from None
        return meta.review, tables, source_words(meta)
    weeks.parse_week(week)
    tables = publish.live_tables(session, config, week=week)
    return weekly_review(session, config, week=week), tables, source_words(None)


def briefing_xlsx(engine: Engine, config: Config, *, week: str, version: int | None = None) -> bytes:
    with transaction(engine) as session:
        review, tables, source = briefing_inputs(session, config, week=week, version=version)
    if not tables.get("kpi") and not review["off_track"]:
        raise BriefingError(f"{week} 没有数据")
    return build_xlsx(review, tables, source=source)


def briefing_xlsx_bytes(config: Config, *, week: str, version: int | None = None) -> bytes:
    """The web app's xlsx (the store of the running app)."""
    from cockpit.db import get_engine
    from cockpit.store import settings

    return briefing_xlsx(get_engine(settings().db_url), config, week=week, version=version)


def publish_now(config: Config, *, week: str, by: str) -> int:
    """Publish `week` in the running app's store; returns the new version number."""
    from cockpit.db import get_engine
    from cockpit.store import settings

    with transaction(get_engine(settings().db_url)) as session:
        return publish.publish(session, config, week=week, by=by)
