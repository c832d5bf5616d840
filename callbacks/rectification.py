"""审计整改: headline figures, by unit, 监督整改 to 销号, by category and month, the overdue list."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, Patch, State, callback, ctx, html, no_update

from callbacks.answers import cached_answer
from callbacks.cards import MEASURES, figure_definition, figure_text, rectification_cards, rectification_figure
from callbacks.charts import base_layout, empty_figure
from callbacks.drilldown import modal_outputs, modal_targets
from cockpit import dashboard, figures
from cockpit.access import DENIED, AccessDenied
from cockpit.config import CITY_WIDE
from cockpit.store import StoreUnavailable, config
from pages import _ids as ids
from pages._columns import records
from pages._format import JS_COUNT, JS_PERCENT, JS_WAN, percent
from pages._shell import store_problem

SUPERVISION = "监督整改"
GREEN, ORANGE, RED, BLUE = "#1f9d55", "#e0a800", "#d64545", "#1f5fbf"
FORMATS = {"rate": JS_PERCENT, "amount_wan_found": JS_WAN, "amount_wan_rectified": JS_WAN}
DRILL_KEYS = {column: key for column, _label, key in MEASURES if key}


def _scope(unit: str | None) -> tuple[str, tuple[str, ...] | None]:
    unit = unit if unit == CITY_WIDE or (unit and config().has_unit(unit)) else CITY_WIDE
    return unit, (None if unit == CITY_WIDE else (unit,))


def _name(code: str) -> str:
    return "全市" if code == CITY_WIDE else config().unit(code).name if config().has_unit(code) else code


def by_unit_columns() -> list[dict]:
    """单位 and every figure of MEASURES: numbers the grid sorts and formats; a click on a figure
    opens its rows (`drill_query`)."""
    columns: list[dict] = [
        {"field": "unit_name", "headerName": "单位", "pinned": "left", "width": 104, "sortable": False}
    ]
    for column, label, key in MEASURES:
        columns.append(
            {
                "field": column,
                "headerName": label,
                "headerTooltip": figure_definition(column),
                "type": "rightAligned",
                "valueFormatter": {"function": FORMATS.get(column, JS_COUNT)},
                "cellClass": "ag-right-aligned-cell drill-cell" if key else "ag-right-aligned-cell",
                "cellClassRules": {"overdue-cell": "params.value > 0"} if column == "overdue" else {},
                "flex": 1,
                "minWidth": 78,
                "wrapHeaderText": True,
                "autoHeaderHeight": True,
            }
        )
    return columns


def by_unit_rows(facts: pd.DataFrame, picked: str) -> tuple[list[dict], list[dict]]:
    """(a row per unit in config order, the 合计 row pinned below): the stored figures as numbers."""
    fields = ["unit_code", *(column for column, _label, _key in MEASURES)]
    rows = facts.set_index("unit_code", drop=False)
    order = [u.code for u in config().units if u.code in rows.index]
    body = records(rows.loc[order, fields])
    for row in body:
        row["unit_name"] = _name(row["unit_code"])
        row["picked"] = row["unit_code"] == picked
    total = records(rows.loc[[CITY_WIDE], fields]) if CITY_WIDE in rows.index else []
    for row in total:
        row["unit_name"] = "合计"
    return body, total


def supervision_panel(by_origin: pd.DataFrame, unit: str) -> list:
    """审计整改 beside 监督整改, and how far 监督整改 has got to 销号; every count opens its rows."""
    table = by_origin.set_index("origin")
    if SUPERVISION not in table.index:
        return [html.Div("本周没有监督整改问题。", className="text-muted")]
    sup = table.loc[SUPERVISION]
    found, closed = int(sup["found"]), int(sup["supervision_closed"])
    share = figures.closing_rate(closed, found)
    lines = [(c, label, key) for c, label, key in MEASURES[:5]] + [("supervision_closed", "已销号", "closed")]

    def cell(origin: str, column: str, key: str) -> html.Td:
        if origin != SUPERVISION and column == "supervision_closed":  # only 监督整改 is closed (销号)
            return html.Td("—", className="num")
        value = table.loc[origin, column]
        if column == "rate":
            return html.Td(figure_text(column, value), className="num")
        return html.Td(rectification_figure(unit, column, f"{key}:{origin}", value), className="num")

    head = html.Thead(html.Tr([html.Th("")] + [html.Th(o, className="num") for o in table.index]))
    body = [
        html.Tr([html.Td(label, title=figure_definition(column))] + [cell(o, column, key) for o in table.index])
        for column, label, key in lines
    ]
    closing = f"销号率 {percent(None if share is None else float(share))}"
    return [
        html.Div(
            [html.Span(f"{closed:,}", className="sup-closed"), html.Span(f" / {found:,} 已销号", className="sup-found")]
        ),
        dbc.Progress(value=100 * float(share or 0), label=closing, color="success", className="sup-progress"),
        dbc.Table([head, html.Tbody(body)], size="sm", className="supervision-table mt-3"),
    ]


@callback(
    Output(ids.RECT_HEADLINE, "children"),
    Output(ids.RECT_BY_UNIT, "rowData"),
    Output(ids.RECT_BY_UNIT, "dashGridOptions"),
    Output(ids.RECT_BY_UNIT, "columnDefs"),
    Output(ids.RECT_SUPERVISION, "children"),
    Output(ids.RECT_STATUS, "children"),
    Input(ids.WEEK, "data"),
    Input(ids.RECT_UNIT_PICKER, "value"),
)
@cached_answer
def show_summary(week: str | None, unit: str | None):  # noqa: ANN201
    columns = by_unit_columns()
    if not week:
        return None, [], _pinned([]), columns, None, None
    unit, units = _scope(unit)
    try:
        facts = dashboard.rectification_facts(week)
        by_origin = dashboard.rectification_breakdown(week, "origin", units)
        supervision = supervision_panel(by_origin, unit)
    except AccessDenied:
        supervision = html.Div(DENIED, className="denied-note")
    except StoreUnavailable as problem:
        return None, [], _pinned([]), columns, None, store_problem(str(problem))
    mine = facts[facts["unit_code"] == unit]
    if mine.empty:
        notice = dbc.Alert(f"{_name(unit)}在 {week} 还没有整改台账数据(尚未报送)。", color="info")
        return None, [], _pinned([]), columns, None, notice
    body, total = by_unit_rows(facts, unit)
    cards = rectification_cards(unit, mine.iloc[0])
    return cards, body, _pinned(total), columns, supervision, None


def _pinned(total: list[dict]) -> Patch:
    """The grid's options with the 合计 row pinned below the units (the rest of them kept)."""
    options = Patch()
    options["pinnedBottomRowData"] = total
    return options


def drill_query(cell: dict | None, week: str | None) -> dict | None:
    """The drill query of a clicked by-unit cell (a figure of a unit or of the 合计 row), else None."""
    if not cell or not week or cell.get("colId") not in DRILL_KEYS:
        return None
    unit = cell.get("rowId")
    if not (unit == CITY_WIDE or (unit and config().has_unit(unit))):
        unit = CITY_WIDE if str(unit).startswith("b-") else None  # the pinned 合计 row
    if unit is None:
        return None
    return {"what": "findings", "unit": unit, "key": DRILL_KEYS[cell["colId"]], "week": week}


@callback(*modal_targets(), Input(ids.RECT_BY_UNIT, "cellClicked"), State(ids.WEEK, "data"), prevent_initial_call=True)
def open_unit_rows(cell: dict | None, week: str | None):  # noqa: ANN201
    query = drill_query(cell, week)
    return (no_update,) * 7 if query is None else modal_outputs(query)


def category_figure(frame: pd.DataFrame) -> go.Figure:
    if frame.empty:
        return empty_figure("没有已发现的问题")
    frame = frame.sort_values("found")
    figure = go.Figure()
    for name, values, colour in (
        ("已整改", frame["rectified"], GREEN),
        ("整改中(未逾期)", frame["waiting"], ORANGE),
        ("逾期", frame["overdue"], RED),
    ):
        figure.add_bar(
            name=name,
            orientation="h",
            y=frame["category"],
            x=values,
            marker_color=colour,
            customdata=list(zip(frame["found"], frame["amount_wan_found"], strict=True)),
            hovertemplate=f"%{{y}} · {name} %{{x}}<br>发现 %{{customdata[0]}} · 问题金额 %{{customdata[1]:,.2f}} 万元<extra></extra>",
        )
    figure.update_layout(barmode="stack", xaxis_title="问题数", height=max(380, 30 * len(frame) + 120))
    return _styled(figure)


def month_figure(frame: pd.DataFrame) -> go.Figure:
    if frame.empty:
        return empty_figure("没有已发现的问题")
    figure = go.Figure()
    for column, name, colour in (("found", "发现", BLUE), ("rectified", "已整改", GREEN)):
        template = "%{x} " + name + " %{y}<extra></extra>"
        figure.add_bar(name=name, x=frame["month"], y=frame[column], marker_color=colour, hovertemplate=template)
    rate = {"mode": "lines+markers", "line_color": ORANGE, "hovertemplate": "%{x} 整改率 %{y:.1%}<extra></extra>"}
    figure.add_scatter(name="整改率", x=frame["month"], y=frame["rate"], yaxis="y2", **rate)
    y2 = {"overlaying": "y", "side": "right", "tickformat": ".0%", "range": [0, 1.05], "dtick": 0.25, "showgrid": False}
    figure.update_layout(
        barmode="group", height=380, xaxis={"type": "category", "title": "发现月份"}, yaxis_title="问题数", yaxis2=y2
    )
    return _styled(figure)


def _styled(figure: go.Figure) -> go.Figure:
    return figure.update_layout(
        **base_layout(
            margin={"l": 10, "r": 10, "t": 10, "b": 10},
            legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
        )
    )


@callback(
    Output(ids.RECT_BY_CATEGORY, "figure"),
    Output(ids.RECT_BY_MONTH, "figure"),
    Output(ids.RECT_OVERDUE_GRID, "rowData"),
    Input(ids.WEEK, "data"),
    Input(ids.RECT_UNIT_PICKER, "value"),
)
@cached_answer
def show_breakdowns(week: str | None, unit: str | None):  # noqa: ANN201
    if not week:
        return empty_figure("暂无数据"), empty_figure("暂无数据"), []
    _unit, units = _scope(unit)
    try:
        categories = dashboard.rectification_breakdown(week, "category", units)
        months = dashboard.rectification_breakdown(week, "month", units)
        overdue = dashboard.most_overdue(week, units)
    except AccessDenied:
        return empty_figure(DENIED), empty_figure(DENIED), []
    except StoreUnavailable:
        return empty_figure("暂无数据"), empty_figure("暂无数据"), []
    overdue = overdue.sort_values(["days_overdue", "unit_code"], ascending=[False, True])
    overdue = overdue.assign(unit_name=[_name(c) for c in overdue["unit_code"]])
    return category_figure(categories), month_figure(months), records(overdue)


@callback(
    *modal_targets(),
    Input(ids.RECT_BY_CATEGORY, "clickData"),
    Input(ids.RECT_BY_MONTH, "clickData"),
    State(ids.WEEK, "data"),
    State(ids.RECT_UNIT_PICKER, "value"),
    prevent_initial_call=True,
)
def open_bar_rows(category_click: dict | None, month_click: dict | None, week: str | None, unit: str | None):  # noqa: ANN201
    """A bar's rows in the shared drill-down modal: the findings of one category or found month."""
    trigger = ctx.triggered_id
    click = category_click if trigger == ids.RECT_BY_CATEGORY else month_click
    if not week or not click or not click.get("points"):
        return (no_update,) * 7
    unit, _units = _scope(unit)
    point = click["points"][0]
    bar = {"category": point["y"]} if trigger == ids.RECT_BY_CATEGORY else {"month": point["x"]}
    return modal_outputs({"what": "findings", "unit": unit, "key": "found", "week": week, **bar})
