"""Derived figures (cockpit.figures) on hand-computed numbers."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from cockpit import figures


@pytest.mark.parametrize(
    ("numerator", "denominator", "actual"),
    [(5, 6, Fraction(5, 6)), (0, 4, Fraction(0)), (3, 0, None), (2, None, Fraction(2))],  # K7: no denominator
)
def test_indicator_actual(numerator: int, denominator: int | None, actual: Fraction | None) -> None:
    assert figures.indicator_actual(numerator, denominator) == actual


def test_rectification_figures() -> None:
    assert figures.rectification_rate(3, 4) == Fraction(3, 4)
    assert figures.rectification_rate(0, 0) is None
    assert figures.in_progress(found=7, rectified=5) == 2
    assert figures.waiting(2, 1) == 1
    assert figures.closing_rate(109, 151) == Fraction(109, 151)
    assert figures.closing_rate(0, 0) is None


def test_score_change_is_of_the_stored_rounded_scores() -> None:
    assert figures.score_change("87.50", "86.25") == Decimal("1.25")
    assert figures.score_change("80.00", "80.10") == Decimal("-0.10")
    assert figures.score_change("80.00", None) is None


def test_weight_total() -> None:
    assert figures.weight_total([1.0, 1.0, 2.0]) == 4.0
