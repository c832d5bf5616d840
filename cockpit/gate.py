"""Deny by default: every request is checked on the server before Dash or a view sees it.

No session: the sign-in page, its stylesheets, and nothing else (Dash's XHR routes answer 401).
Signed in: a page by its path (`access.page_roles`), a callback by the ids of its outputs
(`access.callback_roles`: the callback is looked up in `app.callback_map` by the key the
renderer posts, so a client cannot claim other outputs), Dash's page router by the pathname it
is asked to render. The API checks its own tokens (cockpit.api). The caller goes into
`flask.g.cockpit_caller` for `cockpit.access.current_caller()`.
"""

from __future__ import annotations

import hmac
import json
import logging

from dash import Dash
from dash._utils import split_callback_id
from flask import Response, current_app, g, jsonify, redirect, request, url_for
from werkzeug.exceptions import HTTPException, InternalServerError

from cockpit.access import ANONYMOUS, DENIED, EVERY_ROLE, Caller, allow_callbacks, callback_roles, page_roles
from cockpit.signin import denied_page, init_signin, serves_static, session_caller, static_caller
from cockpit.store import settings

PUBLIC = ("/login", "/assets/", "/_favicon.ico")
DASH_XHR = ("/_dash-layout", "/_dash-dependencies", "/_dash-update-component", "/_reload-hash")
DASH_FILES = "/_dash-component-suites/"
CALLBACK = "/_dash-update-component"
PRINT_TOKEN_KEY = "COCKPIT_PRINT_TOKEN"
PRINT_COOKIE = "cockpit_print"
ROUTER_OUTPUT = "_pages_content"
ROUTER_LOCATION = "_pages_location"
log = logging.getLogger(__name__)


def init_access(app: Dash) -> None:
    """Sign-in, CSRF and the gate for the app (called once by the app factory)."""
    server = app.server
    init_signin(server, settings_of(server))
    allow_callbacks("_pages_", EVERY_ROLE)  # the page router: checked by the pathname it renders
    server.before_request(lambda: _gate(app))
    server.register_error_handler(InternalServerError, _server_error)


def settings_of(server):  # noqa: ANN001, ANN201 - a Flask app; its Settings
    with server.app_context():
        return settings()


def _public(path: str) -> bool:
    return path == "/login" or any(path.startswith(p) for p in PUBLIC[1:])


def _gate(app: Dash) -> Response | tuple[Response, int] | tuple[str, int] | None:
    path = request.path
    if request.blueprint == "api":  # a route of cockpit.api, which checks its tokens itself
        g.cockpit_caller = ANONYMOUS
        return None
    if serves_static(path) and not _public(path):
        caller = static_caller() or _print_caller() or ANONYMOUS
    else:
        caller = session_caller() or _print_caller() or ANONYMOUS
    g.cockpit_caller = caller
    if _public(path):
        return None
    if not caller.signed_in:
        if path.startswith(DASH_XHR) or path.startswith(DASH_FILES) or request.method != "GET":
            return jsonify({"message": "请先登录"}), 401
        return redirect(url_for("signin.sign_in_page", next=request.full_path.rstrip("?")))
    if path == CALLBACK:
        return _check_callback(app, caller)
    if path.startswith(DASH_XHR) or path.startswith(DASH_FILES) or path == "/logout":
        return None
    if caller.role not in page_roles(path):
        if caller.role == "screen" and path == "/":
            return redirect("/screen")
        return denied_page(caller)
    return None


def _print_caller() -> Caller | None:
    """The CLI's briefing printer (cockpit.briefing_pdf.served): an app it serves on a local port
    for one print carries a random token; a request with that token in its cookie reads as a
    leader (read-only). An app served any other way has no token and admits no one this way."""
    token = current_app.config.get(PRINT_TOKEN_KEY)
    given = request.cookies.get(PRINT_COOKIE, "")
    if token and given and hmac.compare_digest(given.encode(), token.encode()):
        return Caller(user_id=None, username="cli:briefing", role="leader")
    return None


def output_ids(app: Dash, key: str) -> list[str] | None:
    """The component ids (a pattern-matching id by its "type") a callback writes; for a callback
    without outputs, those it reads. None when `key` names no callback."""
    spec = app.callback_map.get(key)
    if spec is None or "callback" not in spec:  # unknown, or run in the browser (clientside)
        return None
    if spec.get("no_output"):
        parts = [{"id": i["id"]} for i in spec.get("inputs", [])]
    else:
        split = split_callback_id(key)
        parts = split if isinstance(split, list) else [split]
    return [_id_name(part["id"]) for part in parts]


def _id_name(component: str | dict) -> str:
    if isinstance(component, str) and component.startswith("{"):
        try:
            component = json.loads(component)
        except ValueError:
            return component
    if isinstance(component, dict):
        return str(component.get("type", json.dumps(component, sort_keys=True)))
    return component.replace("\\.", ".")


def _check_callback(app: Dash, caller: Caller) -> tuple[Response, int] | None:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return jsonify({"message": "请求无效"}), 400
    ids = output_ids(app, body["output"])
    if ids is None:
        return jsonify({"message": "请求无效"}), 400
    if caller.role not in callback_roles(ids):
        return jsonify({"message": DENIED}), 403
    if ROUTER_OUTPUT in ids:
        path = _router_path(body)
        if not path.startswith("/"):
            return jsonify({"message": "请求无效"}), 400
        if caller.role not in page_roles(path):
            return jsonify({"message": DENIED}), 403
    return None


def _router_path(body: dict) -> str:
    """The pathname Dash's page router is asked to render; "" when absent or when its inputs are
    not text (Dash's router would raise on them)."""
    values = {
        item.get("property"): item.get("value")
        for item in body.get("inputs") or []
        if isinstance(item, dict) and item.get("id") == ROUTER_LOCATION
    }
    if not isinstance(values.get("search"), str | None):
        return ""
    path = values.get("pathname")
    return path if isinstance(path, str) else ""


def callback_failed(error: Exception) -> None:
    """Dash's `on_error` for every callback: a callback that raises on its inputs (malformed,
    hostile, or a bug) changes nothing on the page — no traceback, no raw error — and the log
    keeps what happened, with the callback's key."""
    body = request.get_json(silent=True) if request else None
    key = body.get("output", "?") if isinstance(body, dict) else "?"
    log.error("callback failed: %s", str(key)[:200], exc_info=error)


def _server_error(error: HTTPException) -> tuple[Response, int] | tuple[str, int]:
    """Never a traceback or a raw database error: a plain message (the log keeps the details)."""
    log.error("unhandled error on %s", request.path, exc_info=getattr(error, "original_exception", None))
    message = "服务器内部错误,请稍后重试或联系数据处。"
    if request.path.startswith(("/_dash", "/api/")):
        return jsonify({"message": message}), 500
    return f"<!doctype html><meta charset='utf-8'><title>出错了</title><p>{message}</p>", 500
