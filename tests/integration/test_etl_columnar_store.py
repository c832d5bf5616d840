"""Loading 整改台账 column-wise (fastexcel → Arrow → COPY / executemany) stores exactly what the
row-by-row load stores, on SQLite and PostgreSQL: every row of every data table, and every stored
value as the database holds it (types, NULLs, dates, amounts), through load_many's worker
processes."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import pyarrow as pa
import pytest
from sqlalchemy import Engine
from store_content import content
from workbooks import filler, finding, progress, write

from etl import load, reader
from tests.conftest import empty_store

WEEK = "2024-W10"
UNITS = ("330102", "330105", "330106")


def findings(rng: random.Random, count: int) -> list[dict]:
    rows = []
    for number in range(1, count + 1):
        found = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randint(0, 790))
        done = rng.random() < 0.6
        supervision = rng.random() < 0.2
        rectified = min(found + dt.timedelta(days=rng.randint(1, 200)), dt.date(2024, 3, 10)) if done else None
        rows.append(
            finding(
                f"{number:06d}",
                found_on=found if rng.random() < 0.95 else dt.datetime.combine(found, dt.time(8, 30)),
                due_on=found + dt.timedelta(days=rng.choice((30, 60, 90, 180))),
                status="已整改" if done else rng.choice(("整改中", "未整改")),
                rectified_on=rectified,
                amount=rng.choice((0.0, round(rng.uniform(0, 500), 2), round(rng.uniform(0, 1), 6), 25.0)),
                origin="监督整改" if supervision else "审计整改",
                closed_on=rectified if supervision and done and rng.random() < 0.7 else None,
                summary=rng.choice((None, "资金闲置", "未按规定执行政府采购", "")),
                audit_project=f"{found.year}年度{rng.choice('甲乙丙丁')}部门预算执行审计",
            )
        )
    return rows


def workbooks(directory: Path) -> list[Path]:
    """Three units' weeks: two the column check clears, one with a warning (checked by row)."""
    rng = random.Random(20240310)
    files = []
    for unit in UNITS:
        rows = findings(rng, 600)
        if unit == UNITS[-1]:
            rows[17]["rectified_on"], rows[17]["status"] = dt.date(2024, 1, 5), "整改中"  # a warning, kept
        files.append(
            write(directory, unit, WEEK, ledger=filler(unit), rectification=rows, task_progress=[progress("T1-1")])
        )
    return files


def stored_rows(engine: Engine) -> list[tuple]:
    """The findings as the database holds them (no type processing by SQLAlchemy)."""
    with engine.connect() as connection:
        sha_of = dict(connection.exec_driver_sql("SELECT id, sha256 FROM submission").all())
        rows = connection.exec_driver_sql("SELECT * FROM rectification_row").mappings().all()
    return sorted(
        tuple((k, sha_of[v] if k == "submission_id" else v) for k, v in row.items() if k != "id") for row in rows
    )


def test_the_column_wise_load_stores_what_the_row_by_row_load_stores(
    store,  # noqa: ANN001
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = workbooks(tmp_path / "in")
    cleared = [
        isinstance(load.parse_file(p.read_bytes(), p.name, store.config, dt.date.today()).rectification, pa.Table)
        for p in files
    ]
    assert cleared == [True, True, False]

    with monkeypatch.context() as patched:
        patched.setattr(load, "read_workbook", lambda data, name="", columnar=False: reader.read_workbook(data, name))
        assert all(r.accepted for r in store.load_many(files))
    by_row, by_row_values = content(store.engine), stored_rows(store.engine)

    empty_store(store.engine)
    shutil.rmtree(store.archive_dir)
    store.archive_dir.mkdir()
    assert all(r.accepted for r in store.load_many(files))
    assert stored_rows(store.engine) == by_row_values
    assert content(store.engine) == by_row
    assert len(by_row_values) == 1800
