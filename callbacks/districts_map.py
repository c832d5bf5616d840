"""The district map on /districts: coloured by score (or the picked indicator) for the page's
week; a click on a district opens its unit page."""

from __future__ import annotations

from urllib.parse import urlencode

from dash import Input, Output, State, callback, no_update

from callbacks.answers import cached_answer
from callbacks.district_map import district_map_figure, indicator_measure, score_measure
from cockpit import dashboard, geo
from cockpit.store import StoreUnavailable, config
from pages import _ids as ids
from pages._district_map import DESK_MAP_SIZE, unshaped_list


@callback(
    Output(ids.DISTRICT_MAP, "figure"),
    Output(ids.DISTRICT_MAP_UNSHAPED, "children"),
    Input(ids.WEEK, "data"),
    Input(ids.DISTRICTS_MAP_INDICATOR, "value"),
)
@cached_answer
def draw_map(week: str | None, indicator_code: str | None):  # noqa: ANN201
    if not week:
        return no_update, no_update
    cfg = config()
    try:
        if indicator_code and indicator_code in {i.code for i in cfg.indicators}:
            measure = indicator_measure(cfg.indicator(indicator_code), dashboard.indicator_facts(week))
        else:
            measure = score_measure(dashboard.ranking(week))
    except StoreUnavailable:
        return no_update, no_update
    collection, unshaped = geo.shapes(cfg)
    view = geo.fit(collection, width=DESK_MAP_SIZE[0], height=DESK_MAP_SIZE[1])
    names = {u.code: u.short for u in cfg.districts}
    figure = district_map_figure(collection, view, names, measure)
    return figure, unshaped_list([cfg.unit(c).short for c in unshaped])


@callback(
    Output(ids.URL, "href"),
    Input(ids.DISTRICT_MAP, "clickData"),
    State(ids.WEEK, "data"),
    prevent_initial_call=True,
)
def open_district(click: dict | None, week: str | None):  # noqa: ANN201
    """A click on a district opens /districts/<code>: trace i of the map is the i-th shape."""
    points = (click or {}).get("points") if isinstance(click, dict) else None
    curve = (
        points[0].get("curveNumber") if isinstance(points, list) and points and isinstance(points[0], dict) else None
    )
    features = geo.shapes(config())[0]["features"]
    if not isinstance(curve, int) or isinstance(curve, bool) or not 0 <= curve < len(features):
        return no_update
    code = features[curve]["id"]
    return f"/districts/{code}" + (f"?{urlencode({'week': week})}" if week else "")
