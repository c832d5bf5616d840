"""总览 callbacks: indicator cards, trend, light counts, rectification headline."""

from __future__ import annotations

from dash import Input, Output, callback

from callbacks.answers import cached_answer
from callbacks.cards import indicator_card, rectification_cards
from callbacks.charts import empty_figure, indicator_trend_figure, light_counts_figure
from cockpit import dashboard
from cockpit.config import CITY_WIDE
from cockpit.store import StoreUnavailable, config
from pages import _ids as ids


@callback(
    Output(ids.OVERVIEW_CARDS, "children"),
    Output(ids.OVERVIEW_LIGHTS, "figure"),
    Output(ids.OVERVIEW_RECT, "children"),
    Output(ids.OVERVIEW_TREND_PICKER, "options"),
    Output(ids.OVERVIEW_TREND_PICKER, "value"),
    Input(ids.WEEK, "data"),
)
@cached_answer
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
    by_code = {row["indicator_code"]: row for row in facts.to_dict("records")}
    cards = [indicator_card(CITY_WIDE, i, by_code.get(i.code)) for i in config().indicators]
    headline = rectification_cards(CITY_WIDE, rect.iloc[0] if not rect.empty else None)
    return cards, light_counts_figure(counts, config()), headline, options, options[0]["value"]


@callback(Output(ids.OVERVIEW_TREND, "figure"), Input(ids.OVERVIEW_TREND_PICKER, "value"), Input(ids.WEEK, "data"))
@cached_answer
def show_trend(code: str | None, week: str | None):  # noqa: ANN201
    if not code or not week:
        return empty_figure("暂无数据")
    try:
        trend = dashboard.indicator_trend(week)
    except StoreUnavailable as problem:
        return empty_figure(str(problem))
    return indicator_trend_figure(trend[trend["indicator_code"] == code], config().indicator(code), config())
