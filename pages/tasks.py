"""挂图作战: the 8 key tasks and every milestone on one timeline, each unit's reported status."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from pages import _ids as ids
from pages._format import LIGHT_WORDS
from pages._shell import DROPDOWN_LABELS, GRID_LOCALE, page

dash.register_page(__name__, path="/tasks", name="挂图作战", order=5, title="挂图作战 · 杭州审计数字驾驶舱")

LIGHT_CELL = {
    "cellClassRules": {f"light-cell light-{light}": f"params.value == '{light}'" for light in LIGHT_WORDS},
    "valueFormatter": {"function": "({green: '绿灯', yellow: '黄灯', red: '红灯', grey: '灰色'})[params.value] || ''"},
}

GRID_COLUMNS = [
    {"field": "task_code", "headerName": "任务", "width": 80},
    {"field": "milestone_code", "headerName": "节点", "width": 90},
    {"field": "milestone", "headerName": "节点名称", "flex": 2, "minWidth": 220, "tooltipField": "milestone"},
    {"field": "due_on", "headerName": "完成时限", "width": 115},
    {"field": "unit_name", "headerName": "报送单位", "width": 120},
    {"field": "light", "headerName": "亮灯", "width": 90, **LIGHT_CELL},
    {"field": "progress_pct", "headerName": "进度(%)", "width": 100, "type": "rightAligned"},
    {"field": "status", "headerName": "状态", "width": 90},
    {"field": "done_on", "headerName": "完成日期", "width": 115},
    {"field": "lead", "headerName": "牵头处室(排第一位)", "width": 150},
    {"field": "note", "headerName": "说明", "flex": 1, "minWidth": 160, "tooltipField": "note"},
    {"field": "effective_week", "headerName": "依据报送周", "width": 115},
]


def _filters() -> html.Div:
    return html.Div(
        [
            html.Label("任务类别", htmlFor=ids.TASKS_GROUP, className="filter-label"),
            dcc.Dropdown(
                id=ids.TASKS_GROUP, multi=True, placeholder="全部类别", labels=DROPDOWN_LABELS, className="tasks-filter"
            ),
            html.Label("责任处室/单位", htmlFor=ids.TASKS_RESPONSIBLE, className="filter-label"),
            dcc.Dropdown(
                id=ids.TASKS_RESPONSIBLE, placeholder="全部", labels=DROPDOWN_LABELS, className="tasks-filter"
            ),
            html.Label("亮灯", className="filter-label"),
            dcc.Checklist(
                id=ids.TASKS_LIGHTS,
                options=[{"label": f" {word}", "value": light} for light, word in LIGHT_WORDS.items()],
                value=list(LIGHT_WORDS),
                inline=True,
                className="tasks-lights",
            ),
        ],
        className="tasks-toolbar",
    )


def layout(week: str | None = None, **_query: str) -> html.Div:
    grid = dag.AgGrid(
        id=ids.TASKS_GRID,
        rowData=[],
        columnDefs=GRID_COLUMNS,
        getRowId="params.data.milestone_code + '/' + params.data.unit_code",
        defaultColDef={"sortable": True, "resizable": True, "filter": True},
        dashGridOptions={
            "animateRows": False,
            "pagination": True,
            "paginationPageSize": 20,
            "tooltipShowDelay": 300,
            "localeText": GRID_LOCALE | {"noRowsToShow": "没有符合条件的节点"},
        },
        style={"height": "520px"},
        className="ag-theme-quartz tasks-grid",
    )
    return page(
        "挂图作战",
        week,
        _filters(),
        html.Div(id=ids.TASKS_STATUS),
        html.Div(id=ids.TASKS_SUMMARY, className="tasks-summary"),
        html.Section(
            [
                html.H2("任务节点时间轴(点击节点查看各单位报送的进度)", className="panel-title"),
                dcc.Graph(id=ids.TASKS_TIMELINE, config={"displayModeBar": False, "responsive": True}),
            ],
            className="panel",
        ),
        dbc.Row(
            [
                dbc.Col(
                    html.Section(
                        [
                            html.H2("8项重点任务 · 责任单位 · 关联指标", className="panel-title"),
                            html.Div(id=ids.TASKS_TABLE),
                        ],
                        className="panel",
                    ),
                    lg=12,
                ),
            ]
        ),
        html.Section(
            [
                html.H2("各单位节点进度(任务进度表)", className="panel-title"),
                grid,
                html.Div("点击节点编码查看报送明细", className="hint"),
            ],
            className="panel",
        ),
        subtitle="3大应用场景 + 3项工作机制 + 2个应用系统 · 节点时限、完成情况与亮灯 · 竖线为本报告周周日",
    )
