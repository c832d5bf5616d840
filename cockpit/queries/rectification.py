"""Rectification (审计整改 / 监督整改): facts per unit, breakdowns, and the findings behind them.

Breakdowns and rows are read from each unit's effective submission for the week and judged as of
that week's Sunday, with the same date conditions as the facts (cockpit.aggregates).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import String, and_, case, cast, func, select
from sqlalchemy.orm import Session

from cockpit.aggregates import rectification_measures
from cockpit.amounts import AMOUNT_SCALE
from cockpit.config import CITY_WIDE
from cockpit.models import RectificationFact, RectificationRow, SubmissionFact
from cockpit.queries.frames import ROW_LIMIT, frame


def _wan(frame_: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame_[column.replace("amount_", "amount_wan_").rstrip("_")] = frame_[column].astype("int64") / AMOUNT_SCALE
    return frame_


def rectification_facts(session: Session, *, week: str, units: Sequence[str] | None = None) -> pd.DataFrame:
    query = select(RectificationFact).where(RectificationFact.week == week)
    if units is not None:
        query = query.where(RectificationFact.unit_code.in_(list(units)))
    columns = [c for c in RectificationFact.__table__.columns]
    result = frame(session, select(*columns).where(query.whereclause).order_by(RectificationFact.unit_code))
    return _wan(result, "amount_found", "amount_rectified")


def rectification_trend(session: Session, *, unit_code: str = CITY_WIDE, until_week: str) -> pd.DataFrame:
    columns = [c for c in RectificationFact.__table__.columns]
    query = (
        select(*columns)
        .where(RectificationFact.unit_code == unit_code, RectificationFact.week <= until_week)
        .order_by(RectificationFact.week)
    )
    return _wan(frame(session, query), "amount_found", "amount_rectified")


def _found_month():  # noqa: ANN202 - a SQL expression
    return func.substr(cast(RectificationRow.found_on, String), 1, 7)


def _effective(week: str, units: Sequence[str] | None):  # noqa: ANN202
    condition = SubmissionFact.week == week
    if units is not None:
        condition = and_(condition, SubmissionFact.unit_code.in_(list(units)))
    return condition


def breakdown(session: Session, *, week: str, by: str, units: Sequence[str] | None = None) -> pd.DataFrame:
    """Counts and amounts by `category`, `origin` or found `month` (YYYY-MM), as of the week."""
    key = {
        "category": RectificationRow.category,
        "origin": RectificationRow.origin,
        "month": _found_month(),
    }[by].label(by)
    query = (
        select(key, *rectification_measures())
        .select_from(SubmissionFact)
        .join(RectificationRow, RectificationRow.submission_id == SubmissionFact.submission_id)
        .where(_effective(week, units), RectificationRow.found_on <= SubmissionFact.as_of)
        .group_by(key)
        .order_by(key)
    )
    result = frame(session, query)
    result["rate"] = (result["rectified"] / result["found"].where(result["found"] > 0)).astype("float64")
    result["in_progress"] = result["found"] - result["rectified"]
    return _wan(result, "amount_found", "amount_rectified")


def findings(
    session: Session,
    *,
    week: str,
    units: Sequence[str] | None = None,
    category: str | None = None,
    only: str | None = None,
    month: str | None = None,
    most_overdue_first: bool = False,
    limit: int = ROW_LIMIT,
) -> pd.DataFrame:
    """The findings behind the figures, as of the week: `only` = found / rectified / open /
    overdue / closed narrows to the rows a figure counts; `category` and found `month` (YYYY-MM)
    to one bar of a breakdown."""
    as_of = SubmissionFact.as_of
    rectified = and_(RectificationRow.is_rectified, RectificationRow.rectified_on <= as_of)
    overdue = and_(~rectified, RectificationRow.due_on < as_of)
    closed = and_(RectificationRow.is_supervision, RectificationRow.closed_on <= as_of)  # rows are found already
    query = (
        select(
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
            case((rectified, True), else_=False).label("rectified_as_of"),
            case((overdue, True), else_=False).label("overdue_as_of"),
            SubmissionFact.as_of,
        )
        .join(RectificationRow, RectificationRow.submission_id == SubmissionFact.submission_id)
        .where(_effective(week, units), RectificationRow.found_on <= as_of)
    )
    if category:
        query = query.where(RectificationRow.category == category)
    if month:
        query = query.where(_found_month() == month)
    narrowing = {"rectified": rectified, "open": ~rectified, "overdue": overdue, "closed": closed}
    if only in narrowing:
        query = query.where(narrowing[only])
    if most_overdue_first:
        query = query.order_by(RectificationRow.due_on, SubmissionFact.unit_code, RectificationRow.issue_id)
    else:
        query = query.order_by(SubmissionFact.unit_code, RectificationRow.found_on, RectificationRow.issue_id)
    query = query.limit(limit)
    result = frame(session, query)
    result["amount_wan"] = result["amount"].astype("int64") / AMOUNT_SCALE
    result["days_overdue"] = [
        (as_of - due).days if late else None
        for as_of, due, late in zip(result["as_of"], result["due_on"], result["overdue_as_of"], strict=True)
    ]
    return result.drop(columns=["amount", "as_of"])
