"""What each unit of the demo will have done, and when: drawn once per unit from the seed.

A plan fixes every ledger item, finding and task milestone with its dates, so a weekly workbook
is a pure function of (plan, week) and files can be rendered in any order or process. Units
differ in pace (some meet the 2023 targets early, some stay red for months) and in how they
fill the workbook (English or full-width headers, dates as text, amounts as text).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from cockpit.config import Config
from cockpit.weeks import week_range
from etl import demo_vocab as vocab
from etl.contract import ORIGINS
from etl.demo_items import Item, days, ledger_items, workday

PLAN_FIRST_WEEK = "2023-W01"
PLAN_LAST_WEEK = "2025-W52"
LAST_DAY = dt.date(2025, 12, 31)
FIRST_PROJECT_DAY = dt.date(2022, 9, 1)
LAST_FINDING_DAY = dt.date(2025, 10, 31)
EXAMPLE_WEEK = "2024-W23"  # the week DESIGN uses as its example: at most two units miss it


@dataclass(frozen=True)
class Finding:
    issue_id: str
    audit_project: str
    category: str
    summary: str
    amount_wan: float
    found_on: dt.date
    due_on: dt.date
    progress_on: dt.date
    rectified_on: dt.date | None
    origin: str
    closed_on: dt.date | None


@dataclass(frozen=True)
class MilestonePlan:
    task_code: str
    milestone_code: str
    due: dt.date
    started_on: dt.date
    done_on: dt.date | None


@dataclass(frozen=True)
class UnitStyle:
    english: bool = False
    fullwidth: bool = False
    date_style: str = "excel"
    amount_text: bool = False


@dataclass(frozen=True)
class UnitPlan:
    unit_code: str
    bureau: str
    pace: float
    style: UnitStyle
    items: tuple[Item, ...]
    findings: tuple[Finding, ...]
    milestones: tuple[MilestonePlan, ...]
    missed_weeks: frozenset[str]
    resubmissions: dict[str, str]
    reporters: tuple[tuple[dt.date, str], ...]
    phone: str


@dataclass(frozen=True)
class _Traits:
    pace: float
    style: UnitStyle
    misses_example_week: bool
    resubmissions: dict[str, str]


def _city_traits(config: Config, seed: int) -> dict[str, _Traits]:
    """Choices that span units: who is fast or slow, workbook styles, missed W23, resubmissions."""
    rng = random.Random(f"{seed}-city")
    codes = [u.code for u in config.units]
    districts = [u.code for u in config.districts]
    order = rng.sample(districts, len(districts))
    n_edge = max(1, len(order) // 4)
    pace = {c: rng.uniform(-0.3, 0.3) for c in codes}
    pace.update({c: rng.uniform(-0.9, -0.5) for c in order[:n_edge]})
    pace.update({c: rng.uniform(0.5, 1.0) for c in order[-n_edge:]})
    styles = {c: UnitStyle() for c in codes}
    shuffled = rng.sample(codes, len(codes))
    n_english = rng.randint(2, 3)
    for c in shuffled[:n_english]:
        styles[c] = UnitStyle(english=True)
    for c in shuffled[n_english : n_english + 2]:
        styles[c] = UnitStyle(fullwidth=True)
    for c, style in zip(rng.sample(codes, min(len(codes), 4)), ("slash", "cn", "iso", "slash"), strict=False):
        styles[c] = replace(styles[c], date_style=style)
    for c in rng.sample(codes, min(len(codes), 2)):
        styles[c] = replace(styles[c], amount_text=True)
    w23 = set(rng.sample(districts, min(len(districts), rng.randint(1, 2))))
    weeks = list(week_range("2023-W08", PLAN_LAST_WEEK))
    resubs: dict[str, dict[str, str]] = {c: {} for c in codes}
    wanted = rng.randint(6, 12)
    while sum(map(len, resubs.values())) < wanted:
        code, week = rng.choice(codes), rng.choice(weeks)
        if not (code in w23 and week == EXAMPLE_WEEK):
            resubs[code][week] = rng.choice(("item", "amount"))
    return {c: _Traits(pace[c], styles[c], c in w23, resubs[c]) for c in codes}


def _projects(rng: random.Random, config: Config, unit_code: str) -> list[tuple[dt.date, str, tuple[str, ...]]]:
    unit = config.unit(unit_code)
    city = not unit.is_district
    place = "杭州市" if city else unit.name
    span = (LAST_FINDING_DAY - FIRST_PROJECT_DAY).days
    total = rng.randint(220, 260) if city else rng.randint(30, 180)
    count = max(4, total // 6)
    projects = []
    for n in range(count):
        day = FIRST_PROJECT_DAY + days(span * (n + rng.random()) / count)
        template, categories = rng.choice(vocab.PROJECT_KINDS)
        name = template.format(
            year=day.year,
            prev=day.year - 1,
            place=place,
            budget_scope="市级" if city else f"{unit.name}本级",
            department=rng.choice(vocab.DEPARTMENTS),
            work=rng.choice(vocab.CITY_WORKS) if city else unit.name + rng.choice(vocab.DISTRICT_WORKS),
            topic=rng.choice(vocab.WELFARE_TOPICS),
            company=rng.choice(vocab.CITY_COMPANIES) if city else unit.name + rng.choice(vocab.DISTRICT_COMPANIES),
        )
        projects.append((day, name, categories))
    return sorted(projects)


def _findings(rng: random.Random, config: Config, unit_code: str, pace: float) -> list[Finding]:
    """Audit findings accumulating from late 2022; some rectified late, a few never."""
    drafts = []
    for day, project, categories in _projects(rng, config, unit_code):
        for _ in range(rng.randint(2, 10)):
            found = workday(day + days(rng.randint(0, 10)))
            category = rng.choice(categories)
            zero = rng.random() < (0.5 if category == "内部控制" else 0.15)
            amount = 0.0 if zero else round(min(rng.lognormvariate(3.2, 1.6), 50000.0), 2)
            due = min(found + days(rng.randint(60, 180)), LAST_DAY)
            origin = ORIGINS[1] if rng.random() < 0.2 else ORIGINS[0]
            draw = rng.random()
            never = 0.03 + 0.05 * max(pace, 0.0)
            if draw < never:
                rectified = None
            elif draw < never + 0.15 + 0.12 * pace:
                rectified = workday(due + days(rng.randint(7, 150)))
            else:
                rectified = workday(found + days(rng.randint(14, (due - found).days)))
            progress = found + days(rng.randint(2, 25))
            if rectified is not None:
                progress = min(progress, rectified)
            closed = None
            if origin == ORIGINS[1] and rectified is not None:
                closed = workday(rectified + days(rng.randint(14, 60)))
            summary = rng.choice(vocab.SUMMARIES[category])
            drafts.append(
                Finding("", project, category, summary, amount, found, due, progress, rectified, origin, closed)
            )
    drafts.sort(key=lambda f: f.found_on)
    counters: dict[tuple[str, int], int] = {}
    findings = []
    for draft in drafts:
        prefix = "JD" if draft.origin == ORIGINS[1] else "SJ"
        year = draft.found_on.year
        seq = counters[(prefix, year)] = counters.get((prefix, year), 0) + 1
        findings.append(replace(draft, issue_id=f"{prefix}{year}-{seq:04d}"))
    return findings


def _milestones(
    rng: random.Random, config: Config, unit_code: str, pace: float, links: dict[str, list[dt.date | None]]
) -> list[MilestonePlan]:
    plans = []
    previous_due: dict[str, dt.date] = {}
    for milestone in config.unit_milestones(unit_code):
        prior = previous_due.get(milestone.task, dt.date(2023, 1, 2))
        started = min(prior - days(rng.randint(0, 45)), milestone.due - days(60))
        previous_due[milestone.task] = milestone.due
        if milestone.code in links:
            dates = links[milestone.code]
            done = None if None in dates else max(d for d in dates if d is not None)
        elif rng.random() < 0.03 + 0.07 * max(pace, 0.0):
            done = None
        else:
            # Done somewhere between the task's previous due date and this one (slow units late),
            # so that milestones are finished, or turn late, in most weeks of the year.
            share = min(max(0.6 + 0.4 * pace + rng.gauss(0, 0.25), 0.1), 1.3)
            done = prior + days((milestone.due - prior).days * share)
            done = workday(max(done, started + days(14)))
        if done is not None:
            started = min(started, done - days(14))
        plans.append(MilestonePlan(milestone.task, milestone.code, milestone.due, started, done))
    return plans


def _missed_weeks(rng: random.Random, traits: _Traits, is_district: bool) -> frozenset[str]:
    if not is_district:
        return frozenset()
    protected = {PLAN_FIRST_WEEK, PLAN_LAST_WEEK, EXAMPLE_WEEK, *traits.resubmissions}
    weeks = [w for w in week_range(PLAN_FIRST_WEEK, PLAN_LAST_WEEK) if w not in protected]
    rate = 0.04 + 0.04 * (traits.pace + 1) / 2 + rng.uniform(-0.005, 0.005)  # some unit misses most weeks
    missed = set(rng.sample(weeks, round(len(weeks) * rate)))
    if traits.misses_example_week:
        missed.add(EXAMPLE_WEEK)
    return frozenset(missed)


def build_plans(config: Config, seed: int) -> dict[str, UnitPlan]:
    """Every unit's plan, keyed by unit code; the same seed and config give the same plans."""
    traits = _city_traits(config, seed)
    plans = {}
    for unit in config.units:
        rng = random.Random(f"{seed}-{unit.code}")
        trait = traits[unit.code]
        items, links = ledger_items(rng, config, unit.code, trait.pace)
        findings = _findings(rng, config, unit.code, trait.pace)
        milestones = _milestones(rng, config, unit.code, trait.pace, links)
        names = rng.sample(vocab.REPORTERS, 2)
        handover = dt.date(2023, 9, 1) + days(rng.randint(0, 640))
        reporters = ((dt.date.min, names[0]),) + (((handover, names[1]),) if rng.random() < 0.5 else ())
        phone = f"0571-{rng.randint(8200, 8899)}{rng.randint(0, 9999):04d}"
        plans[unit.code] = UnitPlan(
            unit_code=unit.code,
            bureau="杭州市审计局" if not unit.is_district else f"{unit.name}审计局",
            pace=trait.pace,
            style=trait.style,
            items=tuple(items),
            findings=tuple(findings),
            milestones=tuple(milestones),
            missed_weeks=_missed_weeks(rng, trait, unit.is_district),
            resubmissions=trait.resubmissions,
            reporters=reporters,
            phone=phone,
        )
    return plans
