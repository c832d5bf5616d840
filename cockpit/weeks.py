"""ISO weeks as the cockpit's time axis: every fact is kept per (unit, ISO week)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

_WEEK_RE = re.compile(r"^\s*(\d{4})\s*-?\s*W\s*(\d{1,2})\s*$", re.IGNORECASE)


class WeekError(ValueError):
    """A string that is not a real ISO week."""


def parse_week(text: str) -> str:
    """Normalise '2024-W23', '2024W23' or '2024-w5' to '2024-W23'; raise WeekError if not real."""
    match = _WEEK_RE.match(str(text))
    if not match:
        raise WeekError(f"“{text}”不是ISO周(应为 2024-W23 的形式)")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise WeekError(f"{year}年没有第{week}周") from None
    return f"{year}-W{week:02d}"


def week_of(day: dt.date) -> str:
    """The ISO week that contains `day`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def monday(week: str) -> dt.date:
    year, number = _split(week)
    return dt.date.fromisocalendar(year, number, 1)


def as_of(week: str) -> dt.date:
    """The Sunday of the ISO week: the date every fact of that week is evaluated at."""
    year, number = _split(week)
    return dt.date.fromisocalendar(year, number, 7)


def shift(week: str, weeks: int) -> str:
    return week_of(monday(week) + dt.timedelta(weeks=weeks))


def previous(week: str) -> str:
    return shift(week, -1)


def week_range(first: str, last: str) -> Iterator[str]:
    """Every ISO week from `first` to `last`, both included."""
    day, end = monday(first), monday(last)
    while day <= end:
        yield week_of(day)
        day += dt.timedelta(weeks=1)


def _split(week: str) -> tuple[int, int]:
    return int(week[:4]), int(week[6:])
