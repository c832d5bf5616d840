"""A batch written by several writers at once (PostgreSQL's default, `etl.jobs.WRITERS`) stores
what a one-by-one load stores: each unit's files stay in their order, so a resubmission in the
same batch still supersedes the earlier file, and the results come back in the files' order."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from store_content import content
from workbooks import filler, finding, scenario_files, write

from etl import jobs
from tests.conftest import empty_store


def batch(directory: Path) -> list[Path]:
    """The four-submission scenario, one unreadable file, and two resubmissions of 330102's
    2024-W10 (the last one wins) placed among the other units' files."""
    files = scenario_files(directory)
    broken = directory / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    again = [
        write(
            directory,
            "330102",
            "2024-W10",
            ledger=filler("330102"),
            rectification=[finding("R9", found_on=dt.date(2024, 1, 3), due_on=dt.date(2024, 2, 1), amount=n)],
            name=f"again{n}.xlsx",
        )
        for n in (1, 2)
    ]
    return [files[0], again[0], files[1], broken, files[2], again[1], files[3]]


def _load(store, files: list[Path], writers: int) -> list:  # noqa: ANN001
    return jobs.load_many(
        store.engine,
        files,
        config=store.config,
        archive_dir=store.archive_dir,
        today=dt.date(2024, 3, 25),
        writers=writers,
    )


@pytest.mark.parametrize("writers", [2, 3])
def test_several_writers_store_what_one_writer_stores(store, tmp_path: Path, writers: int) -> None:  # noqa: ANN001
    files = batch(tmp_path / "in")
    one_by_one = _load(store, files, writers=1)
    expected = content(store.engine)

    empty_store(store.engine)
    shutil.rmtree(store.archive_dir)
    store.archive_dir.mkdir()
    together = _load(store, files, writers=writers)

    assert [r.source for r in together] == [str(p) for p in files]
    assert [(r.accepted, r.unit_code, r.report_week) for r in together] == [
        (r.accepted, r.unit_code, r.report_week) for r in one_by_one
    ]
    assert [r.accepted for r in together] == [True, True, True, False, True, True, True]
    assert content(store.engine) == expected
    from cockpit.models import FactDirty, Submission

    with store.session() as session:
        current = session.scalars(
            select(Submission.file_name).where(
                Submission.unit_code == "330102",
                Submission.report_week == "2024-W10",
                Submission.superseded_at.is_(None),
            )
        ).all()
        assert current == ["again2.xlsx"]
        assert session.scalar(select(func.count()).select_from(FactDirty)) == 0


def test_a_writer_that_fails_fails_the_batch_after_the_others_finish(
    store,  # noqa: ANN001
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = scenario_files(tmp_path / "in")
    real = jobs.store_checked
    stored: list[str] = []

    def flaky(engine, checked, **options):  # noqa: ANN001, ANN202
        if checked.file_name == files[1].name:
            raise RuntimeError("写入失败")
        result = real(engine, checked, **options)
        stored.append(checked.file_name)
        return result

    monkeypatch.setattr(jobs, "store_checked", flaky)
    with pytest.raises(RuntimeError, match="写入失败"):
        _load(store, files, writers=2)
    assert files[1].name not in stored
    assert files[0].name in stored
