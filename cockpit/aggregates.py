"""Set-based aggregates over the normalised rows, one query per run of weeks.

The rows of each week's effective submission are counted in the database (a province holds
millions of findings); only the per-unit sums come back to Python, where the rules of DESIGN §6
turn them into facts. The date conditions here are the "which dates count" half of those rules:
a date counts for week W only if it is on or before as_of(W).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from cockpit.models import LedgerRow, RectificationRow, SubmissionFact, TaskProgressRow


@dataclass(frozen=True)
class LedgerCounts:
    denominator: int
    done: int
    done_in_window: dict[str, int]  # count indicator code -> rows done inside its window


def _count(condition) -> object:  # noqa: ANN001 - a SQL boolean expression
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _in_weeks(first: str, last: str):  # noqa: ANN202
    return SubmissionFact.week.between(first, last)


def ledger_counts(
    session: Session,
    *,
    first: str,
    last: str,
    windows: dict[str, tuple[dt.date, dt.date]],
) -> dict[tuple[str, str, str], LedgerCounts]:
    """(week, unit, indicator) -> ledger counts for the weeks first..last.

    `windows` gives each count indicator's window under the milestone in force; callers split
    their weeks so that one milestone is in force throughout.
    """
    done = and_(LedgerRow.is_done, LedgerRow.done_on <= SubmissionFact.as_of)
    window_columns = [
        _count(and_(done, LedgerRow.indicator_code == code, LedgerRow.done_on.between(start, end))).label(f"win_{code}")
        for code, (start, end) in windows.items()
    ]
    query: Select = (
        select(
            SubmissionFact.week,
            SubmissionFact.unit_code,
            LedgerRow.indicator_code,
            func.count().label("denominator"),
            _count(done).label("done"),
            *window_columns,
        )
        .join(LedgerRow, LedgerRow.submission_id == SubmissionFact.submission_id)
        .where(_in_weeks(first, last))
        .group_by(SubmissionFact.week, SubmissionFact.unit_code, LedgerRow.indicator_code)
    )
    result: dict[tuple[str, str, str], LedgerCounts] = {}
    for row in session.execute(query):
        result[(row.week, row.unit_code, row.indicator_code)] = LedgerCounts(
            denominator=row.denominator,
            done=int(row.done),
            done_in_window={code: int(row._mapping[f"win_{code}"]) for code in windows},
        )
    return result


@dataclass(frozen=True)
class RectificationCounts:
    found: int = 0
    rectified: int = 0
    overdue: int = 0
    amount_found: int = 0
    amount_rectified: int = 0
    supervision_found: int = 0
    supervision_closed: int = 0


def rectification_measures() -> list:
    """The rectification figures as SQL aggregates over findings joined to SubmissionFact.

    found: 发现日期 ≤ as_of; rectified: 已整改 with 整改日期 ≤ as_of; overdue: found, not
    rectified, 整改期限 < as_of; supervision closed: found 监督整改 with 销号日期 ≤ as_of.
    """
    as_of = SubmissionFact.as_of
    found = RectificationRow.found_on <= as_of
    rectified = and_(RectificationRow.is_rectified, RectificationRow.rectified_on <= as_of)
    return [
        _count(found).label("found"),
        _count(rectified).label("rectified"),
        _count(and_(found, ~rectified, RectificationRow.due_on < as_of)).label("overdue"),
        func.coalesce(func.sum(case((found, RectificationRow.amount), else_=0)), 0).label("amount_found"),
        func.coalesce(func.sum(case((rectified, RectificationRow.amount), else_=0)), 0).label("amount_rectified"),
        _count(and_(found, RectificationRow.is_supervision)).label("supervision_found"),
        _count(and_(found, RectificationRow.is_supervision, RectificationRow.closed_on <= as_of)).label(
            "supervision_closed"
        ),
    ]


def rectification_counts(session: Session, *, first: str, last: str) -> dict[tuple[str, str], RectificationCounts]:
    """(week, unit) -> rectification counts as of each week's Sunday (`rectification_measures`)."""
    query = (
        select(SubmissionFact.week, SubmissionFact.unit_code, *rectification_measures())
        .join(RectificationRow, RectificationRow.submission_id == SubmissionFact.submission_id)
        .where(_in_weeks(first, last))
        .group_by(SubmissionFact.week, SubmissionFact.unit_code)
    )
    return {
        (row.week, row.unit_code): RectificationCounts(*(int(v) for v in row[2:])) for row in session.execute(query)
    }


@dataclass(frozen=True)
class MilestoneProgress:
    done_on: dt.date | None  # set only when done on or before as_of
    progress_pct: float


def milestone_progress(session: Session, *, first: str, last: str) -> dict[tuple[str, str, str], MilestoneProgress]:
    """(week, unit, milestone) -> the unit's reported progress as of each week's Sunday."""
    query = (
        select(
            SubmissionFact.week,
            SubmissionFact.unit_code,
            SubmissionFact.as_of,
            TaskProgressRow.milestone_code,
            TaskProgressRow.is_done,
            TaskProgressRow.done_on,
            TaskProgressRow.progress_pct,
        )
        .join(TaskProgressRow, TaskProgressRow.submission_id == SubmissionFact.submission_id)
        .where(_in_weeks(first, last))
    )
    result = {}
    for row in session.execute(query):
        counts = row.is_done and row.done_on is not None and row.done_on <= row.as_of
        result[(row.week, row.unit_code, row.milestone_code)] = MilestoneProgress(
            done_on=row.done_on if counts else None, progress_pct=row.progress_pct
        )
    return result
