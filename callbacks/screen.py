"""The wall's callbacks: a cheap poll of the data version, a redraw only when it changed, the
red-alert scene, and (in the browser, assets/screen.js) rotation, the clock and the scale.

The poll answers "nothing new" with an empty 204 (every output no_update); the redraw returns
figures and children with the ids they had, so the wall updates in place: no blank frame, no
spinner, no reload. When the store cannot be reached the wall keeps what it shows and says
since when; the next poll that reaches it clears the line and redraws if needed.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from dash import (
    ALL,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    callback_context,
    clientside_callback,
    no_update,
)
from dash.exceptions import PreventUpdate

from callbacks import screen_scenes as scenes
from callbacks.district_map import DARK, district_map_figure, indicator_measure, score_measure
from cockpit import dashboard, geo, weeks
from cockpit.config import CITY_WIDE, Config
from cockpit.store import StoreUnavailable, config
from cockpit.supervise import open_supervision_counts
from pages import _ids as ids
from pages._district_map import unshaped_list
from pages._screen_params import MAP_SIZE
from pages._screen_parts import part

LINK_DOWN = "数据连接中断,显示的是 {at} 的数据"
ALERT_OTHERS = 6  # other units named on the alert scene at most


@callback(
    Output(ids.SCREEN_WANTED, "data"),
    Output(ids.SCREEN_LINK, "children"),
    Input(ids.SCREEN_POLL, "n_intervals"),
    State(ids.SCREEN_SHOWN, "data"),
    State(ids.SCREEN_LINK, "children"),
    prevent_initial_call=True,
)
def poll(n: int | None, shown: dict | None, link: object):  # noqa: ANN201
    """Has the store's data version moved past what the wall shows? One primary-key read."""
    try:
        version = dashboard.current_data_version()
    except StoreUnavailable:
        if link:
            raise PreventUpdate from None
        at = (shown or {}).get("at") or "--:--"
        return no_update, LINK_DOWN.format(at=at)
    if shown and shown.get("version") == version:
        if not link:
            raise PreventUpdate
        return no_update, None
    return {"version": version, "n": n}, None if link else no_update


def red_items(facts: pd.DataFrame) -> set[str]:
    """ "unit|indicator" of every red light in a week's indicator facts (全市 included)."""
    red = facts[facts["light"] == "red"]
    return {f"{u}|{k}" for u, k in zip(red["unit_code"], red["indicator_code"], strict=True)}


def turned_red(now: set[str], before: set[str]) -> dict[str, list[str]]:
    """unit -> indicator codes red now and not before, 全市 first, then by how many."""
    new: dict[str, list[str]] = {}
    for key in sorted(now - before):
        unit, code = key.split("|")
        new.setdefault(unit, []).append(code)
    return dict(sorted(new.items(), key=lambda item: (item[0] != CITY_WIDE, -len(item[1]), item[0])))


def alert_for(cfg: Config, new: dict[str, list[str]], facts: pd.DataFrame, token: str) -> dict | None:
    """The alert scene's content: the first unit that turned red, what did, the others named."""
    if not new:
        return None
    unit, codes = next(iter(new.items()))
    own = facts[facts["unit_code"] == unit].set_index("indicator_code")
    items = []
    for code in codes:
        indicator = cfg.indicator(code)
        fact = own.loc[code]
        label = indicator.unit_label or "项"
        actual = scenes.actual_text(fact["actual"], indicator.kind, label)
        items.append(
            (code, f"转为红灯:实际 {actual} / 目标 {scenes.target_text(fact['target'], indicator.kind, label)}")
        )
    others = [(u, c) for u, c in list(new.items())[1 : 1 + ALERT_OTHERS]]
    return {"token": token, "unit": unit, "items": items, "others": others}


def _previous_reds(week: str, before: dict | None) -> set[str] | None:
    """Red at the screen's previous refresh; on a fresh screen, red in the previous ISO week
    (None when that week has no facts: nothing to compare with)."""
    if before is not None:
        return set(before["reds"])
    previous = dashboard.indicator_facts(weeks.previous(week))
    return red_items(previous) if len(previous) else None


TILE_PARTS = (
    ("tile", "className"),
    ("tile-actual", "children"),
    ("tile-target", "children"),
    ("tile-light", "children"),
    ("spark", "figure"),
)
RANK_PARTS = (
    ("rank-no", "children"),
    ("rank-name", "children"),
    ("rank-score", "children"),
    ("rank-change", "children"),
    ("rank-change", "className"),
)
RECT_PARTS = (("rect-value", "children"), ("rect-stat", "className"))
TASK_PARTS = (("task-head", "className"), ("task-lead", "children"), ("ms-cell", "className"), ("ms-done", "children"))

REFRESH_OUTPUTS = [
    Output(ids.SCREEN_WEEK, "children"),
    Output(ids.SCREEN_LOADED, "children"),
    Output(ids.SCREEN_MISSING, "children"),
    *(Output(part(kind, ALL), prop) for kind, prop in TILE_PARTS),
    Output(ids.SCREEN_MAP, "figure"),
    Output(ids.SCREEN_MAP_TITLE, "children"),
    Output(ids.SCREEN_MAP_MISSING, "children"),
    *(Output(part(kind, ALL), prop) for kind, prop in RANK_PARTS),
    *(Output(part(kind, ALL), prop) for kind, prop in RECT_PARTS),
    Output(ids.SCREEN_RECT_UNITS, "figure"),
    Output(ids.SCREEN_RECT_MONTHS, "figure"),
    *(Output(part(kind, ALL), prop) for kind, prop in TASK_PARTS),
    Output(ids.SCREEN_ALERT_BODY, "children"),
    Output(ids.SCREEN_ALERT, "data"),
    Output(ids.SCREEN_REDS, "data"),
    Output(ids.SCREEN_SHOWN, "data"),
    Output(ids.SCREEN_PROBLEM, "children"),
]


@callback(
    *REFRESH_OUTPUTS,
    Input(ids.SCREEN_WANTED, "data"),
    State(ids.SCREEN_PARAMS, "data"),
    State(ids.SCREEN_REDS, "data"),
    State(ids.SCREEN_SHOWN, "data"),
    running=[(Output(ids.SCREEN_POLL, "disabled"), True, False)],  # no second poll while drawing
)
def refresh(wanted: dict | None, params: dict, before: dict | None, shown: dict | None):  # noqa: ANN201
    """Draw every scene for the wall's week (at first, and after the data version moved)."""
    try:
        version = dashboard.current_data_version()
        week = dashboard.resolve_week(params.get("week"))
        return _draw(config(), week, version, params, before)
    except StoreUnavailable as problem:
        if shown:  # keep the figures; the poll says the link is down
            raise PreventUpdate from None
        return _unchanged(problem=f"暂时无法显示数据:{problem}")


def supervision_line() -> str:
    """Open 督办 on the wall's header: how many, how many past their deadline (an aggregate)."""
    counts = open_supervision_counts()
    if counts.empty:
        return "督办:无未办结事项"
    overdue = int(counts["overdue"].sum())
    return f"督办未办结 {int(counts['open'].sum())} 项" + (f"(逾期未响应 {overdue} 项)" if overdue else "")


def _unchanged(*, problem: str) -> list:
    """Every output left as it is (a wildcard output needs one no_update per component) but the
    problem line, the last output."""
    values = [[no_update] * len(o) if isinstance(o, list) else no_update for o in callback_context.outputs_list]
    values[-1] = problem
    return values


def _draw(cfg: Config, week: str, version: int, params: dict, before: dict | None) -> list:
    facts = dashboard.indicator_facts(week)
    trend = dashboard.indicator_trend(week)
    ranking = dashboard.ranking(week)
    rect = dashboard.rectification_facts(week)
    by_month = dashboard.rectification_breakdown(week, "month")
    milestones = dashboard.milestone_facts(week)
    fresh = dashboard.freshness(week)
    now = dt.datetime.now()

    reds = red_items(facts)
    previous = _previous_reds(week, before)
    new = turned_red(reds, previous) if previous is not None else {}
    alert = alert_for(cfg, new, facts, token=f"{version}:{week}:{now:%H%M%S}")

    collection, unshaped = geo.shapes(cfg)
    names = {u.code: u.short for u in cfg.districts}
    indicator = cfg.indicator(params["indicator"]) if params.get("indicator") else None
    if indicator:
        measure = indicator_measure(indicator, facts)
        map_title = f"按 {indicator.code} {indicator.name} 着色"
    else:
        measure = score_measure(ranking)
        map_title = "按综合得分着色"
    view = geo.fit(collection, width=MAP_SIZE[0], height=MAP_SIZE[1])
    city_rect = rect[rect["unit_code"] == CITY_WIDE]
    missing = [cfg.unit(c).short for c in fresh.missing_units if cfg.has_unit(c)]
    frozen = f"(冻结于 {params['week']})" if params.get("week") else ""
    return [
        f"数据周 {week}(截至 {weeks.as_of(week):%m-%d}){frozen}",
        f"最近导入 {fresh.last_run_at:%m-%d %H:%M}" if fresh.last_run_at else "尚无导入记录",
        " · ".join([f"本周未报送:{'、'.join(missing)}" if missing else "本周各单位均已报送", supervision_line()]),
        *scenes.kpi_values(cfg, facts, trend),
        district_map_figure(collection, view, names, measure, theme=DARK),
        map_title,
        unshaped_list([cfg.unit(c).short for c in unshaped]),
        *scenes.ranking_values(cfg, ranking),
        *scenes.rect_values(city_rect.iloc[0] if len(city_rect) else None),
        scenes.rect_units_figure(cfg, rect),
        scenes.rect_months_figure(by_month),
        *scenes.task_values(cfg, milestones),
        scenes.alert_body(cfg, alert, facts) if alert else no_update,
        alert or no_update,  # an alert not shown yet stays until the wall has shown it
        {"week": week, "reds": sorted(reds)},
        {"version": version, "at": f"{now:%H:%M}"},
        None,
    ]


clientside_callback(
    ClientsideFunction("screen", "advance"),
    Output({"type": ids.SCREEN_SCENE, "name": ALL}, "className"),
    Output({"type": ids.SCREEN_PAGER, "name": ALL}, "className"),
    Output(ids.SCREEN_ROTATION, "data"),
    Input(ids.SCREEN_TICK, "n_intervals"),
    Input(ids.SCREEN_ALERT, "data"),
    State(ids.SCREEN_ROTATION, "data"),
    State(ids.SCREEN_PARAMS, "data"),
    State({"type": ids.SCREEN_SCENE, "name": ALL}, "id"),
)

clientside_callback(
    ClientsideFunction("screen", "clock"),
    Output(ids.SCREEN_CLOCK, "children"),
    Input(ids.SCREEN_CLOCK_TICK, "n_intervals"),
    State(ids.SCREEN_LINK, "children"),
)
