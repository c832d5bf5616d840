"""Targets in force and trajectories (DESIGN §6): which milestone counts in a week, and the
straight line from the previous milestone's target to the next one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from cockpit.config import Indicator, Milestone


@dataclass(frozen=True)
class TargetInForce:
    milestone: Milestone
    previous: Milestone
    target: Decimal
    previous_target: Decimal
    trajectory: Fraction


def milestone_in_force(milestones: tuple[Milestone, ...], as_of: dt.date) -> int:
    """Index of the first milestone due on or after `as_of` (the last one after all are due).

    Index 0 (M0, the baseline) is never in force: it only starts the first trajectory.
    """
    for index, milestone in enumerate(milestones[1:], start=1):
        if milestone.due >= as_of:
            return index
    return len(milestones) - 1


def target_at(indicator: Indicator, milestones: tuple[Milestone, ...], index: int) -> Decimal:
    """The target of milestone `index`; "—" (no entry) carries the previous one forward."""
    for milestone in reversed(milestones[1 : index + 1]):
        if milestone.code in indicator.targets:
            return indicator.targets[milestone.code]
    return Decimal(0)


def fraction_elapsed(start: dt.date, end: dt.date, as_of: dt.date) -> Fraction:
    """f = (as_of − start) / (end − start), clipped to [0, 1]."""
    span = (end - start).days
    if span <= 0:
        return Fraction(1)
    return min(max(Fraction((as_of - start).days, span), Fraction(0)), Fraction(1))


def target_in_force(indicator: Indicator, milestones: tuple[Milestone, ...], as_of: dt.date) -> TargetInForce:
    """Target, previous target and trajectory of `indicator` at `as_of`.

    Trajectory = prev + (target − prev) × f. For count indicators (K7) each milestone counts in
    its own window, so the trajectory always starts from 0.
    """
    index = milestone_in_force(milestones, as_of)
    target = target_at(indicator, milestones, index)
    previous_target = Decimal(0) if indicator.kind == "count" else target_at(indicator, milestones, index - 1)
    f = fraction_elapsed(milestones[index - 1].due, milestones[index].due, as_of)
    prev = Fraction(previous_target)
    trajectory = prev + (Fraction(target) - prev) * f
    return TargetInForce(milestones[index], milestones[index - 1], target, previous_target, trajectory)


def count_window(indicator: Indicator, milestone: Milestone) -> tuple[dt.date, dt.date]:
    """The counting window of a count indicator (K7) under the milestone in force."""
    return indicator.windows[milestone.code]


def window_in_force(indicator: Indicator, milestones: tuple[Milestone, ...], as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The window a count indicator (K7) counts in at `as_of`: that of the milestone in force."""
    return count_window(indicator, milestones[milestone_in_force(milestones, as_of)])
