"""The 挂图作战 timeline and task table (no callbacks here): one bar per milestone from the task's
previous due date to its own, coloured by its light, each unit's done date as a dot, and a
line at the report week's Sunday."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
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


def timeline_figure(rows: pd.DataFrame, config: Config, as_of: dt.date) -> go.Figure:
    """`rows`: cockpit.battle_map.board rows; milestones without rows are left out."""
    if rows.empty:
        return empty_figure("没有符合条件的任务节点")
    shown = set(rows["milestone_code"])
    bars = []
    for task in config.tasks:
        start = TIMELINE_START
        for m in task.milestones:
            if m.code in shown:
                mine = rows[rows["milestone_code"] == m.code]
                counts = mine["light"].value_counts().to_dict()
                bars.append((m, start, summary_light(mine["light"]), counts))
            start = m.due + dt.timedelta(days=1)
    labels = [f"{m.code} {_short(m.name)}" for m, *_ in bars]
    figure = go.Figure()
    figure.add_bar(
        orientation="h",
        y=labels,
        base=[start.isoformat() for _, start, *_ in bars],
        x=[(m.due - start).days * 86_400_000 + 86_400_000 for m, start, *_ in bars],
        marker={"color": [LIGHT_COLORS[light] for _, _, light, _ in bars], "line": {"width": 0}},
        opacity=0.85,
        customdata=[
            [
                m.code,
                m.due.isoformat(),
                m.lead,
                "、".join(m.co_responsible) or "—",
                LIGHT_WORDS[light],
                " ".join(f"{LIGHT_WORDS[k]}{counts.get(k, 0)}" for k in ("green", "yellow", "red", "grey")),
            ]
            for m, _, light, counts in bars
        ],
        hovertemplate=(
            "%{customdata[0]} 完成时限 %{customdata[1]}<br>牵头 %{customdata[2]} · 配合 %{customdata[3]}"
            "<br>%{customdata[4]}(各单位: %{customdata[5]})<extra></extra>"
        ),
        name="节点",
        showlegend=False,
    )
    done = rows[rows["done_on"].notna()]
    if not done.empty:
        label_of = {m.code: label for (m, *_), label in zip(bars, labels, strict=True)}
        figure.add_scatter(
            x=[d.isoformat() for d in done["done_on"]],
            y=[label_of[c] for c in done["milestone_code"]],
            mode="markers",
            marker={"size": 7, "color": "#ffffff", "line": {"width": 1.5, "color": "#1f2d3d"}, "symbol": "circle"},
            customdata=list(zip(done["milestone_code"], done["unit_name"], strict=True)),
            hovertemplate="%{customdata[0]} · %{customdata[1]} 完成于 %{x|%Y-%m-%d}<extra></extra>",
            name="单位完成日期",
        )
    figure.add_shape(
        type="line",
        x0=as_of.isoformat(),
        x1=as_of.isoformat(),
        y0=0,
        y1=1,
        yref="paper",
        line={"color": "#0b3d91", "width": 2, "dash": "dot"},
    )
    figure.add_annotation(
        x=as_of.isoformat(),
        y=1,
        yref="paper",
        yanchor="bottom",
        showarrow=False,
        text=f"本周日 {as_of:%Y-%m-%d}",
        font={"color": "#0b3d91"},
    )
    figure.update_layout(
        **base_layout(margin={"l": 230, "r": 24, "t": 40, "b": 56}, legend={"orientation": "h", "y": -0.06}),
        height=max(260, ROW_HEIGHT * len(bars) + 90),
        xaxis={"type": "date", "gridcolor": "#eef1f5", "tickformat": "%Y-%m", "side": "top"},
        yaxis={"autorange": "reversed", "categoryorder": "array", "categoryarray": labels},
        bargap=0.35,
    )
    return figure


def task_table(rows: pd.DataFrame, facts: pd.DataFrame, config: Config) -> html.Table:
    """One row per task with milestones shown: lead (排第一位), co-responsible, lights, and the
    indicators it drives with their city-wide figure, each opening its ledger rows."""
    by_code = {r["indicator_code"]: r for r in facts.to_dict("records")}
    body = []
    for task in config.tasks:
        mine = rows[rows["task_code"] == task.code]
        if mine.empty:
            continue
        counts = mine["light"].value_counts().to_dict()
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
