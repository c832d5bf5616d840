"""The CLI's jobs: init, load many, rebuild from the archive, demo. Orchestration only."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
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


WRITERS = {"postgresql": 2}  # files written at once by dialect; SQLite takes one writer at a time
IN_FLIGHT_PER_WRITER = 2  # checked files waiting for a writer, at most (they hold their rows)


def load_many(
    engine: Engine,
    files: list[Path],
    *,
    config: Config,
    archive_dir: Path,
    today: dt.date | None = None,
    progress: Progress | None = None,
    processes: int | None = None,
    writers: int | None = None,
) -> list[LoadResult]:
    """Load each file in its own transaction, in the given order for each unit; recompute the
    affected weeks once at the end. Reading and validating run in worker processes while this one
    writes (`processes=1`: all in this process); for a SQLite store the workers stage the findings
    they cleared (etl.staging). PostgreSQL stores take `writers` files at once (WRITERS), each on
    a connection of its own: a unit's files always go to the same writer, in order."""
    day = today or dt.date.today()
    lanes = writers or WRITERS.get(engine.dialect.name, 1)

    def store(checked: Checked) -> LoadResult:
        try:
            return store_checked(engine, checked, config=config, archive_dir=archive_dir, refresh=False)
        finally:
            staging.discard(checked.parsed)

    results: list[LoadResult] = []

    def done(result: LoadResult) -> None:
        results.append(result)
        if progress:
            progress.advance(1, sum(result.row_counts.values()))

    with pending.loading(archive_dir), _staging(engine, archive_dir) as stage_dir, _Writers(lanes) as writing:
        for checked in checked_in_order(
            files,
            config=config,
            today=day,
            processes=processes or min(2, os.cpu_count() or 1),
            stage_dir=stage_dir,
        ):
            if lanes == 1:
                done(store(checked))
                continue
            writing.submit(store, checked)
            while writing.waiting() >= IN_FLIGHT_PER_WRITER * lanes:
                done(writing.oldest())
        while writing.waiting():
            done(writing.oldest())
        refresh_facts(engine, config)
    return results


class _Writers:
    """Single-threaded lanes of work: each unit's files go to one lane, in the order given, so
    that a resubmission supersedes its predecessor as in a one-by-one load; results come back in
    submission order."""

    def __init__(self, lanes: int) -> None:
        self._pools = [ThreadPoolExecutor(1, thread_name_prefix=f"etl-writer-{n}") for n in range(lanes)]
        self._lane_of: dict[str, int] = {}
        self._futures: deque[Future[LoadResult]] = deque()

    def __enter__(self) -> _Writers:
        return self

    def __exit__(self, *_exc: object) -> None:
        for pool in self._pools:
            pool.shutdown(wait=True)  # a failing batch lets the other files in flight finish

    def submit(self, store: Callable[[Checked], LoadResult], checked: Checked) -> None:
        key = checked.parsed.unit_code if checked.parsed else checked.source
        lane = self._lane_of.setdefault(key, len(self._lane_of) % len(self._pools))
        self._futures.append(self._pools[lane].submit(store, checked))

    def waiting(self) -> int:
        return len(self._futures)

    def oldest(self) -> LoadResult:
        return self._futures.popleft().result()


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
