"""The CLI's jobs: init, load many, rebuild from the archive, demo. Orchestration only."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from sqlalchemy import Engine, delete, select

from cockpit import facts
from cockpit.config import Config
from cockpit.db import insert_rows, transaction
from cockpit.models import EtlRun, Submission
from cockpit.schema import upgrade
from etl.issues import WorkbookRejected
from etl.load import ROW_MODELS, Checked, LoadResult, archive_path, check_path, parse_file, refresh_facts, store_checked
from etl.progress import Progress

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def init(engine: Engine) -> None:
    upgrade(engine)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders contribute their workbooks, sorted by name."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in WORKBOOK_SUFFIXES and p.is_file())
        else:
            files.append(path)
    return files


def load_many(
    engine: Engine,
    files: list[Path],
    *,
    config: Config,
    archive_dir: Path,
    today: dt.date | None = None,
    progress: Progress | None = None,
    processes: int | None = None,
) -> list[LoadResult]:
    """Load each file in its own transaction, in the given order; recompute the affected weeks
    once at the end. Reading and validating run in worker processes while this one writes."""
    check = functools.partial(check_path, config=config, today=today or dt.date.today())
    results = []
    for checked in checked_in_order(check, files, processes or min(2, os.cpu_count() or 1)):
        result = store_checked(engine, checked, config=config, archive_dir=archive_dir, refresh=False)
        results.append(result)
        if progress:
            progress.advance(1, sum(result.row_counts.values()))
    refresh_facts(engine, config)
    return results


def checked_in_order(check: Callable[[Path], Checked], files: list[Path], processes: int) -> Iterator[Checked]:
    """`check` of every file, in order, at most a few files ahead of the consumer (a province's
    validated rows are large; they must not pile up in memory)."""
    if processes <= 1 or len(files) < 4:
        yield from map(check, files)
        return
    with ProcessPoolExecutor(processes) as pool:
        pending: deque[Future[Checked]] = deque()
        queue = iter(files)
        for path in itertools.islice(queue, 2 * processes):
            pending.append(pool.submit(check, path))
        while pending:
            checked = pending.popleft().result()
            for path in itertools.islice(queue, 1):
                pending.append(pool.submit(check, path))
            yield checked


def rebuild(engine: Engine, *, config: Config, archive_dir: Path, progress: Progress | None = None) -> int:
    """Re-read every archived submission, replace its rows, and recompute every week's facts.

    Runs in one transaction: a failure leaves the store as it was.
    """
    with transaction(engine) as session:
        submissions = session.scalars(select(Submission).order_by(Submission.id)).all()
        if progress:
            progress.total = len(submissions)
        for model in ROW_MODELS.values():
            session.execute(delete(model))
        for submission in submissions:
            path = archive_path(archive_dir, submission.sha256)
            try:
                parsed = parse_file(path.read_bytes(), submission.file_name, config, dt.date.max - dt.timedelta(days=7))
            except (OSError, WorkbookRejected) as exc:
                raise RuntimeError(f"归档文件无法重建: {path}({exc})") from exc
            for key, model in ROW_MODELS.items():
                rows = getattr(parsed, key)
                if rows:
                    insert_rows(session, model.__table__, [{**r, "submission_id": submission.id} for r in rows])
            if progress:
                progress.advance(1, sum(parsed.row_counts().values()))
        weeks_done = facts.recompute_all(session, config)
        now = dt.datetime.now()
        session.add(
            EtlRun(
                command="rebuild",
                source=str(archive_dir),
                started_at=now,
                finished_at=now,
                result="rebuilt",
                row_counts=json.dumps({"submissions": len(submissions), "weeks": len(weeks_done)}),
            )
        )
    return len(weeks_done)
