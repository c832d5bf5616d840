"""The district map as a component: the map graph and the list of configured units that have no
shape (listed beside the map, never dropped). callbacks/district_map.py draws the figure."""

from __future__ import annotations

from dash import dcc, html

DESK_MAP_SIZE = (640, 520)  # pixels of the map on /districts (the names are placed for this size)


def district_map(graph_id: str, size: tuple[int, int], *, static: bool) -> html.Div:
    """A fixed-size map (the names on it are placed for that size); `static`: nothing reacts to
    the pointer (the wall), else a click on a district is a graph clickData."""
    width, height = size
    interaction = (
        {"staticPlot": True}
        if static
        else {"scrollZoom": False, "doubleClick": False, "displayModeBar": False, "showTips": False}
    )
    return html.Div(
        dcc.Graph(
            id=graph_id,
            config={"displaylogo": False, "responsive": False, **interaction},
            style={"width": f"{width}px", "height": f"{height}px"},
            className="district-map",
        ),
        className="district-map-frame",
    )


UNSHAPED_NAMED = 12  # names listed at most (a province has scores of units outside the map)


def unshaped_list(names: list[str]) -> list:
    """The line under the map naming the units drawn nowhere."""
    if not names:
        return []
    shown = "、".join(names[:UNSHAPED_NAMED]) + (f" 等 {len(names)} 个" if len(names) > UNSHAPED_NAMED else "")
    return [html.Span("无边界数据的单位:", className="unshaped-label"), shown]
