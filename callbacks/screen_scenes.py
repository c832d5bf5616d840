"""What each scene of the wall shows, built from dashboard reads (aggregates only, no rows).

Components keep their ids from one refresh to the next, so a redraw updates them in place.
Sizes are for the fixed 1920×1080 canvas; nothing is smaller than 20 px.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from dash import html

from callbacks.charts import FONT
from cockpit import weeks
from cockpit.config import CITY_WIDE, Config, Indicator
from pages._format import LIGHT_WORDS, actual_text, count, missing, percent, rank_change, target_text
from pages._screen_parts import rank_slots

INK, MUTED, GRID = "#ffffff", "#a9b8d6", "#22345c"
TREND_FROM = "2023-W01"
RECT_UNITS = 14  # units in the by-unit chart (a province shows those with the most findings)
LIGHT_ORDER = ("red", "yellow", "green", "grey")  # worst first


def dark_layout(**extra: object) -> dict:
    return {
        "font": {"family": FONT, "size": 20, "color": INK},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "showlegend": False,
        **extra,
    }


def worst(lights: list[str]) -> str:
    return next((light for light in LIGHT_ORDER if light in lights), "grey")


def sparkline(trend: pd.DataFrame, indicator: Indicator) -> go.Figure:
    """The indicator's city-wide actual since 2023, and its target in force as a dashed step."""
    trend = trend[trend["week"] >= TREND_FROM]
    days = [weeks.as_of(w) for w in trend["week"]]
    scale = 1 if indicator.kind == "count" else 100
    figure = go.Figure(
        [
            go.Scatter(
                x=days, y=trend["target"] * scale, mode="lines", line={"color": MUTED, "dash": "dash", "width": 2}
            ),
            go.Scatter(x=days, y=trend["actual"] * scale, mode="lines", line={"color": "#5cc8ff", "width": 4}),
        ]
    )
    figure.update_layout(
        **dark_layout(margin={"l": 62, "r": 8, "t": 8, "b": 34}),
        width=270,
        height=190,
        xaxis={"tickformat": "%y年%-m月", "nticks": 3, "tickfont": {"size": 20}, "gridcolor": GRID, "showline": False},
        yaxis={
            "tickfont": {"size": 20},
            "gridcolor": GRID,
            "ticksuffix": "" if indicator.kind == "count" else "%",
            "rangemode": "tozero",
            "nticks": 3,
        },
    )
    return figure


def kpi_values(cfg: Config, facts: pd.DataFrame, trend: pd.DataFrame) -> list[list]:
    """Per indicator (config order): tile class, actual, target line, light word, sparkline."""
    city = facts[facts["unit_code"] == CITY_WIDE].set_index("indicator_code")
    classes, actuals, targets, lights, sparks = [], [], [], [], []
    for indicator in cfg.indicators:
        fact = city.loc[indicator.code] if indicator.code in city.index else None
        light = fact["light"] if fact is not None else "grey"
        label = indicator.unit_label or "项"
        target = target_text(fact["target"], indicator.kind, label) if fact is not None else "—"
        classes.append(f"screen-tile light-{light}")
        actuals.append(actual_text(fact["actual"], indicator.kind, label) if fact is not None else "—")
        targets.append(f"目标 {target} · {_ratio(indicator, fact)}".replace(" 项", "项"))
        lights.append(LIGHT_WORDS.get(light, light))
        sparks.append(sparkline(trend[trend["indicator_code"] == indicator.code], indicator))
    return [classes, actuals, targets, lights, sparks]


def _ratio(indicator: Indicator, fact: pd.Series | None) -> str:
    if fact is None:
        return "无数据"
    if indicator.kind == "count":
        return "全市合计"
    denominator = 0 if missing(fact["denominator"]) else int(fact["denominator"])
    return f"{int(fact['numerator'])}/{denominator} 项"


def ranking_values(cfg: Config, ranking: pd.DataFrame) -> list[list]:
    """Per ranking slot (one per configured district): rank, name, score, change and its class."""
    slots = rank_slots(cfg)
    rows = list(ranking.itertuples())[:slots]
    numbers, names, scores, changes, classes = [], [], [], [], []
    for r in rows:
        change = rank_change(r.rank_change)
        direction = "up" if change.startswith("↑") else "down" if change.startswith("↓") else "same"
        numbers.append(str(int(r.rank)))
        names.append(cfg.unit(r.unit_code).short if cfg.has_unit(r.unit_code) else r.unit_code)
        scores.append(f"{r.score:.2f}")
        changes.append(change)
        classes.append(f"rank-change {direction}")
    blank = slots - len(rows)
    return [
        numbers + [""] * blank,
        names + [""] * blank,
        scores + [""] * blank,
        changes + [""] * blank,
        classes + ["rank-change"] * blank,
    ]


def rect_values(city: pd.Series | None) -> list[list]:
    """The six headline figures (pages._screen_parts.RECT_STATS) and their classes."""
    if city is None:
        return [["—"] * 6, ["rect-stat"] * 6]
    values = [
        count(city["found"]),
        count(city["rectified"]),
        percent(city["rate"]),
        count(city["in_progress"]),
        count(city["overdue"]),
        f"{city['amount_wan_found']:,.0f}",
    ]
    tones = ["", "good", "", "", "bad" if city["overdue"] else "", ""]
    return [values, [f"rect-stat {t}".strip() for t in tones]]


def rect_units_figure(cfg: Config, facts: pd.DataFrame) -> go.Figure:
    """Per unit: rectified and in progress (stacked), overdue written at the bar's end."""
    rows = facts[facts["unit_code"] != CITY_WIDE].sort_values("found").tail(RECT_UNITS)
    names = [cfg.unit(c).short if cfg.has_unit(c) else c for c in rows["unit_code"]]
    figure = go.Figure(
        [
            go.Bar(y=names, x=rows["rectified"], orientation="h", name="已整改", marker_color="#1c8f4c"),
            go.Bar(y=names, x=rows["in_progress"], orientation="h", name="整改中", marker_color="#d9a21b"),
            go.Scatter(
                y=names,
                x=rows["found"],
                mode="text",
                text=[f"  逾期 {o}" if o else "" for o in rows["overdue"]],
                textposition="middle right",
                textfont={"size": 20, "color": "#ff7b7b"},
                showlegend=False,
            ),
        ]
    )
    top = float(rows["found"].max()) if len(rows) else 1.0
    figure.update_layout(
        **dark_layout(margin={"l": 90, "r": 20, "t": 50, "b": 40}, showlegend=True),
        barmode="stack",
        width=1000,
        height=630,
        title={"text": f"按单位(问题最多的 {RECT_UNITS} 个):已整改 / 整改中,逾期标红", "font": {"size": 24}, "x": 0.01},
        legend={"orientation": "h", "x": 0.55, "y": 1.1, "font": {"size": 20}, "traceorder": "normal"},
        xaxis={"gridcolor": GRID, "tickfont": {"size": 20}, "range": [0, top * 1.25]},
        yaxis={"tickfont": {"size": 22}},
    )
    return figure


def rect_months_figure(by_month: pd.DataFrame) -> go.Figure:
    """Found per month (the last 12), and how many of them are rectified by now."""
    rows = by_month.sort_values("month").tail(12)
    figure = go.Figure(
        [
            go.Bar(x=rows["month"], y=rows["found"], name="发现", marker_color="#3d7ff2"),
            go.Bar(x=rows["month"], y=rows["rectified"], name="其中已整改", marker_color="#1c8f4c"),
        ]
    )
    figure.update_layout(
        **dark_layout(margin={"l": 60, "r": 10, "t": 50, "b": 70}, showlegend=True),
        barmode="group",
        width=820,
        height=630,
        title={"text": "按发现月份(近 12 个月)", "font": {"size": 24}, "x": 0.01},
        legend={"orientation": "h", "x": 0.45, "y": 1.1, "font": {"size": 20}},
        xaxis={"tickfont": {"size": 20}, "tickangle": -45, "type": "category"},
        yaxis={"gridcolor": GRID, "tickfont": {"size": 20}},
    )
    return figure


def task_values(cfg: Config, milestones: pd.DataFrame) -> list[list]:
    """Per task: head class and lead line; per milestone (config order): cell class, done count."""
    head_classes, leads, cell_classes, dones = [], [], [], []
    for task in cfg.tasks:
        lights = []
        for milestone in task.milestones:
            facts = milestones[milestones["milestone_code"] == milestone.code]
            light = worst(list(facts["light"]))
            lights.append(light)
            cell_classes.append(f"ms-cell light-{light}")
            dones.append(f"完成 {int(facts['done_on'].notna().sum())}/{len(facts)}")
        head_classes.append(f"task-head light-{worst(lights)}")
        leads.append(f"牵头 {task.responsible[0]} · {LIGHT_WORDS[worst(lights)]}")
    return [head_classes, leads, cell_classes, dones]


def alert_body(cfg: Config, alert: dict, facts: pd.DataFrame) -> list:
    """The unit (or 全市) that turned red, what turned red, and its indicators now."""
    unit = alert["unit"]
    name = "全市" if unit == CITY_WIDE else cfg.unit(unit).name if cfg.has_unit(unit) else unit
    lines = [
        html.Div(
            [
                html.Span(f"{code} ", className="alert-code"),
                cfg.indicator(code).name,
                html.Span(f" {text}", className="alert-figure"),
            ],
            className="alert-line",
        )
        for code, text in alert["items"]
    ]
    own = facts[facts["unit_code"] == unit].set_index("indicator_code")
    chips = [
        html.Span(
            f"{i.code} {LIGHT_WORDS.get(own.loc[i.code, 'light'], '')}",
            className=f"alert-chip light-{own.loc[i.code, 'light']}",
        )
        for i in cfg.indicators
        if i.code in own.index
    ]
    others = [f"{cfg.unit(u).short if cfg.has_unit(u) else '全市'} {'、'.join(codes)}" for u, codes in alert["others"]]
    return [
        html.Div([html.Span(name, className="alert-unit"), " 出现新红灯"], className="alert-head"),
        html.Div(lines, className="alert-lines"),
        html.Div(chips, className="alert-chips"),
        html.Div("其他新红灯: " + ";".join(others), className="alert-others") if others else None,
    ]
