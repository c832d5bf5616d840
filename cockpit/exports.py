"""The export tables of DESIGN §9: one week's figures, as other systems receive them.

Used by `python -m etl export` and by the HTTP API. Fractions are decimals in [0, 1]; an empty
value (None) means "none". Rows are in a stable order (unit codes, then indicator/milestone).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from decimal import Decimal

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from cockpit.amounts import format_wan
from cockpit.models import IndicatorFact, MilestoneFact, RankingFact, RectificationFact, SubmissionFact
from cockpit.outlook import COLUMNS as OUTLOOK_COLUMNS
from cockpit.outlook import outlook_export

COLUMNS: dict[str, tuple[str, ...]] = {
    "kpi": (
        "week",
        "unit_code",
        "indicator_code",
        "numerator",
        "denominator",
        "actual",
        "target",
        "trajectory",
        "light",
    ),
    "rectification": (
        "week",
        "unit_code",
        "found",
        "rectified",
        "rate",
        "in_progress",
        "overdue",
        "amount_found_wan",
        "amount_rectified_wan",
        "supervision_closed",
    ),
    "ranking": ("week", "unit_code", "score", "rank", "rank_change"),
    "submissions": ("week", "unit_code", "submitted", "effective_week"),
    "milestones": ("week", "task_code", "milestone_code", "unit_code", "due_on", "done_on", "light"),
    "outlook": OUTLOOK_COLUMNS,
}


def _unit_order(unit_code: str) -> tuple[int, str]:
    return (1 if unit_code == "ALL" else 0, unit_code)


def kpi_rows(session: Session, *, week: str, unit_code: str | None = None) -> list[dict]:
    query = select(IndicatorFact).where(IndicatorFact.week == week)
    if unit_code:
        query = query.where(IndicatorFact.unit_code == unit_code)
    facts = sorted(session.scalars(query), key=lambda f: (_unit_order(f.unit_code), f.indicator_code))
    return [
        {
            "week": f.week,
            "unit_code": f.unit_code,
            "indicator_code": f.indicator_code,
            "numerator": f.numerator,
            "denominator": f.denominator,
            "actual": _count_or_fraction(f.actual, f.denominator),
            "target": _target(f.target_text),
            "trajectory": f.trajectory,
            "light": f.light,
        }
        for f in facts
    ]


def rectification_rows(session: Session, *, week: str, unit_code: str | None = None) -> list[dict]:
    query = select(RectificationFact).where(RectificationFact.week == week)
    if unit_code:
        query = query.where(RectificationFact.unit_code == unit_code)
    facts = sorted(session.scalars(query), key=lambda f: _unit_order(f.unit_code))
    return [
        {
            "week": f.week,
            "unit_code": f.unit_code,
            "found": f.found,
            "rectified": f.rectified,
            "rate": f.rate,
            "in_progress": f.in_progress,
            "overdue": f.overdue,
            "amount_found_wan": format_wan(f.amount_found),
            "amount_rectified_wan": format_wan(f.amount_rectified),
            "supervision_closed": f.supervision_closed,
        }
        for f in facts
    ]


def ranking_rows(session: Session, *, week: str, unit_code: str | None = None) -> list[dict]:
    query = select(RankingFact).where(RankingFact.week == week).order_by(RankingFact.rank, RankingFact.unit_code)
    if unit_code:
        query = query.where(RankingFact.unit_code == unit_code)
    return [
        {
            "week": f.week,
            "unit_code": f.unit_code,
            "score": Decimal(f.score),
            "rank": f.rank,
            "rank_change": f.rank_change,
        }
        for f in session.scalars(query)
    ]


def submission_rows(session: Session, *, week: str, unit_code: str | None = None) -> list[dict]:
    query = select(SubmissionFact).where(SubmissionFact.week == week).order_by(SubmissionFact.unit_code)
    if unit_code:
        query = query.where(SubmissionFact.unit_code == unit_code)
    return [
        {"week": f.week, "unit_code": f.unit_code, "submitted": f.submitted, "effective_week": f.effective_week}
        for f in session.scalars(query)
    ]


def milestone_rows(session: Session, *, week: str, unit_code: str | None = None) -> list[dict]:
    query = (
        select(MilestoneFact)
        .where(MilestoneFact.week == week)
        .order_by(MilestoneFact.task_code, MilestoneFact.milestone_code, MilestoneFact.unit_code)
    )
    if unit_code:
        query = query.where(MilestoneFact.unit_code == unit_code)
    return [
        {
            "week": f.week,
            "task_code": f.task_code,
            "milestone_code": f.milestone_code,
            "unit_code": f.unit_code,
            "due_on": f.due_on.isoformat(),
            "done_on": f.done_on.isoformat() if f.done_on else None,
            "light": f.light,
        }
        for f in session.scalars(query)
    ]


EXPORTS: dict[str, Callable[..., list[dict]]] = {
    "kpi": kpi_rows,
    "rectification": rectification_rows,
    "ranking": ranking_rows,
    "submissions": submission_rows,
    "milestones": milestone_rows,
    "outlook": outlook_export,
}


def _count_or_fraction(actual: float | None, denominator: int | None) -> float | int | None:
    """K7 rows carry a count (no denominator): written as a whole number."""
    return int(actual) if actual is not None and denominator is None else actual


def _target(decimal_text: str) -> float | int:
    """The config's exact target text as a number (1, 0.9), never the string."""
    value = float(decimal_text)
    return int(value) if value.is_integer() else value


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_json(rows: list[dict]) -> str:
    return json.dumps([{k: _plain(v) for k, v in r.items()} for r in rows], ensure_ascii=False, indent=1) + "\n"


def to_csv(rows: list[dict], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row[c] is None else _csv_cell(row[c]) for c in columns])
    return buffer.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: object) -> object:
    """A text cell a spreadsheet would run as a formula (= + - @ first) gets a leading
    apostrophe; numbers, dates and other text stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """`escape_formula` on every text column of a frame about to be written as CSV or xlsx."""
    text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    return frame.assign(**{c: frame[c].map(escape_formula) for c in text})


def _csv_cell(value: object) -> str:
    if isinstance(value, str):
        return str(escape_formula(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)
