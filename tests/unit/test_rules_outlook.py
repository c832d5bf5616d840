"""The outlook rule of DESIGN §11 and the review's change / red-since rules, hand-computed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from cockpit.outlook import base_week, count_projection, project, round_half_up, weeks_left
from cockpit.review_rules import (
    light_changes,
    off_track_order,
    run_start,
    run_start_from_bounds,
    weeks_in_run,
)

W23_SUNDAY = dt.date(2024, 6, 9)
M2_DUE = dt.date(2024, 12, 31)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(1, 32), "0.0313"),  # 0.03125: the half goes up
        (Fraction(5, 100000), "0.0001"),
        (Fraction(4, 100000), "0.0000"),
        (Fraction(-1, 32), "-0.0313"),  # half away from zero, like Decimal's ROUND_HALF_UP
        (Fraction(2, 3), "0.6667"),
        (Fraction(1), "1.0000"),
    ],
)
def test_round_half_up_to_four_places(value: Fraction, expected: str) -> None:
    assert round_half_up(value) == Decimal(expected)
    assert str(round_half_up(value)) == expected


def test_weeks_left_are_exact_days_over_seven() -> None:
    assert weeks_left(W23_SUNDAY, M2_DUE) == Fraction(205, 7)  # 2024-06-09 → 2024-12-31: 205 days
    assert weeks_left(dt.date(2026, 1, 4), dt.date(2025, 12, 31)) == 0  # past the last milestone


def test_projection_continues_the_pace_and_flags_the_risk() -> None:
    # 3/8 now, 2/8 eight weeks ago: pace 1/64 a week; 0.375 + 205/448 = 0.832589…
    result = project(Fraction(3, 8), Fraction(2, 8), 8, Fraction(205, 7), Decimal("1"))
    assert result.pace == Fraction(1, 64)
    assert round_half_up(result.pace) == Decimal("0.0156")
    assert round_half_up(result.projected) == Decimal("0.8326")
    assert result.at_risk


def test_projection_is_clipped_to_one_and_to_zero() -> None:
    up = project(Fraction(3, 4), Fraction(1, 2), 8, Fraction(205, 7), Decimal("0.9"))
    assert up.projected == 1 and not up.at_risk
    down = project(Fraction(1, 8), Fraction(7, 8), 8, Fraction(205, 7), Decimal("0.9"))
    assert down.pace == Fraction(-3, 32) and down.projected == 0 and down.at_risk


def test_projection_meeting_the_target_exactly_is_not_at_risk() -> None:
    # 0.8 now, 0.72 eight weeks ago (pace 0.01), 10 weeks left: exactly 0.9
    result = project(Fraction(4, 5), Fraction(18, 25), 8, Fraction(70, 7), Decimal("0.9"))
    assert result.projected == Fraction(9, 10) and not result.at_risk


def test_count_projection_uses_rows_of_the_last_56_days() -> None:
    # 3 counted, 1 of them in the last 56 days: pace 1/8; 3 + 0.125 × 205/7 = 6.660714…
    result = count_projection(3, 1, Fraction(205, 7), Decimal("1"))
    assert result.pace == Fraction(1, 8)
    assert round_half_up(result.projected) == Decimal("6.6607")
    assert not result.at_risk
    assert count_projection(0, 0, Fraction(10), Decimal("3")).at_risk


def test_base_week_is_w_minus_8_or_the_earliest_up_to_w_minus_4() -> None:
    week = "2024-W23"
    assert base_week({"2024-W15": Fraction(1), "2024-W17": Fraction(1)}, week) == "2024-W15"
    assert base_week({"2024-W17": Fraction(1), "2024-W18": Fraction(1)}, week) == "2024-W17"
    assert base_week({"2024-W19": Fraction(1)}, week) == "2024-W19"  # W−4 still counts
    assert base_week({"2024-W20": Fraction(1), "2024-W14": Fraction(1)}, week) is None


def test_light_changes_need_a_light_in_both_weeks() -> None:
    before = {("330102", "K1"): "red", ("330105", "K1"): "green", ("330106", "K1"): "yellow"}
    after = {("330102", "K1"): "green", ("330105", "K1"): "green", ("330108", "K1"): "red"}
    assert light_changes(before, after) == [("330102", "K1")]


def test_red_since_is_the_start_of_the_unbroken_run() -> None:
    history = [
        ("2024-W08", "red"),
        ("2024-W09", "yellow"),
        ("2024-W10", "red"),
        ("2024-W11", "red"),
        ("2024-W12", "red"),
    ]
    assert run_start(history, light="red", week="2024-W12") == "2024-W10"
    assert weeks_in_run("2024-W10", "2024-W12") == 3
    assert run_start(history, light="red", week="2024-W09") is None
    assert run_start(history, light="yellow", week="2024-W09") == "2024-W09"
    # Across a year end: 2024-W52 → 2025-W01 are consecutive ISO weeks.
    assert run_start([("2024-W52", "red"), ("2025-W01", "red")], light="red", week="2025-W01") == "2024-W52"
    assert weeks_in_run("2024-W52", "2025-W01") == 2


def test_red_since_from_aggregates_agrees_with_the_run() -> None:
    # First fact 2024-W08, last week not red 2024-W09: red since 2024-W10.
    assert run_start_from_bounds(first_week="2024-W08", last_other="2024-W09") == "2024-W10"
    # Red in every week with facts: since the first one.
    assert run_start_from_bounds(first_week="2024-W08", last_other=None) == "2024-W08"


def test_off_track_lists_red_first_longest_first() -> None:
    items = [
        {"light": "yellow", "weeks": 9, "unit_code": "330102", "item": "K1"},
        {"light": "red", "weeks": 2, "unit_code": "330102", "item": "K2"},
        {"light": "red", "weeks": 5, "unit_code": "330105", "item": "K2"},
        {"light": "red", "weeks": 5, "unit_code": "330102", "item": "K3"},
    ]
    ordered = sorted(items, key=off_track_order)
    assert [(i["light"], i["weeks"], i["unit_code"]) for i in ordered] == [
        ("red", 5, "330102"),
        ("red", 5, "330105"),
        ("red", 2, "330102"),
        ("yellow", 9, "330102"),
    ]


def test_outlook_in_words() -> None:
    from cockpit.outlook import outlook_words

    row = {"projected": Decimal("0.8600"), "target": 0.9, "due_on": "2025-12-31", "at_risk": True}
    assert outlook_words(row, kind="rate") == "按近8周进度, 年底预计 86%, 低于目标 90%"
    row = {"projected": Decimal("0.9512"), "target": 0.9, "due_on": "2025-12-31", "at_risk": False}
    assert outlook_words(row, kind="rate") == "按近8周进度, 年底预计 95.12%, 可达目标 90%"
    row = {"projected": Decimal("6.6607"), "target": 3, "due_on": "2025-12-31", "at_risk": False}
    assert outlook_words(row, kind="count", unit_label="项") == "按近8周进度, 年底预计 6.7 项, 可达目标 3 项"
    assert outlook_words({"projected": None}, kind="rate") == "近8周数据不足,暂无预判"
