"""Pure builders: one week's aggregated counts in, fact rows out (DESIGN §6).

No database here: `cockpit.facts` feeds these from `cockpit.aggregates` and stores the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from cockpit import figures
from cockpit.aggregates import LedgerCounts, MilestoneProgress, RectificationCounts
from cockpit.config import CITY_WIDE, Config
from cockpit.lights import indicator_light, milestone_light
from cockpit.scoring import competition_ranks, district_score, rank_change, score_contributions
from cockpit.targets import target_in_force


def indicator_rows(
    config: Config,
    *,
    week: str,
    as_of: dt.date,
    units: Mapping[str, bool],
    counts: Mapping[tuple[str, str], LedgerCounts],
) -> tuple[list[dict], dict[str, dict[str, tuple[Fraction | None, Decimal]]]]:
    """Indicator facts of every unit with facts (`units`: code -> carried forward) and `ALL`.

    Also returns, per unit, {indicator: (actual, target)} for scoring.
    """
    rows: list[dict] = []
    attained: dict[str, dict[str, tuple[Fraction | None, Decimal]]] = {u: {} for u in units}
    for indicator in config.indicators:
        plan = target_in_force(indicator, config.milestones, as_of)
        total_num, total_den, any_unit = 0, 0, False
        for unit_code, carried in units.items():
            if not indicator.applies(unit_code):
                continue
            any_unit = True
            c = counts.get((unit_code, indicator.code), LedgerCounts(0, 0, {}))
            if indicator.kind == "count":
                numerator, denominator = c.done_in_window.get(indicator.code, 0), None
            else:
                numerator, denominator = c.done, c.denominator
            actual = figures.indicator_actual(numerator, denominator)
            total_num += numerator
            total_den += denominator or 0
            attained[unit_code][indicator.code] = (actual, plan.target)
            rows.append(
                _indicator_row(week, unit_code, indicator.code, numerator, denominator, actual, plan, as_of, carried)
            )
        if any_unit:
            denominator = None if indicator.kind == "count" else total_den
            actual = figures.indicator_actual(total_num, denominator)
            rows.append(
                _indicator_row(week, CITY_WIDE, indicator.code, total_num, denominator, actual, plan, as_of, False)
            )
    return rows, attained


def _indicator_row(week, unit_code, code, numerator, denominator, actual, plan, as_of, carried) -> dict:  # noqa: ANN001, E501
    return {
        "week": week,
        "unit_code": unit_code,
        "indicator_code": code,
        "numerator": numerator,
        "denominator": denominator,
        "actual": None if actual is None else float(actual),
        "target": float(plan.target),
        "target_text": str(plan.target),
        "trajectory": float(plan.trajectory),
        "milestone_code": plan.milestone.code,
        "light": indicator_light(
            actual, target=plan.target, trajectory=plan.trajectory, as_of=as_of, due=plan.milestone.due
        ),
        "carried_forward": carried,
    }


def rectification_rows(
    *,
    week: str,
    units: Mapping[str, bool],
    counts: Mapping[str, RectificationCounts],
) -> tuple[list[dict], dict[str, Fraction | None]]:
    """Rectification facts per unit with facts and `ALL` (sums; rate Σ/Σ). Also the rates."""
    rows, rates = [], {}
    total = RectificationCounts()
    for unit_code, carried in units.items():
        c = counts.get(unit_code, RectificationCounts())
        total += c
        rates[unit_code] = figures.rectification_rate(c.rectified, c.found)
        rows.append({"week": week, "unit_code": unit_code, **rectification_figures(c), "carried_forward": carried})
    if units:
        rows.append({"week": week, "unit_code": CITY_WIDE, **rectification_figures(total), "carried_forward": False})
    return rows, rates


def rectification_figures(c: RectificationCounts) -> dict:
    """The stored figures of a set of findings: the counts, the rate and the number in progress."""
    rate = figures.rectification_rate(c.rectified, c.found)
    return {
        **c.as_dict(),
        "rate": None if rate is None else float(rate),
        "in_progress": figures.in_progress(c.found, c.rectified),
    }


def breakdown_rows(
    *,
    week: str,
    dimension: str,
    units: Mapping[str, bool],
    counts: Mapping[tuple[str, str], RectificationCounts],
) -> list[dict]:
    """Breakdown facts of one dimension: per unit with facts and key, and `ALL` per key (sums)."""
    rows, totals = [], {}
    for (unit_code, key), c in sorted(counts.items()):
        if unit_code not in units:
            continue
        totals[key] = totals.get(key, RectificationCounts()) + c
        rows.append(
            {"week": week, "dimension": dimension, "unit_code": unit_code, "key": key, **rectification_figures(c)}
        )
    for key, c in sorted(totals.items()):
        rows.append(
            {"week": week, "dimension": dimension, "unit_code": CITY_WIDE, "key": key, **rectification_figures(c)}
        )
    return rows


def score_rows(
    config: Config,
    *,
    week: str,
    units: Mapping[str, bool],
    attained: Mapping[str, Mapping[str, tuple[Fraction | None, Decimal]]],
    rates: Mapping[str, Fraction | None],
    previous_ranks: Mapping[str, int],
) -> list[dict]:
    """Score and rank of every district with facts for the week."""
    scores: dict[str, Decimal] = {}
    for unit_code in units:
        if not config.unit(unit_code).is_district:
            continue
        contributions = score_contributions(
            attained[unit_code],
            config.indicator_weights,
            rectification_rate=rates.get(unit_code),
            rectification_weight=config.rectification_weight,
        )
        scores[unit_code] = district_score(contributions)
    ranks = competition_ranks(scores)
    return [
        {
            "week": week,
            "unit_code": unit_code,
            "score": str(score),
            "rank": ranks[unit_code],
            "rank_change": rank_change(previous_ranks.get(unit_code), ranks[unit_code]),
        }
        for unit_code, score in scores.items()
    ]


def milestone_rows(
    config: Config,
    *,
    week: str,
    as_of: dt.date,
    units: Mapping[str, bool],
    progress: Mapping[tuple[str, str], MilestoneProgress],
) -> list[dict]:
    """A light for every task milestone and every unit with facts that answers for it."""
    rows = []
    for milestone in config.task_milestones:
        for unit_code in config.milestone_units(milestone):
            if unit_code not in units:
                continue
            reported = progress.get((unit_code, milestone.code))
            done_on = reported.done_on if reported else None
            rows.append(
                {
                    "week": week,
                    "milestone_code": milestone.code,
                    "unit_code": unit_code,
                    "task_code": milestone.task,
                    "due_on": milestone.due,
                    "done_on": done_on,
                    "progress_pct": reported.progress_pct if reported else None,
                    "light": milestone_light(done_on, due=milestone.due, as_of=as_of),
                }
            )
    return rows
