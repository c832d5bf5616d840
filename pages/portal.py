"""分门户: the bureau's sub-portal — this year's key work, the core business figures, featured work."""

from __future__ import annotations

import dash
from dash import html

from pages._portal import business_panel, featured_panel, tasks_panel
from pages._shell import page

dash.register_page(__name__, path="/portal", name="分门户", order=6, title="分门户 · 杭州审计数字驾驶舱")


def layout(week: str | None = None, **_query: str) -> html.Div:
    return page(
        "审计“分门户”",
        week,
        html.Div([tasks_panel(week), business_panel(week), featured_panel(week)], className="portal-grid"),
        subtitle="年度重点工作推进 · 核心业务 · 特色工作;各栏目可单独嵌入省厅微门户",
    )
