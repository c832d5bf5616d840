"""A workbook uploaded through /submit: limits checked here, loaded in a child process.

The server never parses an uploaded file itself: `python -m etl.intake` reads, validates and
loads it (the loader of `python -m etl load`) in a process of its own with a time limit, so a
hostile file can crash or exhaust only that process. The uploader's unit comes from the
session (cockpit.access), and the child refuses a 封面 of another unit.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from cockpit import weeks
from cockpit.exports import escape_formula  # noqa: F401 - the one rule, re-exported for the upload report
from cockpit.settings import PROJECT_ROOT, Settings

TIMEOUT_S = 180
TEMPLATE_WEEKS = 12  # the weeks a template is offered for: this one and the eleven before
ACCEPTED_SUFFIXES = (".xlsx", ".xls", ".ods", ".xlsm")  # .xlsm only to refuse it with its own message


@dataclass(frozen=True)
class Outcome:
    """What became of an upload: the receipt when accepted, every error when not."""

    accepted: bool
    errors: list[dict] = field(default_factory=list)  # etl.issues.Issue dicts
    warnings: list[dict] = field(default_factory=list)
    sha256: str | None = None  # of the file as uploaded
    stored_sha256: str | None = None  # of what the archive keeps (differs for a converted .xls/.ods)
    file_kind: str | None = None
    unit_code: str | None = None
    report_week: str | None = None
    rows: dict[str, int] = field(default_factory=dict)
    submission_id: int | None = None
    superseded_id: int | None = None
    superseded_loaded_at: str | None = None
    unchanged: bool = False


def refused(reason: str) -> Outcome:
    return Outcome(
        accepted=False,
        errors=[{"level": "error", "reason": reason, "sheet": "", "row": None, "column": "", "value": ""}],
    )


def decode(contents: str | None, max_bytes: int) -> bytes:
    """dcc.Upload's `data:…;base64,…` as bytes; ValueError with a Chinese reason."""
    if not isinstance(contents, str) or "," not in contents:
        raise ValueError("没有收到文件内容,请重新选择文件")
    encoded = contents.split(",", 1)[1]
    if len(encoded) * 3 // 4 > max_bytes + 3:
        raise ValueError(too_large(len(encoded) * 3 // 4, max_bytes))
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("文件内容无法解码,请重新上传") from None


def too_large(size: int, max_bytes: int) -> str:
    return f"文件过大({size / 1048576:.1f} MB),上限 {max_bytes / 1048576:.0f} MB;请删除多余的工作表或图片后重新报送"


def receive(data: bytes, *, file_name: str, unit_code: str, settings: Settings, timeout_s: int = TIMEOUT_S) -> Outcome:
    """Load `data` as `unit_code`'s submission in a child process; never raises for a bad file."""
    if len(data) > settings.max_upload_bytes:
        return refused(too_large(len(data), settings.max_upload_bytes))
    uploads = settings.instance_dir / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix="upload-", dir=uploads)
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        done = subprocess.run(
            [sys.executable, "-m", "etl.intake", "--unit", unit_code, "--name", file_name[-200:], str(path)],
            cwd=PROJECT_ROOT,
            env=_child_env(settings),
            capture_output=True,
            timeout=timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return refused(f"文件处理超过 {timeout_s} 秒仍未完成,已中止,未入库;请检查文件后重新报送")
    finally:
        path.unlink(missing_ok=True)
    try:
        report = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return refused("读取文件时出错(文件可能已损坏或过于复杂),未入库;请重新保存后报送")
    return _outcome(report)


def _child_env(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "COCKPIT_DB_URL": settings.db_url,
        "COCKPIT_ARCHIVE_DIR": str(settings.archive_dir),
        "COCKPIT_INSTANCE_DIR": str(settings.instance_dir),
        "COCKPIT_CONFIG_DIR": str(settings.config_dir),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
    }


def _outcome(report: dict) -> Outcome:
    return Outcome(
        accepted=bool(report.get("accepted")),
        errors=list(report.get("errors") or []),
        warnings=list(report.get("warnings") or []),
        sha256=report.get("sha256"),
        stored_sha256=report.get("stored_sha256"),
        file_kind=report.get("file_kind"),
        unit_code=report.get("unit_code"),
        report_week=report.get("report_week"),
        rows=dict(report.get("rows") or {}),
        submission_id=report.get("submission_id"),
        superseded_id=report.get("superseded_submission"),
        superseded_loaded_at=report.get("superseded_loaded_at"),
        unchanged=bool(report.get("unchanged")),
    )


def template_for(unit_code: str, week: str) -> bytes:
    """The template of `unit_code` for `week`, pre-filled from its last submission up to that week."""
    from cockpit.queries.prefill import previous_submission
    from cockpit.store import config, read_session
    from etl.template import build_template

    with read_session() as session:
        previous = previous_submission(session, unit_code=unit_code, week=week)
    return build_template(config=config(), unit_code=unit_code, week=week, previous=previous)


def template_weeks(today: dt.date | None = None) -> list[str]:
    """The weeks a template may be downloaded for, newest first (the current ISO week first)."""
    current = weeks.week_of(today or dt.date.today())
    return [weeks.shift(current, -n) for n in range(TEMPLATE_WEEKS)]
