"""The pure fact builders: one week's counts in, the rows of DESIGN §9 out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from cockpit.aggregates import LedgerCounts, MilestoneProgress, RectificationCounts
from cockpit.config import Config
from cockpit.fact_builders import indicator_rows, milestone_rows, rectification_rows, score_rows

WEEK, AS_OF = "2024-W23", dt.date(2024, 6, 9)  # M2 in force


def counts(denominator: int, done: int, k7: int = 0) -> LedgerCounts:
    return LedgerCounts(denominator=denominator, done=done, done_in_window={"K7": k7})


def by_key(rows: list[dict]) -> dict[tuple[str, str], dict]:
    return {(r["unit_code"], r["indicator_code"]): r for r in rows}


def test_indicator_rows_city_wide_is_sum_over_sum(config: Config) -> None:
    units = {"330100": False, "330102": True, "330105": False}  # 330102 carried forward
    ledger = {
        ("330100", "K1"): counts(1, 1),
        ("330102", "K1"): counts(4, 1),
        ("330105", "K1"): counts(5, 4),
        ("330100", "K8"): counts(4, 3),
        ("330102", "K7"): LedgerCounts(3, 3, {"K7": 2}),
        ("330105", "K7"): LedgerCounts(1, 1, {"K7": 1}),
    }
    rows, attained = indicator_rows(config, week=WEEK, as_of=AS_OF, units=units, counts=ledger)
    table = by_key(rows)
    # K1: units 1/1, 1/4, 4/5; ALL = (1 + 1 + 4) / (1 + 4 + 5) = 6/10, not the mean of the rates (0.683).
    assert (table["ALL", "K1"]["numerator"], table["ALL", "K1"]["denominator"]) == (6, 10)
    assert table["ALL", "K1"]["actual"] == 0.6
    assert table["330102", "K1"]["actual"] == 0.25
    assert table["330102", "K1"]["carried_forward"] is True
    assert table["330105", "K1"]["carried_forward"] is False
    assert table["ALL", "K1"]["carried_forward"] is False
    # K8 applies to 330100 only: no district row; ALL = 330100's 3/4.
    assert [u for u, k in table if k == "K8"] == ["330100", "ALL"]
    assert table["ALL", "K8"]["actual"] == 0.75
    # K7 counts items inside the window, no denominator; ALL is the sum 2 + 1 + 0 = 3.
    assert table["330102", "K7"]["denominator"] is None
    assert (table["330102", "K7"]["numerator"], table["330102", "K7"]["actual"]) == (2, 2.0)
    assert (table["ALL", "K7"]["numerator"], table["ALL", "K7"]["denominator"], table["ALL", "K7"]["actual"]) == (
        3,
        None,
        3.0,
    )
    assert table["330100", "K7"]["actual"] == 0.0  # no rows: a count of 0, not "none"
    # A rate indicator with no rows has no actual and a grey light; its target is still shown.
    assert table["330102", "K2"]["actual"] is None
    assert table["330102", "K2"]["light"] == "grey"
    assert table["ALL", "K2"]["actual"] is None
    assert table["330102", "K2"]["target_text"] == "1"
    # 8 indicators for each district and 9 for 330100, plus 9 city-wide rows.
    assert len(rows) == 8 + 8 + 9 + 9
    assert attained["330102"]["K1"] == (Fraction(1, 4), Decimal(1))
    assert attained["330102"]["K3"] == (None, Decimal(1))
    assert "K8" not in attained["330102"]


def test_indicator_rows_lights_and_targets(config: Config) -> None:
    # K6 at 2024-W23 (as_of 06-09): target 0.7, trajectory 0.6 + 0.1 × 161/366 = 0.64399.
    ledger = {("330102", "K6"): counts(10, 7), ("330105", "K6"): counts(100, 65), ("330106", "K6"): counts(10, 6)}
    units = dict.fromkeys(("330102", "330105", "330106"), False)
    table = by_key(indicator_rows(config, week=WEEK, as_of=AS_OF, units=units, counts=ledger)[0])
    assert table["330102", "K6"]["light"] == "green"  # 0.7 ≥ 0.7
    assert table["330105", "K6"]["light"] == "yellow"  # 0.65 ≥ 0.64399
    assert table["330106", "K6"]["light"] == "red"  # 0.6 < 0.64399
    assert table["330106", "K6"]["target"] == 0.7
    assert table["330106", "K6"]["milestone_code"] == "M2"
    assert abs(table["330106", "K6"]["trajectory"] - (0.6 + 0.1 * 161 / 366)) < 1e-12
    # ALL: (7 + 65 + 6) / 120 = 0.65 → yellow.
    assert table["ALL", "K6"]["light"] == "yellow"


def test_rectification_rows_sum_and_rate(config: Config) -> None:
    units = {"330102": False, "330105": True, "330106": False}
    rect = {
        "330102": RectificationCounts(
            found=3,
            rectified=2,
            overdue=1,
            amount_found=12_750_000,
            amount_rectified=2_250_000,
            supervision_found=1,
            supervision_closed=1,
        ),
        "330105": RectificationCounts(found=1, rectified=0, overdue=1, amount_found=500_000),
    }
    rows, rates = rectification_rows(week=WEEK, units=units, counts=rect)
    table = {r["unit_code"]: r for r in rows}
    assert rates == {"330102": Fraction(2, 3), "330105": Fraction(0), "330106": None}
    assert table["330106"]["found"] == 0 and table["330106"]["rate"] is None  # none when found = 0
    assert table["330105"]["carried_forward"] is True
    # ALL: found 4, rectified 2, rate 2/4 (not the mean of 2/3 and 0), overdue 2, amounts summed.
    assert {k: table["ALL"][k] for k in ("found", "rectified", "rate", "in_progress", "overdue")} == {
        "found": 4,
        "rectified": 2,
        "rate": 0.5,
        "in_progress": 2,
        "overdue": 2,
    }
    assert (table["ALL"]["amount_found"], table["ALL"]["amount_rectified"]) == (13_250_000, 2_250_000)
    assert table["ALL"]["supervision_closed"] == 1


def test_score_rows_rank_districts_only(config: Config) -> None:
    # Four districts with K1 only and no findings: scores 100 × a / 8 with a = 1, 0.5, 0.5, 0.25.
    units = dict.fromkeys(("330100", "330102", "330105", "330106", "330108"), False)
    attained = {
        u: {"K1": (a, Decimal(1))}
        for u, a in zip(units, (Fraction(1), Fraction(1), Fraction(1, 2), Fraction(1, 2), Fraction(1, 4)), strict=True)
    }
    for unit in attained:
        attained[unit] |= {k: (None, Decimal(1)) for k in ("K2", "K3", "K4", "K5", "K6", "K7", "K9")}
    rows = score_rows(
        config, week=WEEK, units=units, attained=attained, rates={}, previous_ranks={"330105": 4, "330108": 1}
    )
    table = {r["unit_code"]: r for r in rows}
    assert "330100" not in table  # the bureau itself is not ranked
    assert {u: (r["score"], r["rank"], r["rank_change"]) for u, r in table.items()} == {
        "330102": ("12.50", 1, None),
        "330105": ("6.25", 2, 2),  # 4 → 2: moved up 2
        "330106": ("6.25", 2, None),  # tie shares rank 2
        "330108": ("3.13", 4, -3),  # 3.125 rounds half-up to 3.13; 1 → 4
    }


def test_milestone_rows_for_answering_units(config: Config) -> None:
    units = {"330100": False, "330102": False}
    progress = {
        ("330100", "T7-3"): MilestoneProgress(done_on=dt.date(2023, 11, 30), progress_pct=100.0),
        ("330102", "T1-2"): MilestoneProgress(done_on=None, progress_pct=40.0),
    }
    rows = milestone_rows(config, week="2023-W48", as_of=dt.date(2023, 12, 3), units=units, progress=progress)
    table = {(r["milestone_code"], r["unit_code"]): r for r in rows}
    # T7 (重大项目处, 数据处) belongs to 330100 only; T1 names 各区、县(市)审计局 as well.
    assert {u for m, u in table if m.startswith("T7")} == {"330100"}
    assert {u for m, u in table if m == "T1-1"} == {"330100", "330102"}
    assert table["T7-3", "330100"]["light"] == "green"  # done on its due date 11-30
    assert table["T7-1", "330100"]["light"] == "red"  # due 04-30, never reported done
    assert table["T1-1", "330102"]["light"] == "grey"  # due 12-31: 28 days away
    assert table["T2-1", "330102"]["light"] == "red"  # due 08-31, open
    assert table["T1-2", "330102"]["progress_pct"] == 40.0
    assert table["T1-2", "330102"]["light"] == "grey"
