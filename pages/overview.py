"""总览: the core indicators city-wide against the targets in force, and the rectification headline."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from pages import _ids as ids
from pages._shell import DROPDOWN_LABELS, page

dash.register_page(__name__, path="/", name="总览", order=1, title="总览 · 杭州审计数字驾驶舱")

GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": True}


def layout(week: str | None = None, **_query: str) -> html.Div:
    return page(
        "全市总览",
        week,
        html.Section(id=ids.OVERVIEW_CARDS, className="kpi-grid"),
        dbc.Row(
            [
                dbc.Col(
                    html.Section(
                        [
                            html.Div(
                                [
                                    html.H2("指标趋势(2023年以来)", className="panel-title"),
                                    dcc.Dropdown(
                                        id=ids.OVERVIEW_TREND_PICKER,
                                        clearable=False,
                                        labels=DROPDOWN_LABELS,
                                        className="trend-picker",
                                    ),
                                ],
                                className="panel-head",
                            ),
                            dcc.Graph(id=ids.OVERVIEW_TREND, config=GRAPH_CONFIG, style={"height": "340px"}),
                        ],
                        className="panel",
                    ),
                    lg=7,
                ),
                dbc.Col(
                    html.Section(
                        [
                            html.H2("各单位亮灯情况", className="panel-title"),
                            dcc.Graph(id=ids.OVERVIEW_LIGHTS, config=GRAPH_CONFIG, style={"height": "340px"}),
                        ],
                        className="panel",
                    ),
                    lg=5,
                ),
            ],
            className="g-3",
        ),
        html.Section(
            [
                html.H2("审计整改 · 监督整改", className="panel-title"),
                html.Div(id=ids.OVERVIEW_RECT, className="rect-headline"),
            ],
            className="panel",
        ),
        subtitle="9项核心指标全市实际值与当期目标 · 红黄绿灯 · 审计整改总体情况",
    )
