"""The 整改台账 sheet read column by column (fastexcel into Arrow) instead of cell by cell.

A province sends a million findings, and turning each of their eleven million cells into a Python
object was most of what reading them cost. fastexcel parses the sheet with calamine, as
python-calamine does, but hands the cells over as typed Arrow arrays. Arrays only say what
python-calamine would have said when the sheet leaves no doubt, so `read_columns` returns them
only for a sheet whose header row (row 1) holds the contract's eleven columns and nothing else,
whose every column holds one cell type over all rows (strict coercion, no sampling), and where
fastexcel converted every non-empty cell; then a null is exactly an empty cell. Any other sheet
gets None and is read cell by cell as before, so a doubtful sheet costs time, never a difference.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import fastexcel
import pyarrow as pa

from etl.contract import RECTIFICATION, Sheet, fold

# fastexcel logs a warning for every column without a typed cell (an optional column left empty).
logging.getLogger("fastexcel").setLevel(logging.ERROR)


@dataclass(frozen=True)
class SheetColumns:
    """A sheet's header row as python-calamine gives it, and its data rows as Arrow columns."""

    header: list[object]  # row 1, each name at its column index, "" between
    batch: pa.RecordBatch  # rows 2 … of the sheet's range, one column per contract key


def read_columns(data: bytes, name: str, sheet: Sheet = RECTIFICATION) -> SheetColumns | None:
    """`name`'s cells as Arrow columns named by contract key, or None if anything is unusual."""
    try:
        loaded = fastexcel.read_excel(data).load_sheet(
            name, header_row=0, skip_rows=0, schema_sample_rows=None, dtype_coercion="strict"
        )
        batch, errors = loaded.to_arrow_with_errors()
        columns = loaded.selected_columns
    except (MemoryError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001 - fastexcel's errors, and a Rust panic (a BaseException): read cell by cell
        return None
    if errors is not None and errors.errors:
        return None
    aliases = {fold(c.zh): c.key for c in sheet.columns} | {fold(c.en): c.key for c in sheet.columns}
    keys = [aliases.get(fold(column.name)) if column.column_name_from == "looked_up" else None for column in columns]
    if None in keys or sorted(keys) != sorted(c.key for c in sheet.columns):
        return None  # a column outside the contract, a duplicate or a missing one: the reader reports those
    header: list[object] = [""] * (max(column.absolute_index for column in columns) + 1)
    for column in columns:
        header[column.absolute_index] = column.name
    return SheetColumns(header=header, batch=batch.rename_columns(keys))
