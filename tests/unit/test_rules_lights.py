"""Indicator and milestone lights at and around due dates (DESIGN §6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from cockpit import weeks
from cockpit.config import Config
from cockpit.lights import indicator_light, milestone_light
from cockpit.targets import target_in_force

D = dt.date
F = Fraction


def light_of(config: Config, code: str, week: str, actual: Fraction | None) -> str:
    """The light of `actual` for indicator `code` in `week`, with the real target and trajectory."""
    as_of = weeks.as_of(week)
    plan = target_in_force(config.indicator(code), config.milestones, as_of)
    return indicator_light(actual, target=plan.target, trajectory=plan.trajectory, as_of=as_of, due=plan.milestone.due)


def test_pure_indicator_light() -> None:
    kwargs = {"target": Decimal("0.6"), "trajectory": F(1, 2), "due": D(2023, 12, 31)}
    assert indicator_light(None, as_of=D(2023, 6, 4), **kwargs) == "grey"
    assert indicator_light(F(3, 5), as_of=D(2023, 6, 4), **kwargs) == "green"  # actual == target
    assert indicator_light(F(1, 2), as_of=D(2023, 6, 4), **kwargs) == "yellow"  # == trajectory, not yet due
    assert indicator_light(F(49, 100), as_of=D(2023, 6, 4), **kwargs) == "red"  # below trajectory
    # On the due date itself nothing is "on the way" any more: not yellow.
    assert indicator_light(F(1, 2), as_of=D(2023, 12, 31), **kwargs) == "red"
    assert indicator_light(F(1, 2), as_of=D(2023, 12, 30), **kwargs) == "yellow"
    assert indicator_light(F(1), as_of=D(2024, 1, 7), **kwargs) == "green"  # after due, target met


@pytest.mark.parametrize(
    ("code", "week", "actual", "light"),
    [
        # 2023-W52: as_of 2023-12-31 = M1 due; K6 trajectory = target 0.6.
        ("K6", "2023-W52", F(3, 5), "green"),
        ("K6", "2023-W52", F(59, 100), "red"),  # due today: not yellow even though the year is "on track"
        # 2023-W51 (as_of 12-24): trajectory 0.6 × 358/365 = 1074/1825 ≈ 0.58849.
        ("K6", "2023-W51", F(59, 100), "yellow"),  # 0.59 ≥ 0.58849
        ("K6", "2023-W51", F(588, 1000), "red"),  # 0.588 < 0.58849
        # 2024-W52: as_of 2024-12-29, still under M2 (due 12-31): trajectory 128/183 ≈ 0.699454.
        ("K6", "2024-W52", F(7, 10), "green"),
        ("K6", "2024-W52", F(6995, 10000), "yellow"),  # 0.6995 ≥ 0.699454, 2 days before due
        ("K6", "2024-W52", F(699, 1000), "red"),
        # 2025-W01: as_of 2025-01-05 is under M3: target 0.9, trajectory 513/730 ≈ 0.702740.
        ("K6", "2025-W01", F(7, 10), "red"),  # met M2's 0.7 but is below the new trajectory
        ("K6", "2025-W01", F(71, 100), "yellow"),
        ("K6", "2025-W01", F(9, 10), "green"),
        # K9: 0.2 by 2023, then 1; 2023-W52 0.2 is green, 2024-W01 (as_of 01-07, traj 0.2 + 0.8×7/366
        # = 0.2153) 0.2 is red.
        ("K9", "2023-W52", F(1, 5), "green"),
        ("K9", "2024-W01", F(1, 5), "red"),
        ("K9", "2024-W01", F(22, 100), "yellow"),
        # K1 after 2023: target and trajectory stay 1, so anything below 1 is red.
        ("K1", "2024-W23", F(99, 100), "red"),
        ("K1", "2024-W23", F(1), "green"),
        ("K1", "2024-W23", None, "grey"),
        # K7 under M3 at 2025-W27 (as_of 07-06): trajectory 561/365 ≈ 1.537: 2 is yellow, 1 red, 3 green.
        ("K7", "2025-W27", F(2), "yellow"),
        ("K7", "2025-W27", F(1), "red"),
        ("K7", "2025-W27", F(3), "green"),
    ],
)
def test_indicator_light_in_weeks(config: Config, code: str, week: str, actual: Fraction | None, light: str) -> None:
    assert light_of(config, code, week, actual) == light


DUE = D(2023, 9, 30)  # T7-2 初验并试运行


@pytest.mark.parametrize(
    ("done_on", "as_of", "light"),
    [
        (D(2023, 9, 30), D(2023, 10, 1), "green"),  # done on the due date
        (D(2023, 9, 1), D(2023, 9, 3), "green"),  # done early, before due
        (D(2023, 10, 1), D(2023, 10, 1), "red"),  # done a day late
        (D(2023, 10, 1), D(2024, 6, 2), "red"),  # and stays red
        (None, D(2023, 9, 16), "yellow"),  # open, due in 14 days
        (None, D(2023, 9, 15), "grey"),  # open, due in 15 days
        (None, D(2023, 9, 30), "yellow"),  # open on the due date
        (None, D(2023, 10, 1), "red"),  # open past due
        # A done date after as_of does not count: as if still open.
        (D(2023, 9, 20), D(2023, 9, 10), "grey"),  # 20 days before due, done later: grey
        (D(2023, 9, 29), D(2023, 9, 24), "yellow"),  # 6 days before due, done later: yellow
        (D(2023, 9, 29), D(2023, 9, 29), "green"),  # from that date on it counts
    ],
)
def test_milestone_light(done_on: dt.date | None, as_of: dt.date, light: str) -> None:
    assert milestone_light(done_on, due=DUE, as_of=as_of) == light
