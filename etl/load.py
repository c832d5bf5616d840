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

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cockpit import facts
from cockpit.config import Config
from cockpit.db import transaction
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
    return validate(read_workbook(data, file_name), config, today=today)


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
    """Validate and load one workbook's bytes; `refresh=False` leaves the facts to the caller."""
    today = today or dt.date.today()
    started = dt.datetime.now()
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        parsed = parse_file(data, file_name, config, today)
    except WorkbookRejected as rejected:
        result = LoadResult(source=file_name, accepted=False, issues=rejected.issues)
        _record_rejection(engine, result, sha256, started)
        return result
    try:
        with transaction(engine) as session:
            result = _store(session, parsed, data, sha256, file_name, archive_dir, started)
    except IntegrityError:
        result = LoadResult(
            source=file_name,
            accepted=False,
            issues=[error("同一单位同一周的另一份报送正在同时导入,本文件未入库,请稍后重新报送")],
            unit_code=parsed.unit_code,
            report_week=parsed.report_week,
        )
        _record_rejection(engine, result, sha256, started)
        return result
    if refresh:
        refresh_facts(engine, config)
    return result


def load_path(engine: Engine, path: Path, **kwargs: object) -> LoadResult:
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = {FileNotFoundError: "文件不存在", PermissionError: "没有读取权限", IsADirectoryError: "这是一个文件夹"}
        problem = reason.get(type(exc), "读取失败")
        result = LoadResult(source=str(path), accepted=False, issues=[error(f"无法读取文件: {problem}")])
        _record_rejection(engine, result, None, dt.datetime.now())
        return result
    result = load_bytes(engine, data, file_name=path.name, **kwargs)
    result.source = str(path)
    return result


def refresh_facts(engine: Engine, config: Config) -> list[str]:
    with transaction(engine) as session:
        return facts.refresh_facts(session, config)


def _store(
    session: Session, parsed: Parsed, data: bytes, sha256: str, file_name: str, archive_dir: Path, started: dt.datetime
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
            session.execute(insert(model), [{**row, "submission_id": submission.id} for row in rows])
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
