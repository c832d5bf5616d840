"""The data-link API (DESIGN §9): the export tables at /api/v1/<what>?week=2024-W23, behind a token.

The Municipal People's Congress data link (市人大数据联网) reads the same rows as
`python -m etl export`; JSON by default, CSV with `&format=csv`. A consumer sends its token in
`Authorization: Bearer <token>` only (a URL's query string ends up in access logs, so
`?token=` is refused). Tokens are made and revoked in /admin (or `python -m etl tokens`), one per
consumer, stored hashed (cockpit.tokens); a token bound to a unit reads that unit's rows only.
Each token is rate-limited (Flask-Limiter; Redis when COCKPIT_CACHE_URL is set, so every worker
counts together) and every call is in the audit log.
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, Flask, Response, jsonify, request
from flask_limiter import Limiter
from sqlalchemy.exc import SQLAlchemyError

from cockpit import audit, tokens, weeks
from cockpit.access import Caller
from cockpit.db import get_engine, transaction
from cockpit.exports import COLUMNS, EXPORTS, to_csv, to_json
from cockpit.settings import Settings
from cockpit.store import StoreUnavailable, settings

api = Blueprint("api", __name__, url_prefix="/api/v1")
UNAVAILABLE = "数据库暂不可用,请稍后重试。"


def _problem(status: int, message: str) -> tuple[Response, int]:
    return jsonify({"error": message}), status


def _given_token() -> str:
    header = request.headers.get("Authorization", "")
    return header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""


def _limit_key() -> str:
    """Per token (hashed, so the key store never holds one), else per address."""
    given = _given_token()
    return "token:" + hashlib.sha256(given.encode()).hexdigest()[:24] if given else f"addr:{request.remote_addr}"


def init_api(server: Flask, settings: Settings) -> None:
    """The API blueprint, its rate limit per token, and the limit's counter store."""
    limiter = Limiter(
        _limit_key,
        app=server,
        storage_uri=settings.cache_url or "memory://",
        key_prefix=f"{settings.cache_prefix}limits",
        headers_enabled=True,
        default_limits=[],
    )
    limiter.limit(settings.api_rate_limit)(api)
    server.register_blueprint(api)


@api.get("/<what>")
def export_table(what: str) -> Response | tuple[Response, int]:
    target = f"{what}?{request.query_string.decode(errors='replace')}"[:255]
    if "token" in request.args:
        audit.record("api", target, "denied", {"reason": "token in URL"}, actor=Caller(None, "api:?", "api"))
        return _problem(400, "访问令牌只能放在 Authorization 请求头中(Bearer),不接受 URL 参数")
    engine = get_engine(settings().db_url)
    try:
        with transaction(engine) as session:
            token = tokens.holder(session, _given_token())
            consumer = (token.consumer, token.unit_code) if token else None
    except (StoreUnavailable, SQLAlchemyError):
        return _problem(503, UNAVAILABLE)
    if consumer is None:
        audit.record("api", target, "denied", {"reason": "no valid token"}, actor=Caller(None, "api:?", "api"))
        return _problem(401, "访问令牌无效或已吊销")
    name, unit_code = consumer
    actor = Caller(None, f"api:{name}", "api", unit_code)
    if what not in EXPORTS:
        return _problem(404, f"未知数据表 {what},可选: {', '.join(sorted(EXPORTS))}")
    try:
        week = weeks.parse_week(request.args.get("week", ""))
    except weeks.WeekError as problem:
        return _problem(400, f"参数 week 无效: {problem}")
    try:
        with transaction(engine) as session:
            rows = EXPORTS[what](session, week=week, unit_code=unit_code)
            audit.record(
                "api", target, "ok", {"rows": len(rows), "scope": unit_code or "all"}, actor=actor, session=session
            )
    except (StoreUnavailable, SQLAlchemyError):
        return _problem(503, UNAVAILABLE)
    if request.args.get("format") == "csv":
        return Response(to_csv(rows, COLUMNS[what]), mimetype="text/csv; charset=utf-8")
    return Response(to_json(rows), mimetype="application/json")
