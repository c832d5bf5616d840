"""The weekly review's rules on plain data (DESIGN §11): what counts as a change between two
weeks, since when an item has been red, and how the off-track list is ordered.

`cockpit.review` feeds these from the stored facts; nothing here reads the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from cockpit import weeks

LIGHT_ORDER = {"red": 0, "yellow": 1}


def light_changes(before: Mapping[tuple, str], after: Mapping[tuple, str]) -> list[tuple]:
    """Keys with a light in both weeks whose light differs (a key only in one week is no change)."""
    return sorted(key for key, light in after.items() if key in before and before[key] != light)


def run_start(history: Iterable[tuple[str, str]], *, light: str, week: str) -> str | None:
    """Red (or yellow) since: the earliest W0 with `light` in every week W0..`week`.

    `history` is (week, light) of one item, any order, weeks without a fact left out; a week
    with no fact inside the run ends it. None when the item is not `light` at `week`.
    """
    by_week = dict(history)
    if by_week.get(week) != light:
        return None
    start = week
    while by_week.get(weeks.previous(start)) == light:
        start = weeks.previous(start)
    return start


def run_start_from_bounds(*, first_week: str, last_other: str | None) -> str:
    """The same rule from two aggregates of an item's history up to `week`: its first week with
    a fact and its latest week with another light, for an item that has the light now (a unit's
    facts are weekly without gaps from its first submission on)."""
    return first_week if last_other is None else weeks.shift(last_other, 1)


def weeks_in_run(start: str, week: str) -> int:
    """n of "连续红灯 n 周": the number of weeks start..week, both included."""
    return (weeks.monday(week) - weeks.monday(start)).days // 7 + 1


def off_track_order(item: Mapping) -> tuple:
    """Red before yellow; within a light the longest run first; then unit and item for stability."""
    return (LIGHT_ORDER.get(item["light"], 9), -item["weeks"], item["unit_code"], item["item"])
