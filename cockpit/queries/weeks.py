"""Which weeks have facts, and how fresh the data is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cockpit import weeks
from cockpit.models import EtlRun, FactWeek, SubmissionFact


def available_weeks(session: Session) -> list[str]:
    """Weeks with facts, latest first."""
    return list(session.scalars(select(FactWeek.week).order_by(FactWeek.week.desc())))


def resolve_week(session: Session, week: str | None) -> str | None:
    """The requested week if it has facts; else the latest week with facts not after it;
    no week (or an unreadable one): the latest week with data."""
    requested = None
    if week:
        try:
            requested = weeks.parse_week(week)
        except weeks.WeekError:
            requested = None
    query = select(func.max(FactWeek.week))
    if requested:
        query = query.where(FactWeek.week <= requested)
    found = session.scalar(query)
    return found or session.scalar(select(func.min(FactWeek.week)))


@dataclass(frozen=True)
class Freshness:
    latest_week: str | None
    last_run_at: dt.datetime | None
    last_run_result: str | None
    missing_units: tuple[str, ...]  # unit codes without a submission for the week


def freshness(session: Session, *, week: str) -> Freshness:
    last_run = session.execute(select(EtlRun.finished_at, EtlRun.result).order_by(EtlRun.id.desc()).limit(1)).first()
    missing = session.scalars(
        select(SubmissionFact.unit_code)
        .where(SubmissionFact.week == week, SubmissionFact.submitted.is_(False))
        .order_by(SubmissionFact.unit_code)
    )
    return Freshness(
        latest_week=session.scalar(select(func.max(FactWeek.week))),
        last_run_at=last_run[0] if last_run else None,
        last_run_result=last_run[1] if last_run else None,
        missing_units=tuple(missing),
    )
