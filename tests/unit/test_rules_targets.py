"""Targets in force, carry-forward of the seed's "—", and trajectories (DESIGN §6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from cockpit.config import Config
from cockpit.targets import count_window, fraction_elapsed, milestone_in_force, target_at, target_in_force

D = dt.date


@pytest.mark.parametrize(
    ("as_of", "milestone"),
    [
        (D(2022, 6, 5), "M1"),  # before M0's date M1 is already the first due one (M0 never is)
        (D(2023, 1, 1), "M1"),
        (D(2023, 12, 30), "M1"),
        (D(2023, 12, 31), "M1"),  # 2023-W52: as_of == M1 due, M1 still in force
        (D(2024, 1, 7), "M2"),  # 2024-W01
        (D(2024, 12, 29), "M2"),  # 2024-W52 ends two days before M2's due date
        (D(2025, 1, 5), "M3"),  # 2025-W01
        (D(2025, 12, 28), "M3"),
        (D(2026, 1, 4), "M3"),  # after 2025: M3 stays
        (D(2027, 1, 3), "M3"),  # 2026-W53
    ],
)
def test_milestone_in_force(config: Config, as_of: dt.date, milestone: str) -> None:
    assert config.milestones[milestone_in_force(config.milestones, as_of)].code == milestone


@pytest.mark.parametrize(
    ("indicator", "targets"),
    [
        ("K1", ("1", "1", "1")),  # 100%, —, —: after 2023 the 100% stays in force
        ("K2", ("1", "1", "1")),
        ("K4", ("0.9", "1", "1")),  # ≥90%, 100%, —
        ("K6", ("0.6", "0.7", "0.9")),
        ("K7", ("1", "1", "3")),
        ("K8", ("1", "1", "1")),
        ("K9", ("0.2", "1", "1")),  # 20% in 2023, then 100%, then (empty) carries 100%
    ],
)
def test_target_at_each_milestone_carries_dashes_forward(config: Config, indicator: str, targets: tuple) -> None:
    ind = config.indicator(indicator)
    assert tuple(target_at(ind, config.milestones, i) for i in (1, 2, 3)) == tuple(Decimal(t) for t in targets)
    assert target_at(ind, config.milestones, 0) == Decimal(0)  # M0: every target 0


def test_fraction_elapsed_is_clipped() -> None:
    start, end = D(2023, 12, 31), D(2024, 12, 31)
    assert fraction_elapsed(start, end, D(2024, 6, 30)) == Fraction(182, 366)
    assert fraction_elapsed(start, end, D(2023, 6, 30)) == 0
    assert fraction_elapsed(start, end, D(2025, 6, 30)) == 1
    assert fraction_elapsed(start, end, end) == 1
    assert fraction_elapsed(end, end, end) == 1  # empty span: already due


@pytest.mark.parametrize(
    ("indicator", "as_of", "milestone", "target", "previous", "trajectory"),
    [
        # K6 at 2024-06-30: M2 in force, prev 0.6 → 0.7, f = (06-30 − 2023-12-31)/(2024-12-31 − 2023-12-31)
        # = 182/366; 0.6 + 0.1 × 182/366 = 3/5 + 91/1830 = 1189/1830 ≈ 0.6497.
        ("K6", D(2024, 6, 30), "M2", "0.7", "0.6", Fraction(1189, 1830)),
        # K6 at 2023-06-30: M1, prev M0 = 0, f = 181/365; 0.6 × 181/365 = 543/1825.
        ("K6", D(2023, 6, 30), "M1", "0.6", "0", Fraction(543, 1825)),
        # K6 at 2025-01-05 (2025-W01): M3, prev 0.7 → 0.9, f = 5/365 = 1/73; 0.7 + 0.2/73 = 513/730.
        ("K6", D(2025, 1, 5), "M3", "0.9", "0.7", Fraction(513, 730)),
        # K6 at 2024-12-29 (2024-W52): f = 364/366 = 182/183; 0.6 + 0.1 × 182/183 = 128/183.
        ("K6", D(2024, 12, 29), "M2", "0.7", "0.6", Fraction(128, 183)),
        # K9 at 2024-06-30: prev 0.2 → 1, 0.2 + 0.8 × 182/366 = 1/5 + 364/915 = 547/915.
        ("K9", D(2024, 6, 30), "M2", "1", "0.2", Fraction(547, 915)),
        # K1 in 2024: "—" → target 1 and prev 1, so the trajectory is flat at 1.
        ("K1", D(2024, 6, 30), "M2", "1", "1", Fraction(1)),
        # K4 at 2023-12-31 (M1 due): f = 1, trajectory = target 0.9.
        ("K4", D(2023, 12, 31), "M1", "0.9", "0", Fraction(9, 10)),
        # K7 is counted in each milestone's own window: prev is always 0.
        # 2025-07-06: M3 target 3, f = 187/365, trajectory 3 × 187/365 = 561/365.
        ("K7", D(2025, 7, 6), "M3", "3", "0", Fraction(561, 365)),
        # 2024-06-30: M2 target 1, prev 0 (not M1's 1): 182/366 = 91/183.
        ("K7", D(2024, 6, 30), "M2", "1", "0", Fraction(91, 183)),
        # Before M0's date the trajectory is clipped at 0; after M3 it is the target.
        ("K6", D(2022, 6, 5), "M1", "0.6", "0", Fraction(0)),
        ("K6", D(2026, 3, 1), "M3", "0.9", "0.7", Fraction(9, 10)),
    ],
)
def test_target_in_force_and_trajectory(
    config: Config,
    indicator: str,
    as_of: dt.date,
    milestone: str,
    target: str,
    previous: str,
    trajectory: Fraction,
) -> None:
    plan = target_in_force(config.indicator(indicator), config.milestones, as_of)
    assert plan.milestone.code == milestone
    assert plan.target == Decimal(target)
    assert plan.previous_target == Decimal(previous)
    assert plan.trajectory == trajectory


@pytest.mark.parametrize(
    ("milestone", "window"),
    [
        ("M1", (D(2023, 1, 1), D(2023, 12, 31))),
        ("M2", (D(2024, 1, 1), D(2024, 12, 31))),
        ("M3", (D(2021, 1, 1), D(2025, 12, 31))),  # the whole 十四五 period
    ],
)
def test_k7_windows(config: Config, milestone: str, window: tuple) -> None:
    by_code = {m.code: m for m in config.milestones}
    assert count_window(config.indicator("K7"), by_code[milestone]) == window


@pytest.mark.parametrize(
    ("as_of", "counted", "not_counted"),
    [
        # 2023-W30 (M1): only 2023; 2024-W30 (M2): only 2024; 2025-W30 (M3): 2021..2025, 2022 included.
        (D(2023, 7, 30), [D(2023, 1, 1), D(2023, 12, 31)], [D(2022, 12, 31), D(2024, 1, 1)]),
        (D(2024, 7, 28), [D(2024, 1, 1), D(2024, 6, 1)], [D(2022, 5, 1), D(2023, 12, 31)]),
        (D(2025, 7, 27), [D(2021, 1, 1), D(2022, 5, 1), D(2024, 6, 1)], [D(2020, 12, 31), D(2026, 1, 1)]),
    ],
)
def test_k7_window_in_force(config: Config, as_of: dt.date, counted: list, not_counted: list) -> None:
    k7 = config.indicator("K7")
    start, end = count_window(k7, target_in_force(k7, config.milestones, as_of).milestone)
    assert all(start <= d <= end for d in counted)
    assert not any(start <= d <= end for d in not_counted)
