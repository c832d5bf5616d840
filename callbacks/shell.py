"""The week bar: resolves the page's week, fills the picker and the freshness line, and moves the
URL when a person picks another week (so the link can be shared)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, no_update

from cockpit import dashboard
from cockpit.store import StoreUnavailable, config, figures_pending
from pages import _ids as ids
from pages._shell import store_problem


@callback(
    Output(ids.WEEK, "data"),
    Output(ids.WEEK_PICKER, "options"),
    Output(ids.WEEK_PICKER, "value"),
    Output(ids.FRESHNESS, "children"),
    Output(ids.STORE_ALERT, "children"),
    Input(ids.REQUESTED_WEEK, "data"),
)
def resolve_week(requested: str | None):  # noqa: ANN201
    try:
        week = dashboard.resolve_week(requested)
        options = [{"label": w, "value": w} for w in dashboard.available_weeks()]
        fresh = dashboard.freshness(week)
        updating = figures_pending()
    except StoreUnavailable as problem:
        return None, [], None, "", store_problem(str(problem))
    return week, options, week, freshness_text(week, fresh, requested), updating_notice() if updating else None


def updating_notice() -> dbc.Alert:
    """Shown while facts of accepted submissions are still being recomputed."""
    return dbc.Alert(
        "指标正在更新:最近导入的报送尚未全部计入,当前显示的是更新前的数字,请稍后刷新页面。",
        color="info",
        className="store-alert figures-updating",
    )


def freshness_text(week: str, fresh: dashboard.week_queries.Freshness, requested: str | None) -> str:
    names = [config().unit(code).short for code in fresh.missing_units if config().has_unit(code)]
    parts = [f"数据截至 {fresh.latest_week}", f"当前显示 {week}"]
    if requested and requested != week:
        parts.append(f"({requested} 无数据,已显示最近一周)")
    if fresh.last_run_at:
        parts.append(f"最近一次导入 {fresh.last_run_at:%Y-%m-%d %H:%M}")
    parts.append(f"本周未报送: {'、'.join(names)}" if names else "本周各单位均已报送")
    return " · ".join(parts)


@callback(
    Output(ids.URL, "search"),
    Input(ids.WEEK_PICKER, "value"),
    State(ids.WEEK, "data"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def pick_week(picked: str | None, shown: str | None, search: str | None):  # noqa: ANN201
    """Put the picked week in the URL, keeping its other parameters (a picked unit, say)."""
    if not picked or picked == shown:
        return no_update
    query = dict(parse_qsl((search or "").lstrip("?")))
    return "?" + urlencode({**query, "week": picked})
