"""The sections of the 周报 and 月清单 as tables: title, columns (Chinese header, value kind) and
the rows taken from `cockpit.review.weekly_review` / `cockpit.monthly.monthly_list`.

Written once and used by the page, the print page (the PDF) and the xlsx, so all three show the
same rows in the same order. Value kinds: text, percent, actual (percent or a count, by the
row's indicator), count, score, date, light, bool, wan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cockpit.outlook import outlook_words

LIGHT_WORDS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "grey": "灰色"}
KIND_WORDS = {"indicator": "指标", "findings": "整改", "milestone": "节点"}
CHANGE_WORDS = {"done": "完成", "late": "新增逾期"}


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: str = "text"
    width: int = 12  # characters, for the xlsx


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    sheet: str
    columns: tuple[Column, ...]
    rows: Callable[[dict], list[dict]]
    empty: str = "无"


def _unit(width: int = 12) -> Column:
    return Column("单位", "unit", width=width)


def _off_track(review: dict) -> list[dict]:
    rows = []
    for item in review["off_track"]:
        due = item.get("due_next") or {}
        if item["kind"] == "indicator":
            figure, target = item["actual"], item["target"]
        elif item["kind"] == "findings":
            figure, target = item["overdue"], None
        else:
            figure, target = item.get("progress"), None
        rows.append(
            {
                **item,
                "kind_word": KIND_WORDS[item["kind"]],
                "figure": figure,
                "figure_kind": "actual" if item["kind"] == "indicator" else "count",
                "target": target,
                "streak": f"连续{LIGHT_WORDS[item['light']]} {item['weeks']} 周",
                "due_next_text": f"{due.get('code', '')} {due.get('name', '')}".strip() if due else "—",
                "due_next_on": due.get("due_on") if due else None,
            }
        )
    return rows


def _outlook(review: dict) -> list[dict]:
    return [
        {**row, "words": outlook_words(row, kind=row["kind"], unit_label=row.get("unit_label", ""))}
        for row in review["outlook"]
        if row["at_risk"] or row["unit_code"] == "ALL"
    ]


def _changes(name: str) -> Callable[[dict], list[dict]]:
    return lambda review: review["changes"][name]


def _milestone_changes(review: dict) -> list[dict]:
    return [{**r, "change_word": CHANGE_WORDS[r["change"]]} for r in review["changes"]["milestones"]]


WEEKLY: tuple[Section, ...] = (
    Section(
        "off_track",
        "滞后事项(红灯在前,持续最久在前)",
        "滞后事项",
        (
            Column("灯", "light", "light", 6),
            Column("类别", "kind_word", width=6),
            _unit(),
            Column("事项", "item", width=36),
            Column("实际/逾期数", "figure", "figure", 12),
            Column("目标", "target", "actual", 8),
            Column("责任处室/单位", "responsible", width=14),
            Column("起始周", "since_week", width=10),
            Column("持续", "streak", width=14),
            Column("下一节点", "due_next_text", width=30),
            Column("时限", "due_next_on", "date", 11),
        ),
        _off_track,
    ),
    Section(
        "lights",
        "灯色变化(较上周)",
        "灯色变化",
        (
            _unit(),
            Column("指标", "indicator_code", width=6),
            Column("指标名称", "indicator", width=30),
            Column("上周", "light_before", "light", 6),
            Column("本周", "light_after", "light", 6),
            Column("上周实际", "actual_before", "actual", 10),
            Column("本周实际", "actual_after", "actual", 10),
        ),
        _changes("lights"),
    ),
    Section(
        "ranks",
        "名次变化",
        "名次变化",
        (
            _unit(),
            Column("上周名次", "rank_before", "count", 9),
            Column("本周名次", "rank_after", "count", 9),
            Column("变化", "rank_change", "count", 6),
            Column("上周得分", "score_before", "score", 9),
            Column("本周得分", "score_after", "score", 9),
        ),
        _changes("ranks"),
    ),
    Section(
        "overdue",
        "新增逾期整改问题",
        "新增逾期",
        (
            _unit(),
            Column("新增逾期", "new", "count", 9),
            Column("上周逾期", "overdue_before", "count", 9),
            Column("本周逾期", "overdue_after", "count", 9),
        ),
        _changes("overdue"),
    ),
    Section(
        "closed",
        "监督整改销号",
        "销号",
        (
            _unit(),
            Column("本周新增销号", "closed", "count", 12),
            Column("上周已销号", "closed_before", "count", 10),
            Column("本周已销号", "closed_after", "count", 10),
            Column("监督整改问题数", "supervision_found", "count", 12),
        ),
        _changes("closed"),
    ),
    Section(
        "milestones",
        "任务节点完成与新增逾期",
        "节点变化",
        (
            Column("节点", "milestone_code", width=7),
            Column("节点名称", "milestone", width=34),
            _unit(),
            Column("变化", "change_word", width=8),
            Column("时限", "due_on", "date", 11),
            Column("完成日期", "done_on", "date", 11),
            Column("上周", "light_before", "light", 6),
            Column("本周", "light_after", "light", 6),
        ),
        _milestone_changes,
    ),
    Section(
        "missing",
        "本周未报送单位",
        "未报送",
        (
            _unit(),
            Column("上周已报送", "submitted_before", "bool", 10),
            Column("依据报送周", "effective_week", width=11),
            Column("连续未报送(周)", "weeks_missing", "count", 13),
        ),
        _changes("missing"),
    ),
    Section(
        "due_milestones",
        "未来14天到期的任务节点",
        "14天内到期节点",
        (
            Column("时限", "due_on", "date", 11),
            Column("节点", "milestone_code", width=7),
            Column("节点名称", "milestone", width=34),
            _unit(),
            Column("进度(%)", "progress", "count", 8),
            Column("牵头处室", "responsible", width=12),
            Column("灯", "light", "light", 6),
        ),
        lambda review: review["due_soon"]["milestones"],
    ),
    Section(
        "due_findings",
        "未来14天到期的整改问题",
        "14天内到期整改",
        (
            Column("整改期限", "due_on", "date", 11),
            _unit(),
            Column("未整改问题数", "findings", "count", 12),
        ),
        lambda review: review["due_soon"]["findings"],
    ),
    Section(
        "outlook",
        "年底预判(全市各指标,及存在风险的单位)",
        "年底预判",
        (
            _unit(),
            Column("指标", "indicator_code", width=6),
            Column("指标名称", "indicator", width=28),
            Column("实际", "actual", "actual", 9),
            Column("近8周每周进度", "pace_per_week", "actual", 12),
            Column("节点时限", "due_on", "date", 11),
            Column("预计", "projected", "actual", 9),
            Column("目标", "target", "actual", 8),
            Column("预判", "words", width=40),
        ),
        _outlook,
    ),
)

MONTHLY: tuple[Section, ...] = (
    Section(
        "month_milestones",
        "本月到期的任务节点",
        "本月节点",
        (
            Column("时限", "due_on", "date", 11),
            Column("节点", "milestone_code", width=7),
            Column("节点名称", "milestone", width=34),
            _unit(),
            Column("牵头处室", "responsible", width=12),
            Column("进度(%)", "progress", "count", 8),
            Column("完成日期", "done_on", "date", 11),
            Column("状态", "state", width=10),
            Column("灯", "light", "light", 6),
        ),
        lambda month: month["milestones"],
    ),
    Section(
        "month_findings",
        "本月到期的整改问题(按整改期限)",
        "本月整改",
        (
            _unit(),
            Column("到期", "due", "count", 8),
            Column("按期整改", "on_time", "count", 9),
            Column("逾期整改", "late", "count", 9),
            Column("逾期未整改", "slipped", "count", 10),
            Column("未到期未整改", "open", "count", 12),
        ),
        lambda month: month["findings"],
    ),
)


def row_kind(column: Column, row: dict) -> str:
    """The kind of one cell: "actual" and "figure" follow the row's indicator."""
    if column.kind == "figure":
        return "percent" if row.get("figure_kind") == "actual" and row.get("value_kind") != "count" else "count"
    if column.kind == "actual":
        return "count" if (row.get("kind") == "count" or row.get("value_kind") == "count") else "percent"
    return column.kind
