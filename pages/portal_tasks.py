"""分门户 · 年度重点工作推进, alone: `?embed=1` draws it chromeless for the province's 微门户 matrix."""

from __future__ import annotations

import dash
from dash import html

from pages._portal import PANEL_PATHS, PANEL_TITLES, panel_page

dash.register_page(
    __name__,
    path=PANEL_PATHS["tasks"],
    name=PANEL_TITLES["tasks"],
    nav=False,
    order=61,
    title=f"{PANEL_TITLES['tasks']} · 分门户",
)


def layout(week: str | None = None, embed: str | None = None, **_query: str) -> html.Div:
    return panel_page("tasks", week, embed)
