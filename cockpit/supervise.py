"""What the pages call for 督办: reads scoped to the caller, each write one audited transaction.

Rows (the items and their steps) are a unit's rows: a district reads only its own
(`cockpit.access.scope_units`, deny by default). The count of open items per unit is an
aggregate, public like lights and ranks. Nothing here is cached: a step must show at once, and
督办 are few.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy.exc import SQLAlchemyError

from cockpit import data_version
from cockpit import supervision as rules
from cockpit.access import Caller, current_caller, scope_units
from cockpit.audit import record as audit_record
from cockpit.db import get_engine, transaction
from cockpit.queries import supervision as queries
from cockpit.store import StoreUnavailable, config, read_session, settings

Units = tuple[str, ...] | None
ITEM_COLUMNS = {
    "id": "编号",
    "unit_name": "责任单位",
    "subject": "类别",
    "title": "督办事项",
    "state_label": "状态",
    "deadline": "办理期限",
    "request": "督办要求",
    "created_by": "发起人",
    "updated_at": "最近办理",
}


def _labelled(frame: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    names = {u.code: u.name for u in config().units}
    frame["unit_name"] = frame["unit_code"].map(names)
    frame["subject"] = frame["subject_kind"].map(rules.SUBJECT_LABELS)
    frame["shown_state"] = [
        rules.shown_state(s, d, today) for s, d in zip(frame["state"], frame["deadline"], strict=True)
    ]
    frame["state_label"] = frame["shown_state"].map(rules.STATE_LABELS)
    frame["updated_at"] = frame["updated_at"].map(lambda t: f"{t:%Y-%m-%d %H:%M}")
    return frame


def supervision_items(units: Units = None, *, open_only: bool = False, today: dt.date | None = None) -> pd.DataFrame:
    """督办 items the caller may see, with their shown state (逾期未响应 derived)."""
    allowed = scope_units(units)
    with read_session() as session:
        frame = queries.items(session, units=allowed, open_only=open_only)
    return _labelled(frame, today or dt.date.today())


def open_supervision(units: Units = None, today: dt.date | None = None) -> pd.DataFrame:
    """Open 督办 items (待响应 / 逾期未响应 / 已响应 / 已退回) of `units`, narrowed to the caller:
    for the unit page, /review and anyone who lists them."""
    return supervision_items(units, open_only=True, today=today)


def open_supervision_counts(today: dt.date | None = None) -> pd.DataFrame:
    """Per unit: open items and how many of them are overdue (an aggregate; for the wall)."""
    with read_session() as session:
        frame = _labelled(queries.items(session, open_only=True), today or dt.date.today())
    frame["overdue"] = frame["shown_state"] == rules.OVERDUE
    grouped = frame.groupby(["unit_code", "unit_name"], as_index=False).agg(
        open=("id", "size"), overdue=("overdue", "sum")
    )
    return grouped.sort_values(["overdue", "open"], ascending=False, ignore_index=True)


def item_steps(item_id: int) -> pd.DataFrame:
    """An item's steps, oldest first; empty when the caller may not see the item."""
    caller = current_caller()
    with read_session() as session:
        item = queries.items(session, units=caller.row_units())
        if item_id not in set(item["id"]):
            return pd.DataFrame(columns=["action", "from_state", "to_state", "actor", "actor_role", "acted_at", "text"])
        return queries.steps(session, item_id=item_id)


def red_items(week: str) -> list[queries.RedItem]:
    with read_session() as session:
        return queries.red_items(session, config(), week=week)


def issue(*, subject_kind: str, subject_code: str, unit_code: str, week: str, request: str, deadline: dt.date) -> int:
    """Issue a 督办 on an item red in `week` (looked up again here, never taken from the form)."""
    caller = current_caller()
    red = {(r.subject_kind, r.subject_code, r.unit_code): r for r in red_items(week)}
    item = red.get((subject_kind, subject_code, unit_code))
    if item is None:
        raise rules.TransitionRefused("该事项在本周不是红灯,不能发起督办")
    target = f"{subject_kind}:{subject_code}:{unit_code}"
    try:
        with transaction(get_engine(settings().db_url)) as session:
            created = queries.issue(
                session,
                caller,
                subject_kind=subject_kind,
                subject_code=subject_code,
                unit_code=unit_code,
                week=week,
                title=item.title,
                request=request,
                deadline=deadline,
                today=dt.date.today(),
                config=config(),
                proposed=item.red_last_week,
            )
            item_id = created.id
            data_version.bump(session)  # the wall lists open 督办: it redraws on the next poll
    except rules.TransitionRefused as refusal:
        audit_record("supervise_issue", target, "refused", {"reason": str(refusal)}, actor=caller)
        raise
    except SQLAlchemyError as exc:
        raise StoreUnavailable("保存督办时出错,请稍后重试。") from exc
    audit_record("supervise_issue", target, "ok", {"item": item_id, "deadline": deadline}, actor=caller)
    return item_id


def take_step(item_id: int, step: rules.Step, caller: Caller | None = None) -> str:
    """Respond, return or close item `item_id`; the new state, or TransitionRefused."""
    caller = caller or current_caller()
    try:
        with transaction(get_engine(settings().db_url)) as session:
            state = queries.act(session, caller, item_id=item_id, step=step).state
            data_version.bump(session)
    except rules.TransitionRefused as refusal:
        audit_record(f"supervise_{step.action}"[:32], str(item_id), "refused", {"reason": str(refusal)}, actor=caller)
        raise
    except SQLAlchemyError as exc:
        raise StoreUnavailable("保存督办时出错,请稍后重试。") from exc
    audit_record(f"supervise_{step.action}"[:32], str(item_id), "ok", {"state": state}, actor=caller)
    return state
