"""Validated findings handed from a checking worker to the writer as a SQLite file.

On a SQLite store the writer is the batch's bottleneck: binding a province's million findings
one Python value at a time cost it more than the workers' reading and checking. A worker writes
its cleared Arrow table into a file of its own with ADBC's bulk ingest (native code), and the
writer copies that file into the store with one INSERT … SELECT inside the load's transaction
(`cockpit.db.insert_rows`), so neither side makes a Python object per cell.

Staged files live in a folder of the batch's own under the archive folder: removed as each file
is stored, the folder at the end of the batch, and by `cockpit.pending.sweep_archive` when a
killed batch left one behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa

from cockpit.db import STAGED_TABLE, StagedRows
from cockpit.pending import STAGING_PREFIX
from etl.validate import Parsed


def stage(rows: pa.Table, directory: Path) -> StagedRows:
    """`rows` written into a new SQLite file in `directory` (dates as ISO text, booleans as 0/1:
    what the store holds for them)."""
    import adbc_driver_sqlite.dbapi as adbc

    path = directory / f"{uuid.uuid4().hex}.sqlite"
    try:
        with adbc.connect(str(path)) as connection:
            with connection.cursor() as cursor:
                cursor.adbc_ingest(STAGED_TABLE, rows, mode="create")
            connection.commit()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return StagedRows(path, rows.num_rows)


def stage_parsed(parsed: Parsed, directory: Path) -> None:
    """Stage the findings of `parsed` in place when they were cleared column-wise."""
    if isinstance(parsed.rectification, pa.Table) and parsed.rectification.num_rows:
        parsed.rectification = stage(parsed.rectification, directory)


def discard(parsed: Parsed | None) -> None:
    """Remove the staged file of `parsed`, if any (once stored, or when the file is rejected)."""
    if parsed is not None and isinstance(parsed.rectification, StagedRows):
        parsed.rectification.path.unlink(missing_ok=True)


@contextmanager
def staging_folder(archive_dir: Path) -> Iterator[Path]:
    """A folder of this batch's own for staged files, removed with whatever it still holds."""
    archive_dir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=archive_dir))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
