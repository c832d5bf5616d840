"""The weekly workbook's column contract (DESIGN §5): one place for names, aliases and rules.

Both the reader (validation) and the writers (demo data, the template download) use it, so a
header renamed here is renamed everywhere.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["text", "code", "date", "amount", "percent", "status"]


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    type: ColumnType
    required: bool = True


@dataclass(frozen=True)
class Sheet:
    key: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    required: bool = True

    def column(self, key: str) -> Column:
        return self.by_key[key]

    @functools.cached_property
    def by_key(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}


COVER = Sheet(
    "cover",
    "封面",
    "cover",
    (
        Column("unit_code", "单位编码", "unit_code", "code"),
        Column("report_week", "报告周", "report_week", "code"),
        Column("reporter", "填报人", "reporter", "text", required=False),
        Column("phone", "联系电话", "phone", "text", required=False),
    ),
)

LEDGER = Sheet(
    "ledger",
    "指标台账",
    "ledger",
    (
        Column("indicator_code", "指标编码", "indicator_code", "code"),
        Column("item_id", "事项编号", "item_id", "code"),
        Column("item_name", "事项名称", "item_name", "text"),
        Column("status", "状态", "status", "status"),
        Column("done_on", "完成日期", "done_on", "date", required=False),
        Column("note", "备注", "note", "text", required=False),
    ),
)

RECTIFICATION = Sheet(
    "rectification",
    "整改台账",
    "rectification",
    (
        Column("issue_id", "问题编号", "issue_id", "code"),
        Column("audit_project", "审计项目", "audit_project", "text"),
        Column("category", "问题类别", "category", "text"),
        Column("summary", "问题摘要", "summary", "text", required=False),
        Column("amount_wan", "问题金额(万元)", "amount_wan", "amount"),
        Column("found_on", "发现日期", "found_on", "date"),
        Column("due_on", "整改期限", "due_on", "date"),
        Column("status", "整改状态", "status", "status"),
        Column("rectified_on", "整改日期", "rectified_on", "date", required=False),
        Column("origin", "问题来源", "origin", "status"),
        Column("closed_on", "销号日期", "closed_on", "date", required=False),
    ),
)

TASK_PROGRESS = Sheet(
    "task_progress",
    "任务进度",
    "task_progress",
    (
        Column("task_code", "任务编码", "task_code", "code"),
        Column("milestone_code", "节点编码", "milestone_code", "code"),
        Column("progress_pct", "进度(%)", "progress_pct", "percent"),
        Column("status", "状态", "status", "status"),
        Column("done_on", "完成日期", "done_on", "date", required=False),
        Column("note", "说明", "note", "text", required=False),
    ),
    required=False,
)

FEATURED_WORK = Sheet(
    "featured_work",
    "特色工作",
    "featured_work",
    (
        Column("title", "标题", "title", "text"),
        Column("category", "类别", "category", "text"),
        Column("date", "日期", "date", "date"),
        Column("summary", "摘要", "summary", "text"),
    ),
    required=False,
)

SHEETS: tuple[Sheet, ...] = (COVER, LEDGER, RECTIFICATION, TASK_PROGRESS, FEATURED_WORK)
TABLE_SHEETS: tuple[Sheet, ...] = (LEDGER, RECTIFICATION, TASK_PROGRESS, FEATURED_WORK)

LEDGER_STATUSES = ("未启动", "推进中", "已完成")
DONE = "已完成"
DONE_SYNONYMS = ("已上线", "已接入", "已覆盖", "已推出")
RECT_STATUSES = ("未整改", "整改中", "已整改")
RECTIFIED = "已整改"
ORIGINS = ("审计整改", "监督整改")
SUPERVISION = "监督整改"


def fold(text: object) -> str:
    """Header/label matching key: full-width folded (NFKC), spaces removed, case folded."""
    folded = unicodedata.normalize("NFKC", str(text))
    return "".join(folded.split()).casefold()
