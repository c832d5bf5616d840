"""The printed briefing (`/review/print?week=&version=`): the 周报 on A4 with its headline charts,
no navbar and no week bar. Headless Chromium prints this page to the PDF (cockpit.briefing)."""

from __future__ import annotations

import dash
from dash import dcc, html

from pages import _ids as ids

dash.register_page(__name__, path="/review/print", name="周报打印", nav=False, order=99, title="周报简报")


def layout(week: str | None = None, version: str | None = None, **_query: str) -> html.Div:
    return html.Div(
        [
            dcc.Store(id=ids.REVIEW_PRINT_QUERY, data={"week": week, "version": version}),
            html.Div(id=ids.REVIEW_PRINT_BODY),
        ],
        className="chromeless review-print",
    )
