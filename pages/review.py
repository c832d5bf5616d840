"""周报 for the weekly meeting (`/review?week=`), 月清单 (`/review?month=2025-06`): changes since
last week, what is off track and who answers for it, what falls due, the outlook; the briefing
as xlsx or PDF; publishing the week (the task force)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from pages import _ids as ids
from pages._shell import page

dash.register_page(__name__, path="/review", name="周报", order=6, title="周报 · 杭州审计数字驾驶舱")


def layout(week: str | None = None, month: str | None = None, version: str | None = None, **_query: str) -> html.Div:
    tools = html.Div(
        [
            dbc.Button("导出 Excel 简报", id=ids.REVIEW_XLSX, color="primary", outline=True, size="sm"),
            dbc.Button("导出 PDF 简报", id=ids.REVIEW_PDF, color="primary", outline=True, size="sm"),
            dbc.Button("发布本周周报", id=ids.REVIEW_PUBLISH, color="danger", outline=True, size="sm"),
            dcc.Loading(html.Span(id=ids.REVIEW_PUBLISH_RESULT, className="muted"), type="dot"),
            dcc.Loading(dcc.Download(id=ids.REVIEW_DOWNLOAD), type="dot"),
        ],
        className="review-toolbar",
    )
    return page(
        "月清单" if month else "周报",
        week,
        dcc.Store(id=ids.REVIEW_MONTH, data=month),
        dcc.Store(id=ids.REVIEW_VERSION, data=version),
        tools,
        html.Div(id=ids.REVIEW_STATUS),
        html.Div(id=ids.REVIEW_PUBLISHED, className="review-published"),
        dcc.Loading(html.Div(id=ids.REVIEW_BODY), type="default"),
        html.Div(id=ids.REVIEW_SUPERVISION, className="review-supervision"),
        subtitle="较上周变化 · 滞后事项与责任单位 · 14天内到期 · 年底预判 · 月清单 · 简报导出与发布",
    )
