"""Plotly figures shared by several pages (no callbacks here): one look for every chart."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from cockpit import weeks
from cockpit.config import Config, Indicator
from pages._format import LIGHT_COLORS, LIGHT_LABELS

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif"


def base_layout(**extra: object) -> dict:
    return {
        "font": {"family": FONT, "size": 13, "color": "#1f2d3d"},
        "margin": {"l": 48, "r": 16, "t": 24, "b": 40},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "legend": {"orientation": "h", "y": -0.18},
        "hoverlabel": {"font": {"family": FONT}},
        **extra,
    }


def empty_figure(message: str) -> go.Figure:
    figure = go.Figure()
    figure.update_layout(
        **base_layout(xaxis={"visible": False}, yaxis={"visible": False}),
        annotations=[{"text": message, "showarrow": False, "font": {"size": 15, "color": "#6b7785"}}],
    )
    return figure


def indicator_trend_figure(trend: pd.DataFrame, indicator: Indicator, config: Config) -> go.Figure:
    """Actual by week, the target in force as a step line, the trajectory dashed, milestones marked."""
    if trend.empty:
        return empty_figure("该指标暂无数据")
    days = [weeks.as_of(w) for w in trend["week"]]
    rate = indicator.kind == "rate"
    scale = 100 if rate else 1
    suffix = "%" if rate else f" {indicator.unit_label}"
    figure = go.Figure()
    figure.add_scatter(
        x=days,
        y=trend["target"] * scale,
        name="当期目标",
        mode="lines",
        line={"shape": "hv", "color": "#7b8794", "width": 2},
        hovertemplate="%{x|%Y-%m-%d} 目标 %{y:.1f}" + suffix + "<extra></extra>",
    )
    figure.add_scatter(
        x=days,
        y=trend["trajectory"] * scale,
        name="应达进度",
        mode="lines",
        line={"dash": "dash", "color": "#9fb3c8", "width": 1.5},
        hovertemplate="%{x|%Y-%m-%d} 应达 %{y:.1f}" + suffix + "<extra></extra>",
    )
    figure.add_scatter(
        x=days,
        y=trend["actual"] * scale,
        name="实际值",
        mode="lines+markers",
        line={"color": "#1f5fbf", "width": 3},
        marker={"size": 5, "color": [LIGHT_COLORS.get(light, "#1f5fbf") for light in trend["light"]]},
        customdata=[LIGHT_LABELS.get(light, "") for light in trend["light"]],
        hovertemplate="%{x|%Y-%m-%d} 实际 %{y:.1f}" + suffix + " · %{customdata}<extra></extra>",
    )
    first, last = min(days), max(days)
    for milestone in config.milestones[1:]:
        if first <= milestone.due <= last:
            figure.add_vline(x=milestone.due, line={"color": "#cbd2d9", "width": 1, "dash": "dot"})
            figure.add_annotation(
                x=milestone.due,
                y=1,
                yref="paper",
                text=f"{milestone.code} {milestone.label}",
                showarrow=False,
                yanchor="bottom",
                font={"size": 11, "color": "#52606d"},
            )
    figure.update_layout(**base_layout(yaxis={"ticksuffix": suffix.strip() if rate else "", "rangemode": "tozero"}))
    return figure


def light_counts_figure(counts: pd.DataFrame, config: Config) -> go.Figure:
    """Stacked horizontal bars: how many units are green / yellow / red / grey per indicator."""
    if counts.empty:
        return empty_figure("暂无数据")
    codes = [i.code for i in config.indicators]
    labels = [f"{i.code} {i.name[:10]}" for i in config.indicators]
    figure = go.Figure()
    for light in ("green", "yellow", "red", "grey"):
        subset = counts[counts["light"] == light].set_index("indicator_code")["units"]
        figure.add_bar(
            y=labels,
            x=[int(subset.get(code, 0)) for code in codes],
            name=LIGHT_LABELS[light],
            orientation="h",
            marker={"color": LIGHT_COLORS[light]},
            hovertemplate="%{y}: %{x} 个单位 " + LIGHT_LABELS[light] + "<extra></extra>",
        )
    figure.update_layout(**base_layout(barmode="stack", yaxis={"autorange": "reversed"}, xaxis={"dtick": 1}))
    return figure
