"""Rectification (审计整改 / 监督整改): facts per unit, breakdowns, and the findings behind them.

Figures and breakdowns are read from the stored facts (`RectificationFact`,
`RectificationBreakdownFact`); the findings behind a figure are listed with the same rules that
counted them (`cockpit.predicates`), from each unit's effective submission for the week, judged
as of that week's Sunday.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields

import pandas as pd
from sqlalchemy import ColumnElement, Select, case, func, select, union_all
from sqlalchemy.orm import Session

from cockpit import figures
from cockpit import predicates as rule
from cockpit.aggregates import RectificationCounts
from cockpit.amounts import AMOUNT_SCALE
from cockpit.config import CITY_WIDE
from cockpit.models import RectificationFact, RectificationRow, SubmissionFact
from cockpit.models_rectification import RectificationBreakdownFact as Breakdown
from cockpit.queries.frames import ROW_LIMIT, frame

COUNTS = tuple(f.name for f in fields(RectificationCounts))  # summed over units; rate and in progress derived


def _wan(frame_: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame_[column.replace("amount_", "amount_wan_").rstrip("_")] = frame_[column].astype("int64") / AMOUNT_SCALE
    return frame_


def rectification_facts(session: Session, *, week: str, units: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per unit with facts for the week, and `ALL`, unless `units` limits them."""
    query = select(*RectificationFact.__table__.columns).where(RectificationFact.week == week)
    if units is not None:
        query = query.where(RectificationFact.unit_code.in_(list(units)))
    result = frame(session, query.order_by(RectificationFact.unit_code))
    return _wan(result, "amount_found", "amount_rectified")


def rectification_trend(session: Session, *, unit_code: str = CITY_WIDE, until_week: str) -> pd.DataFrame:
    query = (
        select(*RectificationFact.__table__.columns)
        .where(RectificationFact.unit_code == unit_code, RectificationFact.week <= until_week)
        .order_by(RectificationFact.week)
    )
    return _wan(frame(session, query), "amount_found", "amount_rectified")


def breakdown(session: Session, *, week: str, by: str, units: Sequence[str] | None = None) -> pd.DataFrame:
    """Counts and amounts by `category`, `origin` or found `month` (YYYY-MM), as of the week,
    from the stored breakdown facts: the city's `ALL` rows, or the sum over `units`."""
    sums = [func.sum(getattr(Breakdown, c)).label(c) for c in COUNTS]
    query = select(Breakdown.key.label(by), *sums).where(Breakdown.week == week, Breakdown.dimension == by)
    query = query.where(Breakdown.unit_code == CITY_WIDE if units is None else Breakdown.unit_code.in_(list(units)))
    result = frame(session, query.group_by(Breakdown.key).order_by(Breakdown.key))
    for column in COUNTS:
        result[column] = result[column].astype("int64")
    result["rate"] = pd.Series(
        [_float(figures.rectification_rate(r, f)) for r, f in zip(result["rectified"], result["found"], strict=True)],
        dtype="float64",
    )
    result["in_progress"] = [
        figures.in_progress(f, r) for f, r in zip(result["found"], result["rectified"], strict=True)
    ]
    result["waiting"] = [figures.waiting(p, o) for p, o in zip(result["in_progress"], result["overdue"], strict=True)]
    return _wan(result, "amount_found", "amount_rectified")


def _float(value: object) -> float | None:
    return None if value is None else float(value)


FINDING_COLUMNS = (
    SubmissionFact.unit_code,
    RectificationRow.issue_id,
    RectificationRow.audit_project,
    RectificationRow.category,
    RectificationRow.summary,
    RectificationRow.amount,
    RectificationRow.found_on,
    RectificationRow.due_on,
    RectificationRow.status,
    RectificationRow.rectified_on,
    RectificationRow.origin,
    RectificationRow.closed_on,
)
COMPOUND_LIMIT = 200  # units per UNION ALL (SQLite allows 500 terms in one compound select)


def _findings_query(week: str, units: Sequence[str] | None, *conditions: ColumnElement[bool]) -> Select:
    """The findings of the week's effective submissions meeting `conditions`, with whether each
    is rectified / overdue as of the week (`predicates`)."""
    return (
        select(
            *FINDING_COLUMNS,
            case((rule.rectified(), True), else_=False).label("rectified_as_of"),
            case((rule.overdue(), True), else_=False).label("overdue_as_of"),
            SubmissionFact.as_of,
        )
        .join(RectificationRow, rule.effective_rows(RectificationRow))
        .where(rule.in_week(week, units), *conditions)
    )


def _finding_frame(session: Session, query: Select) -> pd.DataFrame:
    result = frame(session, query)
    result["amount_wan"] = result["amount"].astype("int64") / AMOUNT_SCALE
    result["days_overdue"] = [
        (as_of - due).days if late else None
        for as_of, due, late in zip(result["as_of"], result["due_on"], result["overdue_as_of"], strict=True)
    ]
    return result.drop(columns=["amount", "as_of"])


def most_overdue(session: Session, *, week: str, units: Sequence[str] | None = None, limit: int = 200) -> pd.DataFrame:
    """The `limit` findings longest past their 整改期限 as of the week (`predicates.overdue`),
    most overdue first. Each unit's effective submission is read in 整改期限 order through the
    index on (submission_id, due_on) and stops after `limit` rows (one UNION ALL of the units),
    so a province's list reads units × limit rows, not every finding."""
    effective = session.execute(
        select(SubmissionFact.unit_code, SubmissionFact.submission_id)
        .where(rule.in_week(week, units), SubmissionFact.submission_id.is_not(None))
        .order_by(SubmissionFact.unit_code)
    ).all()
    frames = []
    for start in range(0, max(len(effective), 1), COMPOUND_LIMIT):
        parts = []
        for unit_code, submission_id in effective[start : start + COMPOUND_LIMIT]:
            per_unit = _findings_query(week, (unit_code,), rule.overdue())
            per_unit = per_unit.where(RectificationRow.submission_id == submission_id)
            part = per_unit.order_by(RectificationRow.due_on, RectificationRow.issue_id).limit(limit).subquery()
            parts.append(select(*part.c))
        if not parts:
            parts = [_findings_query(week, (), rule.overdue())]
        merged = union_all(*parts).subquery()
        ordered = select(*merged.c).order_by(merged.c.due_on, merged.c.unit_code, merged.c.issue_id).limit(limit)
        frames.append(_finding_frame(session, ordered))
    result = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return result.sort_values(["due_on", "unit_code", "issue_id"], kind="stable").head(limit).reset_index(drop=True)


def findings(
    session: Session,
    *,
    week: str,
    units: Sequence[str] | None = None,
    category: str | None = None,
    only: str | None = None,
    month: str | None = None,
    origin: str | None = None,
    limit: int = ROW_LIMIT,
) -> pd.DataFrame:
    """The findings behind a figure, as of the week: `only` is the figure's drill key (found,
    rectified, open, overdue, supervision, closed; `predicates.FINDING_RULES`), `category`,
    `origin` and found `month` (YYYY-MM) narrow to one bar of a breakdown. At most `limit` rows,
    read through the indexes on (submission_id, found_on / category)."""
    query = _findings_query(
        week,
        units,
        rule.finding_rule(only),
        rule.in_breakdown("category", category),
        rule.in_breakdown("origin", origin),
        rule.in_breakdown("month", month),
    )
    query = query.order_by(SubmissionFact.unit_code, RectificationRow.found_on, RectificationRow.issue_id)
    return _finding_frame(session, query.limit(limit))
