"""The 挂图作战 timeline and task table (no callbacks here): one bar per milestone from the task's
previous due date to its own, coloured by its light, each unit's done date as a dot, and a
line at the report week's Sunday."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go  # noqa: TC002 - the empty figure's type
from dash import html

from callbacks.charts import base_layout, empty_figure
from cockpit.battle_map import summary_light
from cockpit.config import Config
from cockpit.definitions import indicator_definition
from pages import _ids as ids
from pages._format import LIGHT_COLORS, LIGHT_WORDS, actual_text, target_text
from pages._shell import number_link

TIMELINE_START = dt.date(2023, 1, 1)
ROW_HEIGHT = 30


def _short(text: str, size: int = 18) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def timeline_figure(rows: pd.DataFrame, config: Config, as_of: dt.date) -> dict | go.Figure:
    """`rows`: cockpit.battle_map.board rows; milestones without rows are left out. A plain dict
    figure (plotly's validation of a Figure costs more than the whole query here)."""
    if rows.empty:
        return empty_figure("没有符合条件的任务节点")
    lights: dict[str, list[str]] = {}
    done_points: list[tuple[str, str, str]] = []
    for code, light, done_on, unit in zip(
        rows["milestone_code"], rows["light"], rows["done_on"], rows["unit_name"], strict=True
    ):
        lights.setdefault(code, []).append(light)
        if isinstance(done_on, dt.date):
            done_points.append((code, done_on.isoformat(), unit))
    bars = []
    for task in config.tasks:
        start = TIMELINE_START
        for m in task.milestones:
            if m.code in lights:
                counts = {k: lights[m.code].count(k) for k in ("green", "yellow", "red", "grey")}
                bars.append((m, start, summary_light(lights[m.code]), counts))
            start = m.due + dt.timedelta(days=1)
    label_of = {m.code: f"{m.code} {_short(m.name)}" for m, *_ in bars}
    labels = list(label_of.values())
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": labels,
            "base": [start.isoformat() for _, start, *_ in bars],
            "x": [((m.due - start).days + 1) * 86_400_000 for m, start, *_ in bars],
            "marker": {"color": [LIGHT_COLORS[light] for _, _, light, _ in bars], "line": {"width": 0}},
            "opacity": 0.85,
            "customdata": [
                [
                    m.code,
                    m.due.isoformat(),
                    m.lead,
                    "、".join(m.co_responsible) or "—",
                    LIGHT_WORDS[light],
                    " ".join(f"{LIGHT_WORDS[k]}{counts[k]}" for k in ("green", "yellow", "red", "grey")),
                ]
                for m, _, light, counts in bars
            ],
            "hovertemplate": (
                "%{customdata[0]} 完成时限 %{customdata[1]}<br>牵头 %{customdata[2]} · 配合 %{customdata[3]}"
                "<br>%{customdata[4]}(各单位: %{customdata[5]})<extra></extra>"
            ),
            "name": "节点",
            "showlegend": False,
        }
    ]
    if done_points:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [day for _, day, _ in done_points],
                "y": [label_of[code] for code, _, _ in done_points],
                "marker": {"size": 7, "color": "#ffffff", "line": {"width": 1.5, "color": "#1f2d3d"}},
                "customdata": [[code, unit] for code, _, unit in done_points],
                "hovertemplate": "%{customdata[0]} · %{customdata[1]} 完成于 %{x|%Y-%m-%d}<extra></extra>",
                "name": "单位完成日期",
            }
        )
    today = as_of.isoformat()
    layout = base_layout(margin={"l": 230, "r": 24, "t": 40, "b": 56}, legend={"orientation": "h", "y": -0.06})
    layout.update(
        height=max(260, ROW_HEIGHT * len(bars) + 90),
        xaxis={"type": "date", "gridcolor": "#eef1f5", "tickformat": "%Y-%m", "side": "top"},
        yaxis={"autorange": "reversed", "categoryorder": "array", "categoryarray": labels, "automargin": True},
        bargap=0.35,
        shapes=[
            {
                "type": "line",
                "x0": today,
                "x1": today,
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": "#0b3d91", "width": 2, "dash": "dot"},
            }
        ],
        annotations=[
            {
                "x": today,
                "y": 0,
                "yref": "paper",
                "yanchor": "top",
                "showarrow": False,
                "text": f"本周日 {as_of:%Y-%m-%d}",
                "font": {"color": "#0b3d91"},
            }
        ],
    )
    return {"data": data, "layout": layout}


def task_table(rows: pd.DataFrame, facts: pd.DataFrame, config: Config) -> html.Table:
    """One row per task with milestones shown: lead (排第一位), co-responsible, lights, and the
    indicators it drives with their city-wide figure, each opening its ledger rows."""
    by_code = {r["indicator_code"]: r for r in facts.to_dict("records")}
    per_task: dict[str, dict[str, int]] = {}
    for task_code, light in zip(rows["task_code"], rows["light"], strict=True):
        per_task.setdefault(task_code, {}).setdefault(light, 0)
        per_task[task_code][light] += 1
    body = []
    for task in config.tasks:
        if task.code not in per_task:
            continue
        counts = per_task[task.code]
        chips = []
        for code in task.indicators:
            indicator = config.indicator(code)
            fact = by_code.get(code)
            text = (
                code
                if fact is None
                else (
                    f"{code} {actual_text(fact['actual'], indicator.kind, indicator.unit_label)}"
                    f" / {target_text(fact['target'], indicator.kind, indicator.unit_label)}"
                )
            )
            chips.append(
                number_link(
                    text,
                    ids.drill("ledger", "ALL", code),
                    indicator_definition(config, code),
                    f"indicator-chip light-{fact['light'] if fact else 'grey'}",
                )
            )
        body.append(
            html.Tr(
                [
                    html.Td(task.code, className="task-code"),
                    html.Td([html.Div(task.name, className="task-name"), html.Div(task.group, className="muted")]),
                    html.Td(task.responsible[0] if task.responsible else "—"),
                    html.Td("、".join(task.responsible[1:]) or "—", className="task-co"),
                    html.Td(
                        [
                            html.Span(f"{LIGHT_WORDS[k]} {counts.get(k, 0)}", className=f"light-badge light-{k}")
                            for k in ("red", "yellow", "green", "grey")
                        ]
                    ),
                    html.Td(chips),
                ]
            )
        )
    head = html.Thead(
        html.Tr(
            [html.Th(t) for t in ("任务", "名称", "牵头(排第一位)", "配合单位", "节点亮灯(单位数)", "关联指标(全市)")]
        )
    )
    return html.Table([head, html.Tbody(body)], className="table table-sm tasks-table")
