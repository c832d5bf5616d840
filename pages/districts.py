"""区县: the units × indicators matrix, actual vs target with lights, one row per unit in config.

Layout only; callbacks/districts.py fills the grid for the page's week.
"""

from __future__ import annotations

import dash
import dash_ag_grid as dag
from dash import html

from pages import _ids as ids
from pages._shell import GRID_LOCALE, page

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
        subtitle="各单位核心指标实际值 / 当前节点目标,按灯色着色;得分与排名仅含区、县(市)。",
    )
