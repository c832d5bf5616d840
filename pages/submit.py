"""填报: download the week's template, upload the filled workbook (receipt or every error at
once), and 报送情况 — who submitted the page's week and each unit's history. Layout only;
callbacks/submit.py fills it and checks the caller's role and unit on every call."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from flask import has_app_context

from cockpit.access import current_caller
from cockpit.store import config, settings
from cockpit.upload import template_weeks
from pages import _ids as ids
from pages._panels import grid
from pages._panels import panel as _panel
from pages._shell import DROPDOWN_LABELS, page

dash.register_page(__name__, path="/submit", name="填报", order=60, title="填报 · 杭州审计数字驾驶舱")


def _hidden(visible: bool) -> dict:
    return {} if visible else {"display": "none"}


def layout(week: str | None = None, **_query: object) -> html.Div:
    caller = current_caller()
    units = [{"label": f"{u.code} {u.name}", "value": u.code} for u in config().units] if has_app_context() else []
    offered = template_weeks()
    own_unit = caller.unit_code if caller.role == "district" else None
    limit_mb = settings().max_upload_bytes / 1048576 if has_app_context() else 20
    name = config().unit(own_unit).name if own_unit and has_app_context() and config().has_unit(own_unit) else ""
    who = f"{name} {own_unit}" if own_unit else "区、县(市)审计局账号"
    return page(
        "填报",
        week,
        _panel(
            "① 下载报送模板",
            html.P(
                "模板已填好封面(单位编码、报告周),提供指标、状态等下拉选项和日期、数字校验,"
                "并预填本单位上次报送的台账,只需修改有变化的行。",
                className="muted",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.Label("单位", htmlFor=ids.SUBMIT_TEMPLATE_UNIT),
                            dcc.Dropdown(
                                id=ids.SUBMIT_TEMPLATE_UNIT,
                                options=units,
                                value=own_unit,
                                disabled=own_unit is not None,
                                clearable=False,
                                labels=DROPDOWN_LABELS,
                                placeholder="选择单位",
                            ),
                        ],
                        md=4,
                    ),
                    dbc.Col(
                        [
                            html.Label("报告周", htmlFor=ids.SUBMIT_TEMPLATE_WEEK),
                            dcc.Dropdown(
                                id=ids.SUBMIT_TEMPLATE_WEEK,
                                options=offered,
                                value=offered[0],
                                clearable=False,
                                labels=DROPDOWN_LABELS,
                            ),
                        ],
                        md=3,
                    ),
                    dbc.Col(
                        dbc.Button("下载模板", id=ids.SUBMIT_TEMPLATE_BUTTON, color="primary"),
                        md=2,
                        className="submit-button-col",
                    ),
                ],
                className="g-3 align-items-end",
            ),
            html.Div(id=ids.SUBMIT_TEMPLATE_MESSAGE),
            dcc.Download(id=ids.SUBMIT_TEMPLATE_DOWNLOAD),
        ),
        _panel(
            "② 上传报送工作簿",
            dcc.Upload(
                id=ids.SUBMIT_UPLOAD,
                children=html.Div(
                    [
                        html.Div("将填好的工作簿拖到此处,或点击选择文件", className="upload-title"),
                        html.Div(
                            f"接受 .xlsx、.xls、.ods,上限 {limit_mb:.0f} MB;只能报送本单位({who})的工作簿",
                            className="upload-hint",
                        ),
                    ]
                ),
                accept=".xlsx,.xls,.ods,.xlsm",
                multiple=False,
                max_size=-1,  # the server enforces the limit and says so in Chinese
                className="upload-zone",
            ),
            dcc.Loading(html.Div(id=ids.SUBMIT_RESULT, className="submit-result"), type="dot"),
            html.Div(
                [
                    html.Div(
                        [
                            html.Span("问题清单", className="panel-subtitle"),
                            dbc.Button(
                                "导出 CSV", id=ids.SUBMIT_ISSUES_CSV, size="sm", color="secondary", outline=True
                            ),
                            dbc.Button(
                                "导出 Excel", id=ids.SUBMIT_ISSUES_XLSX, size="sm", color="secondary", outline=True
                            ),
                        ],
                        className="drill-tools",
                    ),
                    grid(ids.SUBMIT_ISSUES, "420px"),
                    dcc.Download(id=ids.SUBMIT_ISSUES_DOWNLOAD),
                ],
                id=ids.SUBMIT_ISSUES_PANEL,
                style={"display": "none"},
            ),
            style=_hidden(caller.may("submit") or not caller.signed_in),
        ),
        _panel(
            "③ 报送情况",
            html.Div(id=ids.SUBMIT_STATUS_SUMMARY, className="submit-summary"),
            grid(ids.SUBMIT_STATUS, "", dashGridOptions={"domLayout": "autoHeight"}),
            dbc.Row(
                dbc.Col(
                    [
                        html.Label("单位报送历史", htmlFor=ids.SUBMIT_HISTORY_UNIT),
                        dcc.Dropdown(
                            id=ids.SUBMIT_HISTORY_UNIT,
                            options=units,
                            value=own_unit,
                            disabled=own_unit is not None,
                            clearable=False,
                            labels=DROPDOWN_LABELS,
                            placeholder="选择单位查看历史",
                        ),
                    ],
                    md=4,
                ),
                className="g-3 submit-history-picker",
            ),
            grid(ids.SUBMIT_HISTORY, "320px"),
        ),
        subtitle="下载模板 → 填写 → 上传;校验不通过时一次列出全部问题,数据不入库",
    )
