"""Traffic lights (DESIGN §6) for indicators and task milestones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Literal

Light = Literal["green", "yellow", "red", "grey"]
LIGHTS: tuple[Light, ...] = ("green", "yellow", "red", "grey")
DUE_SOON_DAYS = 14


def indicator_light(
    actual: Fraction | None,
    *,
    target: Decimal,
    trajectory: Fraction,
    as_of: dt.date,
    due: dt.date,
) -> Light:
    """green: actual ≥ target; yellow: not green, on trajectory and the milestone not yet due;
    red: otherwise; grey: no actual (no ledger rows)."""
    if actual is None:
        return "grey"
    if actual >= Fraction(target):
        return "green"
    if actual >= trajectory and as_of < due:
        return "yellow"
    return "red"


def milestone_light(done_on: dt.date | None, *, due: dt.date, as_of: dt.date) -> Light:
    """green: done on or before due; red: done late, or open past due; yellow: open and due
    within 14 days; grey: open and not yet due. A done date after `as_of` does not count."""
    if done_on is not None and done_on <= as_of:
        return "green" if done_on <= due else "red"
    if as_of > due:
        return "red"
    if (due - as_of).days <= DUE_SOON_DAYS:
        return "yellow"
    return "grey"
