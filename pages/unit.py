"""One unit (区县 or 市本级): indicators with trends and targets, ledger, rectification, 报送情况,
score and rank over time. Layout only; callbacks/unit.py fills it for the page's week.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html
from flask import has_app_context

from cockpit.store import config
from pages import _ids as ids
from pages._shell import DROPDOWN_LABELS, GRID_LOCALE, page

GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def _title(unit_code: str | None = None, **_: object) -> str:
    return f"{_unit_name(unit_code) or '单位'} · 杭州审计数字驾驶舱"


dash.register_page(
    __name__,
    path_template="/districts/<unit_code>",
    name="单位",
    title=_title,
    nav=False,
    order=21,
)


def _unit_name(code: str | None) -> str | None:
    """The unit's name from config (in memory, no I/O); None when unknown or outside a request."""
    if not code or not has_app_context() or not config().has_unit(code):
        return None
    return config().unit(code).name


def _panel(title: str, *children: object, tools: object = None) -> html.Section:
    heading = html.H2(title, className="panel-title")
    head = heading if tools is None else html.Div([heading, tools], className="panel-head")
    return html.Section([head, *children], className="panel")


def _grid(grid_id: str, height: str) -> dag.AgGrid:
    return dag.AgGrid(
        id=grid_id,
        rowData=[],
        columnDefs=[],
        defaultColDef={"sortable": True, "resizable": True, "filter": "agTextColumnFilter", "floatingFilter": True},
        dashGridOptions={
            "enableBrowserTooltips": True,
            "localeText": GRID_LOCALE | {"noRowsToShow": "暂无数据"},
            "animateRows": False,
        },
        columnSize="responsiveSizeToFit",
        className="ag-theme-quartz",
        style={"height": height},
    )


def layout(unit_code: str | None = None, week: str | None = None, **_query: object) -> html.Div:
    name = _unit_name(unit_code)
    back = dcc.Link(
        "← 返回区县矩阵", href="/districts" + (f"?{urlencode({'week': week})}" if week else ""), className="back-link"
    )
    if unit_code and name is None:
        return page(
            "单位",
            week,
            dbc.Alert(
                [html.Strong("未找到该单位:"), f" 单位编码“{unit_code}”不在配置的报送单位中,请从区县矩阵选择单位。"],
                color="warning",
                className="store-alert",
            ),
            back,
        )
    return page(
        name or "单位",
        week,
        dcc.Store(id=ids.UNIT_CODE, data=unit_code),
        back,
        html.Section(id=ids.UNIT_HEADER, className="unit-header"),
        html.Section(id=ids.UNIT_INDICATORS, className="kpi-grid"),
        dbc.Row(
            [
                dbc.Col(
                    _panel(
                        "指标趋势",
                        dcc.Graph(id=ids.UNIT_TREND, config=GRAPH_CONFIG, style={"height": "360px"}),
                        tools=dcc.Dropdown(
                            id=ids.UNIT_TREND_PICKER,
                            multi=True,
                            clearable=False,
                            labels=DROPDOWN_LABELS,
                            className="unit-trend-picker",
                        ),
                    ),
                    lg=7,
                ),
                dbc.Col(
                    _panel("得分与排名", dcc.Graph(id=ids.UNIT_RANK, config=GRAPH_CONFIG, style={"height": "360px"})),
                    lg=5,
                ),
            ],
            className="g-3",
        ),
        _panel("审计整改 · 监督整改", html.Div(id=ids.UNIT_RECT, className="rect-headline")),
        _panel("指标台账", _grid(ids.UNIT_LEDGER, "420px")),
        _panel("报送情况", _grid(ids.UNIT_SUBMISSIONS, "300px")),
        # 督办 (submit branch): the unit's open supervision items, filled by callbacks/unit.py show_supervision
        _panel("督办事项", html.Div(id=ids.UNIT_SUPERVISION, className="unit-supervision")),
        subtitle=f"单位编码 {unit_code} · 核心指标实际值与当前节点目标、台账、整改与报送情况" if unit_code else "",
    )
