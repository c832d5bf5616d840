"""The weekly review's reads: two weeks of each fact table, light runs, findings by deadline.

Each function is one query over a span of weeks (never one per week), so a province's review
costs a handful of queries.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from cockpit.models import (
    IndicatorFact,
    MilestoneFact,
    RankingFact,
    RectificationFact,
    RectificationRow,
    SubmissionFact,
    TaskProgressRow,
)
from cockpit.queries.indicators import FACT_COLUMNS


def indicator_pairs(session: Session, *, weeks_: tuple[str, ...]) -> list:
    return session.execute(select(*FACT_COLUMNS).where(IndicatorFact.week.in_(weeks_))).all()


def ranking_pairs(session: Session, *, weeks_: tuple[str, ...]) -> list:
    query = select(
        RankingFact.week, RankingFact.unit_code, RankingFact.score, RankingFact.rank, RankingFact.rank_change
    )
    return session.execute(query.where(RankingFact.week.in_(weeks_))).all()


def rectification_pairs(session: Session, *, weeks_: tuple[str, ...]) -> list:
    query = select(
        RectificationFact.week,
        RectificationFact.unit_code,
        RectificationFact.found,
        RectificationFact.rectified,
        RectificationFact.overdue,
        RectificationFact.supervision_found,
        RectificationFact.supervision_closed,
    )
    return session.execute(query.where(RectificationFact.week.in_(weeks_))).all()


def milestone_pairs(session: Session, *, weeks_: tuple[str, ...]) -> list:
    query = select(
        MilestoneFact.week,
        MilestoneFact.unit_code,
        MilestoneFact.task_code,
        MilestoneFact.milestone_code,
        MilestoneFact.due_on,
        MilestoneFact.done_on,
        MilestoneFact.progress_pct,
        MilestoneFact.light,
    )
    return session.execute(query.where(MilestoneFact.week.in_(weeks_))).all()


def submission_pairs(session: Session, *, weeks_: tuple[str, ...]) -> list:
    query = select(
        SubmissionFact.week, SubmissionFact.unit_code, SubmissionFact.submitted, SubmissionFact.effective_week
    )
    return session.execute(query.where(SubmissionFact.week.in_(weeks_))).all()


def last_submitted(session: Session, *, week: str) -> dict[str, str]:
    """unit -> the latest week up to `week` for which it submitted."""
    query = (
        select(SubmissionFact.unit_code, func.max(SubmissionFact.week))
        .where(SubmissionFact.week <= week, SubmissionFact.submitted)
        .group_by(SubmissionFact.unit_code)
    )
    return dict(session.execute(query).all())


def light_runs(session: Session, *, week: str) -> dict[str, dict[tuple, tuple[str, str | None, str | None]]]:
    """Per item up to `week`: (first week with a fact, last week not red, last week not yellow),
    for indicators (unit, code), overdue findings (unit,) and milestones (unit, code)."""
    result: dict[str, dict[tuple, tuple[str, str | None, str | None]]] = {}
    ind = (
        select(
            IndicatorFact.unit_code,
            IndicatorFact.indicator_code,
            func.min(IndicatorFact.week),
            func.max(case((IndicatorFact.light != "red", IndicatorFact.week))),
            func.max(case((IndicatorFact.light != "yellow", IndicatorFact.week))),
        )
        .where(IndicatorFact.week <= week)
        .group_by(IndicatorFact.unit_code, IndicatorFact.indicator_code)
    )
    result["indicator"] = {(r[0], r[1]): (r[2], r[3], r[4]) for r in session.execute(ind)}
    rect = (
        select(
            RectificationFact.unit_code,
            func.min(RectificationFact.week),
            func.max(case((RectificationFact.overdue == 0, RectificationFact.week))),
        )
        .where(RectificationFact.week <= week)
        .group_by(RectificationFact.unit_code)
    )
    result["findings"] = {(r[0],): (r[1], r[2], None) for r in session.execute(rect)}
    ms = (
        select(
            MilestoneFact.unit_code,
            MilestoneFact.milestone_code,
            func.min(MilestoneFact.week),
            func.max(case((MilestoneFact.light != "red", MilestoneFact.week))),
            func.max(case((MilestoneFact.light != "yellow", MilestoneFact.week))),
        )
        .where(MilestoneFact.week <= week)
        .group_by(MilestoneFact.unit_code, MilestoneFact.milestone_code)
    )
    result["milestone"] = {(r[0], r[1]): (r[2], r[3], r[4]) for r in session.execute(ms)}
    return result


def _open_at(as_of: dt.date):  # noqa: ANN202
    rectified = and_(RectificationRow.is_rectified, RectificationRow.rectified_on <= as_of)
    return and_(RectificationRow.found_on <= as_of, ~rectified)


def newly_overdue(session: Session, *, week: str, since: dt.date, as_of: dt.date) -> dict[str, int]:
    """unit -> findings of its effective submission open at `as_of` whose 整改期限 passed in
    [since, as_of) — overdue now, not yet overdue at `since`."""
    query = (
        select(SubmissionFact.unit_code, func.count())
        .join(RectificationRow, RectificationRow.submission_id == SubmissionFact.submission_id)
        .where(
            SubmissionFact.week == week,
            _open_at(as_of),
            RectificationRow.due_on < as_of,
            RectificationRow.due_on >= since,
        )
        .group_by(SubmissionFact.unit_code)
    )
    return dict(session.execute(query).all())


def open_deadlines(session: Session, *, week: str, as_of: dt.date, until: dt.date) -> list:
    """(unit, 整改期限, findings) of the open findings due in [as_of, until]."""
    base = (
        select(SubmissionFact.unit_code, RectificationRow.due_on, func.count())
        .join(RectificationRow, RectificationRow.submission_id == SubmissionFact.submission_id)
        .where(SubmissionFact.week == week, _open_at(as_of), RectificationRow.due_on.between(as_of, until))
        .group_by(SubmissionFact.unit_code, RectificationRow.due_on)
    )
    return session.execute(base.order_by(RectificationRow.due_on, SubmissionFact.unit_code)).all()


def next_deadline(session: Session, *, week: str, as_of: dt.date) -> dict[str, dt.date]:
    """unit -> the earliest 整改期限 on or after `as_of` among its open findings."""
    query = (
        select(SubmissionFact.unit_code, func.min(RectificationRow.due_on))
        .join(RectificationRow, RectificationRow.submission_id == SubmissionFact.submission_id)
        .where(SubmissionFact.week == week, _open_at(as_of), RectificationRow.due_on >= as_of)
        .group_by(SubmissionFact.unit_code)
    )
    return dict(session.execute(query).all())


def findings_due_in(session: Session, *, week: str, first: dt.date, last: dt.date, as_of: dt.date) -> list:
    """Per unit, the findings whose 整改期限 falls in first..last and their state at `as_of`:
    (unit, due, done on time, done late, slipped (open past due), open not yet due)."""
    rectified = and_(RectificationRow.is_rectified, RectificationRow.rectified_on <= as_of)

    def count(condition) -> object:  # noqa: ANN001
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    query = (
        select(
            SubmissionFact.unit_code,
            func.count(),
            count(and_(rectified, RectificationRow.rectified_on <= RectificationRow.due_on)),
            count(and_(rectified, RectificationRow.rectified_on > RectificationRow.due_on)),
            count(and_(~rectified, RectificationRow.due_on < as_of)),
            count(and_(~rectified, RectificationRow.due_on >= as_of)),
        )
        .join(RectificationRow, RectificationRow.submission_id == SubmissionFact.submission_id)
        .where(
            SubmissionFact.week == week,
            RectificationRow.found_on <= as_of,
            RectificationRow.due_on.between(first, last),
        )
        .group_by(SubmissionFact.unit_code)
        .order_by(SubmissionFact.unit_code)
    )
    return session.execute(query).all()


def milestone_reports(session: Session, *, week: str, milestone_codes: tuple[str, ...]) -> list:
    """The 任务进度 rows of each unit's effective submission for the given milestones."""
    query = (
        select(
            SubmissionFact.unit_code,
            TaskProgressRow.milestone_code,
            TaskProgressRow.is_done,
            TaskProgressRow.done_on,
            TaskProgressRow.progress_pct,
        )
        .join(TaskProgressRow, TaskProgressRow.submission_id == SubmissionFact.submission_id)
        .where(SubmissionFact.week == week, TaskProgressRow.milestone_code.in_(milestone_codes))
    )
    return session.execute(query).all()
