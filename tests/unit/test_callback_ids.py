"""Every callback reads and writes components that some page's layout holds (by string id;
pattern-matching ids name components that callbacks make, such as the drill links).

The app runs with `suppress_callback_exceptions=True`, so the renderer gets no validation layout
(every page's layout, some 140 KB in every document) and checks nothing in the browser; this
test makes the check instead, on the server's own layouts."""

from __future__ import annotations

from dash import html, page_registry
from dash.development.base_component import Component


def _ids_in(layout: Component) -> set[str]:
    return {c.id for c in [layout, *layout._traverse()] if isinstance(getattr(c, "id", None), str)}


def _every_layout(app) -> html.Div:  # noqa: ANN001 - the Dash app
    """What Dash's validation layout would be: every page's layout and the app's own."""
    with app.server.test_request_context():
        pages = [p["layout"]() if callable(p["layout"]) else p["layout"] for p in page_registry.values()]
        return html.Div([*pages, app.layout() if callable(app.layout) else app.layout])


def test_every_callback_id_is_in_a_layout(callback_app) -> None:  # noqa: ANN001
    callback_app._setup_server()  # fills callback_map, as the first request would
    assert callback_app.config.suppress_callback_exceptions
    plain = _ids_in(_every_layout(callback_app))
    missing = []
    for key, spec in callback_app.callback_map.items():
        outputs = [part.rsplit(".", 1)[0] for part in key.removeprefix("..").removesuffix("..").split("...")]
        named = [*outputs, *(i["id"] for i in spec.get("inputs", [])), *(s["id"] for s in spec.get("state", []))]
        missing += [(key[:60], i) for i in named if not i.startswith("{") and i not in plain]
    assert len(callback_app.callback_map) > 30 and len(plain) > 100  # the check saw the app
    assert missing == []
