"""督办 in the store: issuing, taking steps, reading items, and the red items worth a 督办.

Writes go through `cockpit.supervision.check`, so the same rules hold for every caller; the
caller's unit and role come from the session (cockpit.access), never from the form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from cockpit import supervision as rules
from cockpit import weeks
from cockpit.access import DENIED, Caller
from cockpit.config import CITY_WIDE, Config
from cockpit.models import IndicatorFact, MilestoneFact, RectificationFact
from cockpit.models_supervision import SupervisionItem, SupervisionStep
from cockpit.queries.frames import frame


@dataclass(frozen=True)
class RedItem:
    """Something red in a week that the task force may supervise."""

    subject_kind: str  # indicator / milestone / findings
    subject_code: str
    unit_code: str
    week: str
    title: str
    red_last_week: bool  # red in W−1 too: proposed automatically
    open_item_id: int | None  # a 督办 on it that is not yet closed


def issue(
    session: Session,
    caller: Caller,
    *,
    subject_kind: str,
    subject_code: str,
    unit_code: str,
    week: str,
    title: str,
    request: str,
    deadline: dt.date,
    today: dt.date,
    config: Config,
    proposed: bool = False,
    now: dt.datetime | None = None,
) -> SupervisionItem:
    """A new 督办 in 待响应, with its first step; TransitionRefused when not allowed."""
    state = rules.check(caller, unit_code=unit_code, state=None, step=rules.Step(rules.ISSUE, request))
    if subject_kind not in rules.SUBJECT_LABELS or not config.has_unit(unit_code):
        raise rules.TransitionRefused("督办对象无效")
    if deadline < today:
        raise rules.TransitionRefused("办理期限不能早于今天")
    if _open_item(session, subject_kind, subject_code, unit_code) is not None:
        raise rules.TransitionRefused("该事项已有未办结的督办")
    now = now or dt.datetime.now()
    item = SupervisionItem(
        subject_kind=subject_kind,
        subject_code=subject_code,
        unit_code=unit_code,
        week=week,
        title=title[:255],
        request=request.strip(),
        deadline=deadline,
        state=state,
        proposed=proposed,
        created_by=caller.username,
        created_at=now,
        updated_at=now,
    )
    session.add(item)
    session.flush()
    session.add(_step(item.id, caller, None, state, rules.Step(rules.ISSUE, request), now))
    return item


def act(
    session: Session, caller: Caller, *, item_id: int, step: rules.Step, now: dt.datetime | None = None
) -> SupervisionItem:  # noqa: E501
    """Take `step` on item `item_id` (respond, return, close); TransitionRefused when not allowed."""
    item = session.scalar(select(SupervisionItem).where(SupervisionItem.id == item_id).with_for_update())
    if item is None or not caller.may_see_rows_of(item.unit_code):
        raise rules.TransitionRefused(DENIED if item is not None else "督办事项不存在")
    before = item.state
    item.state = rules.check(caller, unit_code=item.unit_code, state=before, step=step)
    item.updated_at = now or dt.datetime.now()
    session.add(_step(item.id, caller, before, item.state, step, item.updated_at))
    return item


def _step(
    item_id: int, caller: Caller, before: str | None, after: str, step: rules.Step, now: dt.datetime
) -> SupervisionStep:  # noqa: E501
    return SupervisionStep(
        item_id=item_id,
        action=step.action,
        from_state=before,
        to_state=after,
        actor=caller.username,
        actor_role=caller.role,
        acted_at=now,
        text=step.text.strip(),
        measures=(step.measures or "").strip() or None,
        planned_on=step.planned_on,
    )


def _open_item(session: Session, kind: str, code: str, unit_code: str) -> int | None:
    return session.scalar(
        select(SupervisionItem.id).where(
            SupervisionItem.subject_kind == kind,
            SupervisionItem.subject_code == code,
            SupervisionItem.unit_code == unit_code,
            SupervisionItem.state.in_(rules.OPEN_STATES),
        )
    )


def items(session: Session, *, units: Sequence[str] | None = None, open_only: bool = False) -> pd.DataFrame:
    """督办 items (newest first) of `units` (None = all), with their latest step's text."""
    query = select(*SupervisionItem.__table__.columns)
    if units is not None:
        query = query.where(SupervisionItem.unit_code.in_(list(units)))
    if open_only:
        query = query.where(SupervisionItem.state.in_(rules.OPEN_STATES))
    return frame(session, query.order_by(SupervisionItem.deadline, SupervisionItem.id))


def steps(session: Session, *, item_id: int) -> pd.DataFrame:
    query = (
        select(*SupervisionStep.__table__.columns)
        .where(SupervisionStep.item_id == item_id)
        .order_by(SupervisionStep.acted_at, SupervisionStep.id)
    )
    return frame(session, query)


def red_items(session: Session, config: Config, *, week: str) -> list[RedItem]:
    """Red in `week`: indicator × unit, milestone × unit, a unit's overdue findings; each marked
    when it was red in the previous week too (proposed) and when a 督办 on it is still open."""
    before = weeks.previous(week)
    found: dict[tuple[str, str, str], set[str]] = {}

    def add(kind: str, code: str, unit: str, in_week: str) -> None:
        found.setdefault((kind, code, unit), set()).add(in_week)

    for row in session.execute(
        select(IndicatorFact.indicator_code, IndicatorFact.unit_code, IndicatorFact.week).where(
            IndicatorFact.week.in_([week, before]), IndicatorFact.light == "red", IndicatorFact.unit_code != CITY_WIDE
        )
    ):
        add("indicator", row[0], row[1], row[2])
    for row in session.execute(
        select(MilestoneFact.milestone_code, MilestoneFact.unit_code, MilestoneFact.week).where(
            MilestoneFact.week.in_([week, before]), MilestoneFact.light == "red"
        )
    ):
        add("milestone", row[0], row[1], row[2])
    for row in session.execute(
        select(RectificationFact.unit_code, RectificationFact.week).where(
            RectificationFact.week.in_([week, before]),
            RectificationFact.overdue > 0,
            RectificationFact.unit_code != CITY_WIDE,
        )
    ):
        add("findings", "overdue", row[0], row[1])
    overdue = _overdue_counts(session, week)
    open_items = {
        (r.subject_kind, r.subject_code, r.unit_code): r.id
        for r in session.execute(
            select(
                SupervisionItem.id,
                SupervisionItem.subject_kind,
                SupervisionItem.subject_code,
                SupervisionItem.unit_code,
            ).where(SupervisionItem.state.in_(rules.OPEN_STATES))
        )
    }
    red = [
        RedItem(
            kind,
            code,
            unit,
            week,
            _title(config, kind, code, unit, overdue),
            before in seen,
            open_items.get((kind, code, unit)),
        )
        for (kind, code, unit), seen in found.items()
        if week in seen and config.has_unit(unit)
    ]
    return sorted(red, key=lambda r: (not r.red_last_week, r.unit_code, r.subject_kind, r.subject_code))


def _overdue_counts(session: Session, week: str) -> dict[str, int]:
    query = select(RectificationFact.unit_code, RectificationFact.overdue).where(
        and_(RectificationFact.week == week, RectificationFact.overdue > 0)
    )
    return {unit: count for unit, count in session.execute(query)}


def _title(config: Config, kind: str, code: str, unit: str, overdue: dict[str, int]) -> str:
    name = config.unit(unit).name
    if kind == "indicator":
        return f"{name} · {code} {config.indicator(code).name} 红灯"
    if kind == "milestone":
        milestone = next((m for m in config.task_milestones if m.code == code), None)
        return f"{name} · 任务节点 {code} {milestone.name if milestone else ''} 滞后"
    return f"{name} · 逾期未整改问题 {overdue.get(unit, 0)} 个"
