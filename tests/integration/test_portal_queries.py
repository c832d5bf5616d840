"""The sub-portal's reads through the real loader, on SQLite and PostgreSQL (DESIGN §10).

Scenario, week 2023-W48 (Sunday 2023-12-03); 330105 never submits:
- 330100 (answers for the 10 milestones due in 2023) reports T7-1 done 04-28 (due 04-30: on
  time), T7-2 done 10-08 (due 09-30: late), T7-3 open (due 11-30: late), T2-1 open (due 08-31:
  late), T1-1 已完成 on 12-05 (after the Sunday: still open), and one featured row (11-30).
- 330102 (answers for T1-1..T6-1) reports T2-1 done 08-31 (on the due date) and T1-1 at 40 %, and
  featured rows dated 11-28, 12-01 and 12-10 (after the Sunday: not shown yet).
- In 2024-W02 330102 submits again without a 特色工作 sheet; 330100 is carried forward.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from workbooks import D, filler, progress, write

from cockpit.queries import portal

W48, W02 = "2023-W48", "2024-W02"


def featured(title: str, category: str, date: object) -> dict:
    return {"title": title, "category": category, "date": date, "summary": f"{title}的做法"}


@pytest.fixture
def loaded(store, tmp_path: Path):  # noqa: ANN001, ANN201
    files = [
        write(
            tmp_path,
            "330100",
            W48,
            ledger=filler("330100"),
            task_progress=[
                progress("T7-1", "已完成", 100, D(2023, 4, 28)),
                progress("T7-2", "已完成", 100, D(2023, 10, 8)),
                progress("T7-3", "推进中", 80),
                progress("T2-1", "推进中", 90),
                progress("T1-1", "已完成", 100, D(2023, 12, 5)),
            ],
            featured_work=[featured("制定数据管理办法", "制度建设", D(2023, 11, 30))],
        ),
        write(
            tmp_path,
            "330102",
            W48,
            ledger=filler("330102"),
            task_progress=[progress("T2-1", "已完成", 100, D(2023, 8, 31)), progress("T1-1", "推进中", 40)],
            featured_work=[
                featured("完善质量控制制度", "制度建设", D(2023, 11, 28)),
                featured("惠企政策大数据审计", "大数据审计", D(2023, 12, 1)),
                featured("下周的工作", "大数据审计", D(2023, 12, 10)),
            ],
        ),
        write(tmp_path, "330102", W02, ledger=filler("330102")),
    ]
    results = store.load_many(files)
    assert all(r.accepted for r in results), [i.line() for r in results for i in r.errors]
    return store


def _rows(frame) -> dict:  # noqa: ANN001
    key = frame.columns[0] if frame.columns[0] != "task_code" else "milestone_code"
    columns = ["milestones", "done", "done_late", "late", "open"]
    return {row[key]: tuple(int(row[c]) for c in columns) for row in frame.to_dict("records")}


def test_milestones_due_this_year_by_unit(loaded) -> None:  # noqa: ANN001
    with loaded.session() as session:
        by_unit = _rows(portal.milestones_by_unit(session, week=W48, year=2023))
    # (milestones, done, of which late, open past due, open)
    assert by_unit == {"330100": (10, 2, 1, 2, 6), "330102": (6, 1, 0, 0, 5)}


def test_milestones_due_this_year_by_task(loaded) -> None:  # noqa: ANN001
    with loaded.session() as session:
        frame = portal.milestones_by_task(session, week=W48, year=2023)
    by_task = _rows(frame)
    assert by_task["T2-1"] == (2, 1, 0, 1, 0)
    assert by_task["T7-1"] == (1, 1, 0, 0, 0)
    assert by_task["T7-2"] == (1, 1, 1, 0, 0)
    assert by_task["T7-3"] == (1, 0, 0, 1, 0)
    assert by_task["T1-1"] == (2, 0, 0, 0, 2)
    assert set(by_task) == {"T1-1", "T2-1", "T3-1", "T4-1", "T5-1", "T6-1", "T7-1", "T7-2", "T7-3", "T8-1"}
    progress_pct = dict(zip(frame["milestone_code"], frame["progress_pct"], strict=True))
    assert progress_pct["T1-1"] == pytest.approx(70)  # (100 + 40) / 2: reported, whatever the date
    assert pd.isna(progress_pct["T3-1"])  # nobody reported


def test_the_year_follows_the_week(loaded) -> None:  # noqa: ANN001
    with loaded.session() as session:
        by_unit = _rows(portal.milestones_by_unit(session, week=W02, year=2024))
        scoped = _rows(portal.milestones_by_unit(session, week=W02, year=2024, units=("330102",)))
    assert by_unit == {"330100": (7, 0, 0, 0, 7), "330102": (6, 0, 0, 0, 6)}
    assert scoped == {"330102": (6, 0, 0, 0, 6)}


def test_featured_work_newest_first_and_not_after_the_sunday(loaded) -> None:  # noqa: ANN001
    with loaded.session() as session:
        rows = portal.featured_work(session, week=W48)
        one_unit = portal.featured_work(session, week=W48, unit_code="330102")
        one_category = portal.featured_work(session, week=W48, category="制度建设")
        scoped = portal.featured_work(session, week=W48, units=("330100",))
        categories = portal.featured_categories(session, week=W48)
    assert list(zip(rows["date"], rows["unit_code"], rows["title"], strict=True)) == [
        (D(2023, 12, 1), "330102", "惠企政策大数据审计"),
        (D(2023, 11, 30), "330100", "制定数据管理办法"),
        (D(2023, 11, 28), "330102", "完善质量控制制度"),
    ]
    assert list(rows.columns) == ["unit_code", "title", "category", "date", "summary"]
    assert list(one_unit["title"]) == ["惠企政策大数据审计", "完善质量控制制度"]
    assert list(one_category["title"]) == ["制定数据管理办法", "完善质量控制制度"]
    assert list(scoped["title"]) == ["制定数据管理办法"]
    assert categories == sorted(["制度建设", "大数据审计"])


def test_featured_work_comes_from_the_effective_submission(loaded) -> None:  # noqa: ANN001
    with loaded.session() as session:
        rows = portal.featured_work(session, week=W02)
    # 330102's 2024-W02 workbook has no 特色工作 sheet; 330100's 2023-W48 one is still in effect.
    assert list(zip(rows["unit_code"], rows["title"], strict=True)) == [("330100", "制定数据管理办法")]
