"""Derived figures: the rates, differences and counts shown beside the stored facts.

Each is one function, next to the facts it reads, so the fact builders, the queries and the
pages derive a figure the same way (DESIGN §6). Callbacks format these; they do not compute.
Fractions are exact (`Fraction`); callers that draw or store them take `float()`. The rank change
is a scoring rule and lives with the ranks: `cockpit.scoring.rank_change`.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction


def ratio(numerator: int, denominator: int | None) -> Fraction | None:
    """numerator ÷ denominator; None when there is nothing to divide by."""
    return Fraction(int(numerator), int(denominator)) if denominator else None


def indicator_actual(numerator: int, denominator: int | None) -> Fraction | None:
    """A rate indicator's actual = numerator ÷ denominator (none without ledger rows); a count
    indicator (K7, stored without a denominator) reads its numerator."""
    return Fraction(int(numerator)) if denominator is None else ratio(numerator, denominator)


def rectification_rate(rectified: int, found: int) -> Fraction | None:
    """整改率 = rectified ÷ found; none when nothing is found. City-wide: Σ rectified ÷ Σ found."""
    return ratio(rectified, found)


def in_progress(found: int, rectified: int) -> int:
    """整改中 = found − rectified."""
    return int(found) - int(rectified)


def waiting(in_progress_: int, overdue: int) -> int:
    """整改中(未逾期): in progress and not yet past its 整改期限."""
    return int(in_progress_) - int(overdue)


def closing_rate(closed: int, supervision_found: int) -> Fraction | None:
    """销号率 = 监督整改 closed ÷ 监督整改 found; none when there are none."""
    return ratio(closed, supervision_found)


def score_change(score: Decimal | str | float, before: Decimal | str | float | None) -> Decimal | None:
    """This week's score − last week's (the stored, rounded scores); none without last week's."""
    if before is None:
        return None
    return Decimal(str(score)) - Decimal(str(before))


def weight_total(weights: Iterable[float]) -> float:
    """Σ of a district's term weights (Σ_K w_K + w_R): the denominator of its score."""
    return float(sum(weights))
