"""The CLI's jobs: init, load many, rebuild from the archive, demo. Orchestration only."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, delete, select

from cockpit import facts, pending
from cockpit.config import Config
from cockpit.db import insert_rows, transaction
from cockpit.models import EtlRun, Submission
from cockpit.schema import upgrade
from etl import staging
from etl.isolated import batch_worker_start, check_path_isolated
from etl.issues import WorkbookRejected
from etl.load import ROW_MODELS, Checked, LoadResult, archive_path, check_path, parse_file, refresh_facts, store_checked
from etl.progress import Progress

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")  # the last three are rejected, each with its reason


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
    once at the end. Reading and validating run in worker processes while this one writes
    (`processes=1`: all in this process); for a SQLite store the workers stage the findings they
    cleared (etl.staging)."""
    day = today or dt.date.today()
    results = []
    with pending.loading(archive_dir), _staging(engine, archive_dir) as stage_dir:
        for checked in checked_in_order(
            files,
            config=config,
            today=day,
            processes=processes or min(2, os.cpu_count() or 1),
            stage_dir=stage_dir,
        ):
            try:
                result = store_checked(engine, checked, config=config, archive_dir=archive_dir, refresh=False)
            finally:
                staging.discard(checked.parsed)
            results.append(result)
            if progress:
                progress.advance(1, sum(result.row_counts.values()))
        refresh_facts(engine, config)
    return results


@contextmanager
def _staging(engine: Engine, archive_dir: Path) -> Iterator[Path | None]:
    if engine.dialect.name != "sqlite":
        yield None
        return
    with staging.staging_folder(archive_dir) as folder:
        yield folder


def checked_in_order(
    files: list[Path], *, config: Config, today: dt.date, processes: int, stage_dir: Path | None = None
) -> Iterator[Checked]:
    """Every file checked, in order, at most a few files ahead of the consumer (a province's
    validated rows are large; they must not pile up in memory).

    Workers read under a memory cap. Should a file still kill one (the pool then breaks), that
    file and the rest are checked one child process each, so the culprit is rejected alone."""
    check = functools.partial(check_path, config=config, today=today, stage_dir=stage_dir)
    if processes <= 1:
        yield from map(check, files)
        return
    queue = iter(files)
    waiting: deque[tuple[Path, Future[Checked]]] = deque()
    with ProcessPoolExecutor(processes, initializer=batch_worker_start) as pool:
        try:
            for path in itertools.islice(queue, 2 * processes):
                waiting.append((path, pool.submit(check, path)))
            while waiting:
                checked = waiting[0][1].result()
                waiting.popleft()
                for path in itertools.islice(queue, 1):
                    waiting.append((path, pool.submit(check, path)))
                yield checked
        except BrokenProcessPool:
            pass
    for path in itertools.chain((p for p, _ in waiting), queue):
        yield check_path_isolated(path, config=config, today=today)


def rebuild(engine: Engine, *, config: Config, archive_dir: Path, progress: Progress | None = None) -> int:
    """Re-read every archived submission, replace its rows, and recompute every week's facts.

    Runs in one transaction: a failure leaves the store as it was.
    """
    with transaction(engine) as session:
        pending.lock_recomputation(session)
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
                    insert_rows(session, model.__table__, rows, same={"submission_id": submission.id})
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
