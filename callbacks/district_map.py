"""The district map figure, shared by /screen and /districts: shapes coloured by a figure
(the score or one indicator), the unit's name and figure on each shape, a legend, the credit.

No tiles, no map library and no internet: the shapes are SVG outlines in the view's pixels
(Web Mercator), so the cockpit needs only plotly's basic bundle, and the names are annotations
placed by the same projection.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from callbacks.charts import FONT
from cockpit import geo
from cockpit.config import CITY_WIDE, Indicator
from pages._format import missing

# Units too small to hold their label at city scale: the label sits beside, with a leader line
# (pixel offsets of the label from the shape's label point at a ~1 000 px map).
CALLOUTS = {"330102": (150, -100), "330105": (-110, -75), "330106": (-120, 30), "330108": (105, 40)}
NO_DATA = "#9aa5b1"


@dataclass(frozen=True)
class Theme:
    background: str
    ink: str
    border: str
    label_size: int
    credit_size: int
    colorscale: tuple[tuple[float, str], ...]


LIGHT = Theme("#ffffff", "#1f2d3d", "#ffffff", 13, 11, ((0, "#d64545"), (0.5, "#f2c94c"), (1, "#1f9d55")))
DARK = Theme("#0a1833", "#ffffff", "#0a1833", 22, 20, ((0, "#c53b3b"), (0.5, "#d9a21b"), (1, "#1c8f4c")))


@dataclass(frozen=True)
class Measure:
    """What colours the map: a value per unit code (None = no data), how it reads, its range."""

    title: str
    values: Mapping[str, float | None]
    texts: Mapping[str, str]
    zmin: float
    zmax: float
    tick_suffix: str = ""


def district_map_figure(
    collection: dict, view: geo.View, names: Mapping[str, str], measure: Measure, *, theme: Theme = LIGHT
) -> go.Figure:
    """One filled outline per feature, in the collection's order (trace i is feature i: a click
    names its district by `curveNumber`), then an empty trace that carries the colour bar."""
    colorscale = [list(stop) for stop in theme.colorscale]
    figure = go.Figure()
    for feature in collection["features"]:
        code = feature["id"]
        value = measure.values.get(code)
        xs, ys = _outline(feature["geometry"], view)
        text = f"{names.get(code, code)} {measure.texts.get(code, '') if value is not None else '无数据'}"
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillcolor=NO_DATA if value is None else _colour(colorscale, value, measure),
                line={"color": theme.border, "width": 1.5},
                hoveron="fills",
                hoverinfo="name",
                name=text,
                showlegend=False,
            )
        )
    figure.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            hoverinfo="skip",
            showlegend=False,
            marker={
                "color": [measure.zmin],
                "cmin": measure.zmin,
                "cmax": measure.zmax,
                "colorscale": colorscale,
                "showscale": True,
                "colorbar": {
                    "title": {"text": measure.title, "font": {"size": theme.label_size, "color": theme.ink}},
                    "tickfont": {"size": theme.credit_size, "color": theme.ink},
                    "ticksuffix": measure.tick_suffix,
                    "thickness": max(12, theme.label_size),
                    "len": 0.5,
                    "x": 0.99,
                    "xanchor": "right",
                    "y": 0.04,
                    "yanchor": "bottom",
                    "outlinewidth": 0,
                },
            },
        )
    )
    hidden = {"visible": False, "fixedrange": True}
    figure.update_layout(
        width=view.width,
        height=view.height,
        autosize=False,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor=theme.background,
        plot_bgcolor=theme.background,
        font={"family": FONT, "color": theme.ink},
        hoverlabel={"namelength": -1},
        hovermode="closest",
        dragmode=False,
        showlegend=False,
        xaxis={**hidden, "range": [0, view.width]},
        yaxis={**hidden, "range": [view.height, 0]},
        annotations=[*_labels(collection, view, names, measure, theme), _credit(theme)],
    )
    return figure


def _outline(geometry: dict, view: geo.View) -> tuple[list[float | None], list[float | None]]:
    """The shape's rings in the view's pixels, each closed, separated by a gap (None)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in geo.rings(geometry):
        for lon, lat in ring:
            x, y = view.pixel(lon, lat)
            xs.append(round(x, 1))
            ys.append(round(y, 1))
        xs.append(None)
        ys.append(None)
    return xs[:-1], ys[:-1]


def _colour(colorscale: list[list], value: float, measure: Measure) -> str:
    span = measure.zmax - measure.zmin
    share = 0.0 if span <= 0 else min(1.0, max(0.0, (value - measure.zmin) / span))
    return sample_colorscale(colorscale, [share])[0]


def _labels(collection: dict, view: geo.View, names: Mapping[str, str], measure: Measure, theme: Theme) -> list[dict]:
    scale = view.width / 1000
    labels = []
    for feature in collection["features"]:
        code = feature["id"]
        x, y = view.pixel(*geo.label_point(feature))
        text = f"<b>{names.get(code, code)}</b><br>{measure.texts.get(code, '无数据')}"
        label = {
            "x": x / view.width,
            "y": 1 - y / view.height,
            "xref": "paper",
            "yref": "paper",
            "text": text,
            "showarrow": False,
            "font": {"size": theme.label_size, "color": theme.ink},
            "bgcolor": "rgba(0,0,0,0.35)" if theme is DARK else "rgba(255,255,255,0.7)",
            "borderpad": 2,
        }
        if code in CALLOUTS:
            dx, dy = CALLOUTS[code]
            label |= {"showarrow": True, "ax": dx * scale, "ay": dy * scale, "arrowcolor": theme.ink, "arrowwidth": 1.5}
            label |= {"arrowhead": 0, "standoff": 2}
        labels.append(label)
    return labels


def _credit(theme: Theme) -> dict:
    return {
        "x": 0.005,
        "y": 0.005,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "left",
        "yanchor": "bottom",
        "text": geo.CREDIT,
        "showarrow": False,
        "font": {"size": theme.credit_size, "color": theme.ink},
        "opacity": 0.8,
    }


def score_measure(ranking: pd.DataFrame) -> Measure:
    values = {r.unit_code: float(r.score) for r in ranking.itertuples()}
    return Measure(
        "得分", values, {c: f"{v:.1f}" for c, v in values.items()}, zmin=min([60.0, *values.values()]), zmax=100
    )


def indicator_measure(indicator: Indicator, facts: pd.DataFrame) -> Measure:
    rows = facts[(facts["indicator_code"] == indicator.code) & (facts["unit_code"] != CITY_WIDE)]
    if indicator.kind == "count":
        values = {r.unit_code: float(r.numerator) for r in rows.itertuples()}
        texts = {c: f"{int(v)} {indicator.unit_label or '项'}" for c, v in values.items()}
        top = max([1.0, *values.values(), *rows["target"].astype(float)])
        return Measure(f"{indicator.code} 项数", values, texts, zmin=0, zmax=top)
    values = {r.unit_code: None if missing(r.actual) else float(r.actual) * 100 for r in rows.itertuples()}
    texts = {c: "无台账" if v is None else f"{v:.0f}%" for c, v in values.items()}
    return Measure(f"{indicator.code} 实际值", values, texts, zmin=0, zmax=100, tick_suffix="%")
