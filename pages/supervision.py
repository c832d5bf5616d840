"""亮灯督办: the task force issues a 督办 on a red item of the week (those red two weeks running
are proposed first), the responsible unit responds, the task force closes or sends it back.
Layout only; callbacks/supervision.py checks the caller's role and unit on every call."""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from cockpit.access import current_caller
from pages import _ids as ids
from pages._panels import grid
from pages._panels import panel as _panel
from pages._shell import page

dash.register_page(__name__, path="/supervision", name="督办", order=65, title="督办 · 杭州审计数字驾驶舱")

DEFAULT_DAYS = 7  # a new 督办's deadline, unless the task force picks another


def _single_select() -> dict:
    return {"rowSelection": {"mode": "singleRow", "checkboxes": True, "enableClickSelection": True}}


def _field(label: str, component: object) -> html.Div:
    return html.Div([html.Label(label, htmlFor=getattr(component, "id", None)), component], className="sup-field")


def layout(week: str | None = None, item: str | None = None, **_query: object) -> html.Div:
    caller = current_caller()
    today = dt.date.today()
    supervise = {} if caller.may("supervise") else {"display": "none"}
    respond = {} if caller.may("respond") else {"display": "none"}
    return page(
        "亮灯督办",
        week,
        dcc.Store(id=ids.SUPERVISION_REFRESH, data={"n": 0, "item": item}),
        _panel(
            "红灯事项 · 发起督办",
            html.P(
                "本周亮红灯的指标(单位×指标)、滞后的任务节点和有逾期未整改问题的单位;连续两周红灯的事项标为“建议督办”并排在最前。",
                className="muted",
            ),
            dbc.Checklist(
                id=ids.SUPERVISION_ONLY_PROPOSED,
                options=[{"label": "只看建议督办(连续两周红灯、尚无未办结督办)", "value": "proposed"}],
                value=["proposed"],
                switch=True,
                className="sup-filter",
            ),
            grid(ids.SUPERVISION_RED, "320px", getRowId="params.data.key", dashGridOptions=_single_select()),
            dbc.Row(
                [
                    dbc.Col(
                        _field(
                            "办理期限",
                            dcc.DatePickerSingle(
                                id=ids.SUPERVISION_DEADLINE,
                                date=today + dt.timedelta(days=DEFAULT_DAYS),
                                min_date_allowed=today,
                                display_format="YYYY-MM-DD",
                                first_day_of_week=1,
                            ),
                        ),
                        md=3,
                    ),
                    dbc.Col(
                        _field(
                            "督办要求",
                            dcc.Textarea(
                                id=ids.SUPERVISION_REQUEST,
                                value="请说明滞后原因,提出整改措施和计划完成时间。",
                                className="form-control sup-textarea",
                                maxLength=2000,
                            ),
                        ),
                        md=7,
                    ),
                    dbc.Col(dbc.Button("发起督办", id=ids.SUPERVISION_ISSUE, color="danger"), md=2),
                ],
                className="g-3 align-items-end",
            ),
            html.Div(id=ids.SUPERVISION_MESSAGE),
            id=ids.SUPERVISION_RED_PANEL,
            style=supervise,
        ),
        _panel(
            "督办事项",
            dbc.Checklist(
                id=ids.SUPERVISION_SHOW_CLOSED,
                options=[{"label": "显示已办结", "value": "closed"}],
                value=[],
                switch=True,
                className="sup-filter",
            ),
            grid(ids.SUPERVISION_ITEMS, "320px", getRowId="String(params.data.id)", dashGridOptions=_single_select()),
            html.Div(id=ids.SUPERVISION_DETAIL, className="sup-detail"),
            html.Div(
                [
                    html.H3("响应督办", className="panel-subtitle"),
                    _field(
                        "情况说明",
                        dcc.Textarea(
                            id=ids.SUPERVISION_EXPLANATION, className="form-control sup-textarea", maxLength=2000
                        ),
                    ),
                    _field(
                        "整改措施",
                        dcc.Textarea(
                            id=ids.SUPERVISION_MEASURES, className="form-control sup-textarea", maxLength=2000
                        ),
                    ),
                    _field(
                        "计划完成日期",
                        dcc.DatePickerSingle(
                            id=ids.SUPERVISION_PLANNED, display_format="YYYY-MM-DD", first_day_of_week=1
                        ),
                    ),
                    dbc.Button("提交响应", id=ids.SUPERVISION_RESPOND, color="primary"),
                ],
                id=ids.SUPERVISION_RESPOND_PANEL,
                className="sup-form",
                style=respond,
            ),
            html.Div(
                [
                    html.H3("审核", className="panel-subtitle"),
                    _field(
                        "意见",
                        dcc.Textarea(id=ids.SUPERVISION_OPINION, className="form-control sup-textarea", maxLength=2000),
                    ),
                    html.Div(
                        [
                            dbc.Button("办结", id=ids.SUPERVISION_CLOSE, color="success"),
                            dbc.Button("退回", id=ids.SUPERVISION_RETURN, color="warning"),
                        ],
                        className="sup-buttons",
                    ),
                ],
                id=ids.SUPERVISION_REVIEW_PANEL,
                className="sup-form",
                style=supervise,
            ),
            html.Div(id=ids.SUPERVISION_ACT_MESSAGE),
        ),
        subtitle="待响应 → 已响应 → 已办结(或退回后再响应);待响应超过期限显示为“逾期未响应”",
    )
