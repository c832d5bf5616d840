"""Computing and storing the facts of whole weeks, and knowing which weeks need it.

A load marks the weeks it affects (`mark_dirty`) inside its own transaction; `refresh_facts`
recomputes exactly those weeks, clears the marks and bumps the data version in one more
transaction. A crash between the two leaves the marks, so the next refresh finishes the job.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from cockpit import aggregates, data_version, fact_builders, weeks
from cockpit.config import Config
from cockpit.db import insert_rows
from cockpit.models import (
    FactDirty,
    FactWeek,
    IndicatorFact,
    MilestoneFact,
    RankingFact,
    RectificationFact,
    Submission,
    SubmissionFact,
)
from cockpit.models_rectification import RectificationBreakdownFact
from cockpit.targets import milestone_in_force, window_in_force

FACT_TABLES = (
    FactWeek,
    SubmissionFact,
    IndicatorFact,
    RectificationFact,
    RectificationBreakdownFact,
    RankingFact,
    MilestoneFact,
)


def current_submissions(session: Session) -> dict[str, list[tuple[str, int]]]:
    """unit -> [(report_week, submission id)] of the current (not superseded) submissions, sorted."""
    rows = session.execute(
        select(Submission.unit_code, Submission.report_week, Submission.id)
        .where(Submission.superseded_at.is_(None))
        .order_by(Submission.unit_code, Submission.report_week)
    )
    result: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for unit_code, week, sub_id in rows:
        result[unit_code].append((week, sub_id))
    return result


def week_bounds(session: Session) -> tuple[str, str] | None:
    """First and last report week of the current submissions: the weeks that have facts."""
    low, high = session.execute(
        select(func.min(Submission.report_week), func.max(Submission.report_week)).where(
            Submission.superseded_at.is_(None)
        )
    ).one()
    return None if low is None else (low, high)


def affected_weeks(session: Session, *, unit_code: str, week: str, old_last: str | None) -> tuple[str, str]:
    """The weeks whose facts a new submission of (unit, week) changes.

    From its week up to the week before the unit's next submission (or the last week with data),
    plus any weeks it adds at the end of the history, which every unit now carries forward into.
    `old_last` is the last week with data before this submission.
    """
    last = week if old_last is None else max(old_last, week)  # a submission only ever adds weeks
    later = session.scalar(
        select(func.min(Submission.report_week)).where(
            Submission.unit_code == unit_code,
            Submission.report_week > week,
            Submission.superseded_at.is_(None),
        )
    )
    end = weeks.previous(later) if later else last
    start = week if old_last is None or old_last >= week else weeks.shift(old_last, 1)
    return start, max(end, week)


def mark_dirty(session: Session, first: str, last: str) -> None:
    session.add(FactDirty(from_week=first, to_week=last))


def refresh_facts(session: Session, config: Config) -> list[str]:
    """Recompute the weeks marked dirty; returns the weeks recomputed."""
    marks = session.scalars(select(FactDirty)).all()
    if not marks:
        return []
    bounds = week_bounds(session)
    todo: set[str] = set()
    if bounds:
        for mark in marks:
            first, last = max(mark.from_week, bounds[0]), min(mark.to_week, bounds[1])
            if first <= last:
                todo.update(weeks.week_range(first, last))
    recompute_weeks(session, config, sorted(todo))
    session.execute(delete(FactDirty).where(FactDirty.id.in_([m.id for m in marks])))
    data_version.bump(session)
    return sorted(todo)


def recompute_all(session: Session, config: Config) -> list[str]:
    """Every week from the first to the last submission, from scratch."""
    for table in FACT_TABLES:
        session.execute(delete(table))
    session.execute(delete(FactDirty))
    bounds = week_bounds(session)
    todo = list(weeks.week_range(*bounds)) if bounds else []
    recompute_weeks(session, config, todo)
    data_version.bump(session)
    return todo


def runs(sorted_weeks: list[str], config: Config) -> Iterable[list[str]]:
    """Consecutive weeks under the same milestone, so one query with fixed windows serves them."""
    run: list[str] = []
    for week in sorted_weeks:
        if run and (
            weeks.shift(run[-1], 1) != week
            or milestone_in_force(config.milestones, weeks.as_of(week))
            != milestone_in_force(config.milestones, weeks.as_of(run[-1]))
        ):
            yield run
            run = []
        run.append(week)
    if run:
        yield run


def recompute_weeks(session: Session, config: Config, todo: list[str]) -> None:
    """Replace the facts of the given weeks (all units, the city-wide rows and the ranking)."""
    submissions = current_submissions(session)
    now = dt.datetime.now()
    for run in runs(todo, config):
        first, last = run[0], run[-1]
        for table in FACT_TABLES:
            session.execute(delete(table).where(table.week.between(first, last)))
        unit_weeks = _effective_submissions(config, submissions, run)
        insert_rows(
            session, FactWeek.__table__, [{"week": w, "as_of": weeks.as_of(w), "computed_at": now} for w in run]
        )
        insert_rows(session, SubmissionFact.__table__, [row for w in run for row in unit_weeks[w]])
        _compute_run(session, config, run, unit_weeks)
        _refresh_following_rank_change(session, last)


def _effective_submissions(
    config: Config, submissions: dict[str, list[tuple[str, int]]], run: list[str]
) -> dict[str, list[dict]]:
    """Per week, one 报送情况 row per unit: its latest submission with report_week ≤ week."""
    result: dict[str, list[dict]] = {}
    for week in run:
        rows = []
        for unit in config.units:
            history = submissions.get(unit.code, [])
            index = bisect.bisect_right(history, (week, float("inf"))) - 1
            effective = history[index] if index >= 0 else None
            rows.append(
                {
                    "week": week,
                    "unit_code": unit.code,
                    "submitted": bool(effective and effective[0] == week),
                    "effective_week": effective[0] if effective else None,
                    "submission_id": effective[1] if effective else None,
                    "as_of": weeks.as_of(week),
                }
            )
        result[week] = rows
    return result


@dataclass(frozen=True)
class RunAggregates:
    """What one run of weeks reads from the rows: every set-based query of the recomputation."""

    ledger: dict
    breakdowns: dict
    progress: dict


def aggregate_run(session: Session, config: Config, run: list[str]) -> RunAggregates:
    """The aggregate queries of one run of weeks (`runs`), over its SubmissionFact rows."""
    first, last = run[0], run[-1]
    as_of_first = weeks.as_of(first)
    windows = {
        i.code: window_in_force(i, config.milestones, as_of_first) for i in config.indicators if i.kind == "count"
    }
    return RunAggregates(
        ledger=aggregates.ledger_counts(session, first=first, last=last, windows=windows),
        breakdowns=aggregates.rectification_breakdown_counts(session, first=first, last=last),
        progress=aggregates.milestone_progress(session, first=first, last=last),
    )


def _compute_run(session: Session, config: Config, run: list[str], unit_weeks: dict[str, list[dict]]) -> None:
    first = run[0]
    read = aggregate_run(session, config, run)
    ledger = _by_week(read.ledger)
    rect = _by_week(aggregates.unit_totals(read.breakdowns["origin"]))
    by_key = {by: _by_week(counts) for by, counts in read.breakdowns.items()}
    progress = _by_week(read.progress)
    previous_ranks = _ranks(session, weeks.previous(first))
    indicator_rows, rect_rows, rank_rows, milestone_rows, breakdown_rows = [], [], [], [], []
    for week in run:
        as_of = weeks.as_of(week)
        units = {r["unit_code"]: not r["submitted"] for r in unit_weeks[week] if r["submission_id"]}
        rows, attained = fact_builders.indicator_rows(
            config, week=week, as_of=as_of, units=units, counts=ledger.get(week, {})
        )
        indicator_rows += rows
        rows, rates = fact_builders.rectification_rows(
            week=week, units=units, counts={u: v for (u,), v in rect.get(week, {}).items()}
        )
        rect_rows += rows
        for by, counts in by_key.items():
            breakdown_rows += fact_builders.breakdown_rows(
                week=week, dimension=by, units=units, counts=counts.get(week, {})
            )
        ranking = fact_builders.score_rows(
            config, week=week, units=units, attained=attained, rates=rates, previous_ranks=previous_ranks
        )
        rank_rows += ranking
        previous_ranks = {r["unit_code"]: r["rank"] for r in ranking}
        milestone_rows += fact_builders.milestone_rows(
            config, week=week, as_of=as_of, units=units, progress=progress.get(week, {})
        )
    for model, rows in (
        (IndicatorFact, indicator_rows),
        (RectificationFact, rect_rows),
        (RectificationBreakdownFact, breakdown_rows),
        (RankingFact, rank_rows),
        (MilestoneFact, milestone_rows),
    ):
        if rows:
            insert_rows(session, model.__table__, rows)


def _by_week(keyed: dict[tuple, object]) -> dict[str, dict[tuple, object]]:
    """{(week, *rest): v} -> {week: {rest: v}}."""
    result: dict[str, dict[tuple, object]] = defaultdict(dict)
    for (week, *rest), value in keyed.items():
        result[week][tuple(rest)] = value
    return result


def _ranks(session: Session, week: str) -> dict[str, int]:
    return dict(session.execute(select(RankingFact.unit_code, RankingFact.rank).where(RankingFact.week == week)).all())


def _refresh_following_rank_change(session: Session, last: str) -> None:
    """The week after a recomputed run compares its ranks with the run's last week."""
    following = weeks.shift(last, 1)
    previous = _ranks(session, last)
    for unit_code, rank in _ranks(session, following).items():
        before = previous.get(unit_code)
        session.execute(
            update(RankingFact)
            .where(RankingFact.week == following, RankingFact.unit_code == unit_code)
            .values(rank_change=None if before is None else before - rank)
        )
