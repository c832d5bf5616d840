"""审计整改: headline figures, by unit, 监督整改 to 销号, by category and month, the overdue list."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, callback, ctx, html, no_update

from callbacks.cards import MEASURES, figure_definition, figure_text, rectification_cards, rectification_figure
from callbacks.charts import base_layout, empty_figure
from callbacks.drilldown import modal_outputs, modal_targets
from cockpit import dashboard
from cockpit.access import DENIED, AccessDenied
from cockpit.config import CITY_WIDE
from cockpit.store import StoreUnavailable, config
from pages import _ids as ids
from pages._columns import records
from pages._shell import store_problem

SUPERVISION = "监督整改"
GREEN, ORANGE, RED, BLUE = "#1f9d55", "#e0a800", "#d64545", "#1f5fbf"


def _scope(unit: str | None) -> tuple[str, tuple[str, ...] | None]:
    unit = unit or CITY_WIDE
    return unit, (None if unit == CITY_WIDE else (unit,))


def _name(code: str) -> str:
    return "全市" if code == CITY_WIDE else config().unit(code).name if config().has_unit(code) else code


def by_unit_table(facts: pd.DataFrame, picked: str) -> dbc.Table:
    """Every unit side by side; the picked unit's row is marked (its links are the headline's)."""
    rows = facts.set_index("unit_code")

    def row(code: str, label: str) -> html.Tr:
        plain = code in (picked, CITY_WIDE)  # the headline above carries these drill-downs
        cells = [
            figure_text(c, rows.loc[code, c]) if plain else rectification_figure(code, c, k, rows.loc[code, c])
            for c, _, k in MEASURES
        ]
        marks = "total-row" if code == CITY_WIDE else "picked-row" if code == picked else ""
        return html.Tr([html.Td(label)] + [html.Td(c, className="num") for c in cells], className=marks)

    body = [row(u.code, u.name) for u in config().units if u.code in rows.index]
    body += [row(CITY_WIDE, "合计")] if CITY_WIDE in rows.index else []
    head = html.Thead(html.Tr([html.Th("单位")] + [html.Th(label, className="num") for _, label, _ in MEASURES]))
    return dbc.Table([head, html.Tbody(body)], size="sm", hover=True, responsive=True, className="by-unit-table")


def supervision_panel(by_origin: pd.DataFrame) -> list:
    """审计整改 beside 监督整改, and how far 监督整改 has got to 销号."""
    table = by_origin.set_index("origin")
    if SUPERVISION not in table.index:
        return [html.Div("本周没有监督整改问题。", className="text-muted")]
    sup = table.loc[SUPERVISION]
    found, closed = int(sup["found"]), int(sup["supervision_closed"])
    share = closed / found if found else 0.0
    lines = [(c, label) for c, label, _ in MEASURES[:5]] + [("supervision_closed", "已销号")]

    def cell(origin: str, column: str) -> html.Td:
        closes = origin == SUPERVISION or column != "supervision_closed"  # only 监督整改 is closed (销号)
        return html.Td(figure_text(column, table.loc[origin, column]) if closes else "—", className="num")

    head = html.Thead(html.Tr([html.Th("")] + [html.Th(o, className="num") for o in table.index]))
    body = [
        html.Tr([html.Td(label, title=figure_definition(column))] + [cell(o, column) for o in table.index])
        for column, label in lines
    ]
    return [
        html.Div(
            [html.Span(f"{closed:,}", className="sup-closed"), html.Span(f" / {found:,} 已销号", className="sup-found")]
        ),
        dbc.Progress(value=100 * share, label=f"销号率 {share:.1%}", color="success", className="sup-progress"),
        dbc.Table([head, html.Tbody(body)], size="sm", className="supervision-table mt-3"),
    ]


@callback(
    Output(ids.RECT_HEADLINE, "children"),
    Output(ids.RECT_BY_UNIT, "children"),
    Output(ids.RECT_SUPERVISION, "children"),
    Output(ids.RECT_STATUS, "children"),
    Input(ids.WEEK, "data"),
    Input(ids.RECT_UNIT_PICKER, "value"),
)
def show_summary(week: str | None, unit: str | None):  # noqa: ANN201
    if not week:
        return None, None, None, None
    unit, units = _scope(unit)
    try:
        facts = dashboard.rectification_facts(week)
        by_origin = dashboard.rectification_breakdown(week, "origin", units)
        supervision = supervision_panel(by_origin)
    except AccessDenied:
        supervision = html.Div(DENIED, className="denied-note")
    except StoreUnavailable as problem:
        return None, None, None, store_problem(str(problem))
    mine = facts[facts["unit_code"] == unit]
    if mine.empty:
        notice = dbc.Alert(f"{_name(unit)}在 {week} 还没有整改台账数据(尚未报送)。", color="info")
        return None, None, None, notice
    return rectification_cards(unit, mine.iloc[0]), by_unit_table(facts, unit), supervision, None


def category_figure(frame: pd.DataFrame) -> go.Figure:
    if frame.empty:
        return empty_figure("没有已发现的问题")
    frame = frame.sort_values("found")
    waiting = frame["in_progress"] - frame["overdue"]
    figure = go.Figure()
    for name, values, colour in (
        ("已整改", frame["rectified"], GREEN),
        ("整改中(未逾期)", waiting, ORANGE),
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
