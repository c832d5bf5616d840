"""Demo data: a weekly workbook for every unit and ISO week, rendered from per-unit plans.

`python -m etl demo` feeds these files through the real loader, so a fresh cockpit shows three
years of plausible history: uneven progress between districts, findings that accumulate and
turn overdue, missed weeks and a few corrected resubmissions. Every file is valid under the
contract (DESIGN §5) and raises no warning; the same seed and config give identical bytes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from cockpit.config import Config, default_config
from cockpit.weeks import as_of, monday, parse_week, week_range
from etl import demo_vocab as vocab
from etl.contract import LEDGER_STATUSES, RECT_STATUSES, RECTIFIED
from etl.demo_plan import UnitPlan, UnitStyle, build_plans
from etl.workbook import write_workbook

Row = dict[str, object]
_Task = tuple[UnitPlan, str, bool, str, int]
_NOT_STARTED, _IN_PROGRESS, _DONE = LEDGER_STATUSES
_UNRECTIFIED, _RECTIFYING = RECT_STATUSES[:2]
_DATE_KEYS = ("done_on", "found_on", "due_on", "rectified_on", "closed_on", "date")


def _styled_date(style: UnitStyle, day: dt.date) -> object:
    if style.date_style == "iso":
        return day.isoformat()
    if style.date_style == "slash":
        return f"{day.year}/{day.month}/{day.day}"
    if style.date_style == "cn":
        return f"{day.year}年{day.month}月{day.day}日"
    return day


def _styled(rows: list[Row], style: UnitStyle) -> list[Row]:
    for row in rows:
        for key in _DATE_KEYS:
            if isinstance(row.get(key), dt.date):
                row[key] = _styled_date(style, row[key])
        if style.amount_text and isinstance(row.get("amount_wan"), float):
            row["amount_wan"] = f"{row['amount_wan']:,.2f}"
    return rows


def _ledger(plan: UnitPlan, day: dt.date) -> list[Row]:
    rows = []
    for item in plan.items:
        if item.appears_on > day:
            continue
        done = item.done_on is not None and item.done_on <= day
        started = item.started_on is not None and item.started_on <= day
        rows.append(
            {
                "indicator_code": item.indicator,
                "item_id": item.item_id,
                "item_name": item.name,
                "status": item.done_label if done else _IN_PROGRESS if started else _NOT_STARTED,
                "done_on": item.done_on if done else None,
                "note": item.note or None,
            }
        )
    return rows


def _rectification(plan: UnitPlan, day: dt.date) -> list[Row]:
    rows = []
    for finding in plan.findings:
        if finding.found_on > day:
            break
        done = finding.rectified_on is not None and finding.rectified_on <= day
        closed = done and finding.closed_on is not None and finding.closed_on <= day
        in_progress = finding.progress_on <= day
        rows.append(
            {
                "issue_id": finding.issue_id,
                "audit_project": finding.audit_project,
                "category": finding.category,
                "summary": finding.summary,
                "amount_wan": finding.amount_wan,
                "found_on": finding.found_on,
                "due_on": finding.due_on,
                "status": RECTIFIED if done else _RECTIFYING if in_progress else _UNRECTIFIED,
                "rectified_on": finding.rectified_on if done else None,
                "origin": finding.origin,
                "closed_on": finding.closed_on if closed else None,
            }
        )
    return rows


def _task_progress(plan: UnitPlan, day: dt.date) -> list[Row]:
    rows = []
    for m in plan.milestones:
        row: Row = {"task_code": m.task_code, "milestone_code": m.milestone_code}
        if m.done_on is not None and m.done_on <= day:
            row.update(progress_pct=100, status=_DONE, done_on=m.done_on)
        elif day < m.started_on:
            row.update(progress_pct=0, status=_NOT_STARTED)
        else:
            end = m.done_on or m.due + dt.timedelta(days=180)
            fraction = (day - m.started_on).days / max((end - m.started_on).days, 1)
            pct = max(5, min(95, 5 * round(fraction * 20)))
            note = "进度滞后，正在督促推进" if day > m.due else None
            row.update(progress_pct=pct, status=_IN_PROGRESS, note=note)
        rows.append(row)
    return rows


def _featured(plan: UnitPlan, week: str, seed: int) -> list[Row] | None:
    rng = random.Random(f"{seed}-{plan.unit_code}-{week}-featured")
    if rng.random() >= 1 / 6:
        return [] if rng.random() < 0.5 else None
    rows = []
    for _ in range(1 if rng.random() < 0.7 else 2):
        category = rng.choice(sorted(vocab.FEATURED))
        title = rng.choice(vocab.FEATURED[category])
        rows.append(
            {
                "title": title,
                "category": category,
                "date": monday(week) + dt.timedelta(days=rng.randint(0, 6)),
                "summary": vocab.FEATURED_SUMMARY.format(bureau=plan.bureau, title=title),
            }
        )
    return rows


def _spoil(plan: UnitPlan, week: str, ledger: list[Row], rectification: list[Row]) -> bool:
    """Make the first of a resubmitted pair wrong: a recent completion left out, or an amount typo."""
    recent = as_of(week) - dt.timedelta(days=28)
    done = [r for r in ledger if isinstance(r["done_on"], dt.date) and r["done_on"] > recent]
    priced = [r for r in rectification if r["amount_wan"]]
    if done and (plan.resubmissions[week] == "item" or not priced):
        row = max(done, key=lambda r: (r["done_on"], r["indicator_code"], r["item_id"]))
        row.update(status=_IN_PROGRESS, done_on=None)
        return True
    if priced:
        priced[-1]["amount_wan"] = round(float(priced[-1]["amount_wan"]) * 10, 2)
        return True
    return False


def render_week(plan: UnitPlan, week: str, *, seed: int, first_of_pair: bool = False) -> dict[str, Any]:
    """The keyword arguments of `write_workbook` for `plan`'s unit in `week`.

    `first_of_pair` renders the submission that a resubmission of this week later corrects.
    """
    day = as_of(week)
    reporter = [name for since, name in plan.reporters if since <= day][-1]
    cover: Row = {"unit_code": plan.unit_code, "report_week": week, "reporter": reporter}
    ledger, rectification = _ledger(plan, day), _rectification(plan, day)
    spoiled = first_of_pair and _spoil(plan, week, ledger, rectification)
    cover["phone"] = None if first_of_pair and not spoiled else plan.phone
    featured = _featured(plan, week, seed)
    return {
        "cover": cover,
        "ledger": _styled(ledger, plan.style),
        "rectification": _styled(rectification, plan.style),
        "task_progress": _styled(_task_progress(plan, day), plan.style) or None,
        "featured_work": _styled(featured, plan.style) if featured is not None else None,
        "english_headers": plan.style.english,
        "fullwidth_headers": plan.style.fullwidth,
    }


def _write(task: _Task) -> str:
    plan, week, first_of_pair, path, seed = task
    write_workbook(path, **render_week(plan, week, seed=seed, first_of_pair=first_of_pair))
    return path


def _tasks(config: Config, plans: dict[str, UnitPlan], weeks: list[str], out_dir: Path, seed: int) -> list[_Task]:
    """Every file to write, in load order: by week, a resubmission right after its first file."""
    tasks: list[_Task] = []
    for week in weeks:
        for unit in config.units:
            plan = plans[unit.code]
            if week in plan.missed_weeks and week != weeks[-1]:
                continue
            pair = week in plan.resubmissions
            tasks.append((plan, week, pair, str(out_dir / f"{week}_{unit.code}.xlsx"), seed))
            if pair:
                tasks.append((plan, week, False, str(out_dir / f"{week}_{unit.code}_r2.xlsx"), seed))
    return tasks


def generate_demo(
    out_dir: Path,
    *,
    config: Config | None = None,
    first_week: str = "2023-W01",
    last_week: str = "2025-W52",
    seed: int = 20230101,
    processes: int = 2,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write the demo workbooks into `out_dir` and return their paths in load order."""
    config = config or default_config()
    weeks = list(week_range(parse_week(first_week), parse_week(last_week)))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tasks = _tasks(config, build_plans(config, seed), weeks, out_dir, seed)
    total = len(tasks)
    if processes > 1 and total > 1:
        by_unit = sorted(tasks, key=lambda t: t[0].unit_code)
        chunk = max(1, total // (processes * 8))
        with Pool(processes) as pool:
            for done, _ in enumerate(pool.imap_unordered(_write, by_unit, chunk), 1):
                if progress:
                    progress(done, total)
    else:
        for done, task in enumerate(tasks, 1):
            _write(task)
            if progress:
                progress(done, total)
    return [Path(t[3]) for t in tasks]
