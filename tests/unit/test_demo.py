"""The demo workbooks: reproducible byte for byte, and valid under the contract (DESIGN §5).

`python -m etl demo` loads these files through the real loader, so a file that breaks a rule
would stop the demo. These tests read the files back independently of the loader: sheets and
headers (with the English and full-width variants), statuses, unique ids, and dates that a
status needs, never after the report week's Sunday. Small week ranges keep them fast; the plan
itself is checked over the whole history without writing files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from cockpit.config import Config, default_config
from cockpit.weeks import as_of, monday, parse_week, week_range
from etl.contract import (
    COVER,
    DONE,
    DONE_SYNONYMS,
    FEATURED_WORK,
    LEDGER,
    LEDGER_STATUSES,
    ORIGINS,
    RECT_STATUSES,
    RECTIFICATION,
    RECTIFIED,
    SHEETS,
    SUPERVISION,
    TASK_PROGRESS,
    fold,
)
from etl.demo import generate_demo, render_week
from etl.demo_plan import EXAMPLE_WEEK, PLAN_LAST_WEEK, build_plans
from etl.workbook import write_template, write_workbook

FIRST, LAST = "2023-W01", "2023-W04"
SEED = 20230101
_DATE_TEXT = re.compile(r"^(\d{4})(?:-|/|年)(\d{1,2})(?:-|/|月)(\d{1,2})日?$")

Row = Mapping[str, object]


@pytest.fixture(scope="module")
def config() -> Config:
    return default_config()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, config: Config) -> list[Path]:
    out = tmp_path_factory.mktemp("demo")
    return generate_demo(out, config=config, first_week=FIRST, last_week=LAST, seed=SEED, processes=2)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE_TEXT.match(str(value).strip())
    assert match, f"not a date: {value!r}"
    return dt.date(*map(int, match.groups()))


def _amount(value: object) -> float:
    return float(str(value).replace(",", ""))


def _cover(path: Path) -> tuple[str, str]:
    """Unit code and report week, read with calamine (faster than openpyxl for a glance)."""
    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    return str(rows[0][1]), str(rows[1][1])


def _read(path: Path) -> dict[str, list[dict[str, object]]]:
    """Every contract sheet of a workbook as rows keyed by column key; the cover as one row."""
    book = openpyxl.load_workbook(path, read_only=True)
    names = {fold(n): n for n in book.sheetnames}
    sheets: dict[str, list[dict[str, object]]] = {}
    for sheet in SHEETS:
        name = names.get(fold(sheet.zh)) or names.get(fold(sheet.en))
        if name is None:
            assert not sheet.required, f"{path.name}: missing {sheet.zh}"
            continue
        rows = [list(r) for r in book[name].iter_rows(values_only=True)]
        aliases = {fold(c.zh): c.key for c in sheet.columns} | {fold(c.en): c.key for c in sheet.columns}
        if sheet is COVER:
            sheets["cover"] = [{aliases[fold(label)]: value for label, value in rows}]
            continue
        keys = [aliases.get(fold(h)) for h in rows[0]]
        assert keys == [c.key for c in sheet.columns], f"{path.name} {name}: {rows[0]}"
        sheets[sheet.key] = [dict(zip(keys, r, strict=True)) for r in rows[1:]]
    book.close()
    return sheets


def _check(
    config: Config,
    unit: str,
    week: str,
    ledger: Sequence[Row],
    rectification: Sequence[Row],
    task_progress: Sequence[Row],
    featured_work: Sequence[Row],
) -> None:
    """The rules of DESIGN §5 a demo file must meet, with no warning either."""
    sunday = as_of(week)
    items = [(r["indicator_code"], r["item_id"]) for r in ledger]
    assert len(items) == len(set(items)), f"{unit} {week}: duplicate item ids"
    for row in ledger:
        assert config.indicator(str(row["indicator_code"])).applies(unit)
        done_on = _date(row.get("done_on"))
        if row["status"] in (DONE, *DONE_SYNONYMS):
            assert done_on is not None and done_on <= sunday, row
        else:
            assert row["status"] in LEDGER_STATUSES and done_on is None, row
    issues = [r["issue_id"] for r in rectification]
    assert len(issues) == len(set(issues)), f"{unit} {week}: duplicate issue ids"
    for row in rectification:
        found, due = _date(row["found_on"]), _date(row["due_on"])
        rectified, closed = _date(row.get("rectified_on")), _date(row.get("closed_on"))
        assert found is not None and due is not None and found <= sunday and due >= found, row
        assert row["status"] in RECT_STATUSES and row["origin"] in ORIGINS, row
        assert _amount(row["amount_wan"]) >= 0, row
        if row["status"] == RECTIFIED:
            assert rectified is not None and found <= rectified <= sunday, row
        else:
            assert rectified is None and closed is None, row
        if closed is not None:
            assert row["origin"] == SUPERVISION and rectified is not None and rectified <= closed <= sunday
    milestones = {m.code for m in config.unit_milestones(unit)}
    for row in task_progress:
        assert row["milestone_code"] in milestones and 0 <= float(str(row["progress_pct"])) <= 100
        done_on = _date(row.get("done_on"))
        assert (done_on is not None and done_on <= sunday) == (row["status"] == DONE), row
    for row in featured_work:
        day = _date(row["date"])
        assert day is not None and monday(week) <= day <= sunday, row


def test_two_processes_write_the_same_bytes_as_one(demo: list[Path], tmp_path: Path, config: Config) -> None:
    single = generate_demo(tmp_path, config=config, first_week=FIRST, last_week=LAST, seed=SEED, processes=1)
    assert [p.name for p in single] == [p.name for p in demo]
    assert [_sha(p) for p in single] == [_sha(p) for p in demo]


def test_another_seed_gives_other_files(demo: list[Path], tmp_path: Path, config: Config) -> None:
    other = generate_demo(tmp_path, config=config, first_week=FIRST, last_week=FIRST, seed=7, processes=1)
    assert {_sha(p) for p in other}.isdisjoint(_sha(p) for p in demo)


def test_files_come_in_week_order_and_progress_is_reported(tmp_path: Path, config: Config) -> None:
    calls: list[tuple[int, int]] = []
    paths = generate_demo(
        tmp_path,
        config=config,
        first_week="2024-W22",
        last_week="2024-W24",
        processes=1,
        progress=lambda *a: calls.append(a),
    )
    weeks = [parse_week(_cover(p)[1]) for p in paths]
    assert weeks == sorted(weeks) and set(weeks) == {"2024-W22", "2024-W23", "2024-W24"}
    assert calls == [(n, len(paths)) for n in range(1, len(paths) + 1)]


def test_every_file_is_valid(demo: list[Path], config: Config) -> None:
    for path in demo:
        sheets = _read(path)
        cover = sheets["cover"][0]
        unit, week = str(cover["unit_code"]), parse_week(str(cover["report_week"]))
        assert config.has_unit(unit) and FIRST <= week <= LAST
        _check(
            config,
            unit,
            week,
            sheets[LEDGER.key],
            sheets[RECTIFICATION.key],
            sheets.get(TASK_PROGRESS.key, []),
            sheets.get(FEATURED_WORK.key, []),
        )


def test_units_fill_the_workbook_in_different_ways(demo: list[Path]) -> None:
    english, fullwidth, text_dates, excel_dates, text_amounts = set(), set(), set(), set(), set()
    for path in demo:
        book = CalamineWorkbook.from_path(str(path))
        unit = str(book.get_sheet_by_name(book.sheet_names[0]).to_python()[0][1])
        if "ledger" in book.sheet_names:
            english.add(unit)
        rows = book.get_sheet_by_name(book.sheet_names[2]).to_python()
        if "问题金额（万元）" in rows[0]:
            fullwidth.add(unit)
        for row in rows[1:]:
            (text_dates if isinstance(row[5], str) else excel_dates).add(unit)
            if isinstance(row[4], str):
                text_amounts.add(unit)
    assert 2 <= len(english) <= 3 and fullwidth and text_dates and excel_dates and text_amounts


def test_rules_hold_over_the_whole_history(config: Config) -> None:
    plans = build_plans(config, SEED)
    for week in list(week_range(FIRST, PLAN_LAST_WEEK))[::3] + [PLAN_LAST_WEEK]:
        for plan in plans.values():
            for first_of_pair in (False, True) if week in plan.resubmissions else (False,):
                book = render_week(plan, week, seed=SEED, first_of_pair=first_of_pair)
                rows = [book[k] or [] for k in ("ledger", "rectification", "task_progress", "featured_work")]
                _check(config, plan.unit_code, week, *rows)
    last = [render_week(p, PLAN_LAST_WEEK, seed=SEED) for p in plans.values()]
    dates = [_date(v) for b in last for r in b["rectification"] for k, v in r.items() if k.endswith("_on")]
    assert max(d for d in dates if d) <= dt.date(2025, 12, 31)


def test_missed_weeks_and_resubmissions(config: Config) -> None:
    plans = build_plans(config, SEED)
    weeks = len(list(week_range("2023-W01", PLAN_LAST_WEEK)))
    for unit in config.units:
        missed = plans[unit.code].missed_weeks
        assert PLAN_LAST_WEEK not in missed and missed.isdisjoint(plans[unit.code].resubmissions)
        if unit.is_district:
            assert 1 <= len(missed) <= 0.085 * weeks + 1  # 4–8 %: the 周报 has 未报送 units in most weeks
        else:
            assert not missed
    assert sum(EXAMPLE_WEEK in p.missed_weeks for p in plans.values()) <= 2
    assert 5 <= sum(len(p.resubmissions) for p in plans.values()) <= 15


def test_a_resubmission_follows_the_file_it_corrects(tmp_path: Path, config: Config) -> None:
    plans = build_plans(config, SEED)
    unit, week = min((w, u) for u, p in plans.items() for w in p.resubmissions)[::-1]
    paths = generate_demo(tmp_path, config=config, first_week=week, last_week=week, seed=SEED, processes=1)
    covers = [_cover(p) for p in paths]
    index = covers.index((unit, week))
    assert covers[index + 1] == (unit, week) and covers.count((unit, week)) == 2
    assert _sha(paths[index]) != _sha(paths[index + 1])


def test_write_workbook_round_trip(tmp_path: Path) -> None:
    day = dt.date(2024, 3, 5)
    kwargs = {
        "cover": {"unit_code": "330102", "report_week": "2024-W10", "reporter": "王丽", "phone": None},
        "ledger": [
            {"indicator_code": "K1", "item_id": "K1-01", "item_name": "A&B <批>", "status": DONE, "done_on": day}
        ],
        "rectification": [
            {"issue_id": "SJ2024-0001", "amount_wan": 1234.5, "found_on": day, "due_on": "2024/5/5", "status": "整改中"}
        ],
        "featured_work": [],
    }
    path = write_workbook(tmp_path / "a.xlsx", fullwidth_headers=True, **kwargs)
    assert _sha(write_workbook(tmp_path / "b.xlsx", fullwidth_headers=True, **kwargs)) == _sha(path)
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["封面", "指标台账", "整改台账", "特色工作"]
    assert book.get_sheet_by_name("封面").to_python() == [
        ["单位编码", "330102"],
        ["报告周", "2024-W10"],
        ["填报人", "王丽"],
        ["联系电话", ""],
    ]
    ledger = book.get_sheet_by_name("指标台账").to_python()
    assert ledger[1] == ["K1", "K1-01", "A&B <批>", DONE, day, ""]
    assert type(ledger[1][4]) is dt.date
    rect = book.get_sheet_by_name("整改台账").to_python()
    assert rect[0][4] == "问题金额（万元）" and rect[1][4] == 1234.5 and rect[1][5] == day and rect[1][6] == "2024/5/5"
    cell = openpyxl.load_workbook(path)["指标台账"]["E2"]
    assert cell.is_date and cell.value.date() == day


def test_english_workbook_and_template(tmp_path: Path) -> None:
    english = write_workbook(
        tmp_path / "en.xlsx", cover={"unit_code": "330102"}, ledger=[], rectification=[], english_headers=True
    )
    book = CalamineWorkbook.from_path(str(english))
    assert book.sheet_names == ["cover", "ledger", "rectification"]
    assert book.get_sheet_by_name("ledger").to_python()[0] == [c.en for c in LEDGER.columns]
    template = CalamineWorkbook.from_path(str(write_template(tmp_path / "template.xlsx")))
    assert template.sheet_names == [s.zh for s in SHEETS]
    assert [r[0] for r in template.get_sheet_by_name("封面").to_python()] == [c.zh for c in COVER.columns]
    for sheet in SHEETS[1:]:
        assert template.get_sheet_by_name(sheet.zh).to_python() == [[c.zh for c in sheet.columns]]
