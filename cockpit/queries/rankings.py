"""Rankings: scores, rank and change, and the contributions that make each score."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from cockpit.config import Config
from cockpit.models import IndicatorFact, RankingFact, RectificationFact
from cockpit.queries.frames import frame
from cockpit.scoring import score_contributions


def ranking(session: Session, *, week: str) -> pd.DataFrame:
    """Every ranked district (all of them: rankings are public to every role)."""
    query = (
        select(RankingFact.unit_code, RankingFact.score, RankingFact.rank, RankingFact.rank_change)
        .where(RankingFact.week == week)
        .order_by(RankingFact.rank, RankingFact.unit_code)
    )
    result = frame(session, query)
    result["score"] = result["score"].astype("float64")
    return result


def rank_history(session: Session, *, unit_code: str, until_week: str) -> pd.DataFrame:
    query = (
        select(RankingFact.week, RankingFact.score, RankingFact.rank, RankingFact.rank_change)
        .where(RankingFact.unit_code == unit_code, RankingFact.week <= until_week)
        .order_by(RankingFact.week)
    )
    result = frame(session, query)
    result["score"] = result["score"].astype("float64")
    return result


def contributions(session: Session, config: Config, *, week: str, units: Sequence[str] | None = None) -> pd.DataFrame:
    """Per district: each indicator's and rectification's points (they sum to the score).

    Recomputed from the stored facts with the same rule (cockpit.scoring) that made the score.
    """
    facts = session.execute(
        select(
            IndicatorFact.unit_code,
            IndicatorFact.indicator_code,
            IndicatorFact.numerator,
            IndicatorFact.denominator,
            IndicatorFact.target_text,
        ).where(IndicatorFact.week == week)
    ).all()
    rates = {
        unit_code: Fraction(rectified, found) if found else None
        for unit_code, rectified, found in session.execute(
            select(RectificationFact.unit_code, RectificationFact.rectified, RectificationFact.found).where(
                RectificationFact.week == week
            )
        )
    }
    ranked = set(session.scalars(select(RankingFact.unit_code).where(RankingFact.week == week)))
    if units is not None:
        ranked &= set(units)
    attained: dict[str, dict[str, tuple[Fraction | None, Decimal]]] = {u: {} for u in ranked}
    for unit_code, code, numerator, denominator, target in facts:
        if unit_code in attained:
            if denominator is None:
                actual: Fraction | None = Fraction(numerator)
            else:
                actual = Fraction(numerator, denominator) if denominator else None
            attained[unit_code][code] = (actual, Decimal(target))
    rows = []
    for unit_code in sorted(attained):
        for c in score_contributions(
            attained[unit_code],
            config.indicator_weights,
            rectification_rate=rates.get(unit_code),
            rectification_weight=config.rectification_weight,
        ):
            rows.append(
                {
                    "unit_code": unit_code,
                    "code": c.code,
                    "weight": float(c.weight),
                    "attainment": float(c.attainment),
                    "points": float(c.points),
                    "lost": float(c.lost),
                }
            )
    return pd.DataFrame(rows, columns=["unit_code", "code", "weight", "attainment", "points", "lost"])
