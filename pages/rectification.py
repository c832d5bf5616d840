"""审计整改 / 监督整改: findings found, rectified, overdue and closed, by unit, category and month."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html
from flask import has_app_context

from cockpit.config import CITY_WIDE
from cockpit.store import config
from pages import _ids as ids
from pages._format import JS_WAN
from pages._shell import GRID_LOCALE, page

dash.register_page(__name__, path="/rectification", name="审计整改", order=4)


OVERDUE_COLUMNS = [
    {"field": "unit_name", "headerName": "单位", "width": 110, "pinned": "left"},
    {"field": "issue_id", "headerName": "问题编号", "width": 130},
    {"field": "audit_project", "headerName": "审计项目", "flex": 1, "minWidth": 160},
    {"field": "summary", "headerName": "问题摘要", "flex": 1, "minWidth": 180, "tooltipField": "summary"},
    {"field": "category", "headerName": "问题类别", "width": 120},
    {
        "field": "amount_wan",
        "headerName": "金额(万元)",
        "width": 130,
        "type": "rightAligned",
        "valueFormatter": {"function": JS_WAN},
    },
    {"field": "due_on", "headerName": "整改期限", "width": 120},
    {"field": "days_overdue", "headerName": "逾期天数", "width": 130, "type": "rightAligned", "sort": "desc"},
]


def _panel(title: str, *body: object) -> html.Section:
    return html.Section([html.H2(title, className="panel-title"), *body], className="panel")


def _chart(chart_id: str) -> dcc.Graph:
    return dcc.Graph(id=chart_id, config={"displayModeBar": False}, className="rect-chart")


def unit_options() -> list[dict]:
    """全部单位 and every configured unit (config is in memory: no I/O)."""
    units = [{"label": u.name, "value": u.code} for u in config().units] if has_app_context() else []
    return [{"label": "全部单位", "value": CITY_WIDE}, *units]


def layout(week: str | None = None, unit: str | None = None, **_query: str) -> html.Div:
    picker = html.Div(
        [
            html.Label("单位", htmlFor=ids.RECT_UNIT_PICKER, className="unit-label"),
            dcc.Dropdown(
                id=ids.RECT_UNIT_PICKER,
                options=unit_options(),
                value=unit or CITY_WIDE,
                clearable=False,
                searchable=True,
                persistence=True,
                persistence_type="session",
                className="unit-picker",
            ),
        ],
        className="rect-toolbar",
    )
    overdue = dag.AgGrid(
        id=ids.RECT_OVERDUE_GRID,
        rowData=[],
        columnDefs=OVERDUE_COLUMNS,
        defaultColDef={"sortable": True, "resizable": True, "filter": True},
        dashGridOptions={
            "pagination": True,
            "paginationPageSize": 20,
            "animateRows": False,
            "tooltipShowDelay": 300,
            "domLayout": "autoHeight",
            "localeText": GRID_LOCALE | {"noRowsToShow": "没有逾期问题"},
        },
        className="ag-theme-quartz",
    )
    by_unit = dag.AgGrid(
        id=ids.RECT_BY_UNIT,
        rowData=[],
        columnDefs=[],  # from the callback, with the figures' definitions
        getRowId="params.data.unit_code",
        defaultColDef={"sortable": True, "resizable": True, "suppressMovable": True},
        rowClassRules={"picked-row": "params.data.picked"},
        dashGridOptions={
            "animateRows": False,
            "tooltipShowDelay": 300,
            "localeText": GRID_LOCALE | {"noRowsToShow": "本周没有整改数据"},
        },
        style={"height": "440px"},
        className="ag-theme-quartz by-unit-grid",
    )
    return page(
        "审计整改",
        week,
        picker,
        html.Div(id=ids.RECT_STATUS),
        html.Div(id=ids.RECT_HEADLINE, className="rect-headline"),
        dbc.Row(
            [
                dbc.Col(_panel("各单位整改情况(点击数字查看明细,点击表头排序)", by_unit), xl=8),
                dbc.Col(_panel("监督整改(跟踪至销号)", html.Div(id=ids.RECT_SUPERVISION)), xl=4),
            ],
            className="g-3",
        ),
        dbc.Row(
            [
                dbc.Col(_panel("按问题类别(点击柱形查看明细)", _chart(ids.RECT_BY_CATEGORY)), lg=6),
                dbc.Col(_panel("按发现月份(点击柱形查看明细)", _chart(ids.RECT_BY_MONTH)), lg=6),
            ],
            className="g-3 mt-1",
        ),
        dbc.Row(
            dbc.Col(_panel("逾期问题清单(逾期最久的前 200 条;全部逾期问题点上方“逾期”数字查看)", overdue)),
            className="g-3 mt-1",
        ),
        subtitle="审计整改与监督整改:发现、整改、逾期、金额与销号;每个数字都可点开查看明细",
    )
