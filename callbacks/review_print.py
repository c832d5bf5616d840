"""The print page behind the PDF: the whole 周报 with two headline charts (plain HTML bars, so the
print needs no chart script and looks the same everywhere), then a marker the PDF printer waits for."""

from __future__ import annotations

from dash import Input, Output, callback, html

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


def bar_chart(
    title: str, rows: list[tuple[str, list[tuple[str, float | None, str, str]]]], *, scale: float
) -> html.Div:
    """A horizontal bar chart in plain HTML (prints the same on every machine, no script):
    rows of (label, [(series, value, text, colour)]), bars as a share of `scale`."""
    lines = []
    for label, bars in rows:
        cells = [
            html.Div(
                [
                    html.Span(series, className="bar-series"),
                    html.Span(
                        className="bar",
                        style={
                            "width": f"{0 if value is None else min(value / scale, 1) * 100:.1f}%",
                            "background": colour,
                        },
                    ),
                    html.Span(text, className="bar-text"),
                ],
                className="bar-line",
            )
            for series, value, text, colour in bars
        ]
        lines.append(
            html.Div(
                [html.Div(label, className="bar-label"), html.Div(cells, className="bar-cells")], className="bar-row"
            )
        )
    return html.Div([html.H2(title), *lines], className="panel review-section print-chart")


def off_track_chart(review: dict) -> html.Div:
    """Red and yellow items by kind (indicators, findings, milestones)."""
    counts = {
        (k, light): sum(1 for i in review["off_track"] if i["kind"] == k and i["light"] == light)
        for k in KIND_WORDS
        for light in ("red", "yellow")
    }
    scale = max([*counts.values(), 1])
    rows = [
        (
            word,
            [
                (w, counts[(k, light)], str(counts[(k, light)]), LIGHT_COLORS[light])
                for light, w in (("red", "红灯"), ("yellow", "黄灯"))
            ],
        )
        for k, word in KIND_WORDS.items()
    ]
    return bar_chart("滞后事项(按类别)", rows, scale=scale)


def outlook_chart(review: dict) -> html.Div:
    """City-wide: actual, projected at the due date and target of each rate indicator."""
    rows = []
    for r in review["outlook"]:
        if r["unit_code"] != "ALL" or r["kind"] != "rate":
            continue
        bars = [
            (
                word,
                None if r[key] is None else float(r[key]),
                "—" if r[key] is None else f"{float(r[key]) * 100:.1f}%",
                colour,
            )
            for key, word, colour in (
                ("actual", "实际", "#1f5fbf"),
                ("projected", "预计", "#9fb3c8"),
                ("target", "目标", "#7b8794"),
            )
        ]
        rows.append((r["indicator_code"], bars))
    return bar_chart("全市年底预判(实际 · 预计 · 目标)", rows, scale=1.0)


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
        html.Div([off_track_chart(review), outlook_chart(review)], className="print-charts"),
        city_outlook(review),
        *(section_table(s, review, limit=PRINT_LIMIT) for s in WEEKLY),
        html.Div(id=ids.REVIEW_PRINT_READY, **{"data-tables": str(sum(1 for s in WEEKLY if s.rows(review)))}),
    ]
