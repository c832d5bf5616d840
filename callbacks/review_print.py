"""The print page behind the PDF: the whole 周报 with two headline charts, then a marker the PDF
printer waits for."""

from __future__ import annotations

import plotly.graph_objects as go
from dash import Input, Output, callback, dcc, html

from callbacks.charts import base_layout
from callbacks.review import parse_version
from callbacks.review_view import city_outlook, headline, section_table
from cockpit import dashboard, weeks
from cockpit.briefing import source_words
from cockpit.briefing_sections import KIND_WORDS, WEEKLY
from cockpit.publish import NotPublished
from cockpit.store import StoreUnavailable
from pages import _ids as ids
from pages._format import LIGHT_COLORS

PRINT_LIMIT = 150  # rows per section in the PDF; the xlsx has every row
STATIC = {"staticPlot": True, "displayModeBar": False}


def off_track_figure(review: dict) -> go.Figure:
    """Red and yellow items by kind (indicators, findings, milestones)."""
    figure = go.Figure()
    for light, word in (("red", "红灯"), ("yellow", "黄灯")):
        counts = [sum(1 for i in review["off_track"] if i["kind"] == k and i["light"] == light) for k in KIND_WORDS]
        figure.add_bar(
            x=list(KIND_WORDS.values()),
            y=counts,
            name=word,
            marker_color=LIGHT_COLORS[light],
            text=counts,
            textposition="outside",
        )
    figure.update_layout(
        **base_layout(title={"text": "滞后事项(按类别)", "x": 0}), barmode="group", height=260, width=480
    )
    return figure


def outlook_figure(review: dict) -> go.Figure:
    """City-wide: actual, projected at the due date and target of each rate indicator (in %)."""
    rows = [r for r in review["outlook"] if r["unit_code"] == "ALL" and r["kind"] == "rate"]
    codes = [r["indicator_code"] for r in rows]
    figure = go.Figure()
    for key, word, color in (
        ("actual", "实际", "#1f5fbf"),
        ("projected", "预计", "#9fb3c8"),
        ("target", "目标", "#7b8794"),
    ):
        values = [None if r[key] is None else round(float(r[key]) * 100, 1) for r in rows]
        figure.add_bar(x=codes, y=values, name=word, marker_color=color)
    figure.update_layout(
        **base_layout(title={"text": "全市年底预判(%)", "x": 0}),
        barmode="group",
        height=260,
        width=520,
        yaxis={"range": [0, 105]},
    )
    return figure


def _shown(query: dict) -> tuple[str, dict, object | None]:
    week = weeks.parse_week(query.get("week") or "")
    wanted = parse_version(query.get("version"))
    if wanted:
        return week, dashboard.published_review(week, wanted).review, dashboard.published_review(week, wanted)
    return week, dashboard.weekly_review(week), None


@callback(Output(ids.REVIEW_PRINT_BODY, "children"), Input(ids.REVIEW_PRINT_QUERY, "data"))
def print_review(query: dict | None):  # noqa: ANN201
    try:
        week, review, published = _shown(query or {})
    except weeks.WeekError as problem:
        return [html.Div(str(problem)), html.Div(id=ids.REVIEW_PRINT_READY)]
    except (StoreUnavailable, NotPublished) as problem:
        return [html.Div(str(problem)), html.Div(id=ids.REVIEW_PRINT_READY)]
    return [
        html.H1(f"周报简报 · {week}", className="page-title"),
        html.Div(
            f"统计截至 {review['as_of']} · 对比 {review['previous']} · {source_words(published)}",
            className="muted mb-2",
        ),
        headline(review),
        html.Div(
            [
                dcc.Graph(figure=off_track_figure(review), config=STATIC),
                dcc.Graph(figure=outlook_figure(review), config=STATIC),
            ],
            className="d-flex gap-3",
        ),
        city_outlook(review),
        *(section_table(s, review, limit=PRINT_LIMIT) for s in WEEKLY),
        html.Div(id=ids.REVIEW_PRINT_READY),
    ]
