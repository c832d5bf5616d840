"""The audit log (DESIGN §12): every act on record — who, when, from where, what, outcome.

`record(action, target, outcome, detail)` is the one way in; there is no way to change or remove
an entry (and PostgreSQL's trigger refuses it). Inside a request the caller and the remote
address come from the session and the request; the CLI passes `engine` and `actor`.

Actions used so far (add yours here): sign_in, sign_in_failed, sign_out, export, download,
api, user_add, user_disable, user_enable, user_reset, token_create, token_revoke, denied;
helpers add upload, publish, supervise_* (督办 steps).
"""

from __future__ import annotations

import datetime as dt
import getpass
import json

from flask import has_request_context, request
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from cockpit.access import Caller, current_caller
from cockpit.db import get_engine, transaction
from cockpit.models_access import AuditEvent

OUTCOMES = ("ok", "denied", "failed", "rejected", "refused")


def now() -> dt.datetime:
    """UTC, naive (the store's DateTime columns are naive everywhere)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _address() -> str:
    if has_request_context():
        return (request.remote_addr or "?")[:64]
    return "cli"


def _engine() -> Engine:
    from cockpit.store import settings

    return get_engine(settings().db_url)


def record(
    action: str,
    target: str = "",
    outcome: str = "ok",
    detail: dict | str | None = None,
    *,
    engine: Engine | None = None,
    actor: Caller | None = None,
    username: str | None = None,
    session: Session | None = None,
) -> None:
    """Append one entry. `detail` is a dict (stored as JSON) or text; `username` overrides the
    caller's name (a failed sign-in records the name tried); `session` writes inside the caller's
    own transaction (so the entry commits or rolls back with the act it records)."""
    who = actor or current_caller()
    if not who.signed_in and not has_request_context() and actor is None:
        who = Caller(user_id=None, username=f"cli:{getpass.getuser()}", role="cli")
    payload = detail if isinstance(detail, dict) else ({"text": detail} if detail else {})
    event = AuditEvent(
        at=now(),
        username=(username if username is not None else who.username or "anonymous")[:64],
        role=who.role[:16],
        unit_code=who.unit_code,
        address=_address(),
        action=action[:32],
        target=str(target)[:255],
        outcome=outcome[:16],
        detail=json.dumps(payload, ensure_ascii=False, default=str),
    )
    if session is not None:
        session.add(event)
        return
    with transaction(engine or _engine()) as own:
        own.add(event)


def failures_since(
    session: Session, *, since: dt.datetime, username: str | None = None, address: str | None = None
) -> int:
    """Failed sign-ins since `since` for a user name or from an address (the throttle's count)."""
    query = select(func.count()).where(AuditEvent.action == "sign_in_failed", AuditEvent.at >= since)
    if username is not None:
        query = query.where(AuditEvent.username == username)
    if address is not None:
        query = query.where(AuditEvent.address == address)
    return session.scalar(query) or 0
