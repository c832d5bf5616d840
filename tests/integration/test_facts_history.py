"""Resubmission, out-of-order loads, incremental recomputation against a full rebuild, and K7
windows across milestones — through the real loader, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from workbooks import D, filler, item, write

from cockpit.models import FactWeek, LedgerRow, Submission
from etl.load import archive_path, refresh_facts

W10, W11, W12 = "2024-W10", "2024-W11", "2024-W12"


def k1_only(directory: Path, unit: str, week: str, done: int, total: int, **kwargs: object) -> Path:
    """A submission whose only done items are `done` of `total` K1 items (done on 2024-03-01)."""
    rows = [
        item("K1", str(n), "已完成" if n <= done else "推进中", D(2024, 3, 1) if n <= done else None)
        for n in range(1, total + 1)
    ]
    return write(directory, unit, week, ledger=rows + filler(unit, skip=("K1",)), **kwargs)


def test_resubmission_supersedes_and_identical_bytes_are_a_no_op(store, tmp_path: Path) -> None:  # noqa: ANN001
    first = store.load(k1_only(tmp_path, "330102", W10, 1, 2, name="v1.xlsx"))
    assert first.accepted and first.superseded_id is None
    assert store.row("kpi", W10, "330102", "K1")["actual"] == 0.5  # 1/2
    # Same unit and week, new content (2/2): replaces the first atomically.
    second = store.load(k1_only(tmp_path, "330102", W10, 2, 2, name="v2.xlsx"))
    assert second.accepted and not second.unchanged
    assert second.superseded_id == first.submission_id
    assert store.row("kpi", W10, "330102", "K1")["actual"] == 1.0  # 2/2
    assert store.row("ranking", W10, "330102")["score"] == 12.5  # 100 × 1/8, no findings
    with store.session() as session:
        subs = session.scalars(select(Submission).order_by(Submission.id)).all()
        assert [(s.id, s.superseded_by, s.superseded_at is not None) for s in subs] == [
            (first.submission_id, second.submission_id, True),
            (second.submission_id, None, False),
        ]
        # The superseded submission's rows stay archived in the store.
        old_rows = session.scalars(select(LedgerRow).where(LedgerRow.submission_id == first.submission_id)).all()
        assert len(old_rows) == 8
    assert archive_path(store.archive_dir, subs[0].sha256).read_bytes() == (tmp_path / "v1.xlsx").read_bytes()
    assert archive_path(store.archive_dir, subs[1].sha256).read_bytes() == (tmp_path / "v2.xlsx").read_bytes()

    # The identical bytes again, under another name: accepted, nothing changes.
    before = store.checksum()
    again_path = tmp_path / "v2-again.xlsx"
    again_path.write_bytes((tmp_path / "v2.xlsx").read_bytes())
    again = store.load(again_path)
    assert (again.accepted, again.unchanged, again.submission_id) == (True, True, second.submission_id)
    assert store.checksum() == before
    assert store.count(Submission) == 2

    # The first file once more is a new resubmission: it supersedes the second, facts go back.
    third = store.load(tmp_path / "v1.xlsx")
    assert third.accepted and not third.unchanged and third.superseded_id == second.submission_id
    assert store.row("kpi", W10, "330102", "K1")["actual"] == 0.5
    assert store.count(Submission) == 3
    facts = store.facts()
    store.rebuild()
    assert store.facts() == facts


def test_earlier_week_after_later_weeks_recomputes_only_affected_weeks(store, tmp_path: Path) -> None:  # noqa: ANN001
    # Scores (no findings, Σw = 8): 330106 W11 K1 1/1 → 12.50; 330102 W12 K1 and K2 done → 25.00;
    # 330105 W12 nothing done → 0.00; 330102 W10 nothing done → 0.00.
    later = [
        k1_only(tmp_path, "330106", W11, 1, 1),
        write(
            tmp_path,
            "330102",
            W12,
            ledger=[
                item("K1", "1", "已完成", D(2024, 3, 1)),
                item("K2", "1", "已完成", D(2024, 3, 1)),
                *filler("330102", skip=("K1", "K2")),
            ],
        ),
        k1_only(tmp_path, "330105", W12, 0, 1),
    ]
    assert all(r.accepted for r in store.load_many(later))
    ranking = {
        w: [(r["unit_code"], r["rank"], r["rank_change"]) for r in store.export("ranking", w)] for w in (W11, W12)
    }
    assert ranking == {
        W11: [("330106", 1, None)],
        W12: [("330102", 1, None), ("330106", 2, -1), ("330105", 3, None)],
    }
    assert store.export("kpi", W10) == []
    w12_computed = _computed_at(store, W12)

    earlier = store.load(k1_only(tmp_path, "330102", W10, 0, 1), refresh=False)
    assert earlier.accepted
    # 330102's next submission is W12: only W10 (new) and W11 (carried forward) change.
    assert refresh_facts(store.engine, store.config) == [W10, W11]
    assert _computed_at(store, W12) == w12_computed  # W12 was not recomputed ...
    # ... but its rank change now compares with the new W11 ranking (330106 1, 330102 2).
    ranking = {
        w: [(r["unit_code"], r["rank"], r["rank_change"]) for r in store.export("ranking", w)] for w in (W10, W11, W12)
    }
    assert ranking == {
        W10: [("330102", 1, None)],
        W11: [("330106", 1, None), ("330102", 2, -1)],
        W12: [("330102", 1, 1), ("330106", 2, -1), ("330105", 3, None)],
    }
    assert store.row("submissions", W11, "330102") == {
        "week": W11,
        "unit_code": "330102",
        "submitted": False,
        "effective_week": W10,
    }
    assert store.row("kpi", W11, "330102", "K1")["actual"] == 0.0

    # A week added at the end: every unit is carried forward into the new weeks.
    store.load(k1_only(tmp_path, "330105", "2024-W14", 1, 1), refresh=False)
    assert refresh_facts(store.engine, store.config) == ["2024-W13", "2024-W14"]
    assert [r["unit_code"] for r in store.export("ranking", "2024-W13")] == ["330102", "330106", "330105"]

    incremental = store.facts()
    assert len(incremental["fact_week"]) == 5
    assert store.rebuild() == 5
    assert store.facts() == incremental


def test_incremental_loads_in_any_order_equal_rebuild(store, tmp_path: Path) -> None:  # noqa: ANN001
    files = [
        k1_only(tmp_path, "330105", "2024-W15", 2, 3),
        k1_only(tmp_path, "330102", "2024-W13", 1, 4),
        k1_only(tmp_path, "330106", "2024-W09", 1, 1),
        k1_only(tmp_path, "330102", "2024-W11", 3, 4),
        k1_only(tmp_path, "330105", "2024-W10", 0, 2),
        k1_only(tmp_path, "330102", "2024-W13", 4, 4, name="again.xlsx"),
    ]
    for path in files:
        assert store.load(path).accepted
    incremental = store.facts()
    assert [w for w, *_ in incremental["fact_week"]] == [f"2024-W{n:02d}" for n in range(9, 16)]
    assert store.rebuild() == 7
    assert store.facts() == incremental
    # W13: 330102 4/4 (the resubmission), 330106 1/1 (carried from W09), 330105 0/2 (carried from W10).
    all_k1 = store.row("kpi", "2024-W13", "ALL", "K1")
    assert (all_k1["numerator"], all_k1["denominator"]) == (5, 7)


def test_k7_counts_inside_the_window_of_the_milestone_in_force(store, tmp_path: Path) -> None:  # noqa: ANN001
    methods = [
        item("K7", "1", "已推出", D(2022, 5, 1)),
        item("K7", "2", "已推出", D(2023, 6, 1)),
        item("K7", "3", "已推出", D(2024, 3, 1)),  # after the report Sunday: a warning, counts from 03-01
        item("K7", "4", "已推出", D(2025, 2, 1)),
    ]
    first = store.load(write(tmp_path, "330102", "2023-W30", ledger=methods + filler("330102")))
    assert first.accepted and len(first.warnings) == 2
    assert store.load(
        write(tmp_path, "330105", "2025-W05", ledger=[item("K7", "1", "已推出", D(2021, 6, 1)), *filler("330105")])
    ).accepted
    expected = {
        "2023-W30": 1,  # M1, calendar 2023: only 2023-06-01 (the 2022 one does not count)
        "2023-W52": 1,  # as_of 12-31 = M1 due, still M1
        "2024-W01": 0,  # M2, calendar 2024: 2024-03-01 is after as_of 01-07
        "2024-W10": 1,  # as_of 03-10
        "2024-W52": 1,
        "2025-W01": 3,  # M3, 2021..2025: 2022, 2023, 2024 (2025-02-01 after as_of 01-05)
        "2025-W05": 4,  # as_of 02-02
    }
    got = {w: store.row("kpi", w, "330102", "K7")["numerator"] for w in expected}
    assert got == expected
    k7 = store.row("kpi", "2025-W05", "330102", "K7")
    assert (k7["denominator"], k7["actual"], k7["target"], k7["light"]) == (None, 4, 3, "green")
    assert store.row("kpi", "2024-W01", "330102", "K7")["light"] == "red"  # 0 < trajectory 7/366
    # City-wide: the sum over units, 4 + 1 (330105's 2021 method, under M3).
    assert store.row("kpi", "2025-W05", "ALL", "K7")["numerator"] == 5


def _computed_at(store, week: str):  # noqa: ANN001, ANN202
    with store.session() as session:
        return session.scalar(select(FactWeek.computed_at).where(FactWeek.week == week))


def test_rebuild_with_a_missing_archive_file_changes_nothing(store, tmp_path: Path) -> None:  # noqa: ANN001
    assert store.load(k1_only(tmp_path, "330102", W10, 1, 2)).accepted
    assert store.load(k1_only(tmp_path, "330105", W11, 1, 1)).accepted
    before = store.checksum()
    with store.session() as session:
        lost = session.scalars(select(Submission.sha256).order_by(Submission.id)).first()
    archive_path(store.archive_dir, lost).unlink()
    with pytest.raises(RuntimeError, match="归档文件无法重建"):
        store.rebuild()
    assert store.checksum() == before  # one transaction: the rows deleted before the failure are back
