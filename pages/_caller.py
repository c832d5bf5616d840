"""Who is signed in, and the sign-out button (a CSRF-protected POST), under the navbar."""

from __future__ import annotations

from dash import dcc, html
from flask import has_request_context
from flask_wtf.csrf import generate_csrf

from cockpit.access import current_caller
from cockpit.signin import unit_label
from pages import _ids as ids


def caller_bar() -> html.Div | None:
    """The caller's name, role and unit, a link to /admin for admins, and 退出登录."""
    if not has_request_context() or not current_caller().signed_in:
        return None
    caller = current_caller()
    admin = [html.A("系统管理", href="/admin", className="btn btn-sm btn-outline-light")] if caller.may("admin") else []
    sign_out = html.Form(
        [
            dcc.Input(type="hidden", name="csrf_token", value=generate_csrf()),
            html.Button("退出登录", type="submit", id=ids.SIGN_OUT, className="btn btn-sm btn-outline-light"),
        ],
        method="post",
        action="/logout",
    )
    return html.Div([html.Span(unit_label(caller), id=ids.CALLER_NAME), *admin, sign_out], className="caller-bar")
