"""The data-link API (DESIGN §9): the export tables at /api/v1/<what>?week=2024-W23, behind a token.

The Municipal People's Congress data link (市人大数据联网) reads the same rows as
`python -m etl export`; JSON by default, CSV with `&format=csv`.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, jsonify, request

from cockpit import weeks
from cockpit.exports import COLUMNS, EXPORTS, to_csv, to_json
from cockpit.store import StoreUnavailable, read_session, settings

api = Blueprint("api", __name__, url_prefix="/api/v1")


def _problem(status: int, message: str) -> tuple[Response, int]:
    return jsonify({"error": message}), status


def _authorised() -> bool:
    expected = settings().api_token
    header = request.headers.get("Authorization", "")
    given = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else request.args.get("token", "")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


@api.get("/<what>")
def export_table(what: str) -> Response | tuple[Response, int]:
    if not settings().api_token:
        return _problem(503, "接口未启用:未配置访问令牌(COCKPIT_API_TOKEN)")
    if not _authorised():
        return _problem(401, "访问令牌无效")
    if what not in EXPORTS:
        return _problem(404, f"未知数据表 {what},可选: {', '.join(sorted(EXPORTS))}")
    try:
        week = weeks.parse_week(request.args.get("week", ""))
    except weeks.WeekError as problem:
        return _problem(400, f"参数 week 无效: {problem}")
    try:
        with read_session() as session:
            rows = EXPORTS[what](session, week=week)
    except StoreUnavailable as problem:
        return _problem(503, str(problem))
    if request.args.get("format") == "csv":
        return Response(to_csv(rows, COLUMNS[what]), mimetype="text/csv; charset=utf-8")
    return Response(to_json(rows), mimetype="application/json")
