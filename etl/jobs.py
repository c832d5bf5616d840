"""The CLI's jobs: init, load many, rebuild from the archive, demo. Orchestration only."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Engine, delete, select

from cockpit import facts
from cockpit.config import Config
from cockpit.db import transaction
from cockpit.models import EtlRun, Submission
from cockpit.schema import upgrade
from etl.issues import WorkbookRejected
from etl.load import ROW_MODELS, LoadResult, archive_path, load_path, parse_file, refresh_facts
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
) -> list[LoadResult]:
    """Load each file in its own transaction; recompute the affected weeks once at the end."""
    results = []
    for path in files:
        result = load_path(engine, path, config=config, archive_dir=archive_dir, today=today, refresh=False)
        results.append(result)
        if progress:
            progress.advance(1, sum(result.row_counts.values()))
    refresh_facts(engine, config)
    return results


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
                    session.execute(model.__table__.insert(), [{**r, "submission_id": submission.id} for r in rows])
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
