"""District score, half-up rounding, competition ranks and rank change (DESIGN §6)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from cockpit.config import Config
from cockpit.scoring import (
    attainment,
    competition_ranks,
    district_score,
    rank_change,
    round_score,
    score_contributions,
)

F = Fraction
ONE = Decimal(1)


def weights(codes: str = "K1 K2 K3 K4 K5 K6 K7 K9") -> dict[str, Decimal]:
    return dict.fromkeys(codes.split(), ONE)


# A district in 2024 (M2 targets: K1–K5, K8, K9 = 1 except K4 = 1, K6 = 0.7, K7 = 1 item):
DISTRICT_2024 = {
    "K1": (F(1, 2), Decimal("1")),  # 0.5
    "K2": (F(1), Decimal("1")),  # 1
    "K3": (None, Decimal("1")),  # no ledger rows: counts 0, weight stays
    "K4": (F(1, 2), Decimal("1")),  # 0.5
    "K5": (F(1), Decimal("1")),  # 1
    "K6": (F(7, 20), Decimal("0.7")),  # 0.35 / 0.7 = 0.5
    "K7": (F(2), Decimal("1")),  # 2 items against 1: capped at 1
    "K9": (F(1, 10), Decimal("1")),  # 0.1
}
# Σ attainment = 0.5 + 1 + 0 + 0.5 + 1 + 0.5 + 1 + 0.1 = 4.6 over Σ w = 8.


@pytest.mark.parametrize(
    ("rate", "score"),
    [
        (None, "57.50"),  # found = 0: rectification drops out, 100 × 4.6 / 8 = 57.5
        (F(3, 4), "61.00"),  # 100 × (4.6 + 2 × 0.75) / (8 + 2) = 61
        (F(0), "46.00"),  # findings, none rectified: 100 × 4.6 / 10
        (F(1), "66.00"),  # 100 × 6.6 / 10
        (F(2, 3), "59.33"),  # 100 × (4.6 + 4/3) / 10 = 59.333…
    ],
)
def test_district_score(rate: Fraction | None, score: str) -> None:
    contributions = score_contributions(
        DISTRICT_2024, weights(), rectification_rate=rate, rectification_weight=Decimal(2)
    )
    assert district_score(contributions) == Decimal(score)
    assert str(district_score(contributions)) == score
    assert len(contributions) == (8 if rate is None else 9)


def test_indicator_without_rows_keeps_its_weight() -> None:
    contributions = score_contributions(
        DISTRICT_2024, weights(), rectification_rate=None, rectification_weight=Decimal(2)
    )
    k3 = next(c for c in contributions if c.code == "K3")
    assert (k3.weight, k3.attainment, k3.points) == (ONE, F(0), F(0))
    # Were K3 dropped instead, the score would be 100 × 4.6 / 7 = 65.71.
    assert district_score(contributions) != Decimal("65.71")


def test_contributions_add_up_and_weights_apply() -> None:
    # K1 weight 3, K2 weight 1, rectification weight 2: 100 × (3 × 0.5 + 1 × 1 + 2 × 0.25) / 6 = 50.
    contributions = score_contributions(
        {"K1": (F(1, 2), ONE), "K2": (F(1), ONE)},
        {"K1": Decimal(3), "K2": ONE},
        rectification_rate=F(1, 4),
        rectification_weight=Decimal(2),
    )
    assert [(c.code, c.points) for c in contributions] == [("K1", F(25)), ("K2", F(50, 3)), ("R", F(25, 3))]
    assert district_score(contributions) == Decimal("50.00")


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [
        (F(9, 10), Decimal("0.9"), F(1)),
        (F(45, 100), Decimal("0.9"), F(1, 2)),
        (F(1), Decimal("0.2"), F(1)),  # capped
        (None, Decimal("1"), F(0)),
        (F(0), Decimal("0"), F(1)),  # a zero target is met
    ],
)
def test_attainment(actual: Fraction | None, target: Decimal, expected: Fraction) -> None:
    assert attainment(actual, target) == expected


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (F(12345, 1000), "12.35"),  # exactly x.xx5: half-up (half-even would give 12.34)
        (F(100125, 1000), "100.13"),
        (F(5, 1000), "0.01"),
        (F(12345, 1000) - F(1, 10**40), "12.34"),  # a hair below the half: down, exactly
        (F(12345, 1000) + F(1, 10**40), "12.35"),
        (F(200, 3), "66.67"),
        (F(100, 3), "33.33"),
        (F(100), "100.00"),
        (F(0), "0.00"),
        (F(-12345, 1000), "-12.35"),  # half away from zero, as Decimal's ROUND_HALF_UP
    ],
)
def test_round_score_half_up_exactly(value: Fraction, rounded: str) -> None:
    assert str(round_score(value)) == rounded


def test_score_that_lands_on_a_half_cent() -> None:
    # 8 indicators and rectification (Σ w = 10); attainments summing to 6.0 and rate 0.00125 →
    # 100 × (6 + 2 × 1/800) / 10 = 60.025 exactly: half-up 60.03.
    indicators = {code: (F(1), ONE) for code in ("K1", "K2", "K3", "K4", "K5", "K6")}
    indicators |= {"K7": (F(0), ONE), "K9": (None, ONE)}
    contributions = score_contributions(
        indicators, weights(), rectification_rate=F(1, 800), rectification_weight=Decimal(2)
    )
    assert sum(c.points for c in contributions) == F(60025, 1000)
    assert district_score(contributions) == Decimal("60.03")


def test_competition_ranks_share_the_lower_number() -> None:
    scores = {"a": Decimal("90"), "b": Decimal("85"), "c": Decimal("85"), "d": Decimal("80")}
    assert competition_ranks(scores) == {"a": 1, "b": 2, "c": 2, "d": 4}
    assert competition_ranks({"x": Decimal("50.00"), "y": Decimal("50.00")}) == {"x": 1, "y": 1}
    assert competition_ranks({}) == {}


def test_ranks_use_the_rounded_score() -> None:
    # 85.004 and 84.996 both round to 85.00: a tie.
    rounded = {u: round_score(v) for u, v in {"a": F(85004, 1000), "b": F(84996, 1000)}.items()}
    assert competition_ranks(rounded) == {"a": 1, "b": 1}


@pytest.mark.parametrize(("before", "now", "change"), [(3, 1, 2), (1, 3, -2), (2, 2, 0), (None, 1, None)])
def test_rank_change_sign(before: int | None, now: int, change: int | None) -> None:
    assert rank_change(before, now) == change


def test_default_weights_from_config(config: Config) -> None:
    assert config.indicator_weights == dict.fromkeys(("K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9"), ONE)
    assert config.rectification_weight == Decimal(2)


def test_points_and_points_lost_make_up_each_terms_full_share() -> None:
    # weights 1 (K1, attained 1/2) and 2 (rectification, rate 3/4): total weight 3
    # K1: points 100 × 1 × 1/2 / 3 = 50/3, lost 100 × 1 × 1/2 / 3 = 50/3
    # R:  points 100 × 2 × 3/4 / 3 = 50,   lost 100 × 2 × 1/4 / 3 = 50/3
    from decimal import Decimal
    from fractions import Fraction

    from cockpit.scoring import score_contributions

    terms = score_contributions(
        {"K1": (Fraction(1, 2), Decimal(1))},
        {"K1": Decimal(1)},
        rectification_rate=Fraction(3, 4),
        rectification_weight=Decimal(2),
    )
    assert [(t.code, t.points, t.lost) for t in terms] == [
        ("K1", Fraction(50, 3), Fraction(50, 3)),
        ("R", Fraction(50), Fraction(50, 3)),
    ]
