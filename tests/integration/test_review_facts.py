"""The outlook and the weekly review read from facts the real loader computed, hand-computed
figures, on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from workbooks import D, filler, finding, item, write

from cockpit.monthly import monthly_list
from cockpit.outlook import outlook_rows
from cockpit.review import weekly_review

UNIT = "330102"


def k1(done: int, total: int = 8) -> list[dict]:
    return [
        item("K1", str(n), "已完成" if n <= done else "推进中", D(2024, 3, 1) if n <= done else None)
        for n in range(1, total + 1)
    ]


def k7(*done_on) -> list[dict]:  # noqa: ANN002
    return [item("K7", f"M{n}", "已完成", day) for n, day in enumerate(done_on, start=1)]


def test_outlook_from_w_minus_8(store, tmp_path: Path) -> None:  # noqa: ANN001
    store.load(write(tmp_path, UNIT, "2024-W15", ledger=k1(2) + filler(UNIT, skip=("K1",))))
    store.load(
        write(
            tmp_path,
            UNIT,
            "2024-W23",
            ledger=k1(3)
            + filler(UNIT, skip=("K1",))
            # K7 under M2 counts 2024: 3 rows; of them only 2024-05-20 lies in (2024-04-14, 2024-06-09]
            + k7(D(2024, 5, 20), D(2024, 4, 14), D(2024, 2, 1), D(2023, 11, 1)),
        )
    )
    with store.session() as session:
        rows = {(r["unit_code"], r["indicator_code"]): r for r in outlook_rows(session, store.config, week="2024-W23")}
    k1_row = rows[(UNIT, "K1")]
    # 3/8 now, 2/8 at W15: pace 1/64 = 0.015625; 205 days to 2024-12-31; 0.375 + 205/448
    assert k1_row == {
        "week": "2024-W23",
        "unit_code": UNIT,
        "indicator_code": "K1",
        "actual": 0.375,
        "pace_per_week": Decimal("0.0156"),
        "due_on": "2024-12-31",
        "projected": Decimal("0.8326"),
        "target": 1,
        "at_risk": True,
    }
    assert rows[("ALL", "K1")]["projected"] == Decimal("0.8326")  # the only unit
    k7_row = rows[(UNIT, "K7")]
    # count 3, pace 1/8; 3 + 0.125 × 205/7 = 6.6607…
    assert (k7_row["actual"], k7_row["pace_per_week"], k7_row["projected"], k7_row["at_risk"]) == (
        3,
        Decimal("0.1250"),
        Decimal("6.6607"),
        False,
    )
    assert rows[("ALL", "K7")]["projected"] == Decimal("6.6607")


def test_outlook_falls_back_to_the_earliest_week_up_to_w_minus_4(store, tmp_path: Path) -> None:  # noqa: ANN001
    store.load(write(tmp_path, UNIT, "2024-W17", ledger=k1(2) + filler(UNIT, skip=("K1",))))
    store.load(write(tmp_path, UNIT, "2024-W23", ledger=k1(3) + filler(UNIT, skip=("K1",))))
    with store.session() as session:
        row = next(
            r
            for r in outlook_rows(session, store.config, week="2024-W23", unit_code=UNIT)
            if r["indicator_code"] == "K1"
        )
        # base W17 (6 weeks): pace 1/48 = 0.020833…; 0.375 + 205/336 = 0.985119…
        assert (row["pace_per_week"], row["projected"], row["at_risk"]) == (Decimal("0.0208"), Decimal("0.9851"), True)
        late = outlook_rows(session, store.config, week="2024-W20", unit_code=UNIT)
        # At W20 the first fact (W17) is W−3: no outlook, the row stays with empty cells.
        k1_late = next(r for r in late if r["indicator_code"] == "K1")
        assert (k1_late["actual"], k1_late["pace_per_week"], k1_late["projected"], k1_late["at_risk"]) == (
            0.25,
            None,
            None,
            None,
        )


def test_review_changes_red_since_and_due_soon(store, tmp_path: Path) -> None:  # noqa: ANN001
    due_w11 = finding("F1", found_on=D(2024, 3, 1), due_on=D(2024, 3, 12))  # overdue from W11 on
    due_soon = finding("F2", found_on=D(2024, 3, 1), due_on=D(2024, 3, 28))
    for week, done in (("2024-W10", 1), ("2024-W11", 1), ("2024-W12", 2)):
        store.load(
            write(
                tmp_path,
                UNIT,
                week,
                ledger=k1(done, total=2) + filler(UNIT, skip=("K1",)),
                rectification=[due_w11, due_soon],
            )
        )
    with store.session() as session:
        w11 = weekly_review(session, store.config, week="2024-W11")
        w12 = weekly_review(session, store.config, week="2024-W12")
    red = {(i["unit_code"], i["kind"], i.get("code")): i for i in w11["off_track"]}
    assert red[(UNIT, "indicator", "K1")]["since_week"] == "2024-W10"
    assert red[(UNIT, "indicator", "K1")]["weeks"] == 2
    assert red[(UNIT, "findings", None)]["since_week"] == "2024-W11"
    assert red[(UNIT, "findings", None)]["overdue"] == 1
    assert w11["changes"]["overdue"] == [
        {"unit_code": UNIT, "unit": "上城区", "new": 1, "overdue_before": 0, "overdue_after": 1},
        {"unit_code": "ALL", "unit": "全市", "new": 1, "overdue_before": 0, "overdue_after": 1},
    ]
    assert w11["changes"]["lights"] == []  # red both weeks
    # W12: K1 turns green for the unit and city-wide; the other indicators stay red 3 weeks.
    changes = {(c["unit_code"], c["indicator_code"]): c for c in w12["changes"]["lights"]}
    assert set(changes) == {(UNIT, "K1"), ("ALL", "K1")}
    assert (changes[(UNIT, "K1")]["light_before"], changes[(UNIT, "K1")]["light_after"]) == ("red", "green")
    assert (changes[(UNIT, "K1")]["actual_before"], changes[(UNIT, "K1")]["actual_after"]) == (0.5, 1.0)
    still_red = {(i["unit_code"], i.get("code")): i["weeks"] for i in w12["off_track"] if i["kind"] == "indicator"}
    assert still_red[(UNIT, "K2")] == 3 and (UNIT, "K1") not in still_red
    # Due within 14 days of 2024-03-24 (W12): F2 on 2024-03-28.
    assert w12["due_soon"]["findings"] == [{"unit_code": UNIT, "unit": "上城区", "due_on": "2024-03-28", "findings": 1}]
    # Every other unit has no submission: each is listed as not submitted.
    assert len(w12["changes"]["missing"]) == len(store.config.units) - 1


def test_monthly_list_states_at_month_end(store, tmp_path: Path) -> None:  # noqa: ANN001
    findings = [
        finding("A", found_on=D(2024, 2, 1), due_on=D(2024, 3, 10), status="已整改", rectified_on=D(2024, 3, 5)),
        finding("B", found_on=D(2024, 2, 1), due_on=D(2024, 3, 10), status="已整改", rectified_on=D(2024, 3, 20)),
        finding("C", found_on=D(2024, 2, 1), due_on=D(2024, 3, 15)),
        finding("D", found_on=D(2024, 2, 1), due_on=D(2024, 4, 15)),
    ]
    store.load(write(tmp_path, UNIT, "2024-W13", ledger=filler(UNIT), rectification=findings))
    store.load(write(tmp_path, UNIT, "2024-W14", ledger=filler(UNIT), rectification=findings))
    with store.session() as session:
        march = monthly_list(session, store.config, month="2024-03", latest_week="2024-W14")
        april = monthly_list(session, store.config, month="2024-04", latest_week="2024-W14")
    # March is over: judged on 2024-03-31 (W13's Sunday). A on time, B late, C slipped.
    assert (march["state_on"], march["week"], march["complete"]) == ("2024-03-31", "2024-W13", True)
    assert march["findings"] == [
        {"unit_code": UNIT, "unit": "上城区", "due": 3, "on_time": 1, "late": 1, "slipped": 1, "open": 0}
    ]
    # April is not: judged on the latest week's Sunday.
    assert (april["state_on"], april["complete"]) == ("2024-04-07", False)
    assert april["findings"] == [
        {"unit_code": UNIT, "unit": "上城区", "due": 1, "on_time": 0, "late": 0, "slipped": 0, "open": 1}
    ]
    # T2-1 (2023-08-31) is no March milestone; March 2024 has none.
    assert march["milestones"] == []
