"""Pieces every page carries: the week bar with freshness, the drill-down modal, plain alerts."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from pages import _ids as ids

DROPDOWN_LABELS = {
    "select_all": "全选",
    "deselect_all": "取消全选",
    "selected_count": "已选 {num_selected} 项",
    "search": "搜索",
    "clear_search": "清除搜索",
    "clear_selection": "清除",
    "no_options_found": "没有匹配的选项",
}


# AG Grid's own words in Chinese (pagination, filters).
GRID_LOCALE = {
    "page": "第",
    "of": "/",
    "to": "至",
    "more": "更多",
    "pageSizeSelectorLabel": "每页",
    "firstPage": "首页",
    "previousPage": "上一页",
    "nextPage": "下一页",
    "lastPage": "末页",
    "filterOoo": "筛选…",
    "contains": "包含",
    "notContains": "不包含",
    "equals": "等于",
    "notEqual": "不等于",
    "startsWith": "开头是",
    "endsWith": "结尾是",
    "blank": "为空",
    "notBlank": "不为空",
    "lessThan": "小于",
    "greaterThan": "大于",
    "inRange": "介于",
    "andCondition": "且",
    "orCondition": "或",
}


def page(title: str, week: str | None, *children: object, subtitle: str = "") -> html.Div:
    """A page: heading, week bar, content, and the drill-down modal."""
    return html.Div(
        [
            dcc.Store(id=ids.REQUESTED_WEEK, data=week),
            dcc.Store(id=ids.WEEK),
            html.Div(
                [
                    html.Div([html.H1(title, className="page-title"), html.Div(subtitle, className="page-subtitle")]),
                    html.Div(
                        [
                            html.Label("报告周", htmlFor=ids.WEEK_PICKER, className="week-label"),
                            dcc.Dropdown(
                                id=ids.WEEK_PICKER,
                                clearable=False,
                                searchable=True,
                                labels=DROPDOWN_LABELS,
                                className="week-picker",
                            ),
                        ],
                        className="week-bar",
                    ),
                ],
                className="page-head",
            ),
            html.Div(id=ids.FRESHNESS, className="freshness"),
            html.Div(id=ids.STORE_ALERT),
            *children,
            drill_modal(),
        ],
        className="page",
    )


def drill_modal() -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(id=ids.DRILL_TITLE)),
            dbc.ModalBody(
                [
                    html.Div(id=ids.DRILL_DEFINITION, className="drill-definition"),
                    html.Div(
                        [
                            html.Span(id=ids.DRILL_COUNT, className="drill-count"),
                            dbc.Button("导出 CSV", id=ids.DRILL_CSV, size="sm", color="secondary", outline=True),
                            dbc.Button("导出 Excel", id=ids.DRILL_XLSX, size="sm", color="secondary", outline=True),
                        ],
                        className="drill-tools",
                    ),
                    dag.AgGrid(
                        id=ids.DRILL_GRID,
                        rowData=[],
                        columnDefs=[],
                        defaultColDef={"filter": True, "sortable": True, "resizable": True, "floatingFilter": True},
                        dashGridOptions={
                            "pagination": True,
                            "paginationPageSize": 50,
                            "animateRows": False,
                            "localeText": GRID_LOCALE | {"noRowsToShow": "没有明细行"},
                        },
                        csvExportParams={"fileName": "明细.csv"},
                        style={"height": "60vh"},
                        className="ag-theme-quartz",
                    ),
                    dcc.Download(id=ids.DRILL_DOWNLOAD),
                    dcc.Store(id=ids.DRILL_QUERY),
                ]
            ),
        ],
        id=ids.DRILL_MODAL,
        size="xl",
        scrollable=True,
    )


def store_problem(message: str) -> dbc.Alert:
    """What a page says instead of a traceback when its data cannot be read."""
    return dbc.Alert([html.Strong("暂时无法显示数据:"), " ", message], color="warning", className="store-alert")


def number_link(text: str, drill_id: dict, definition: str, class_name: str = "") -> html.A:
    """A figure that opens its rows; its definition is one hover away."""
    return html.A(text, id=drill_id, title=definition, n_clicks=0, className=f"drill-link {class_name}".strip())
