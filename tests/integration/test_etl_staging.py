"""A batch into a SQLite store hands the findings its workers cleared to the writer as staged
SQLite files (etl.staging): the stored rows are those of the row-by-row load
(test_etl_columnar_store), and nothing staged outlives the batch, however it ends."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest
from sqlalchemy import select, text
from test_etl_columnar_store import stored_rows, workbooks
from test_insert_arrow import submission

from cockpit import pending
from cockpit.config import default_config
from cockpit.db import StagedRows, get_engine, insert_rows, transaction
from cockpit.models import RectificationRow, Submission
from etl import jobs, load, staging
from tests.conftest import empty_store


def _attached(engine) -> list[str]:  # noqa: ANN001
    """The databases attached to a pooled connection besides the store's own."""
    with engine.connect() as connection:
        return [row[1] for row in connection.exec_driver_sql("PRAGMA database_list") if row[1] not in ("main", "temp")]


def _staging_folders(archive_dir: Path) -> list[Path]:
    return list(archive_dir.glob(f"{pending.STAGING_PREFIX}*"))


def test_a_sqlite_batch_stages_the_cleared_findings_and_leaves_nothing_behind(
    store,  # noqa: ANN001
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = workbooks(tmp_path / "in")
    staged: list[int] = []
    real_stage = staging.stage

    def counted(rows: pa.Table, directory: Path) -> StagedRows:
        result = real_stage(rows, directory)
        staged.append(result.count)
        return result

    monkeypatch.setattr(staging, "stage", counted)
    results = jobs.load_many(
        store.engine, files, config=store.config, archive_dir=store.archive_dir, processes=1, today=dt.date.today()
    )
    assert [r.accepted for r in results] == [True, True, True]
    assert staged == ([600, 600] if store.kind == "sqlite" else [])  # the third file is checked by row
    assert len(stored_rows(store.engine)) == 1800
    assert _staging_folders(store.archive_dir) == []
    if store.kind == "sqlite":
        assert _attached(store.engine) == []


def test_staged_rows_are_stored_as_the_same_rows_inserted_from_arrow(sqlite_url: str, tmp_path: Path) -> None:
    engine = get_engine(sqlite_url)
    empty_store(engine)
    files = workbooks(tmp_path / "in")
    parsed = load.parse_file(files[0].read_bytes(), files[0].name, default_config(), dt.date.today())
    table = parsed.rectification
    assert isinstance(table, pa.Table)
    with transaction(engine) as session:
        first = submission(session, "2024-W10")
        insert_rows(session, RectificationRow.__table__, table, same={"submission_id": first})
        second = submission(session, "2024-W11")
        insert_rows(session, RectificationRow.__table__, staging.stage(table, tmp_path), same={"submission_id": second})
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT * FROM rectification_row ORDER BY submission_id, id").mappings().all()
    by_submission = {}
    for row in rows:
        by_submission.setdefault(row["submission_id"], []).append(
            {k: v for k, v in row.items() if k not in ("id", "submission_id")}
        )
    assert len(by_submission[first]) == table.num_rows
    assert by_submission[second] == by_submission[first]
    assert _attached(engine) == []


def test_a_staged_file_that_does_not_fit_the_table_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    engine = get_engine(sqlite_url)
    empty_store(engine)
    staged = staging.stage(pa.table({"row_no": [1], "not_a_column": ["x"]}), tmp_path)
    with pytest.raises(ValueError, match="not_a_column"), transaction(engine) as session:
        insert_rows(
            session, RectificationRow.__table__, staged, same={"submission_id": submission(session, "2024-W10")}
        )
    with transaction(engine) as session:
        assert session.scalar(select(Submission.id)) is None
    assert _attached(engine) == []


def test_staged_rows_are_for_a_sqlite_store_only(postgresql_url: str, tmp_path: Path) -> None:
    engine = get_engine(postgresql_url)
    staged = staging.stage(pa.table({"row_no": [1]}), tmp_path)
    with pytest.raises(ValueError, match="SQLite"), transaction(engine) as session:
        session.execute(text("SELECT 1"))
        insert_rows(session, RectificationRow.__table__, staged, same={"submission_id": 1})


def test_a_batch_that_dies_while_writing_removes_its_staged_files(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = get_engine(sqlite_url)
    empty_store(engine)
    archive_dir = tmp_path / "archive"
    seen: list[Path] = []

    def fail(_engine, checked, **_options):  # noqa: ANN001, ANN202
        seen.append(checked.parsed.rectification.path)
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(jobs, "store_checked", fail)
    with pytest.raises(RuntimeError, match="磁盘已满"):
        jobs.load_many(
            engine, workbooks(tmp_path / "in"), config=default_config(), archive_dir=archive_dir, processes=1
        )
    assert len(seen) == 1 and not seen[0].exists()
    assert _staging_folders(archive_dir) == []


def test_the_sweep_removes_the_staging_folder_of_a_killed_batch(sqlite_url: str, tmp_path: Path) -> None:
    engine = get_engine(sqlite_url)
    empty_store(engine)
    archive_dir = tmp_path / "archive"
    left = archive_dir / f"{pending.STAGING_PREFIX}4242-x1y2"
    left.mkdir(parents=True)
    (left / "0123.sqlite").write_bytes(b"SQLite format 3\x00")
    kept = archive_dir / "ab"
    kept.mkdir()
    assert left in pending.sweep_archive(engine, archive_dir)
    assert not left.exists() and kept.exists()
