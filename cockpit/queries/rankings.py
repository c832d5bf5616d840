"""Rankings: scores, rank and change, and the contributions that make each score."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cockpit import figures, weeks
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
    """A district's score, rank, rank change and score change (`figures.score_change` against
    the previous ISO week's stored score; none when it had no score then), week by week."""
    query = (
        select(RankingFact.week, RankingFact.score, RankingFact.rank, RankingFact.rank_change)
        .where(RankingFact.unit_code == unit_code, RankingFact.week <= until_week)
        .order_by(RankingFact.week)
    )
    result = frame(session, query)
    stored = dict(zip(result["week"], result["score"], strict=True))
    changes = [figures.score_change(stored[w], stored.get(weeks.previous(w))) for w in result["week"]]
    result["score_change"] = pd.Series([None if c is None else float(c) for c in changes], dtype="float64")
    result["score"] = result["score"].astype("float64")
    return result


def ranked_count(session: Session, *, week: str) -> int:
    """How many districts are ranked in the week ("第 3 名 / 13")."""
    return int(session.scalar(select(func.count()).select_from(RankingFact).where(RankingFact.week == week)))


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
        unit_code: figures.rectification_rate(rectified, found)
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
            attained[unit_code][code] = (figures.indicator_actual(numerator, denominator), Decimal(target))
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
