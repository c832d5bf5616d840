"""排名: the districts by score, rank and change since last week, and what makes each score."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from pages import _ids as ids
from pages._shell import GRID_LOCALE, page

dash.register_page(__name__, path="/rankings", name="排名", order=3)

CHANGE_TEXT = (
    "params.value == null ? '新' : params.value > 0 ? '↑' + params.value"
    " : params.value < 0 ? '↓' + (-params.value) : '—'"
)

# Sized so rank, unit, score and change fit a 360 px phone (a district checks its rank there);
# the unit column takes what is left on a desk.
RANKING_COLUMNS = [
    {"field": "rank", "headerName": "排名", "width": 68, "minWidth": 60, "sort": "asc"},
    {"field": "unit_name", "headerName": "单位", "flex": 1, "minWidth": 84},
    {
        "field": "score",
        "headerName": "得分",
        "width": 88,
        "type": "rightAligned",
        "valueFormatter": {"function": "params.value == null ? '' : params.value.toFixed(2)"},
    },
    {
        "field": "rank_change",
        "headerName": "较上周",
        "width": 88,
        "type": "rightAligned",
        "valueFormatter": {"function": CHANGE_TEXT},
        "cellClassRules": {"rank-up": "params.value > 0", "rank-down": "params.value < 0"},
        "headerTooltip": "上周名次 − 本周名次:↑上升,↓下降,—不变,新 = 上周无排名",
    },
]


def _panel(title: str, *body: object) -> html.Section:
    return html.Section([html.H2(title, className="panel-title"), *body], className="panel")


def layout(week: str | None = None, **_query: str) -> html.Div:
    grid = dag.AgGrid(
        id=ids.RANKING_GRID,
        rowData=[],
        columnDefs=RANKING_COLUMNS,
        getRowId="params.data.unit_code",
        defaultColDef={"sortable": True, "resizable": True, "suppressMovable": True},
        dashGridOptions={
            "rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
            "animateRows": False,
            "domLayout": "autoHeight",
            "localeText": GRID_LOCALE | {"noRowsToShow": "暂无排名数据"},
        },
        className="ag-theme-quartz ranking-grid",
    )
    chart = dcc.Graph(id=ids.RANKING_CONTRIB, config={"displayModeBar": False}, className="ranking-chart")
    return page(
        "排名",
        week,
        html.Div(id=ids.RANKING_STATUS),
        dbc.Row(
            [
                dbc.Col(
                    _panel("区县得分与排名", grid, html.Div("点击一行查看该单位的得分构成", className="hint")), lg=5
                ),
                dbc.Col(_panel("得分构成(各项贡献之和 = 得分)", chart), lg=7),
            ],
            className="g-3",
        ),
        dbc.Row(
            [
                dbc.Col(_panel("为什么排在这里", html.Div(id=ids.RANKING_DETAIL)), lg=7),
                dbc.Col(
                    _panel(
                        "评分公式与权重",
                        html.Div(id=ids.RANKING_FORMULA, className="ranking-formula"),
                        html.Div(id=ids.RANKING_WEIGHTS),
                    ),
                    lg=5,
                ),
            ],
            className="g-3 mt-1",
        ),
        subtitle="各区、县(市)按本周得分排名;名次变化与上周相比",
    )
