"""Security headers on every response (issue 7 §6): a Content-Security-Policy that lets Dash run
and loads nothing from outside, framing refused except for the sub-portal's embeds from the
origins in config/portal.toml, no MIME sniffing, no referrer to other sites.

Dash's inline scripts (the renderer's start line and any inline clientside callback) are allowed
by their hashes, from `Dash.csp_hashes()`; no 'unsafe-inline' and no 'unsafe-eval' for scripts
(dash-ag-grid runs its "function" strings through its own interpreter, not eval). Styles keep
'unsafe-inline': React, Plotly and AG Grid set inline styles and inject style elements.
"""

from __future__ import annotations

from collections.abc import Iterable

from dash import Dash
from flask import Response, current_app, request

EMBED_ORIGINS_KEY = "COCKPIT_EMBED_ORIGINS"
EMBED_PATHS_KEY = "COCKPIT_EMBED_PATHS"
REFERRER_POLICY = "same-origin"

_FIXED_DIRECTIVES = (
    ("default-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data: blob:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


def content_security_policy(script_hashes: Iterable[str], frame_ancestors: Iterable[str]) -> str:
    """The policy text: scripts from this origin or with these hashes; framing by these
    origins only (none given: 'none')."""
    ancestors = " ".join(frame_ancestors) or "'none'"
    directives = [*_FIXED_DIRECTIVES, ("script-src", " ".join(["'self'", *script_hashes]))]
    directives.append(("frame-ancestors", ancestors))
    return "; ".join(f"{name} {value}" for name, value in directives)


def is_embed_request() -> bool:
    """A sub-portal panel asked for as an embed (`/portal/tasks?embed=1`)."""
    return request.path in current_app.config.get(EMBED_PATHS_KEY, ()) and request.args.get("embed") == "1"


def install(app: Dash, *, embed_origins: Iterable[str], embed_paths: Iterable[str]) -> None:
    """Add the headers to every response of `app` (pages, assets, callbacks, errors)."""
    server = app.server
    server.config[EMBED_ORIGINS_KEY] = tuple(embed_origins)
    server.config[EMBED_PATHS_KEY] = frozenset(embed_paths)

    @server.after_request
    def add_security_headers(response: Response) -> Response:
        framers = server.config[EMBED_ORIGINS_KEY] if is_embed_request() else ()
        # csp_hashes() is recomputed per response: an inline script registered late still gets in.
        response.headers["Content-Security-Policy"] = content_security_policy(app.csp_hashes(), framers)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = REFERRER_POLICY
        if not framers:
            # Old browsers without frame-ancestors; it cannot name several origins, so embeds omit it.
            response.headers["X-Frame-Options"] = "DENY"
        return response
