"""总览 callbacks: indicator cards, trend, light counts, rectification headline."""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, callback, html

from callbacks.charts import empty_figure, indicator_trend_figure, light_counts_figure
from cockpit import dashboard
from cockpit.config import CITY_WIDE, Indicator
from cockpit.definitions import finding_definition, indicator_definition
from cockpit.store import StoreUnavailable, config
from pages import _ids as ids
from pages._format import LIGHT_LABELS, actual_text, count, percent, target_text, wan
from pages._shell import number_link


def indicator_card(indicator: Indicator, fact: pd.Series | None) -> html.Div:
    """One core indicator city-wide: actual vs target, light, numerator/denominator to drill into."""
    if fact is None:
        return html.Div(
            [html.Div(indicator.code, className="kpi-code"), html.Div(indicator.name, className="kpi-name"),
             html.Div("—", className="kpi-actual"), html.Div("本周无数据", className="kpi-target")],
            className="kpi-card light-grey",
        )
    light = fact["light"]
    label = indicator.unit_label or "项"
    if indicator.kind == "count":
        ratio = f"{int(fact['numerator'])} {label}"
    else:
        ratio = f"{int(fact['numerator'])} / {int(fact['denominator'])}"
    return html.Div(
        [
            html.Div([html.Span(indicator.code, className="kpi-code"), html.Span(LIGHT_LABELS[light], className="kpi-light")],
                     className="kpi-top"),
            html.Div(indicator.name, className="kpi-name", title=indicator.seed_name),
            html.Div(actual_text(fact["actual"], indicator.kind, label), className="kpi-actual"),
            html.Div(
                [
                    html.Span(f"目标 {target_text(fact['target'], indicator.kind, label)}({fact['milestone_code']})"),
                    html.Span(f"应达 {actual_text(fact['trajectory'], indicator.kind, label)}" if indicator.kind == "rate"
                              else f"应达 {fact['trajectory']:.1f} {label}"),
                ],
                className="kpi-target",
            ),
            number_link(ratio, ids.drill("ledger", CITY_WIDE, indicator.code), indicator_definition(config(), indicator.code),
                        "kpi-ratio"),
        ],
        className=f"kpi-card light-{light}",
        id={"type": "kpi-card", "index": indicator.code},
    )


@callback(
    Output(ids.OVERVIEW_CARDS, "children"),
    Output(ids.OVERVIEW_LIGHTS, "figure"),
    Output(ids.OVERVIEW_RECT, "children"),
    Output(ids.OVERVIEW_TREND_PICKER, "options"),
    Output(ids.OVERVIEW_TREND_PICKER, "value"),
    Input(ids.WEEK, "data"),
)
def show_week(week: str | None):  # noqa: ANN201
    options = [{"label": f"{i.code} {i.name}", "value": i.code} for i in config().indicators]
    if not week:
        return [], empty_figure("暂无数据"), [], options, options[0]["value"]
    try:
        facts = dashboard.indicator_facts(week, (CITY_WIDE,))
        counts = dashboard.light_counts(week)
        rect = dashboard.rectification_facts(week, (CITY_WIDE,))
    except StoreUnavailable as problem:
        return [], empty_figure(str(problem)), [], options, options[0]["value"]
    by_code = {row.indicator_code: row for _, row in facts.iterrows()}
    cards = [indicator_card(i, by_code.get(i.code)) for i in config().indicators]
    return cards, light_counts_figure(counts, config()), rectification_headline(rect), options, options[0]["value"]


def rectification_headline(rect: pd.DataFrame) -> list:
    if rect.empty:
        return [html.Div("本周无整改数据", className="muted")]
    r = rect.iloc[0]

    def stat(label: str, text: str, kind: str | None, definition: str) -> html.Div:
        value = number_link(text, ids.drill("findings", CITY_WIDE, kind), definition) if kind else html.Span(text, title=definition)
        return html.Div([html.Div(value, className="stat-value"), html.Div(label, className="stat-label")], className="stat")

    return [
        stat("发现问题", count(r["found"]), "found", finding_definition("found")),
        stat("已整改", count(r["rectified"]), "rectified", finding_definition("rectified")),
        stat("整改率", percent(r["rate"]), None, finding_definition("rate")),
        stat("整改中", count(r["in_progress"]), "open", finding_definition("open")),
        stat("逾期未整改", count(r["overdue"]), "overdue", finding_definition("overdue")),
        stat("问题金额(万元)", wan(r["amount_wan_found"]), None, finding_definition("amount")),
        stat("整改金额(万元)", wan(r["amount_wan_rectified"]), None, finding_definition("amount")),
        stat("监督整改已销号", f"{count(r['supervision_closed'])} / {count(r['supervision_found'])}", "closed",
             finding_definition("closed")),
    ]


@callback(Output(ids.OVERVIEW_TREND, "figure"), Input(ids.OVERVIEW_TREND_PICKER, "value"), Input(ids.WEEK, "data"))
def show_trend(code: str | None, week: str | None):  # noqa: ANN201
    if not code or not week:
        return empty_figure("暂无数据")
    try:
        trend = dashboard.indicator_trend(week)
    except StoreUnavailable as problem:
        return empty_figure(str(problem))
    return indicator_trend_figure(trend[trend["indicator_code"] == code], config().indicator(code), config())
