"""Year-end outlook (DESIGN §11): where each unit's indicator lands at the due date of the
milestone in force if the pace of the last 8 weeks continues, and whether it meets the target.

The rule is pure (`project`, `count_projection`); `outlook_rows` reads the stored facts of the
nine weeks W−8..W in one query, and K7's recent rows in one more, and applies it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cockpit import weeks
from cockpit.config import CITY_WIDE, Config, default_config
from cockpit.models import IndicatorFact, LedgerRow, SubmissionFact
from cockpit.queries.indicators import FACT_COLUMNS
from cockpit.targets import milestone_in_force

PACE_WEEKS = 8  # the pace is that of the last 8 weeks
LATEST_BASE = 4  # the base may be as recent as W−4 when W−8 has no fact
K7_WINDOW_DAYS = 56
PLACES = 4

COLUMNS = ("week", "unit_code", "indicator_code", "actual", "pace_per_week", "due_on", "projected", "target", "at_risk")


@dataclass(frozen=True)
class Projection:
    pace: Fraction  # per week, exact
    projected: Fraction  # exact, clipped for rates
    at_risk: bool


def round_half_up(value: Fraction, places: int = PLACES) -> Decimal:
    """`value` rounded half away from zero to `places` decimals, exactly."""
    scale = 10**places
    magnitude = (abs(value) * scale + Fraction(1, 2)).__floor__()
    return (Decimal(magnitude if value >= 0 else -magnitude) / scale).quantize(Decimal(1).scaleb(-places))


def weeks_left(as_of: dt.date, due: dt.date) -> Fraction:
    """(due − as_of) in days / 7, exact; none left once the last milestone is past."""
    return Fraction(max((due - as_of).days, 0), 7)


def project(a: Fraction, b: Fraction, weeks_between: int, left: Fraction, target: Decimal) -> Projection:
    """Rate indicators: pace = (a − b) / weeks between; projected = a + pace × weeks left,
    clipped to [0, 1]; at risk when the exact projected value is below the target."""
    pace = (a - b) / weeks_between
    projected = min(max(a + pace * left, Fraction(0)), Fraction(1))
    return Projection(pace, projected, projected < Fraction(target))


def count_projection(count: int, recent: int, left: Fraction, target: Decimal) -> Projection:
    """K7: pace = rows counted at W done in the last 56 days / 8; projected = count + pace × left."""
    pace = Fraction(recent, PACE_WEEKS)
    projected = count + pace * left
    return Projection(pace, projected, projected < Fraction(target))


def base_week(actuals: dict[str, Fraction], week: str) -> str | None:
    """W−8 if it has an actual, else the earliest of W−7..W−4 that has one."""
    for back in range(PACE_WEEKS, LATEST_BASE - 1, -1):
        candidate = weeks.shift(week, -back)
        if candidate in actuals:
            return candidate
    return None


def _exact(numerator: int, denominator: int | None) -> Fraction | None:
    if denominator is None:
        return Fraction(numerator)
    return Fraction(numerator, denominator) if denominator else None


def _target_number(text: str) -> float | int:
    value = float(text)
    return int(value) if value.is_integer() else value


def _recent_counts(session: Session, config: Config, *, week: str) -> dict[tuple[str, str], int]:
    """(unit, count indicator) -> rows counted at W (done inside the window of the milestone in
    force) whose 完成日期 lies in the last 56 days, from each unit's effective submission."""
    as_of = weeks.as_of(week)
    milestone = config.milestones[milestone_in_force(config.milestones, as_of)]
    result: dict[tuple[str, str], int] = {}
    for indicator in config.indicators:
        if indicator.kind != "count":
            continue
        start, end = indicator.windows[milestone.code]
        query = (
            select(SubmissionFact.unit_code, func.count())
            .join(LedgerRow, LedgerRow.submission_id == SubmissionFact.submission_id)
            .where(
                SubmissionFact.week == week,
                LedgerRow.indicator_code == indicator.code,
                LedgerRow.is_done,
                LedgerRow.done_on.between(start, min(end, as_of)),
                LedgerRow.done_on > as_of - dt.timedelta(days=K7_WINDOW_DAYS),
            )
            .group_by(SubmissionFact.unit_code)
        )
        for unit_code, count in session.execute(query):
            result[(unit_code, indicator.code)] = count
    return result


def outlook_rows(session: Session, config: Config, *, week: str, unit_code: str | None = None) -> list[dict]:
    """The outlook export (DESIGN §11): one row per (unit, indicator) with facts at W, `ALL`
    included; pace, projected and at_risk are empty where no outlook exists."""
    first = weeks.shift(week, -PACE_WEEKS)
    query = select(*FACT_COLUMNS, IndicatorFact.target_text).where(IndicatorFact.week.between(first, week))
    if unit_code:
        query = query.where(IndicatorFact.unit_code == unit_code)
    history: dict[tuple[str, str], dict[str, Fraction]] = defaultdict(dict)
    current = []
    for row in session.execute(query):
        exact = _exact(row.numerator, row.denominator)
        if exact is not None:
            history[(row.unit_code, row.indicator_code)][row.week] = exact
        if row.week == week:
            current.append(row)
    recent = _recent_counts(session, config, week=week) if current else {}
    due_of = {m.code: m.due for m in config.milestones}
    as_of = weeks.as_of(week)
    rows = []
    for row in sorted(current, key=lambda r: (r.unit_code == CITY_WIDE, r.unit_code, r.indicator_code)):
        indicator = config.indicator(row.indicator_code)
        due = due_of[row.milestone_code]
        target = Decimal(row.target_text)
        left = weeks_left(as_of, due)
        a = history[(row.unit_code, row.indicator_code)].get(week)
        projection = None
        if indicator.kind == "count":
            if row.unit_code == CITY_WIDE:
                count_recent = sum(v for (_, code), v in recent.items() if code == indicator.code)
            else:
                count_recent = recent.get((row.unit_code, indicator.code), 0)
            projection = count_projection(row.numerator, count_recent, left, target)
        elif a is not None:
            actuals = history[(row.unit_code, row.indicator_code)]
            base = base_week(actuals, week)
            if base is not None:
                between = (weeks.monday(week) - weeks.monday(base)).days // 7
                projection = project(a, actuals[base], between, left, target)
        rows.append(
            {
                "week": week,
                "unit_code": row.unit_code,
                "indicator_code": row.indicator_code,
                "actual": (row.numerator if indicator.kind == "count" else row.actual),
                "pace_per_week": None if projection is None else round_half_up(projection.pace),
                "due_on": due.isoformat(),
                "projected": None if projection is None else round_half_up(projection.projected),
                "target": _target_number(row.target_text),
                "at_risk": None if projection is None else projection.at_risk,
            }
        )
    return rows


def outlook_export(
    session: Session, *, week: str, unit_code: str | None = None, config: Config | None = None
) -> list[dict]:
    """`python -m etl export --what outlook` and /api/v1/outlook: `outlook_rows` with the
    process's config."""
    return outlook_rows(session, config or default_config(), week=week, unit_code=unit_code)


def _amount(value: float, kind: str, unit_label: str) -> str:
    if kind == "count":
        return f"{format(Decimal(str(value)).quantize(Decimal('0.1')), 'f').removesuffix('.0')} {unit_label or '项'}"
    return f"{format(Decimal(str(value)) * 100, '.2f').rstrip('0').rstrip('.')}%"


def outlook_words(row: dict, *, kind: str, unit_label: str = "") -> str:
    """The outlook said in words: "按近8周进度, 年底预计 86%, 低于目标 90%"."""
    if row.get("projected") is None:
        return "近8周数据不足,暂无预判"
    due = dt.date.fromisoformat(row["due_on"])
    when = "年底" if (due.month, due.day) == (12, 31) else f"{due:%Y年%m月%d日}"
    projected = _amount(float(row["projected"]), kind, unit_label)
    target = _amount(float(row["target"]), kind, unit_label)
    verdict = f"低于目标 {target}" if row["at_risk"] else f"可达目标 {target}"
    return f"按近8周进度, {when}预计 {projected}, {verdict}"
