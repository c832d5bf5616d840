"""The wall's fixed parts, one per configured indicator, district slot, figure and milestone.

They are built once with the page; every refresh sets their text, classes and figures through
pattern-matching ids (callbacks/screen.py), so nothing is removed from the page on a redraw.
"""

from __future__ import annotations

from dash import dcc, html

from cockpit.config import Config

STATIC = {"staticPlot": True, "displayModeBar": False, "responsive": False}
RANK_SLOTS = 13  # rows of the ranking on the wall (a province shows its first 13)
RECT_STATS = ("发现问题(个)", "已整改(个)", "整改率", "整改中(个)", "逾期未整改(个)", "涉及金额(万元)")


def part(kind: str, index: str | int) -> dict:
    return {"type": f"screen-{kind}", "index": index}


def kpi_tiles(config: Config) -> list[html.Div]:
    return [
        html.Div(
            [
                html.Div(
                    [
                        html.Div([html.Span(i.code, className="tile-code"), i.name], className="tile-name"),
                        html.Div(id=part("tile-actual", i.code), className="tile-actual"),
                        html.Div(id=part("tile-target", i.code), className="tile-target"),
                        html.Div(id=part("tile-light", i.code), className="tile-light"),
                    ],
                    className="tile-text",
                ),
                dcc.Graph(id=part("spark", i.code), config=STATIC, className="tile-spark"),
            ],
            id=part("tile", i.code),
            className="screen-tile",
        )
        for i in config.indicators
    ]


def ranking_rows(config: Config) -> list[html.Div]:
    head = html.Div(
        [html.Span("名次"), html.Span("单位"), html.Span("得分"), html.Span("较上周")], className="rank-row rank-head"
    )
    return [head] + [
        html.Div(
            [
                html.Span(id=part("rank-no", n), className="rank-no"),
                html.Span(id=part("rank-name", n)),
                html.Span(id=part("rank-score", n), className="rank-score"),
                html.Span(id=part("rank-change", n), className="rank-change"),
            ],
            id=part("rank", n),
            className="rank-row",
        )
        for n in range(rank_slots(config))
    ]


def rank_slots(config: Config) -> int:
    return min(len(config.districts), RANK_SLOTS)


def rect_stats() -> list[html.Div]:
    return [
        html.Div(
            [html.Div(id=part("rect-value", n), className="stat-big"), html.Div(label, className="stat-label")],
            id=part("rect-stat", n),
            className="rect-stat",
        )
        for n, label in enumerate(RECT_STATS)
    ]


def task_rows(config: Config) -> list[html.Div]:
    rows = []
    for task in config.tasks:
        cells = [
            html.Div(
                [
                    html.Div(
                        [
                            html.Span(m.code, className="ms-code"),
                            html.Span(f"{m.due:%Y-%m-%d}", className="ms-due"),
                            html.Span(id=part("ms-done", m.code), className="ms-done"),
                        ],
                        className="ms-top",
                    ),
                    html.Div(m.name, className="ms-name"),
                ],
                id=part("ms-cell", m.code),
                className="ms-cell",
            )
            for m in task.milestones
        ]
        head = html.Div(
            [
                html.Div([html.Span(task.code, className="task-code"), task.name.split("(")[0]], className="task-name"),
                html.Div(id=part("task-lead", task.code), className="task-lead"),
            ],
            id=part("task-head", task.code),
            className="task-head",
        )
        rows.append(html.Div([head, *cells], className="task-row"))
    return rows
