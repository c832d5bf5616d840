"""District score and ranking (DESIGN §6); the formula is published on the rankings page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

SCORE_FORMULA = "得分 = 100 × (Σ 指标权重 × min(实际值 ÷ 目标值, 1) + 整改权重 × 整改率) ÷ (Σ 指标权重 + 整改权重)"


@dataclass(frozen=True)
class Contribution:
    """One term of a score: what the unit attained of one indicator (or of rectification)."""

    code: str  # indicator code, or "R" for rectification
    weight: Decimal
    attainment: Fraction  # in [0, 1]
    points: Fraction  # this term's share of the 100 points
    lost: Fraction  # the points this term falls short of its full share


def attainment(actual: Fraction | None, target: Decimal) -> Fraction:
    """min(actual / target, 1); no actual counts as 0 attained; a zero target is met."""
    if actual is None:
        return Fraction(0)
    if target <= 0:
        return Fraction(1)
    return min(actual / Fraction(target), Fraction(1))


def score_contributions(
    indicators: Mapping[str, tuple[Fraction | None, Decimal]],
    weights: Mapping[str, Decimal],
    *,
    rectification_rate: Fraction | None,
    rectification_weight: Decimal,
) -> list[Contribution]:
    """Each indicator's and rectification's share of the score.

    `indicators` maps the codes applicable to the unit to (actual, target). A rate of None (no
    findings) drops the rectification term and its weight.
    """
    terms = [(code, weights[code], attainment(a, t)) for code, (a, t) in indicators.items()]
    if rectification_rate is not None:
        terms.append(("R", rectification_weight, rectification_rate))
    total_weight = sum((Fraction(w) for _, w, _ in terms), Fraction(0))
    if total_weight == 0:
        return []
    return [
        Contribution(c, w, a, 100 * Fraction(w) * a / total_weight, 100 * Fraction(w) * (1 - a) / total_weight)
        for c, w, a in terms
    ]


def round_score(value: Fraction) -> Decimal:
    """Half-up to 2 decimals, exactly (no float on the way)."""
    hundredths = abs(value) * 100
    rounded = (2 * hundredths.numerator + hundredths.denominator) // (2 * hundredths.denominator)
    return Decimal(-rounded if value < 0 else rounded).scaleb(-2)


def district_score(contributions: list[Contribution]) -> Decimal:
    return round_score(sum((c.points for c in contributions), Fraction(0)))


def competition_ranks(scores: Mapping[str, Decimal]) -> dict[str, int]:
    """Descending by score; ties share the lower rank number (1, 2, 2, 4)."""
    ordered = sorted(scores.values(), reverse=True)
    first_position = {}
    for position, score in enumerate(ordered, start=1):
        first_position.setdefault(score, position)
    return {unit: first_position[score] for unit, score in scores.items()}


def rank_change(previous_rank: int | None, rank: int) -> int | None:
    """Positive = moved up; None when the unit had no rank the week before."""
    return None if previous_rank is None else previous_rank - rank
