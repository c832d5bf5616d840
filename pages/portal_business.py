"""分门户 · 核心业务, alone: `?embed=1` draws it chromeless for the province's 微门户 matrix."""

from __future__ import annotations

import dash
from dash import html

from pages._portal import PANEL_PATHS, PANEL_TITLES, panel_page

dash.register_page(
    __name__,
    path=PANEL_PATHS["business"],
    name=PANEL_TITLES["business"],
    nav=False,
    order=62,
    title=f"{PANEL_TITLES['business']} · 分门户",
)


def layout(week: str | None = None, embed: str | None = None, **_query: str) -> html.Div:
    return panel_page("business", week, embed)
