"""大屏: the wall of the command room. One fixed 1920×1080 canvas, dark, scaled to the screen
and letterboxed; scenes that rotate on their own; nothing to click.

Everything a wall needs is in its URL (pages/_screen_params.py checks each parameter on the
server). Layout only: callbacks/screen.py fills it.
"""

from __future__ import annotations

from dataclasses import asdict

import dash
from dash import dcc, html
from flask import has_app_context

from cockpit.store import config
from pages import _ids as ids
from pages import _screen_parts as parts
from pages._district_map import district_map
from pages._screen_params import ALERT_SCENE, MAP_SIZE, SCENES, ScreenParams, parse_params

dash.register_page(__name__, path="/screen", name="大屏", title="大屏 · 杭州审计数字驾驶舱", nav=False, order=90)


def _scene(name: str, title: str, *children: object) -> html.Section:
    return html.Section(
        [html.H2(title, className="scene-title"), *children],
        id={"type": ids.SCREEN_SCENE, "name": name},
        className="scene",
    )


def _header() -> html.Header:
    return html.Header(
        [
            html.Div(
                [
                    html.Span("城市大脑", className="screen-brand-tag"),
                    html.H1("杭州审计数字驾驶舱", className="screen-title"),
                ],
                className="screen-brand",
            ),
            html.Div(
                [
                    html.Div(id=ids.SCREEN_WEEK, className="screen-week"),
                    html.Div(id=ids.SCREEN_LOADED, className="screen-loaded"),
                ],
                className="screen-meta",
            ),
            html.Div(id=ids.SCREEN_CLOCK, className="screen-clock"),
        ],
        className="screen-header",
    )


def _pager(params: ScreenParams) -> html.Nav:
    return html.Nav(
        [
            html.Span(SCENES[name], id={"type": ids.SCREEN_PAGER, "name": name}, className="pager-item")
            for name in params.scenes
        ],
        className="screen-pager",
    )


def layout(
    scene: str | None = None,
    rotate: str | None = None,
    week: str | None = None,
    indicator: str | None = None,
    poll: str | None = None,
    **_query: object,
) -> html.Div:
    params = parse_params(scene, rotate, week, indicator, poll)
    cfg = config() if has_app_context() else None  # Dash's validation call has no app
    scenes = [
        _scene(
            "overview",
            "总体 · 9 项核心指标(全市)",
            html.Div(parts.kpi_tiles(cfg) if cfg else [], id=ids.SCREEN_KPIS, className="screen-kpis"),
        ),
        _scene(
            "districts",
            "区县 · 得分与排名",
            html.Div(
                [
                    html.Div(
                        [
                            html.Div(id=ids.SCREEN_MAP_TITLE, className="screen-map-title"),
                            district_map(ids.SCREEN_MAP, MAP_SIZE, static=True),
                            html.Div(id=ids.SCREEN_MAP_MISSING, className="screen-map-missing"),
                        ],
                        className="screen-map-cell",
                    ),
                    html.Div(parts.ranking_rows(cfg) if cfg else [], id=ids.SCREEN_RANKING, className="screen-ranking"),
                ],
                className="screen-districts",
            ),
        ),
        _scene(
            "rectification",
            "整改 · 审计发现问题整改",
            html.Div(parts.rect_stats(), id=ids.SCREEN_RECT_HEAD, className="screen-rect-head"),
            html.Div(
                [
                    _graph(ids.SCREEN_RECT_UNITS, "screen-rect-units"),
                    _graph(ids.SCREEN_RECT_MONTHS, "screen-rect-months"),
                ],
                className="screen-rect-charts",
            ),
        ),
        _scene(
            "tasks",
            "任务 · 8 项重点任务与节点",
            html.Div(parts.task_rows(cfg) if cfg else [], id=ids.SCREEN_TASKS, className="screen-tasks"),
        ),
        _scene(ALERT_SCENE, "红灯预警", html.Div(id=ids.SCREEN_ALERT_BODY, className="screen-alert-body")),
    ]
    return html.Div(
        html.Div(
            [
                dcc.Store(id=ids.SCREEN_PARAMS, data=asdict(params)),
                dcc.Store(id=ids.SCREEN_WANTED),
                dcc.Store(id=ids.SCREEN_SHOWN),
                dcc.Store(id=ids.SCREEN_REDS),
                dcc.Store(id=ids.SCREEN_ALERT),
                dcc.Store(id=ids.SCREEN_ROTATION),
                dcc.Interval(id=ids.SCREEN_POLL, interval=params.poll_s * 1000),
                dcc.Interval(id=ids.SCREEN_TICK, interval=params.rotate_s * 1000, disabled=params.pinned),
                dcc.Interval(id=ids.SCREEN_CLOCK_TICK, interval=1000),
                _header(),
                html.Div(
                    [
                        html.Div(id=ids.SCREEN_MISSING, className="screen-missing"),
                        html.Div(
                            [" · ".join(params.problems) + "(已用默认值)"] if params.problems else [],
                            id=ids.SCREEN_NOTICE,
                            className="screen-notice",
                        ),
                        html.Div(id=ids.SCREEN_LINK, className="screen-link"),
                    ],
                    className="screen-subheader",
                ),
                html.Div(id=ids.SCREEN_PROBLEM, className="screen-problem"),
                html.Main(scenes, className="screen-scenes"),
                _pager(params),
            ],
            className="screen-canvas",
        ),
        className="chromeless screen-root",
    )


def _graph(graph_id: str, class_name: str) -> dcc.Graph:
    return dcc.Graph(id=graph_id, config=parts.STATIC, className=class_name)
