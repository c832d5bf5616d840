"""What the pages read: cached calls over `cockpit.queries`, one per figure family.

Callbacks call these and nothing else of the store. Row reads (ledger items, findings,
submissions, task-progress reports, and a unit's breakdowns) narrow `units` to what the caller
of the request may see (`cockpit.access.row_scope`): asking for all gives the caller's own rows, asking only for another
unit's raises AccessDenied ("无权查看"). Aggregates (facts, lights, scores, ranks) stay public to
every signed-in role (DESIGN §8, §12). The cache key carries the caller's scope (cockpit.cache).
"""

from __future__ import annotations

import pandas as pd

from cockpit import data_version, monthly, publish, review, weeks
from cockpit.access import aggregate_scope, row_scope
from cockpit.cache import cached
from cockpit.config import CITY_WIDE
from cockpit.queries import (
    indicators,
    ledger,
    milestones,
    portal,
    rankings,
    rectification,
    submissions,
    tasks,
)
from cockpit.queries import (
    weeks as week_queries,
)
from cockpit.store import StoreUnavailable, config, read_session
from cockpit.targets import window_in_force

Units = tuple[str, ...] | None


@cached
def available_weeks() -> list[str]:
    with read_session() as session:
        return week_queries.available_weeks(session)


@cached
def resolve_week(week: str | None) -> str:
    """The week a page shows: the one asked for if it has data, else the latest with data."""
    with read_session() as session:
        resolved = week_queries.resolve_week(session, week)
    if resolved is None:
        raise StoreUnavailable("数据库中还没有任何报送数据。")
    return resolved


@cached
def freshness(week: str) -> week_queries.Freshness:
    with read_session() as session:
        return week_queries.freshness(session, week=week)


@cached
def indicator_facts(week: str, units: Units = None) -> pd.DataFrame:
    with read_session() as session:
        return indicators.indicator_facts(session, week=week, units=units)


@cached
def indicator_trend(until_week: str, unit_code: str = CITY_WIDE) -> pd.DataFrame:
    with read_session() as session:
        return indicators.indicator_trend(session, unit_code=unit_code, until_week=until_week)


@cached
def light_counts(week: str, units: Units = None) -> pd.DataFrame:
    with read_session() as session:
        return indicators.light_counts(session, week=week, units=units)


@cached
def rectification_facts(week: str, units: Units = None) -> pd.DataFrame:
    with read_session() as session:
        return rectification.rectification_facts(session, week=week, units=units)


@cached
def rectification_trend(until_week: str, unit_code: str = CITY_WIDE) -> pd.DataFrame:
    with read_session() as session:
        return rectification.rectification_trend(session, unit_code=unit_code, until_week=until_week)


@cached
def rectification_breakdown(week: str, by: str, units: Units = None) -> pd.DataFrame:
    units = aggregate_scope(units)
    with read_session() as session:
        return rectification.breakdown(session, week=week, by=by, units=units)


@cached
def findings(
    week: str,
    units: Units = None,
    category: str | None = None,
    only: str | None = None,
    month: str | None = None,
    origin: str | None = None,
) -> pd.DataFrame:
    """The findings a figure counts (`only`: its rule in `cockpit.predicates.FINDING_RULES`),
    narrowed to one bar of a breakdown by category, found month (YYYY-MM) or origin."""
    units = row_scope(units)
    with read_session() as session:
        return rectification.findings(
            session, week=week, units=units, category=category, only=only, month=month, origin=origin
        )


@cached
def most_overdue(week: str, units: Units = None, limit: int = 200) -> pd.DataFrame:
    """The findings longest past their 整改期限, most overdue first (a province has thousands)."""
    units = row_scope(units)
    with read_session() as session:
        return rectification.most_overdue(session, week=week, units=units, limit=limit)


@cached
def ledger_items(
    week: str, units: Units = None, indicator_code: str | None = None, done_only: bool = False
) -> pd.DataFrame:
    """The ledger items behind an indicator's denominator (all) or numerator (`done_only`; for a
    count indicator the items done inside the window in force, as the fact counts them)."""
    window = None
    if indicator_code in {i.code for i in config().indicators}:
        indicator = config().indicator(indicator_code)
        if indicator.kind == "count":
            window = window_in_force(indicator, config().milestones, weeks.as_of(week))
    units = row_scope(units)
    with read_session() as session:
        return ledger.ledger_items(
            session, week=week, units=units, indicator_code=indicator_code, done_only=done_only, window=window
        )


@cached
def ranking(week: str) -> pd.DataFrame:
    with read_session() as session:
        return rankings.ranking(session, week=week)


@cached
def ranked_count(week: str) -> int:
    with read_session() as session:
        return rankings.ranked_count(session, week=week)


@cached
def rank_history(unit_code: str, until_week: str) -> pd.DataFrame:
    with read_session() as session:
        return rankings.rank_history(session, unit_code=unit_code, until_week=until_week)


@cached
def score_contributions(week: str, units: Units = None) -> pd.DataFrame:
    with read_session() as session:
        return rankings.contributions(session, config(), week=week, units=units)


@cached
def submission_status(week: str) -> pd.DataFrame:
    with read_session() as session:
        return submissions.submission_status(session, week=week)


@cached
def submission_history(unit_code: str, until_week: str | None = None) -> pd.DataFrame:
    row_scope((unit_code,))
    with read_session() as session:
        return submissions.submission_history(session, unit_code=unit_code, until_week=until_week)


@cached
def milestone_facts(week: str) -> pd.DataFrame:
    """Every task milestone's light per responsible unit (aggregates: public to every role)."""
    with read_session() as session:
        return milestones.milestone_facts(session, week=week)


def current_data_version() -> int:
    """The store's data version, read fresh (never cached): what a wall screen polls."""
    with read_session() as session:
        return data_version.current(session)


@cached
def milestones_by_task(week: str, units: Units = None) -> pd.DataFrame:
    """This year's task milestones (the calendar year of the week's Sunday), counted by state."""
    with read_session() as session:
        return portal.milestones_by_task(session, week=week, year=portal.portal_year(weeks.as_of(week)), units=units)


@cached
def milestones_by_unit(week: str, units: Units = None) -> pd.DataFrame:
    with read_session() as session:
        return portal.milestones_by_unit(session, week=week, year=portal.portal_year(weeks.as_of(week)), units=units)


@cached
def featured_work(
    week: str, units: Units = None, unit_code: str | None = None, category: str | None = None
) -> pd.DataFrame:
    with read_session() as session:
        return portal.featured_work(session, week=week, units=units, unit_code=unit_code, category=category)


@cached
def featured_categories(week: str, units: Units = None) -> list[str]:
    with read_session() as session:
        return portal.featured_categories(session, week=week, units=units)


# 挂图作战 and 周报 (taskforce)


@cached
def milestone_status(week: str, units: Units = None) -> pd.DataFrame:
    with read_session() as session:
        return tasks.milestone_status(session, week=week, units=units)


@cached
def milestone_reports(week: str, milestone_code: str, units: Units = None) -> pd.DataFrame:
    """The 任务进度 rows behind a milestone (rows: narrowed to the caller's units)."""
    units = row_scope(units)
    with read_session() as session:
        return tasks.milestone_reports(session, week=week, milestone_code=milestone_code, units=units)


@cached
def weekly_review(week: str) -> dict:
    """The 周报 of a week, live (aggregates: public to every signed-in role)."""
    with read_session() as session:
        return review.weekly_review(session, config(), week=week)


@cached
def monthly_list(month: str, latest_week: str) -> dict:
    with read_session() as session:
        return monthly.monthly_list(session, config(), month=month, latest_week=latest_week)


def published_versions(week: str) -> list[tuple[int, str, object]]:
    """(version, who, when) of the week's published versions; never cached (a publish must show
    at once even before the data version counter moves)."""
    with read_session() as session:
        return publish.versions(session, week=week)


@cached
def published_review(week: str, version: int) -> publish.Published:
    """A published version never changes, so caching it is safe."""
    with read_session() as session:
        return publish.published(session, week=week, version=version)


@cached
def publish_differences(week: str, version: int) -> list[dict]:
    """Where the live figures moved since version `version` was published (keyed on the data version)."""
    with read_session() as session:
        return publish.differences(session, config(), week=week, version=version)
