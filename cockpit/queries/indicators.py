"""Indicator facts: per unit and city-wide, one week or a trend."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cockpit.config import CITY_WIDE
from cockpit.models import IndicatorFact
from cockpit.queries.frames import frame

FACT_COLUMNS = (
    IndicatorFact.week,
    IndicatorFact.unit_code,
    IndicatorFact.indicator_code,
    IndicatorFact.numerator,
    IndicatorFact.denominator,
    IndicatorFact.actual,
    IndicatorFact.target,
    IndicatorFact.trajectory,
    IndicatorFact.milestone_code,
    IndicatorFact.light,
    IndicatorFact.carried_forward,
)


def indicator_facts(session: Session, *, week: str, units: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per (unit, indicator) with facts for the week, `ALL` included unless `units` limits."""
    query = select(*FACT_COLUMNS).where(IndicatorFact.week == week)
    if units is not None:
        query = query.where(IndicatorFact.unit_code.in_(list(units)))
    return frame(session, query.order_by(IndicatorFact.unit_code, IndicatorFact.indicator_code))


def indicator_trend(
    session: Session, *, unit_code: str = CITY_WIDE, until_week: str, indicator_code: str | None = None
) -> pd.DataFrame:
    """Every week up to `until_week` for one unit (or city-wide), for trend charts."""
    query = select(*FACT_COLUMNS).where(IndicatorFact.unit_code == unit_code, IndicatorFact.week <= until_week)
    if indicator_code:
        query = query.where(IndicatorFact.indicator_code == indicator_code)
    return frame(session, query.order_by(IndicatorFact.indicator_code, IndicatorFact.week))


def light_counts(session: Session, *, week: str, units: Sequence[str] | None = None) -> pd.DataFrame:
    """How many units are green / yellow / red / grey on each indicator (city-wide rows excluded)."""
    query = (
        select(IndicatorFact.indicator_code, IndicatorFact.light, func.count().label("units"))
        .where(IndicatorFact.week == week, IndicatorFact.unit_code != CITY_WIDE)
        .group_by(IndicatorFact.indicator_code, IndicatorFact.light)
    )
    if units is not None:
        query = query.where(IndicatorFact.unit_code.in_(list(units)))
    return frame(session, query)
