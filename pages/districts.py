"""区县: the units × indicators matrix, actual vs target with lights, one row per unit in config.

Layout only; callbacks/districts.py fills the grid for the page's week.
"""

from __future__ import annotations

import dash
import dash_ag_grid as dag
from dash import dcc, html
from flask import has_app_context

from cockpit.store import config
from pages import _ids as ids
from pages._district_map import DESK_MAP_SIZE, district_map
from pages._shell import DROPDOWN_LABELS, GRID_LOCALE, page

dash.register_page(__name__, path="/districts", name="区县", title="区县 · 杭州审计数字驾驶舱", order=2)

LEGEND = (
    ("green", "达标:实际值 ≥ 当前节点目标"),
    ("yellow", "未达标但不低于进度线"),
    ("red", "滞后:低于进度线或已过节点"),
    ("grey", "无数据"),
    ("na", "不适用"),
)


def legend() -> html.Div:
    chips = [
        html.Span([html.Span(className=f"legend-swatch light-{light}"), label], className="legend-item")
        for light, label in LEGEND
    ]
    chips.append(
        html.Span(
            [html.Span(className="legend-swatch carried"), "斜纹:本周未报送,沿用最近一次报送"], className="legend-item"
        )
    )
    return html.Div(chips, id=ids.DISTRICTS_LEGEND, className="districts-legend")


def map_panel() -> html.Section:
    """The map of the districts, coloured by score or by one indicator; a click opens the unit."""
    indicators = config().indicators if has_app_context() else ()
    picker = dcc.Dropdown(
        id=ids.DISTRICTS_MAP_INDICATOR,
        options=[{"label": "综合得分", "value": ""}]
        + [{"label": f"{i.code} {i.name}", "value": i.code} for i in indicators],
        value="",
        clearable=False,
        labels=DROPDOWN_LABELS,
        className="trend-picker",
    )
    return html.Section(
        [
            html.Div([html.H2("区县分布图", className="panel-title"), picker], className="panel-head"),
            html.Div(
                [
                    district_map(ids.DISTRICT_MAP, DESK_MAP_SIZE, static=False),
                    html.Div(
                        [
                            html.P("颜色表示所选指标的实际值(或综合得分);点击区县进入该单位页面。", className="muted"),
                            html.Div(id=ids.DISTRICT_MAP_UNSHAPED),
                        ],
                        className="districts-map-side",
                    ),
                ],
                className="districts-map-panel",
            ),
        ],
        className="panel",
    )


def layout(week: str | None = None, **_query: object) -> html.Div:
    grid = dag.AgGrid(
        id=ids.DISTRICTS_GRID,
        rowData=[],
        columnDefs=[],
        defaultColDef={"sortable": True, "resizable": True, "suppressMovable": True},
        dashGridOptions={
            "enableBrowserTooltips": True,
            "getRowId": {"function": "params.data.code"},
            "localeText": GRID_LOCALE | {"noRowsToShow": "暂无数据"},
            "suppressCellFocus": False,
            "domLayout": "autoHeight",
        },
        columnSize="responsiveSizeToFit",
        className="ag-theme-quartz districts-grid",
        style={"width": "100%"},
    )
    return page(
        "区县",
        week,
        html.Div(id=ids.DISTRICTS_MESSAGE),
        legend(),
        grid,
        html.P(
            "点击单位名称进入该单位页面;点击指标单元格查看其台账明细,点击整改率查看问题明细。悬停表头查看指标口径。",
            className="districts-hint",
        ),
        map_panel(),
        subtitle="各单位核心指标实际值 / 当前节点目标,按灯色着色;得分与排名仅含区、县(市)。",
    )
