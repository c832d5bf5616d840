"""区县 matrix: one row per unit in config, a cell per indicator (actual / target, by light), the
rectification rate, score and rank; a click on a cell opens the rows behind it.

The text helpers here (percent, actual-vs-target, light names) are shared with the unit page.
"""

from __future__ import annotations

import re
from typing import Any

import dash
from dash import Input, Output, State, callback, no_update

from callbacks.answers import cached_answer
from callbacks.drilldown import modal_outputs, modal_targets
from cockpit import dashboard
from cockpit.config import Config, Indicator
from cockpit.definitions import FINDINGS, indicator_definition
from cockpit.store import StoreUnavailable, config
from pages import _ids as ids
from pages._columns import records
from pages._format import LIGHT_WORDS, light_text, missing, percent, rank_change, target_text
from pages._shell import store_problem

KIND_NAMES = {"city": "市本级", "district": "区", "county": "县", "county_city": "县级市"}
# Words that say what kind of figure it is rather than which one; dropped for column headers.
_GENERIC_WORDS = re.compile(r"[“”\"]|应用场景|应用系统|主要|全过程|技术|业务领域")


def short_name(indicator: Indicator) -> str:
    """A column-width name: the config's `short` when it has one, else the name without generic words."""
    return getattr(indicator, "short", None) or _GENERIC_WORDS.sub("", indicator.name)


def cell_text(indicator: Indicator, fact: dict) -> str:
    """What a matrix cell reads: "83.3% / 100%", "2 / 1 项", "无台账 / 100%"."""
    label = indicator.unit_label or "项"
    target = target_text(fact["target"], indicator.kind, label)
    if indicator.kind == "count":
        return f"{int(fact['numerator'])} / {target}"
    return f"{short_percent(fact['actual']) if not missing(fact['actual']) else '无台账'} / {target}"


def short_percent(fraction: float) -> str:
    """83.3%, 100% (not 100.0%): matrix cells are narrow."""
    return percent(fraction).replace(".0%", "%")


def ratio_text(indicator: Indicator, fact: dict) -> str:
    """Numerator and denominator in words."""
    if indicator.kind == "count":
        return f"统计区间内完成 {int(fact['numerator'])} {indicator.unit_label or '项'}"
    denominator = 0 if missing(fact["denominator"]) else int(fact["denominator"])
    return f"已完成 {int(fact['numerator'])} / 台账 {denominator} 项"


def milestone_text(cfg: Config, code: str) -> str:
    milestone = next((m for m in cfg.milestones if m.code == code), None)
    return f"{code} {milestone.label}(截至 {milestone.due:%Y-%m-%d})" if milestone else code


def cell_tooltip(cfg: Config, indicator: Indicator, fact: dict, effective_week: str | None) -> str:
    label = indicator.unit_label or "项"
    trajectory = f"{fact['trajectory']:.2f} {label}" if indicator.kind == "count" else percent(fact["trajectory"])
    lines = [
        f"{indicator.code} {indicator.name}",
        ratio_text(indicator, fact),
        f"目标 {target_text(fact['target'], indicator.kind, label)} · 节点 {milestone_text(cfg, fact['milestone_code'])}",
        f"应达进度 {trajectory}",
        light_text(fact["light"]),
    ]
    if fact["carried_forward"]:
        lines.append(f"本周未报送,沿用 {effective_week or '此前'} 报送的数据")
    return "\n".join(lines)


def status_text(status: dict | None) -> str:
    if not status or not status.get("effective_week"):
        return "尚无报送"
    return "已报送" if status["submitted"] else "未报送 · 沿用"


def status_tip(status: dict | None) -> str:
    if not status or not status.get("effective_week"):
        return "截至本周该单位没有任何报送"
    if status["submitted"]:
        return "本周已报送"
    return f"本周未报送,各项数据沿用 {status['effective_week']} 报送的台账(按本周周日重新计算)"


def matrix_rows(cfg: Config, week: str) -> list[dict]:
    """One row per unit in config for `week`, with each indicator's value, text, light and tooltip."""
    facts = {(f["unit_code"], f["indicator_code"]): f for f in records(dashboard.indicator_facts(week))}
    status = {s["unit_code"]: s for s in records(dashboard.submission_status(week))}
    ranks = {r["unit_code"]: r for r in records(dashboard.ranking(week))}
    rects = {r["unit_code"]: r for r in records(dashboard.rectification_facts(week))}
    href = dash.get_relative_path("/districts")
    rows = []
    for unit in cfg.units:
        unit_status = status.get(unit.code)
        row: dict[str, Any] = {
            "code": unit.code,
            "unit": f"[{unit.name}]({href}/{unit.code}?week={week})",
            "name": unit.name,
            "kind": KIND_NAMES.get(unit.kind, unit.kind),
            "status": status_text(unit_status),
            "status_tip": status_tip(unit_status),
            "carried": bool(unit_status and unit_status.get("effective_week") and not unit_status["submitted"]),
        }
        for indicator in cfg.indicators:
            fact = facts.get((unit.code, indicator.code))
            code = indicator.code
            if not indicator.applies(unit.code):
                row |= {
                    code: None,
                    f"{code}_text": "不适用",
                    f"{code}_light": "na",
                    f"{code}_tip": "该指标不适用于本单位",
                }
            elif fact is None:
                row |= {
                    code: None,
                    f"{code}_text": "无数据",
                    f"{code}_light": "grey",
                    f"{code}_tip": "本周无该单位的数据",
                }
            else:
                effective = unit_status.get("effective_week") if unit_status else None
                row |= {
                    code: fact["numerator"] if indicator.kind == "count" else fact["actual"],
                    f"{code}_text": cell_text(indicator, fact),
                    f"{code}_light": fact["light"],
                    f"{code}_tip": cell_tooltip(cfg, indicator, fact, effective),
                    f"{code}_cf": bool(fact["carried_forward"]),
                }
        rect = rects.get(unit.code)
        row["rect"] = rect["rate"] if rect else None
        row["rect_text"] = rect_text(rect)
        rank = ranks.get(unit.code)
        row["score"] = rank["score"] if rank else None
        row["score_text"] = f"{rank['score']:.2f}" if rank else "—"
        row["score_tip"] = "" if unit.is_district else "市本级不参与区、县(市)排名"
        row["rank"] = rank["rank"] if rank else None
        row["rank_text"] = rank_text(rank)
        rows.append(row)
    return rows


def rank_text(rank: dict | None) -> str:
    if not rank:
        return "—"
    change = rank_change(rank.get("rank_change"))
    return f"{int(rank['rank'])} {change}" if change != "—" else str(int(rank["rank"]))


def rect_text(rect: dict | None) -> str:
    if not rect:
        return "无数据"
    if not rect["found"]:
        return "无发现问题"
    return f"{short_percent(rect['rate'])}({rect['rectified']}/{rect['found']})"


def _text_column(field: str, header: str, **extra: Any) -> dict:
    return {"field": field, "headerName": header, "valueFormatter": {"function": f"params.data.{field}_text"}, **extra}


def matrix_columns(cfg: Config) -> list[dict]:
    columns = [
        {
            "field": "unit",
            "headerName": "单位",
            "cellRenderer": "markdown",
            "pinned": "left",
            "sortable": False,
            "cellClass": "unit-cell",
            "minWidth": 92,
        },
        {"field": "kind", "headerName": "类型", "minWidth": 58},
        {
            "field": "status",
            "headerName": "本周报送",
            "cellClassRules": {"status-carried": "params.data.carried"},
            "tooltipField": "status_tip",
            "minWidth": 96,
        },
    ]
    for indicator in cfg.indicators:
        code = indicator.code
        columns.append(
            _text_column(
                code,
                f"{code} {short_name(indicator)}",
                headerTooltip=f"{indicator.name}\n{indicator_definition(cfg, code)}",
                tooltipField=f"{code}_tip",
                cellClass="light-cell",
                cellClassRules={
                    **{f"light-{light}": f"params.data.{code}_light == '{light}'" for light in (*LIGHT_WORDS, "na")},
                    "carried": f"params.data.{code}_cf",
                },
                wrapHeaderText=True,
                autoHeaderHeight=True,
                minWidth=100,
            )
        )
    columns += [
        _text_column("rect", "整改率", headerTooltip=FINDINGS["rate"], cellClass="rect-cell", minWidth=118),
        _text_column(
            "score",
            "得分",
            headerTooltip="区县得分:各适用指标达成度与整改率的加权平均 × 100",
            minWidth=70,
            tooltipField="score_tip",
        ),
        _text_column("rank", "排名", headerTooltip="区、县(市)排名;箭头为较上周名次变化", minWidth=76),
    ]
    return columns


@callback(
    Output(ids.DISTRICTS_GRID, "rowData"),
    Output(ids.DISTRICTS_GRID, "columnDefs"),
    Output(ids.DISTRICTS_MESSAGE, "children"),
    Input(ids.WEEK, "data"),
)
@cached_answer
def fill_matrix(week: str | None):  # noqa: ANN201
    cfg = config()
    if not week:
        return [], matrix_columns(cfg), None
    try:
        rows = matrix_rows(cfg, week)
    except StoreUnavailable as problem:
        return [], matrix_columns(cfg), store_problem(str(problem))
    return rows, matrix_columns(cfg), None


def drill_query(cell: dict | None, week: str | None) -> dict | None:
    """The drill query of a clicked matrix cell (an indicator or the rectification rate), else None."""
    if not cell or not week or not cell.get("rowId"):
        return None
    column, unit = cell.get("colId"), cell["rowId"]
    cfg = config()
    if column == "rect":
        return {"what": "findings", "unit": unit, "key": "found", "week": week}
    codes = {i.code for i in cfg.indicators if i.applies(unit)}
    if column in codes:
        return {"what": "ledger", "unit": unit, "key": column, "week": week}
    return None


@callback(
    *modal_targets(),
    Input(ids.DISTRICTS_GRID, "cellClicked"),
    State(ids.WEEK, "data"),
    prevent_initial_call=True,
)
def drill_cell(cell: dict | None, week: str | None):  # noqa: ANN201
    query = drill_query(cell, week)
    return (no_update,) * 7 if query is None else modal_outputs(query)
