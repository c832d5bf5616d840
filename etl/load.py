"""Loading one workbook: validate, then load whole in one transaction or reject whole.

The file is archived byte for byte under its sha256; a resubmission for the same unit and week
supersedes the earlier one in the same transaction. Facts of the affected weeks are marked in
that transaction and recomputed right after (or once per batch when loading many files).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cockpit import facts, pending
from cockpit.config import Config
from cockpit.db import insert_rows, transaction
from cockpit.models import (
    EtlRun,
    FeaturedWorkRow,
    LedgerRow,
    RectificationRow,
    Submission,
    TaskProgressRow,
)
from etl.issues import Issue, WorkbookRejected, error
from etl.reader import read_workbook
from etl.staging import stage_parsed
from etl.validate import Parsed, validate

ROW_MODELS = {
    "ledger": LedgerRow,
    "rectification": RectificationRow,
    "task_progress": TaskProgressRow,
    "featured_work": FeaturedWorkRow,
}


@dataclass
class LoadResult:
    source: str
    accepted: bool
    issues: list[Issue] = field(default_factory=list)
    unit_code: str | None = None
    report_week: str | None = None
    submission_id: int | None = None
    superseded_id: int | None = None
    unchanged: bool = False
    row_counts: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "warning"]


def parse_file(data: bytes, file_name: str, config: Config, today: dt.date) -> Parsed:
    return validate(read_workbook(data, file_name, columnar=True), config, today=today)


@dataclass
class Checked:
    """A file read and validated but not stored: the half of a load that needs no database, so
    several can run in other processes while this one writes."""

    source: str
    file_name: str
    started: dt.datetime
    data: bytes | None = None
    sha256: str | None = None
    parsed: Parsed | None = None
    issues: list[Issue] = field(default_factory=list)


def check_bytes(
    data: bytes, *, file_name: str, source: str, config: Config, today: dt.date, stage_dir: Path | None = None
) -> Checked:
    """Read and validate; with `stage_dir`, findings cleared column-wise are handed on as a staged
    SQLite file (etl.staging: for a batch writing to a SQLite store)."""
    checked = Checked(source, file_name, dt.datetime.now(), data, hashlib.sha256(data).hexdigest())
    try:
        checked.parsed = parse_file(data, file_name, config, today)
    except WorkbookRejected as rejected:
        checked.issues = rejected.issues
    else:
        checked.issues = checked.parsed.warnings
        if stage_dir is not None:
            stage_parsed(checked.parsed, stage_dir)
    return checked


def check_path(path: Path, *, config: Config, today: dt.date, stage_dir: Path | None = None) -> Checked:
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = {FileNotFoundError: "文件不存在", PermissionError: "没有读取权限", IsADirectoryError: "这是一个文件夹"}
        problem = reason.get(type(exc), "读取失败")
        return Checked(str(path), path.name, dt.datetime.now(), issues=[error(f"无法读取文件: {problem}")])
    return check_bytes(data, file_name=path.name, source=str(path), config=config, today=today, stage_dir=stage_dir)


def store_checked(
    engine: Engine, checked: Checked, *, config: Config, archive_dir: Path, refresh: bool = True
) -> LoadResult:
    """Load a checked file whole in one transaction, or record its rejection; `refresh=False`
    leaves the facts to the caller. Holds the archive's loading lock meanwhile, so that no one
    takes a file it has archived but not yet committed for a crashed load's leftover."""
    with pending.loading(archive_dir):
        return _store_checked(engine, checked, config=config, archive_dir=archive_dir, refresh=refresh)


def _store_checked(engine: Engine, checked: Checked, *, config: Config, archive_dir: Path, refresh: bool) -> LoadResult:
    if checked.parsed is None:
        result = LoadResult(source=checked.source, accepted=False, issues=checked.issues)
        _record_rejection(engine, result, checked.sha256, checked.started)
        return result
    parsed = checked.parsed
    try:
        with transaction(engine) as session:
            result = _store(
                session, parsed, checked.data, checked.sha256, checked.file_name, archive_dir, checked.started
            )
    except IntegrityError:
        result = LoadResult(
            source=checked.source,
            accepted=False,
            issues=[error("同一单位同一周的另一份报送正在同时导入,本文件未入库,请稍后重新报送")],
            unit_code=parsed.unit_code,
            report_week=parsed.report_week,
        )
        _record_rejection(engine, result, checked.sha256, checked.started)
        return result
    result.source = checked.source
    if refresh:
        refresh_facts(engine, config)
    return result


def load_bytes(
    engine: Engine,
    data: bytes,
    *,
    file_name: str,
    config: Config,
    archive_dir: Path,
    today: dt.date | None = None,
    refresh: bool = True,
) -> LoadResult:
    """Validate and load one workbook's bytes."""
    checked = check_bytes(data, file_name=file_name, source=file_name, config=config, today=today or dt.date.today())
    return store_checked(engine, checked, config=config, archive_dir=archive_dir, refresh=refresh)


def load_path(
    engine: Engine,
    path: Path,
    *,
    config: Config,
    archive_dir: Path,
    today: dt.date | None = None,
    refresh: bool = True,
) -> LoadResult:
    """Validate and load one workbook file."""
    checked = check_path(Path(path), config=config, today=today or dt.date.today())
    return store_checked(engine, checked, config=config, archive_dir=archive_dir, refresh=refresh)


def refresh_facts(engine: Engine, config: Config) -> list[str]:
    """Recompute the weeks that loads marked (theirs and any a killed load left)."""
    return pending.finish(engine, config)


def _store(
    session: Session,
    parsed: Parsed,
    data: bytes,
    sha256: str,
    file_name: str,
    archive_dir: Path,
    started: dt.datetime,
) -> LoadResult:
    result = LoadResult(
        source=file_name,
        accepted=True,
        issues=parsed.warnings,
        unit_code=parsed.unit_code,
        report_week=parsed.report_week,
        row_counts=parsed.row_counts(),
    )
    previous = session.scalar(
        select(Submission).where(
            Submission.unit_code == parsed.unit_code,
            Submission.report_week == parsed.report_week,
            Submission.superseded_at.is_(None),
        )
    )
    if previous is not None and previous.sha256 == sha256:
        result.unchanged, result.submission_id = True, previous.id
        _add_run(session, result, sha256, started, "unchanged")
        return result
    old_bounds = facts.week_bounds(session)
    now = dt.datetime.now()
    if previous is not None:
        previous.superseded_at = now
        session.flush()
        result.superseded_id = previous.id
    submission = Submission(
        unit_code=parsed.unit_code,
        report_week=parsed.report_week,
        sha256=sha256,
        file_name=file_name[:255],
        size_bytes=len(data),
        reporter=parsed.reporter,
        phone=parsed.phone,
        loaded_at=now,
        warnings=json.dumps([w.as_dict() for w in parsed.warnings], ensure_ascii=False),
    )
    session.add(submission)
    session.flush()
    if previous is not None:
        session.execute(update(Submission).where(Submission.id == previous.id).values(superseded_by=submission.id))
    for key, model in ROW_MODELS.items():
        rows = getattr(parsed, key)
        if rows:
            insert_rows(session, model.__table__, rows, same={"submission_id": submission.id})
    first, last = facts.affected_weeks(
        session, unit_code=parsed.unit_code, week=parsed.report_week, old_last=old_bounds[1] if old_bounds else None
    )
    facts.mark_dirty(session, first, last)
    archive(data, sha256, archive_dir)
    result.submission_id = submission.id
    _add_run(session, result, sha256, started, "accepted")
    return result


def archive(data: bytes, sha256: str, archive_dir: Path) -> Path:
    """Write the file once under its checksum (atomic rename; an existing copy is kept)."""
    target = archive_path(archive_dir, sha256)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".tmp{os.getpid()}")
        temporary.write_bytes(data)
        os.replace(temporary, target)
    return target


def archive_path(archive_dir: Path, sha256: str) -> Path:
    return archive_dir / sha256[:2] / f"{sha256}.xlsx"


def _add_run(session: Session, result: LoadResult, sha256: str | None, started: dt.datetime, outcome: str) -> None:
    session.add(
        EtlRun(
            command="load",
            source=result.source[-512:],
            sha256=sha256,
            unit_code=result.unit_code,
            report_week=result.report_week,
            started_at=started,
            finished_at=dt.datetime.now(),
            result=outcome,
            row_counts=json.dumps(result.row_counts),
            errors=json.dumps([i.as_dict() for i in result.errors], ensure_ascii=False),
            warnings=json.dumps([i.as_dict() for i in result.warnings], ensure_ascii=False),
            submission_id=result.submission_id,
        )
    )


def _record_rejection(engine: Engine, result: LoadResult, sha256: str | None, started: dt.datetime) -> None:
    """A rejected file changes no data table; only the run log remembers it."""
    with transaction(engine) as session:
        _add_run(session, result, sha256, started, "rejected")
