"""Set-based aggregates over the normalised rows, one query per run of weeks.

The rows of each week's effective submission are counted in the database (a province holds
millions of findings); only the per-unit sums come back to Python, where the rules of DESIGN §6
turn them into facts. Which rows count is decided by `cockpit.predicates`, the same expressions
the drill-downs list rows with.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, fields

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session

from cockpit import predicates as rule
from cockpit.models import LedgerRow, RectificationRow, SubmissionFact, TaskProgressRow


@dataclass(frozen=True)
class LedgerCounts:
    denominator: int
    done: int
    done_in_window: dict[str, int]  # count indicator code -> rows done inside its window


def count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """COUNT of the rows meeting `condition`, as a portable SUM(CASE ...) (0 when none)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def sum_where(condition: ColumnElement[bool], column: ColumnElement[int]) -> ColumnElement[int]:
    """SUM of `column` over the rows meeting `condition` (0 when none)."""
    return func.coalesce(func.sum(case((condition, column), else_=0)), 0)


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
    window_columns = [
        count_where(rule.done_in_window(start, end) & (LedgerRow.indicator_code == code)).label(f"win_{code}")
        for code, (start, end) in windows.items()
    ]
    query: Select = (
        select(
            SubmissionFact.week,
            SubmissionFact.unit_code,
            LedgerRow.indicator_code,
            func.count().label("denominator"),
            count_where(rule.ledger_done()).label("done"),
            *window_columns,
        )
        .join(LedgerRow, rule.effective_rows(LedgerRow))
        .where(rule.in_weeks(first, last))
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

    def __add__(self, other: RectificationCounts) -> RectificationCounts:
        return RectificationCounts(*(getattr(self, n) + getattr(other, n) for n in COUNT_NAMES))

    def as_dict(self) -> dict[str, int]:
        """The counts by field name (`dataclasses.asdict` deep-copies: slow over many breakdowns)."""
        return {n: getattr(self, n) for n in COUNT_NAMES}


COUNT_NAMES = tuple(f.name for f in fields(RectificationCounts))


def rectification_measures() -> list[ColumnElement[int]]:
    """The rectification figures (the fields of RectificationCounts, in order) as SQL aggregates
    over findings joined to SubmissionFact, each one of the rules of `cockpit.predicates`."""
    measures = [
        count_where(rule.found()),
        count_where(rule.rectified()),
        count_where(rule.overdue()),
        sum_where(rule.found(), RectificationRow.amount),
        sum_where(rule.rectified(), RectificationRow.amount),
        count_where(rule.supervision()),
        count_where(rule.closed()),
    ]
    return [m.label(f.name) for m, f in zip(measures, fields(RectificationCounts), strict=True)]


def rectification_breakdown_counts(
    session: Session, *, first: str, last: str
) -> dict[str, dict[tuple[str, str, str], RectificationCounts]]:
    """{dimension: {(week, unit, key): counts}} of the found findings, as of each week's Sunday,
    for every dimension of `predicates.BREAKDOWN_KEYS` (category, found month, origin).

    One query grouped by all the keys at once, folded here into one breakdown per dimension:
    SQLite sorts the joined findings for every GROUP BY, and one sort of a million rows costs
    about as much as each of three did."""
    dimensions = list(rule.BREAKDOWN_KEYS)
    keys = [rule.BREAKDOWN_KEYS[by]().label(f"key_{by}") for by in dimensions]
    query = (
        select(SubmissionFact.week, SubmissionFact.unit_code, *keys, *rectification_measures())
        .join(RectificationRow, rule.effective_rows(RectificationRow))
        .where(rule.in_weeks(first, last), rule.found())
        .group_by(SubmissionFact.week, SubmissionFact.unit_code, *keys)
    )
    width = len(COUNT_NAMES)
    sums: dict[str, dict[tuple[str, str, str], list[int]]] = {by: {} for by in dimensions}
    for week, unit_code, *values in session.execute(query):
        measures = values[len(dimensions) :]
        for by, key in zip(dimensions, values, strict=False):
            total = sums[by].setdefault((week, unit_code, key), [0] * width)
            for i, value in enumerate(measures):
                total[i] += value
    return {
        by: {key: RectificationCounts(*map(int, total)) for key, total in keyed.items()} for by, keyed in sums.items()
    }


def unit_totals(
    by_key: dict[tuple[str, str, str], RectificationCounts],
) -> dict[tuple[str, str], RectificationCounts]:
    """(week, unit) -> counts, summed over one breakdown's keys (each found finding has exactly
    one category, month and origin, so any breakdown sums to the unit's figures)."""
    totals: dict[tuple[str, str], RectificationCounts] = defaultdict(RectificationCounts)
    for (week, unit_code, _key), counts in by_key.items():
        totals[(week, unit_code)] += counts
    return dict(totals)


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
            TaskProgressRow.milestone_code,
            case((rule.milestone_done(), TaskProgressRow.done_on), else_=None).label("done_on"),
            TaskProgressRow.progress_pct,
        )
        .join(TaskProgressRow, rule.effective_rows(TaskProgressRow))
        .where(rule.in_weeks(first, last))
    )
    return {
        (row.week, row.unit_code, row.milestone_code): MilestoneProgress(
            done_on=row.done_on, progress_pct=row.progress_pct
        )
        for row in session.execute(query)
    }
