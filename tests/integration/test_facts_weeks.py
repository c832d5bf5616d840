"""Facts through the real loader: effective submission, carry-forward, as-of dates, ALL rows,
rank change across weeks (DESIGN §6, §9). Runs on SQLite and PostgreSQL.

The scenario, weeks 2024-W10 (Sunday 03-10), W11 (03-17) and W12 (03-24):
- 330102 submits W10 only; carried forward into W11 and W12.
- 330105 submits W10 and W12.
- 330100 submits W12 only: no facts in W10 and W11.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from workbooks import D, scenario_files

from cockpit.models import LedgerRow, Submission

W10, W11, W12 = "2024-W10", "2024-W11", "2024-W12"


@pytest.fixture
def loaded(store, tmp_path: Path):  # noqa: ANN001, ANN201
    results = store.load_many(scenario_files(tmp_path))
    assert [r.accepted for r in results] == [True] * 4, [i.line() for r in results for i in r.errors]
    return store, results


def test_submission_rows_mark_carried_forward_weeks(loaded) -> None:  # noqa: ANN001
    store, _ = loaded
    expected = {
        W10: {"330100": (False, None), "330102": (True, W10), "330105": (True, W10)},
        W11: {"330100": (False, None), "330102": (False, W10), "330105": (False, W10)},
        W12: {"330100": (True, W12), "330102": (False, W10), "330105": (True, W12)},
    }
    for week, units in expected.items():
        rows = store.export("submissions", week)
        assert len(rows) == 14  # one row for each unit of the config
        by_unit = {r["unit_code"]: (r["submitted"], r["effective_week"]) for r in rows}
        assert {u: by_unit[u] for u in units} == units
        assert by_unit["330182"] == (False, None)  # never submitted


def test_unit_without_any_submission_has_no_facts(loaded) -> None:  # noqa: ANN001
    store, _ = loaded
    for what in ("kpi", "rectification", "milestones"):
        assert store.export(what, W10, "330100") == []
        assert store.export(what, W11, "330100") == []
        assert store.export(what, W12, "330100") != []
    # K8 applies to 330100 only: no K8 row at all (not even ALL) before it submits.
    assert [r for r in store.export("kpi", W10) if r["indicator_code"] == "K8"] == []


def test_ledger_facts_and_carry_forward_flag(loaded) -> None:  # noqa: ANN001
    store, _ = loaded
    k1 = store.row("kpi", W10, "330102", "K1")
    # K1: 已完成 03-01 and a 推进中 row with a (warned, ignored) date: 1/2.
    assert (k1["numerator"], k1["denominator"], k1["actual"], k1["target"], k1["light"]) == (1, 2, 0.5, 1, "red")
    # K2 已上线 on 03-15, after W10's Sunday: 0/1 in W10, 1/1 from W11 on without a new submission.
    assert (store.row("kpi", W10, "330102", "K2")["numerator"], store.row("kpi", W10, "330102", "K2")["actual"]) == (
        0,
        0.0,
    )
    assert store.row("kpi", W11, "330102", "K2")["actual"] == 1.0
    assert store.row("kpi", W11, "330102", "K2")["light"] == "green"
    with store.session() as session:
        from cockpit.models import IndicatorFact

        flags = dict(
            session.execute(
                select(IndicatorFact.week, IndicatorFact.carried_forward).where(
                    IndicatorFact.unit_code == "330102", IndicatorFact.indicator_code == "K1"
                )
            ).all()
        )
    assert flags == {W10: False, W11: True, W12: True}


def test_k7_has_empty_denominator_and_k8_only_for_the_bureau(loaded) -> None:  # noqa: ANN001
    store, _ = loaded
    k7 = store.row("kpi", W10, "330102", "K7")
    # One method done 2024-02-01, inside M2's window (calendar 2024): a count of 1, target 1 item.
    assert (k7["numerator"], k7["denominator"], k7["actual"], k7["target"], k7["light"]) == (1, None, 1, 1, "green")
    all_k7 = store.row("kpi", W10, "ALL", "K7")
    assert (all_k7["numerator"], all_k7["denominator"], all_k7["actual"]) == (1, None, 1)  # 1 + 0
    k8_units = [r["unit_code"] for r in store.export("kpi", W12) if r["indicator_code"] == "K8"]
    assert k8_units == ["330100", "ALL"]
    k8 = store.row("kpi", W12, "330100", "K8")
    assert (k8["numerator"], k8["denominator"], k8["actual"]) == (1, 2, 0.5)
    # 8 indicators for each district, 9 for 330100, 9 city-wide.
    assert len(store.export("kpi", W12)) == 8 + 8 + 9 + 9
    assert len(store.export("kpi", W10)) == 8 + 8 + 8


def test_city_wide_rows_are_sum_over_sum(loaded) -> None:  # noqa: ANN001
    store, _ = loaded
    # K1: W10 330102 1/2 + 330105 2/2 = 3/4; W11 both carried: 3/4;
    # W12 330102 1/2 + 330105 0/3 + 330100 1/1 = 2/6 (the mean of rates would be 0.5).
    for week, (num, den) in {W10: (3, 4), W11: (3, 4), W12: (2, 6)}.items():
        row = store.row("kpi", week, "ALL", "K1")
        assert (row["numerator"], row["denominator"]) == (num, den)
        assert row["actual"] == pytest.approx(num / den, abs=0)
    all_rect = store.row("rectification", W10, "ALL")
    assert (all_rect["found"], all_rect["rectified"], all_rect["rate"]) == (5, 3, 0.6)


RECT_330102 = {
    # as_of 03-10: R1 R2 R4 R5 R6 found (R3 found 03-12 is not); R2 R4 R5 rectified (R6 only on 03-13);
    # overdue: R6 (due 03-08); amounts 10.5 + 2.25 + 0 + 0.5 + 1 = 14.25; closed: R4 (R5 on 03-14).
    W10: dict(
        found=5,
        rectified=3,
        rate=0.6,
        in_progress=2,
        overdue=1,
        amount_found_wan="14.25",
        amount_rectified_wan="2.75",
        supervision_closed=1,
    ),
    # as_of 03-17 without a new submission: R3 found, R6 rectified, R1 (due 03-15) now overdue, R5 closed.
    W11: dict(
        found=6,
        rectified=4,
        rate=4 / 6,
        in_progress=2,
        overdue=1,
        amount_found_wan="15.25",
        amount_rectified_wan="3.75",
        supervision_closed=2,
    ),
    W12: dict(
        found=6,
        rectified=4,
        rate=4 / 6,
        in_progress=2,
        overdue=1,
        amount_found_wan="15.25",
        amount_rectified_wan="3.75",
        supervision_closed=2,
    ),
}


@pytest.mark.parametrize("week", [W10, W11, W12])
def test_rectification_as_of_each_week(loaded, week: str) -> None:  # noqa: ANN001
    store, _ = loaded
    row = store.row("rectification", week, "330102")
    assert {k: row[k] for k in RECT_330102[week]} == RECT_330102[week]
    none = store.row("rectification", week, "330105")
    assert (none["found"], none["rate"], none["amount_found_wan"]) == (0, None, "0")


def test_scores_ranks_and_rank_change(loaded) -> None:  # noqa: ANN001
    store, _ = loaded
    # 330105 W10: K1–K6, K9 all met (7 of 8, K7 none), no findings: 100 × 7/8 = 87.50.
    # 330102 W10: K1 0.5 + K7 1 = 1.5, rate 3/5: 100 × (1.5 + 2 × 0.6)/10 = 27.00.
    # W11: 330102 K2 now met: 100 × (2.5 + 2 × 4/6)/10 = 38.33; 330105 carried: 87.50.
    # W12: 330105 resubmits with nothing done: 0.00 → 330102 moves up one place.
    expected = {
        W10: [("330105", "87.50", 1, None), ("330102", "27.00", 2, None)],
        W11: [("330105", "87.50", 1, 0), ("330102", "38.33", 2, 0)],
        W12: [("330102", "38.33", 1, 1), ("330105", "0.00", 2, -1)],
    }
    for week, ranking in expected.items():
        rows = store.export("ranking", week)
        assert [(r["unit_code"], str(r["score"]), r["rank"], r["rank_change"]) for r in rows] == ranking


def test_milestone_lights(loaded) -> None:  # noqa: ANN001
    store, _ = loaded
    lights = {
        (r["milestone_code"], r["unit_code"]): (r["done_on"], r["light"]) for r in store.export("milestones", W12)
    }
    assert lights["T7-1", "330100"] == ("2023-04-28", "green")
    assert lights["T7-2", "330100"] == ("2023-10-08", "red")  # done 8 days after 09-30
    assert lights["T7-3", "330100"] == (None, "red")  # open past 11-30
    assert lights["T2-1", "330102"] == ("2023-08-31", "green")  # done on the due date
    assert lights["T1-2", "330102"] == ("2024-03-12", "green")
    # In W10 that done date (03-12) is after as_of (03-10): still open, due 2024-12-31 → grey.
    w10 = {(r["milestone_code"], r["unit_code"]): (r["done_on"], r["light"]) for r in store.export("milestones", W10)}
    assert w10["T1-2", "330102"] == (None, "grey")
    assert w10["T1-1", "330102"] == (None, "red")  # due 2023-12-31, never reported
    assert ("T7-1", "330102") not in lights  # T7 is the bureau's


def test_warnings_are_kept_and_counted(loaded) -> None:  # noqa: ANN001
    store, results = loaded
    by_unit = {(r.unit_code, r.report_week): r for r in results}
    warned = by_unit["330102", W10]
    # 推进中 with a date, K2 done after Sunday, R3 found after Sunday, R6 rectified after Sunday,
    # T1-2 done after Sunday.
    assert len(warned.warnings) == 5, [w.line() for w in warned.warnings]
    assert [(w.sheet, w.row, w.column) for w in warned.warnings] == [
        ("指标台账", 3, "完成日期"),
        ("指标台账", 4, "完成日期"),
        ("整改台账", 4, "发现日期"),
        ("整改台账", 7, "整改日期"),
        ("任务进度", 3, "完成日期"),
    ]
    assert "不计为完成" in warned.warnings[0].reason
    assert all(not r.warnings for r in results if r is not warned)
    with store.session() as session:
        stored = session.scalar(select(Submission).where(Submission.unit_code == "330102"))
        assert len(json.loads(stored.warnings)) == 5
        kept = session.scalar(select(LedgerRow).where(LedgerRow.submission_id == stored.id, LedgerRow.row_no == 3))
        assert (kept.status, kept.is_done, kept.done_on) == ("推进中", False, D(2024, 3, 2))


def test_rebuild_gives_identical_facts(loaded) -> None:  # noqa: ANN001
    store, _ = loaded
    incremental = store.facts()
    assert len(incremental["indicator_fact"]) == 24 + 24 + 34
    assert store.rebuild() == 3
    assert store.facts() == incremental
