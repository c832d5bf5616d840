"""The row rules of DESIGN §6, each written once as a SQL expression.

A figure and the rows behind it must agree, so every query that counts rows (the facts in
`cockpit.aggregates`), lists them (the drill-downs in `cockpit.queries`) or exports them builds
its WHERE / FILTER from these functions: change a rule here and every number, drill-down and
export follows. Each takes `as_of`, the date the rows are judged at: in the fact and drill-down
queries it is `SubmissionFact.as_of` (the Sunday of each week, DESIGN §6 "as_of(W)"), but a
plain `datetime.date` works as well, for a query about one day.

    select(func.count()).where(effective_rows(RectificationRow), overdue(SubmissionFact.as_of))
    select(RectificationRow).where(effective_rows(RectificationRow), overdue(SubmissionFact.as_of))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import ColumnElement, String, and_, cast, func, literal, true

from cockpit.models import LedgerRow, RectificationRow, SubmissionFact, TaskProgressRow

AsOf = ColumnElement[dt.date] | dt.date
WEEK_AS_OF = SubmissionFact.as_of  # each week's Sunday, once SubmissionFact is joined


def _date(as_of: AsOf) -> ColumnElement[dt.date]:
    return literal(as_of) if isinstance(as_of, dt.date) else as_of


# --------------------------------------------------------------------------- the effective submission


def effective_rows(model: type) -> ColumnElement[bool]:
    """The join condition: rows of `model` (a table of submitted rows) that belong to each unit's
    effective submission for `SubmissionFact.week` (its latest submission with report week ≤ W,
    chosen when the facts are computed and kept in SubmissionFact.submission_id)."""
    return model.submission_id == SubmissionFact.submission_id


def in_week(week: str, units: Sequence[str] | None = None) -> ColumnElement[bool]:
    """SubmissionFact rows of one week, optionally of some units only (None = all units)."""
    condition = SubmissionFact.week == week
    if units is not None:
        condition = and_(condition, SubmissionFact.unit_code.in_(list(units)))
    return condition


def in_weeks(first: str, last: str) -> ColumnElement[bool]:
    """SubmissionFact rows of the weeks first..last (ISO week strings sort in time order)."""
    return SubmissionFact.week.between(first, last)


# --------------------------------------------------------------------------- 指标台账 (ledger)


def ledger_done(as_of: AsOf = WEEK_AS_OF) -> ColumnElement[bool]:
    """In the numerator of a rate indicator: status means done and 完成日期 ≤ as_of."""
    return and_(LedgerRow.is_done, LedgerRow.done_on <= _date(as_of))


def done_in_window(start: dt.date, end: dt.date, as_of: AsOf = WEEK_AS_OF) -> ColumnElement[bool]:
    """Counted by a count indicator (K7): done by as_of with 完成日期 inside [start, end], the
    window of the milestone in force."""
    return and_(ledger_done(as_of), LedgerRow.done_on.between(start, end))


# --------------------------------------------------------------------------- 整改台账 (findings)


def found(as_of: AsOf = WEEK_AS_OF) -> ColumnElement[bool]:
    """发现: 发现日期 ≤ as_of. Every other finding rule implies it."""
    return RectificationRow.found_on <= _date(as_of)


def _rectified_by(as_of: AsOf) -> ColumnElement[bool]:
    return and_(RectificationRow.is_rectified, RectificationRow.rectified_on <= _date(as_of))


def rectified(as_of: AsOf = WEEK_AS_OF) -> ColumnElement[bool]:
    """已整改: found, 整改状态 已整改 and 整改日期 ≤ as_of."""
    return and_(found(as_of), _rectified_by(as_of))


def in_progress(as_of: AsOf = WEEK_AS_OF) -> ColumnElement[bool]:
    """整改中: found and not rectified as of the date (found − rectified)."""
    return and_(found(as_of), ~_rectified_by(as_of))


def overdue(as_of: AsOf = WEEK_AS_OF) -> ColumnElement[bool]:
    """逾期: found, not rectified, and 整改期限 < as_of."""
    return and_(in_progress(as_of), RectificationRow.due_on < _date(as_of))


def supervision(as_of: AsOf = WEEK_AS_OF) -> ColumnElement[bool]:
    """Found 监督整改 findings (the ones tracked to 销号)."""
    return and_(found(as_of), RectificationRow.is_supervision)


def closed(as_of: AsOf = WEEK_AS_OF) -> ColumnElement[bool]:
    """已销号: found 监督整改 findings with 销号日期 ≤ as_of."""
    return and_(supervision(as_of), RectificationRow.closed_on <= _date(as_of))


FINDING_RULES = {
    "found": found,
    "rectified": rectified,
    "open": in_progress,
    "overdue": overdue,
    "supervision": supervision,
    "closed": closed,
}
"""The drill keys of the pages (`only=` of the findings drill-down) and their rules."""


def finding_rule(only: str | None, as_of: AsOf = WEEK_AS_OF) -> ColumnElement[bool]:
    """The rule of a drill key; unknown or None = found (the amounts are sums over found rows)."""
    return FINDING_RULES.get(only or "found", found)(as_of)


def found_month_key() -> ColumnElement[str]:
    """The month (YYYY-MM) a finding was found in: the key of the by-month breakdown."""
    return func.substr(cast(RectificationRow.found_on, String), 1, 7)


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """The first day of a month (YYYY-MM) and of the next; ValueError if it is not a month."""
    first = dt.datetime.strptime(month, "%Y-%m").date()
    after = first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)
    return first, after


def found_in_month(month: str) -> ColumnElement[bool]:
    """Findings found in one month (YYYY-MM), as a date range an index on found_on can serve."""
    first, after = month_bounds(month)
    return and_(RectificationRow.found_on >= first, RectificationRow.found_on < after)


BREAKDOWN_KEYS = {
    "category": lambda: RectificationRow.category,
    "origin": lambda: RectificationRow.origin,
    "month": found_month_key,
}
"""The dimensions of the rectification breakdowns and the key expression of each."""


def in_breakdown(by: str, key: str | None) -> ColumnElement[bool]:
    """Findings under one bar of a breakdown (`by` category / origin / month); None = all."""
    if key is None:
        return true()
    if by == "month":
        return found_in_month(key)
    return BREAKDOWN_KEYS[by]() == key


# --------------------------------------------------------------------------- 任务进度 (milestones)


def milestone_done(as_of: AsOf = WEEK_AS_OF) -> ColumnElement[bool]:
    """A reported milestone counts as done: 已完成 with 完成日期 ≤ as_of."""
    return and_(TaskProgressRow.is_done, TaskProgressRow.done_on <= _date(as_of))
