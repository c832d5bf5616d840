"""管理 (admin only): users and roles, API tokens, ETL runs with their messages, data-quality
warnings per unit and week, and the audit log. Layout only; callbacks/admin.py fills and acts."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html
from flask import has_app_context

from cockpit.access import ROLE_LABELS, ROLES
from cockpit.store import config
from pages import _ids as ids
from pages._shell import GRID_LOCALE

dash.register_page(__name__, path="/admin", name="管理", title="管理 · 杭州审计数字驾驶舱", nav=False, order=90)

AUDIT_ACTIONS = (
    "sign_in",
    "sign_in_failed",
    "sign_in_refused",
    "sign_out",
    "export",
    "download",
    "api",
    "upload",
    "publish",
    "user_add",
    "user_disable",
    "user_enable",
    "user_reset",
    "token_create",
    "token_revoke",
)


def _grid(grid_id: str, columns: dict[str, str], height: str = "420px", **options: object) -> dag.AgGrid:
    return dag.AgGrid(
        id=grid_id,
        rowData=[],
        columnDefs=[{"field": f, "headerName": h, "tooltipField": f} for f, h in columns.items()],
        defaultColDef={"sortable": True, "resizable": True, "filter": "agTextColumnFilter", "floatingFilter": True},
        dashGridOptions={
            "enableBrowserTooltips": True,
            "localeText": GRID_LOCALE | {"noRowsToShow": "暂无记录"},
            "animateRows": False,
            **options,
        },
        columnSize="responsiveSizeToFit",
        className="ag-theme-quartz",
        style={"height": height},
    )


def _unit_options() -> list[dict]:
    return [{"label": f"{u.code} {u.name}", "value": u.code} for u in config().units] if has_app_context() else []


def _users_tab() -> dbc.Tab:
    form = html.Div(
        [
            dbc.Input(id=ids.ADMIN_USER_NAME, placeholder="用户名", maxLength=64),
            dcc.Dropdown(
                id=ids.ADMIN_USER_ROLE,
                options=[{"label": ROLE_LABELS[r], "value": r} for r in ROLES],
                placeholder="角色",
                clearable=False,
            ),
            dcc.Dropdown(id=ids.ADMIN_USER_UNIT, options=_unit_options(), placeholder="单位(区县用户)"),
            dbc.Button("新增用户", id=ids.ADMIN_USER_ADD, color="primary"),
            dbc.Button("停用所选", id=ids.ADMIN_USER_DISABLE, color="secondary", outline=True),
            dbc.Button("恢复所选", id=ids.ADMIN_USER_ENABLE, color="secondary", outline=True),
            dbc.Button("重置所选密码", id=ids.ADMIN_USER_RESET, color="warning", outline=True),
        ],
        className="admin-form",
    )
    columns = {
        "username": "用户名",
        "role": "角色",
        "unit_code": "单位",
        "active": "状态",
        "created_at": "创建时间",
        "last_sign_in_at": "最近登录",
    }
    grid = _grid(ids.ADMIN_USERS, columns, rowSelection={"mode": "singleRow"})
    return dbc.Tab([form, grid], label="用户与角色", tab_id="users")


def _tokens_tab() -> dbc.Tab:
    form = html.Div(
        [
            dbc.Input(id=ids.ADMIN_TOKEN_NAME, placeholder="接入方(如 市人大数据联网)", maxLength=64),
            dcc.Dropdown(id=ids.ADMIN_TOKEN_UNIT, options=_unit_options(), placeholder="限定单位(可选)"),
            dbc.Button("生成令牌", id=ids.ADMIN_TOKEN_CREATE, color="primary"),
            dbc.Button("吊销所选", id=ids.ADMIN_TOKEN_REVOKE, color="danger", outline=True),
        ],
        className="admin-form",
    )
    columns = {
        "consumer": "接入方",
        "prefix": "令牌前缀",
        "unit_code": "数据范围",
        "state": "状态",
        "created": "创建",
        "last_used_at": "最近使用",
    }
    note = html.P(
        "令牌只在生成时显示一次;库中只保存其 SHA-256。调用方式: Authorization: Bearer <令牌>。", className="muted"
    )
    return dbc.Tab(
        [form, note, _grid(ids.ADMIN_TOKENS, columns, "320px", rowSelection={"mode": "singleRow"})],
        label="接口令牌",
        tab_id="tokens",
    )


def _audit_tab() -> dbc.Tab:
    filters = html.Div(
        [
            dcc.Dropdown(id=ids.ADMIN_AUDIT_ACTION, options=list(AUDIT_ACTIONS), placeholder="操作(全部)"),
            dbc.Input(id=ids.ADMIN_AUDIT_USER, placeholder="用户名包含", debounce=True),
            dcc.Dropdown(
                id=ids.ADMIN_AUDIT_OUTCOME,
                options=["ok", "failed", "denied", "refused", "rejected"],
                placeholder="结果(全部)",
            ),
            dcc.Dropdown(
                id=ids.ADMIN_AUDIT_DAYS,
                clearable=False,
                value=7,
                options=[{"label": f"最近 {d} 天", "value": d} for d in (1, 7, 30, 365)],
            ),
        ],
        className="admin-form",
    )
    columns = {
        "at": "时间(UTC)",
        "username": "用户",
        "role": "角色",
        "unit_code": "单位",
        "address": "来源地址",
        "action": "操作",
        "target": "对象",
        "outcome": "结果",
        "detail": "详情",
    }
    return dbc.Tab(
        [filters, _grid(ids.ADMIN_AUDIT, columns, "520px", pagination=True, paginationPageSize=100)],
        label="审计日志",
        tab_id="audit",
    )


def layout(**_query: object) -> html.Div:
    runs = {
        "started_at": "时间(UTC)",
        "command": "命令",
        "source": "文件",
        "unit_code": "单位",
        "report_week": "报告周",
        "result": "结果",
        "errors": "错误数",
        "messages": "错误与警告",
    }
    warnings = {"report_week": "报告周", "unit_code": "单位", "file_name": "文件", "message": "警告"}
    return html.Div(
        [
            html.Div(
                [
                    html.H1("系统管理", className="page-title"),
                    html.Div("用户与角色、接口令牌、导入记录、数据质量与审计日志(仅管理员)", className="page-subtitle"),
                ],
                className="page-head",
            ),
            dcc.Store(id=ids.ADMIN_REFRESH, data=0),
            html.Div(id=ids.ADMIN_MESSAGE, className="mt-2"),
            dbc.Tabs(
                [
                    _users_tab(),
                    _tokens_tab(),
                    dbc.Tab(
                        _grid(ids.ADMIN_RUNS, runs, "560px", pagination=True, paginationPageSize=100),
                        label="导入记录",
                        tab_id="runs",
                    ),
                    dbc.Tab(
                        _grid(ids.ADMIN_WARNINGS, warnings, "560px", pagination=True, paginationPageSize=100),
                        label="数据质量",
                        tab_id="quality",
                    ),
                    _audit_tab(),
                ],
                id=ids.ADMIN_TABS,
                active_tab="users",
                className="mt-3 mb-3",
            ),
        ],
        className="page",
    )
