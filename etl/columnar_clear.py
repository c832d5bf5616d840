"""A whole 整改台账 sheet cleared by column-wise checks, or not at all.

`clear_findings` returns the sheet's stored rows as an Arrow table only when every row is one
that etl.fastpath.clean_finding clears (so the full check in etl.validate would say nothing
about it and store the same values): plain texts, date cells, amounts that need no rounding,
statuses and origins from the contract, unique issue ids and every date rule met. If a single
cell is doubtful it returns None and the caller checks the sheet row by row as before, which
finds every error and warning with its message. So this module can only make an acceptance
faster; it never decides what is said about a file.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cockpit.amounts import AMOUNT_SCALE
from etl import contract as c

# Every character str.strip() removes (str.isspace), as RE2 escapes; tests/unit checks the set.
PYTHON_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"  # noqa: E501
_SPACE_CLASS = "[" + "".join(f"\\x{{{ord(ch):x}}}" for ch in PYTHON_SPACES) + "]"
_UNPLAIN = f"^{_SPACE_CLASS}|{_SPACE_CLASS}$"
_EPOCH = dt.date(1970, 1, 1)
# Days (since 1970) a date cell may hold here: before March 1900 Excel's serials and calamine's
# conversions disagree (the 1900 leap-year bug, times of day read as dates); python-calamine
# gives no date after 9999.
_FIRST_DAY, _LAST_DAY = (dt.date(1900, 3, 1) - _EPOCH).days, (dt.date(9999, 12, 31) - _EPOCH).days
_MS_PER_DAY = 86_400_000
_AMOUNT_LIMIT = 2.0**32  # below it a float is within 1e-6 of at most one 6-decimal value
TEXT_KEYS = ("issue_id", "audit_project", "category")


def clear_findings(batch: pa.RecordBatch, sunday: dt.date) -> pa.Table | None:
    """The stored rows of a sheet (etl.columnar_read's columns) that needs no remark, else None."""
    numbers = np.arange(2, batch.num_rows + 2, dtype=np.int64)
    filled = _filled(batch)
    if not filled.all():
        batch = batch.filter(pa.array(filled))
        numbers = numbers[filled]
    column = {name: batch.column(name) for name in batch.schema.names}
    texts = [column[key] for key in TEXT_KEYS]
    if not all(_plain(text) for text in texts) or pc.count_distinct(column["issue_id"]).as_py() != len(numbers):
        return None
    summary = _optional_text(column["summary"])
    amount = _units(column["amount_wan"])
    found, due = _required_days(column["found_on"]), _required_days(column["due_on"])
    rectified_on, closed_on = _optional_days(column["rectified_on"]), _optional_days(column["closed_on"])
    status, origin = column["status"], column["origin"]
    if summary is None or amount is None or found is None or due is None or rectified_on is None or closed_on is None:
        return None
    if not (_among(status, c.RECT_STATUSES) and _among(origin, c.ORIGINS)):
        return None
    sunday_day = (sunday - _EPOCH).days
    if (found > sunday_day).any() or (due < found).any():
        return None
    rectified = pc.equal(status, c.RECTIFIED).to_numpy(zero_copy_only=False)
    rectified_days, has_rectified = rectified_on
    if (has_rectified != rectified).any():
        return None  # 已整改 without a date, or a date on an open finding
    if ((rectified_days > sunday_day) | (rectified_days < found))[has_rectified].any():
        return None
    supervision = pc.equal(origin, c.SUPERVISION).to_numpy(zero_copy_only=False)
    closed_days, has_closed = closed_on
    if (has_closed & ~supervision).any() or (closed_days < found)[has_closed].any():
        return None
    return pa.table(
        {
            "row_no": numbers,
            "issue_id": texts[0],
            "audit_project": texts[1],
            "category": texts[2],
            "summary": summary,
            "amount": amount,
            "found_on": _dates(found),
            "due_on": _dates(due),
            "status": status,
            "is_rectified": rectified,
            "rectified_on": _dates(rectified_days, has_rectified),
            "origin": origin,
            "is_supervision": supervision,
            "closed_on": _dates(closed_days, has_closed),
        }
    )


def _filled(batch: pa.RecordBatch) -> np.ndarray:
    """Rows with a cell that is neither empty nor "" (etl.reader skips the others, as these)."""
    filled = np.zeros(batch.num_rows, dtype=bool)
    for array in batch.columns:
        present = pc.is_valid(array)
        if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
            present = pc.and_kleene(present, pc.not_equal(array, ""))
        filled |= present.to_numpy(zero_copy_only=False)
    return filled


def _is_text(array: pa.Array) -> bool:
    return pa.types.is_string(array.type) or pa.types.is_large_string(array.type)


def _plain(array: pa.Array) -> bool:
    """Every cell a non-empty string without surrounding spaces (etl.fastpath._plain)."""
    if not _is_text(array) or array.null_count:
        return False
    return not (pc.any(pc.equal(array, "")).as_py() or pc.any(pc.match_substring_regex(array, _UNPLAIN)).as_py())


def _optional_text(array: pa.Array) -> pa.Array | None:
    """The summary as stored: empty cells and "" as NULL, other cells plain strings; else None."""
    if array.null_count == len(array):
        return pa.nulls(len(array), pa.string())
    if not _is_text(array):
        return None
    stored = pc.if_else(pc.equal(array, ""), pa.scalar(None, array.type), array)
    if pc.any(pc.match_substring_regex(stored, _UNPLAIN)).as_py():
        return None
    return stored


def _units(array: pa.Array) -> np.ndarray | None:
    """万元 as stored units, when every cell is a number ≥ 0 that etl.values.parse_amount takes
    without rounding: its shortest repr has at most six decimals, i.e. x == round(x·10⁶) / 10⁶."""
    if array.null_count:
        return None
    if pa.types.is_int64(array.type):
        values = array.to_numpy()
        if (values < 0).any() or (values >= _AMOUNT_LIMIT).any():
            return None
        return values * AMOUNT_SCALE
    if not pa.types.is_float64(array.type):
        return None
    values = array.to_numpy()
    with np.errstate(invalid="ignore"):
        if not ((values >= 0) & (values < _AMOUNT_LIMIT)).all():  # NaN, inf and negatives fail too
            return None
    units = np.rint(values * AMOUNT_SCALE)
    if not (units / AMOUNT_SCALE == values).all():
        return None
    return units.astype(np.int64)


def _required_days(array: pa.Array) -> np.ndarray | None:
    """Date cells as days since 1970, or None if a cell is empty or not a date."""
    if array.null_count:
        return None
    days = _days(array)
    return None if days is None or not _inside(days).all() else days


def _optional_days(array: pa.Array) -> tuple[np.ndarray, np.ndarray] | None:
    """(days, with 0 where empty; which cells hold a date), or None if a cell holds something else."""
    present = pc.is_valid(array).to_numpy(zero_copy_only=False)
    if not present.any():
        return np.zeros(len(array), dtype=np.int64), present
    days = _days(array)
    return None if days is None or not _inside(days)[present].all() else (days, present)


def _days(array: pa.Array) -> np.ndarray | None:
    """A date column's days since 1970 (a datetime counts by its date, as etl.fastpath._day does)."""
    if pa.types.is_date32(array.type):
        return array.cast(pa.int32()).fill_null(0).to_numpy().astype(np.int64)
    if not pa.types.is_timestamp(array.type) or array.type.tz is not None:
        return None
    try:
        millis = array.cast(pa.timestamp("ms")).cast(pa.int64()).fill_null(0).to_numpy()
    except pa.ArrowInvalid:
        return None  # finer than milliseconds: not what fastexcel gives
    return np.floor_divide(millis, _MS_PER_DAY)


def _inside(days: np.ndarray) -> np.ndarray:
    return (days >= _FIRST_DAY) & (days <= _LAST_DAY)


def _among(array: pa.Array, allowed: tuple[str, ...]) -> bool:
    return _is_text(array) and not array.null_count and pc.all(pc.is_in(array, pa.array(allowed))).as_py()


def _dates(days: np.ndarray, present: np.ndarray | None = None) -> pa.Array:
    mask = None if present is None else ~present
    return pa.array(days.astype(np.int32), type=pa.int32(), mask=mask).cast(pa.date32())
