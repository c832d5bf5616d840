"""What /admin reads: users, API tokens, ETL runs and their messages, data-quality warnings per unit
and week, and the audit log with filters. Every function refuses a caller who is not an admin."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from cockpit.access import ROLE_LABELS, AccessDenied, current_caller
from cockpit.audit import now
from cockpit.models import EtlRun, Submission
from cockpit.models_access import ApiToken, AuditEvent, User

AUDIT_LIMIT = 2000
RUN_LIMIT = 500


def _admin_only() -> None:
    if not current_caller().may("admin"):
        raise AccessDenied()


def issue_line(issue: dict) -> str:
    """One ETL issue in Chinese, as the CLI prints it: 错误 [整改台账 第12行 整改日期] “…”: reason."""
    where = " ".join(
        p for p in (issue.get("sheet"), f"第{issue['row']}行" if issue.get("row") else "", issue.get("column")) if p
    )
    label = "错误" if issue.get("level") == "error" else "警告"
    value = f" “{issue['value']}”" if issue.get("value") not in (None, "") else ""
    return (
        f"{label} [{where}]{value}: {issue.get('reason', '')}"
        if where
        else f"{label}{value}: {issue.get('reason', '')}"
    )


def _issues(text: str) -> list[dict]:
    try:
        items = json.loads(text or "[]")
    except ValueError:
        return []
    return [i if isinstance(i, dict) else {"reason": str(i)} for i in items]


def users_frame(session: Session) -> pd.DataFrame:
    _admin_only()
    rows = session.scalars(select(User).order_by(User.role, User.username))
    return pd.DataFrame(
        [
            {
                "username": u.username,
                "role": ROLE_LABELS.get(u.role, u.role),
                "unit_code": u.unit_code,
                "active": "启用" if u.active else "停用",
                "created_at": f"{u.created_at:%Y-%m-%d %H:%M}",
                "last_sign_in_at": f"{u.last_sign_in_at:%Y-%m-%d %H:%M}" if u.last_sign_in_at else "从未登录",
            }
            for u in rows
        ],
        columns=["username", "role", "unit_code", "active", "created_at", "last_sign_in_at"],
    )


def tokens_frame(session: Session) -> pd.DataFrame:
    _admin_only()
    rows = session.scalars(select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.consumer))
    return pd.DataFrame(
        [
            {
                "consumer": t.consumer,
                "prefix": f"{t.prefix}…",
                "unit_code": t.unit_code or "全部单位",
                "state": f"已吊销 {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "有效",
                "created": f"{t.created_at:%Y-%m-%d %H:%M} · {t.created_by}",
                "last_used_at": f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "未使用",
            }
            for t in rows
        ],
        columns=["consumer", "prefix", "unit_code", "state", "created", "last_used_at"],
    )


def etl_runs(session: Session, limit: int = RUN_LIMIT) -> pd.DataFrame:
    """The latest ETL runs, newest first, with every error and warning message of each."""
    _admin_only()
    runs = session.scalars(select(EtlRun).order_by(EtlRun.started_at.desc(), EtlRun.id.desc()).limit(limit))
    rows = []
    for run in runs:
        issues = _issues(run.errors) + _issues(run.warnings)
        rows.append(
            {
                "started_at": f"{run.started_at:%Y-%m-%d %H:%M:%S}",
                "command": run.command,
                "source": run.source,
                "unit_code": run.unit_code,
                "report_week": run.report_week,
                "result": {"accepted": "已接收", "rejected": "已拒收", "rebuilt": "已重建"}.get(run.result, run.result),
                "errors": sum(i.get("level") == "error" for i in issues),
                "messages": "\n".join(issue_line(i) for i in issues),
            }
        )
    columns = ["started_at", "command", "source", "unit_code", "report_week", "result", "errors", "messages"]
    return pd.DataFrame(rows, columns=columns)


def quality_warnings(session: Session) -> pd.DataFrame:
    """Every warning of the current (not superseded) submissions: one row per unit, week, message."""
    _admin_only()
    query = (
        select(Submission.unit_code, Submission.report_week, Submission.warnings, Submission.file_name)
        .where(Submission.superseded_at.is_(None), Submission.warnings != "[]")
        .order_by(Submission.report_week.desc(), Submission.unit_code)
    )
    rows = [
        {"unit_code": unit, "report_week": week, "file_name": name, "message": issue_line(issue)}
        for unit, week, warnings, name in session.execute(query)
        for issue in _issues(warnings)
    ]
    return pd.DataFrame(rows, columns=["unit_code", "report_week", "file_name", "message"])


def audit_events(
    session: Session,
    *,
    action: str | None = None,
    username: str | None = None,
    outcome: str | None = None,
    days: int = 7,
    limit: int = AUDIT_LIMIT,
) -> pd.DataFrame:
    """The audit log, newest first, filtered by action, user name (part of), outcome and age."""
    _admin_only()
    query = select(AuditEvent).where(AuditEvent.at >= now() - dt.timedelta(days=max(1, min(days, 3660))))
    if action:
        query = query.where(AuditEvent.action == action)
    if username:
        query = query.where(AuditEvent.username.contains(username, autoescape=True))
    if outcome:
        query = query.where(AuditEvent.outcome == outcome)
    events = session.scalars(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit))
    columns = ["at", "username", "role", "unit_code", "address", "action", "target", "outcome", "detail"]
    return pd.DataFrame(
        [{c: (f"{e.at:%Y-%m-%d %H:%M:%S}" if c == "at" else getattr(e, c)) for c in columns} for e in events],
        columns=columns,
    )
