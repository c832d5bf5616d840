"""管理 callbacks: fill the grids, and the user and token changes (each one in the audit log).

Every output id starts with "admin-", which the gate admits for admins only; each callback asks
again (`_admin`) so a change can never run for anyone else. A new password or token is shown once,
in the message, and never stored in plain text.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, html, no_update
from sqlalchemy.exc import SQLAlchemyError

from cockpit import admin_reads, audit, tokens, users
from cockpit.access import DENIED, current_caller
from cockpit.db import get_engine, transaction
from cockpit.store import StoreUnavailable, config, read_session, settings
from pages import _ids as ids
from pages._columns import records

STORE_DOWN = "无法写入数据库,本次修改未生效,请稍后重试。"


def _admin() -> bool:
    return current_caller().may("admin")


def _message(text: str, color: str = "success", secret: str | None = None) -> dbc.Alert:
    body: list = [text]
    if secret:
        body += [html.Br(), html.Code(secret, className="admin-secret")]
    return dbc.Alert(body, color=color, dismissable=True)


@callback(
    Output(ids.ADMIN_USERS, "rowData"),
    Output(ids.ADMIN_TOKENS, "rowData"),
    Output(ids.ADMIN_RUNS, "rowData"),
    Output(ids.ADMIN_WARNINGS, "rowData"),
    Input(ids.ADMIN_REFRESH, "data"),
)
def fill_grids(_version: int | None):  # noqa: ANN201
    if not _admin():
        return [], [], [], []
    try:
        with read_session() as session:
            frames = (
                admin_reads.users_frame(session),
                admin_reads.tokens_frame(session),
                admin_reads.etl_runs(session),
                admin_reads.quality_warnings(session),
            )
    except StoreUnavailable:
        return [], [], [], []
    return tuple(records(frame) for frame in frames)


@callback(
    Output(ids.ADMIN_AUDIT, "rowData"),
    Input(ids.ADMIN_AUDIT_ACTION, "value"),
    Input(ids.ADMIN_AUDIT_USER, "value"),
    Input(ids.ADMIN_AUDIT_OUTCOME, "value"),
    Input(ids.ADMIN_AUDIT_DAYS, "value"),
    Input(ids.ADMIN_REFRESH, "data"),
)
def fill_audit(action: str | None, username: str | None, outcome: str | None, days: int | None, _version: int | None):  # noqa: ANN201
    if not _admin():
        return []
    text = lambda v: v[:64] if isinstance(v, str) and v else None  # noqa: E731
    try:
        with read_session() as session:
            frame = admin_reads.audit_events(
                session,
                action=text(action),
                username=text(username),
                outcome=text(outcome),
                days=days if isinstance(days, int) else 7,
            )
    except StoreUnavailable:
        return []
    return records(frame)


def _next(version: object) -> int:
    """The refresh counter after a change (whatever the client sent as the last one)."""
    return version + 1 if isinstance(version, int) and not isinstance(version, bool) and 0 <= version < 2**31 else 1


def _selected(rows: object, field: str) -> str | None:
    if isinstance(rows, list) and rows and isinstance(rows[0], dict) and isinstance(rows[0].get(field), str):
        return rows[0][field]
    return None


@callback(
    Output(ids.ADMIN_MESSAGE, "children"),
    Output(ids.ADMIN_REFRESH, "data"),
    Input(ids.ADMIN_USER_ADD, "n_clicks"),
    Input(ids.ADMIN_USER_DISABLE, "n_clicks"),
    Input(ids.ADMIN_USER_ENABLE, "n_clicks"),
    Input(ids.ADMIN_USER_RESET, "n_clicks"),
    State(ids.ADMIN_USER_NAME, "value"),
    State(ids.ADMIN_USER_ROLE, "value"),
    State(ids.ADMIN_USER_UNIT, "value"),
    State(ids.ADMIN_USERS, "selectedRows"),
    State(ids.ADMIN_REFRESH, "data"),
    prevent_initial_call=True,
)
def change_user(_add, _disable, _enable, _reset, name, role, unit, selected, version):  # noqa: ANN001, ANN201
    if not _admin():
        return _message(DENIED, "danger"), no_update
    action = ctx.triggered_id
    name, role, unit = (v if isinstance(v, str) else "" for v in (name, role, unit))
    target = name.strip() if action == ids.ADMIN_USER_ADD else _selected(selected, "username")
    if not target:
        return _message("请先填写用户名或在表格中选择一个用户。", "warning"), no_update
    password = users.new_password()
    try:
        with transaction(get_engine(settings().db_url)) as session:
            if action == ids.ADMIN_USER_ADD:
                unit = unit if role == "district" else None
                users.add_user(session, config(), username=target, role=role, password=password, unit_code=unit)
                audit.record("user_add", target, detail={"role": role, "unit": unit}, session=session)
                done = f"已新增用户 {target},初始密码(只显示这一次):"
            elif action == ids.ADMIN_USER_RESET:
                users.reset_password(session, target, password)
                audit.record("user_reset", target, session=session)
                done = f"已重置 {target} 的密码(其已登录的会话已失效),新密码(只显示这一次):"
            else:
                active = action == ids.ADMIN_USER_ENABLE
                users.set_active(session, target, active)
                audit.record("user_enable" if active else "user_disable", target, session=session)
                return _message(f"已{'恢复' if active else '停用'}用户 {target}。"), _next(version)
    except users.UserError as problem:
        return _message(str(problem), "warning"), no_update
    except SQLAlchemyError:
        return _message(STORE_DOWN, "danger"), no_update
    return _message(done, secret=password), _next(version)


@callback(
    Output(ids.ADMIN_MESSAGE, "children", allow_duplicate=True),
    Output(ids.ADMIN_REFRESH, "data", allow_duplicate=True),
    Input(ids.ADMIN_TOKEN_CREATE, "n_clicks"),
    Input(ids.ADMIN_TOKEN_REVOKE, "n_clicks"),
    State(ids.ADMIN_TOKEN_NAME, "value"),
    State(ids.ADMIN_TOKEN_UNIT, "value"),
    State(ids.ADMIN_TOKENS, "selectedRows"),
    State(ids.ADMIN_REFRESH, "data"),
    prevent_initial_call=True,
)
def change_token(_create, _revoke, consumer, unit, selected, version):  # noqa: ANN001, ANN201
    if not _admin():
        return _message(DENIED, "danger"), no_update
    caller = current_caller()
    try:
        with transaction(get_engine(settings().db_url)) as session:
            if ctx.triggered_id == ids.ADMIN_TOKEN_CREATE:
                name = consumer.strip() if isinstance(consumer, str) else ""
                unit_code = unit if isinstance(unit, str) and unit else None
                token = tokens.create(session, config(), consumer=name, created_by=caller.username, unit_code=unit_code)
                audit.record("token_create", name, detail={"unit": unit_code}, session=session)
                created = _message(f"已为 {name} 生成令牌(只显示这一次,请交给接入方妥善保存):", secret=token)
                return created, _next(version)
            name = _selected(selected, "consumer")
            if not name:
                return _message("请先在表格中选择一个令牌。", "warning"), no_update
            tokens.revoke(session, name)
            audit.record("token_revoke", name, session=session)
    except users.UserError as problem:
        return _message(str(problem), "warning"), no_update
    except SQLAlchemyError:
        return _message(STORE_DOWN, "danger"), no_update
    return _message(f"已吊销 {name} 的令牌。"), _next(version)
