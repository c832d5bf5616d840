"""The sub-portal's reads (DESIGN §10): this year's key-task milestones counted by state, and
the 特色工作 rows of each unit's effective submission.

A milestone's state for week W comes from its MilestoneFact (done dates there already count only
up to as_of(W), and the light is the rule of cockpit.lights): done (a done date), late (open and
red, i.e. past due), open (neither); a done milestone with a done date after its due date is
also counted as done late. The predicates are written once here and every count uses them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from cockpit.models import FeaturedWorkRow, MilestoneFact, SubmissionFact
from cockpit.queries.frames import ROW_LIMIT, frame

STATES = ("done", "late", "open")


def milestone_done() -> ColumnElement[bool]:
    return MilestoneFact.done_on.is_not(None)


def milestone_done_late() -> ColumnElement[bool]:
    return and_(milestone_done(), MilestoneFact.done_on > MilestoneFact.due_on)


def milestone_late() -> ColumnElement[bool]:
    """Open past its due date (its light is red and it has no done date)."""
    return and_(MilestoneFact.done_on.is_(None), MilestoneFact.light == "red")


def milestone_open() -> ColumnElement[bool]:
    return and_(MilestoneFact.done_on.is_(None), MilestoneFact.light != "red")


def _counts() -> list:
    return [
        func.count().label("milestones"),
        func.count().filter(milestone_done()).label("done"),
        func.count().filter(milestone_done_late()).label("done_late"),
        func.count().filter(milestone_late()).label("late"),
        func.count().filter(milestone_open()).label("open"),
    ]


def _due_in(week: str, year: int, units: Sequence[str] | None):  # noqa: ANN202 - a SQL condition
    condition = and_(
        MilestoneFact.week == week, MilestoneFact.due_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31))
    )
    if units is not None:
        condition = and_(condition, MilestoneFact.unit_code.in_(list(units)))
    return condition


def milestones_by_task(session: Session, *, week: str, year: int, units: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per task milestone due in `year`: how many responsible units have it done, late
    or open as of the week, and their mean reported progress (%)."""
    query = (
        select(
            MilestoneFact.task_code,
            MilestoneFact.milestone_code,
            MilestoneFact.due_on,
            *_counts(),
            func.avg(MilestoneFact.progress_pct).label("progress_pct"),
        )
        .where(_due_in(week, year, units))
        .group_by(MilestoneFact.task_code, MilestoneFact.milestone_code, MilestoneFact.due_on)
        .order_by(MilestoneFact.task_code, MilestoneFact.due_on, MilestoneFact.milestone_code)
    )
    return frame(session, query)


def milestones_by_unit(session: Session, *, week: str, year: int, units: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per responsible unit: its milestones due in `year`, done, late and open."""
    query = (
        select(MilestoneFact.unit_code, *_counts())
        .where(_due_in(week, year, units))
        .group_by(MilestoneFact.unit_code)
        .order_by(MilestoneFact.unit_code)
    )
    return frame(session, query)


def featured_work(
    session: Session,
    *,
    week: str,
    units: Sequence[str] | None = None,
    unit_code: str | None = None,
    category: str | None = None,
    limit: int = ROW_LIMIT,
) -> pd.DataFrame:
    """特色工作 rows of each unit's effective submission for the week, newest date first; a date
    after the week's Sunday does not count yet. `unit_code` and `category` narrow the list."""
    query = (
        select(
            SubmissionFact.unit_code,
            FeaturedWorkRow.title,
            FeaturedWorkRow.category,
            FeaturedWorkRow.date,
            FeaturedWorkRow.summary,
        )
        .join(FeaturedWorkRow, FeaturedWorkRow.submission_id == SubmissionFact.submission_id)
        .where(SubmissionFact.week == week, FeaturedWorkRow.date <= SubmissionFact.as_of)
    )
    if units is not None:
        query = query.where(SubmissionFact.unit_code.in_(list(units)))
    if unit_code:
        query = query.where(SubmissionFact.unit_code == unit_code)
    if category:
        query = query.where(FeaturedWorkRow.category == category)
    query = query.order_by(FeaturedWorkRow.date.desc(), SubmissionFact.unit_code, FeaturedWorkRow.row_no)
    return frame(session, query.limit(limit))


def featured_categories(session: Session, *, week: str, units: Sequence[str] | None = None) -> list[str]:
    """The categories the week's featured work uses (for the filter), in code-point order."""
    query = (
        select(FeaturedWorkRow.category)
        .join(SubmissionFact, FeaturedWorkRow.submission_id == SubmissionFact.submission_id)
        .where(SubmissionFact.week == week, FeaturedWorkRow.date <= SubmissionFact.as_of)
        .distinct()
        .order_by(FeaturedWorkRow.category)
    )
    if units is not None:
        query = query.where(SubmissionFact.unit_code.in_(list(units)))
    return list(session.scalars(query))


def portal_year(as_of: dt.date) -> int:
    """The year whose milestones the panel shows: the calendar year of the week's Sunday."""
    return as_of.year
