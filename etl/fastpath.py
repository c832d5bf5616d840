"""The usual finding, checked in one cheap pass: a province sends a million of them.

`clean_finding` returns the stored row of a 整改台账 row only when the full check in
etl.validate would find nothing to say about it: every text a plain string, dates as date
cells, the amount a non-negative number with at most six decimals (0.01 元), statuses and
origins from the contract, and every date rule met. Any other row gets None and goes through
the full check, which finds its errors and warnings with their messages; so the fast path can
only change how quickly a row is accepted, never what is said about it.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from cockpit.amounts import AMOUNT_SCALE
from etl import contract as c

_SCALE_DIGITS = len(str(AMOUNT_SCALE)) - 1
assert 10**_SCALE_DIGITS == AMOUNT_SCALE
_KEYS = tuple(column.key for column in c.RECTIFICATION.columns)


@dataclass(frozen=True)
class Columns:
    """Where a sheet holds the 整改台账 columns: `pick(row)` gives them in contract order."""

    pick: Callable[[list], tuple]
    width: int  # a row shorter than this lacks some of them


def finding_columns(headers: Mapping[str, int]) -> Columns | None:
    """The columns of every 整改台账 key, or None if one is missing."""
    if any(key not in headers for key in _KEYS):
        return None
    return Columns(operator.itemgetter(*(headers[key] for key in _KEYS)), max(headers[key] for key in _KEYS) + 1)


def clean_finding(number: int, row: list, columns: Columns, seen: set[str], sunday: dt.date) -> dict | None:
    """The stored row of an unremarkable finding (its issue id then counts as seen), else None."""
    if len(row) < columns.width:
        return None
    issue_id, project, category, summary, amount, found, due, status, rectified_raw, origin, closed_raw = columns.pick(
        row
    )
    if not (_plain(issue_id) and _plain(project) and _plain(category)) or issue_id in seen:
        return None
    if summary == "" or summary is None:
        summary = None
    elif not _plain(summary):
        return None
    units = _units(amount)
    found_on, due_on = _day(found), _day(due)
    if units is None or found_on is None or due_on is None or found_on > sunday or due_on < found_on:
        return None
    if status not in c.RECT_STATUSES or origin not in c.ORIGINS:
        return None
    rectified = status == c.RECTIFIED
    if rectified_raw == "" or rectified_raw is None:
        rectified_on = None
        if rectified:
            return None
    else:
        rectified_on = _day(rectified_raw)
        if not rectified or rectified_on is None or rectified_on > sunday or rectified_on < found_on:
            return None
    supervision = origin == c.SUPERVISION
    if closed_raw == "" or closed_raw is None:
        closed_on = None
    else:
        closed_on = _day(closed_raw)
        if not supervision or closed_on is None or closed_on < found_on:
            return None
    seen.add(issue_id)
    return {
        "row_no": number,
        "issue_id": issue_id,
        "audit_project": project,
        "category": category,
        "summary": summary,
        "amount": units,
        "found_on": found_on,
        "due_on": due_on,
        "status": status,
        "is_rectified": rectified,
        "rectified_on": rectified_on,
        "origin": origin,
        "is_supervision": supervision,
        "closed_on": closed_on,
    }


def _plain(value: object) -> bool:
    """A non-empty string without surrounding spaces: what the full check keeps as it is."""
    return value.__class__ is str and value != "" and value.strip() == value


def _day(value: object) -> dt.date | None:
    kind = value.__class__
    if kind is dt.date:
        return value
    if kind is dt.datetime:
        return value.date()
    return None


def _units(value: object) -> int | None:
    """万元 as stored units, exactly as etl.values.parse_amount gives them without rounding."""
    kind = value.__class__
    if kind is int:
        return value * AMOUNT_SCALE if value >= 0 else None
    if kind is not float:
        return None
    text = repr(value)
    whole, _, decimals = text.partition(".")
    if not whole.isdigit() or not decimals.isdigit() or len(decimals) > _SCALE_DIGITS:
        return None  # negative, 1e+16, inf, nan, or rounding needed: the full check says so
    return int(whole) * AMOUNT_SCALE + int(decimals.ljust(_SCALE_DIGITS, "0"))
