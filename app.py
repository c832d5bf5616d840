"""The cockpit's Dash app: an app factory; `gunicorn "app:server"` serves it."""

from __future__ import annotations

from pathlib import Path

import dash
import dash_bootstrap_components as dbc
from dash import Dash, dcc, html
from flask import Flask

from cockpit import http_headers
from cockpit.api import init_api
from cockpit.cache import init_cache
from cockpit.compression import configure_compression, init_compression
from cockpit.config import Config, default_config
from cockpit.gate import callback_failed, init_access
from cockpit.portal_config import PORTAL_KEY, PortalConfig, load_portal_config
from cockpit.settings import Settings
from cockpit.store import CONFIG_KEY, SETTINGS_KEY
from pages import _ids as ids
from pages._caller import caller_bar
from pages._portal import EMBED_PATHS

ROOT = Path(__file__).resolve().parent


def _navbar() -> dbc.Navbar:
    """The page links from the registry; below Bootstrap's xl breakpoint (1200 px) they fold behind a toggler."""
    links = [
        dbc.NavItem(dbc.NavLink(page["name"], href=page["relative_path"], active="exact"))
        for page in sorted(dash.page_registry.values(), key=lambda p: p.get("order", 99))
        if page.get("nav", True)
    ]
    return dbc.Navbar(
        dbc.Container(
            [
                html.A(
                    [
                        html.Span("城市大脑", className="brand-tag"),
                        html.Span("杭州审计数字驾驶舱", className="brand-name"),
                    ],
                    href="/",
                    className="navbar-brand",
                ),
                dbc.NavbarToggler(id=ids.NAV_TOGGLER, n_clicks=0, className="cockpit-nav-toggler"),
                dbc.Collapse(
                    dbc.Nav(links, navbar=True, className="ms-auto"), id=ids.NAV_COLLAPSE, is_open=False, navbar=True
                ),
            ],
            fluid=True,
        ),
        color="dark",
        dark=True,
        expand="xl",
        className="cockpit-nav",
    )


def _layout() -> html.Div:
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            _navbar(),
            caller_bar(),
            dbc.Container(dash.page_container, fluid=True),
        ]
    )


def create_app(
    settings: Settings | None = None, config: Config | None = None, portal: PortalConfig | None = None
) -> Dash:
    settings = settings or Settings()
    portal = portal or load_portal_config(settings.config_dir)
    server = Flask(__name__)
    configure_compression(server)
    app = Dash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder=str(ROOT / "pages"),
        assets_folder=str(ROOT / "assets"),
        title="杭州审计数字驾驶舱",
        update_title=None,
        suppress_callback_exceptions=True,  # no validation layout in every document: tests/unit/test_callback_ids.py checks instead
        serve_locally=True,
        on_error=callback_failed,
        compress=True,  # flask-compress: pages, callback responses and the JS bundles (7.9 MB raw)
    )
    app.server.config[SETTINGS_KEY] = settings
    app.server.config[CONFIG_KEY] = config or default_config(str(settings.config_dir))
    app.server.config[PORTAL_KEY] = portal
    init_cache(app.server, settings)
    init_compression(app.server)
    init_api(app.server, settings)
    init_access(app)
    app.layout = _layout
    import callbacks  # noqa: F401 - registers every page's callbacks

    http_headers.install(app, embed_origins=portal.embed_origins, embed_paths=EMBED_PATHS)

    return app


def __getattr__(name: str) -> object:
    """`gunicorn "app:server"`: the WSGI server of an app built from the environment, on demand
    (importing this module for tests builds nothing)."""
    if name == "server":
        return create_app().server
    raise AttributeError(name)
