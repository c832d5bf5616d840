"""ISO weeks: the Sunday every fact is evaluated at, and shifting across year boundaries."""

from __future__ import annotations

import datetime as dt

import pytest

from cockpit import weeks


@pytest.mark.parametrize(
    ("week", "monday", "sunday"),
    [
        # 2024-01-01 is a Monday, so W01 starts on it; W23 starts 22 weeks = 154 days later: 06-03.
        ("2024-W01", dt.date(2024, 1, 1), dt.date(2024, 1, 7)),
        ("2024-W23", dt.date(2024, 6, 3), dt.date(2024, 6, 9)),
        # 2023-01-01 is a Sunday (it belongs to 2022-W52); 2023-W52 runs 12-25..12-31 = the M1 due date.
        ("2023-W52", dt.date(2023, 12, 25), dt.date(2023, 12, 31)),
        # 2024-W52 ends two days before the M2 due date; 2025-W01 starts on 2024-12-30.
        ("2024-W52", dt.date(2024, 12, 23), dt.date(2024, 12, 29)),
        ("2025-W01", dt.date(2024, 12, 30), dt.date(2025, 1, 5)),
        # 2020 is a leap year starting on a Wednesday: 53 weeks, W53 ending in 2021.
        ("2020-W53", dt.date(2020, 12, 28), dt.date(2021, 1, 3)),
        # 2026 starts on a Thursday: 53 weeks, the last one ending 2027-01-03.
        ("2026-W53", dt.date(2026, 12, 28), dt.date(2027, 1, 3)),
    ],
)
def test_monday_and_as_of(week: str, monday: dt.date, sunday: dt.date) -> None:
    assert weeks.monday(week) == monday
    assert weeks.as_of(week) == sunday
    assert sunday.isoweekday() == 7
    assert weeks.week_of(monday) == week
    assert weeks.week_of(sunday) == week


@pytest.mark.parametrize(
    ("week", "by", "expected"),
    [
        ("2020-W52", 1, "2020-W53"),
        ("2020-W53", 1, "2021-W01"),
        ("2021-W01", -1, "2020-W53"),
        ("2021-W01", -2, "2020-W52"),
        ("2026-W52", 1, "2026-W53"),
        ("2026-W53", 1, "2027-W01"),
        ("2027-W01", -1, "2026-W53"),
        # 2024 has 52 weeks: W52 + 1 is 2025-W01, not a 2024-W53.
        ("2024-W52", 1, "2025-W01"),
        ("2025-W01", -1, "2024-W52"),
        ("2024-W10", 0, "2024-W10"),
        # 52 weeks after 2020-W10 is 2021-W09, because 2020 has 53.
        ("2020-W10", 52, "2021-W09"),
    ],
)
def test_shift_across_year_boundaries(week: str, by: int, expected: str) -> None:
    assert weeks.shift(week, by) == expected


def test_previous_is_shift_minus_one() -> None:
    assert weeks.previous("2021-W01") == "2020-W53"
    assert weeks.previous("2027-W01") == "2026-W53"


def test_week_range_includes_both_ends_and_week_53() -> None:
    assert list(weeks.week_range("2020-W52", "2021-W02")) == ["2020-W52", "2020-W53", "2021-W01", "2021-W02"]
    assert list(weeks.week_range("2024-W10", "2024-W10")) == ["2024-W10"]
    assert list(weeks.week_range("2024-W11", "2024-W10")) == []
    # 2023-W01..2025-W52: 52 + 52 + 52 weeks.
    assert len(list(weeks.week_range("2023-W01", "2025-W52"))) == 156


def test_week_of_dates_at_year_ends() -> None:
    assert weeks.week_of(dt.date(2023, 1, 1)) == "2022-W52"
    assert weeks.week_of(dt.date(2024, 12, 30)) == "2025-W01"
    assert weeks.week_of(dt.date(2021, 1, 3)) == "2020-W53"
    assert weeks.week_of(dt.date(2027, 1, 1)) == "2026-W53"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024-W23", "2024-W23"), ("2024W23", "2024-W23"), ("2024-w5", "2024-W05"), (" 2020-W53 ", "2020-W53")],
)
def test_parse_week_normalises(text: str, expected: str) -> None:
    assert weeks.parse_week(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025-W53", "2025年没有第53周"),  # 2025 starts on a Wednesday and is not a leap year: 52 weeks
        ("2024-W53", "2024年没有第53周"),
        ("2024-W00", "2024年没有第0周"),
        ("2024-23", "不是ISO周"),
        ("W23", "不是ISO周"),
        ("", "不是ISO周"),
    ],
)
def test_parse_week_rejects(text: str, reason: str) -> None:
    with pytest.raises(weeks.WeekError, match=reason):
        weeks.parse_week(text)
