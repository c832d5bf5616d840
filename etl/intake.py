"""One uploaded workbook, loaded in a process of its own: `python -m etl.intake --unit U --name N PATH`.

The web app runs this as a child process (cockpit.upload), so a file that crashes or exhausts
the reader takes down this process, not the server. It judges the file by its bytes
(etl.filetypes), loads it through the same loader as `python -m etl load` (etl.load), refuses a
workbook whose 封面 names another unit than the uploader's, and prints one JSON report.

.xls and .ods are read with python-calamine and handed to the loader as an equivalent .xlsx,
which is what the archive keeps (so `python -m etl rebuild`, whose reader takes .xlsx only, can
rebuild the store from it); the file as uploaded is kept beside it under `originals/`, by its
own sha256. Once etl.reader reads .xls/.ods itself, the conversion here can go.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook
from sqlalchemy import Engine, select

from cockpit.config import default_config
from cockpit.db import get_engine, transaction
from cockpit.models import Submission
from cockpit.schema import is_initialised, upgrade
from cockpit.settings import Settings
from etl import bounds, filetypes
from etl.isolated import limit_memory
from etl.issues import WorkbookRejected, error
from etl.load import Checked, LoadResult, check_bytes, store_checked
from etl.workbook import write_sheets


def as_xlsx(data: bytes) -> bytes:
    """An .xls or .ods workbook's cells, as calamine reads them, in an .xlsx of the same sheets
    (the same input gives the same bytes, so a file uploaded twice is recognised as unchanged)."""
    source = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = [
        (
            name,
            [
                [str(c) if isinstance(c, dt.timedelta | dt.time) else c for c in row]
                for row in source.get_sheet_by_name(name).to_python(skip_empty_area=False)
            ],
        )
        for name in source.sheet_names
    ]
    with tempfile.TemporaryDirectory(prefix="cockpit-intake-") as scratch:
        return write_sheets(Path(scratch) / "converted.xlsx", sheets).read_bytes()


@dataclass
class Upload:
    """An upload read and validated: what the loader stores, and the file as it came."""

    checked: Checked
    original: bytes
    original_sha256: str
    kind: str | None  # filetypes.XLSX / XLS / ODS; None when refused by its bytes


def check_upload(data: bytes, *, file_name: str, unit_code: str, config, today: dt.date) -> Upload:  # noqa: ANN001
    """Read and validate an upload of `unit_code`; every refusal is in `checked.issues`."""
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        kind = filetypes.sniff(data)
        if kind == filetypes.ODS:
            bounds.check_ods(data)  # repeats expanded, before calamine expands them
        readable = as_xlsx(data) if kind in (filetypes.XLS, filetypes.ODS) else data
    except filetypes.Refused as refused:
        return Upload(_refused(file_name, data, sha256, str(refused)), data, sha256, None)
    except WorkbookRejected as rejected:
        return Upload(
            Checked(file_name, file_name, dt.datetime.now(), data, sha256, issues=rejected.issues), data, sha256, None
        )
    except Exception:  # noqa: BLE001 - any calamine failure means the file cannot be read
        return Upload(_refused(file_name, data, sha256, filetypes.CORRUPT), data, sha256, None)
    checked = check_bytes(readable, file_name=file_name, source=file_name, config=config, today=today)
    if checked.parsed is not None and checked.parsed.unit_code != unit_code:
        refusal = error(
            f"封面的单位编码({checked.parsed.unit_code})不是本账号所属单位({unit_code}),只能报送本单位的工作簿",
            sheet="封面",
            column="单位编码",
            value=checked.parsed.unit_code,
        )
        checked.parsed, checked.issues = None, [refusal]
    return Upload(checked, data, sha256, kind)


def _refused(file_name: str, data: bytes, sha256: str, reason: str) -> Checked:
    return Checked(file_name, file_name, dt.datetime.now(), data, sha256, issues=[error(reason)])


def keep_original(upload: Upload, archive_dir: Path) -> Path | None:
    """A converted upload's original bytes, beside the archive (written once, atomically)."""
    if upload.kind in (None, filetypes.XLSX):
        return None
    target = archive_dir / "originals" / upload.original_sha256[:2] / f"{upload.original_sha256}.{upload.kind}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".tmp{os.getpid()}")
        temporary.write_bytes(upload.original)
        os.replace(temporary, target)
    return target


def report(engine: Engine, result: LoadResult, upload: Upload) -> dict:
    """The JSON a caller reads: outcome, receipt and every error and warning."""
    superseded_at = None
    if result.superseded_id is not None:
        with transaction(engine) as session:
            superseded_at = session.scalar(select(Submission.loaded_at).where(Submission.id == result.superseded_id))
    return {
        "accepted": result.accepted,
        "unit_code": result.unit_code,
        "report_week": result.report_week,
        "sha256": upload.original_sha256,
        "stored_sha256": upload.checked.sha256,
        "file_kind": upload.kind,
        "submission_id": result.submission_id,
        "superseded_submission": result.superseded_id,
        "superseded_loaded_at": f"{superseded_at:%Y-%m-%d %H:%M}" if superseded_at else None,
        "unchanged": result.unchanged,
        "rows": result.row_counts,
        "errors": [i.as_dict() for i in result.errors],
        "warnings": [i.as_dict() for i in result.warnings],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.intake", description="导入一份网页上传的报送工作簿")
    parser.add_argument("path", type=Path)
    parser.add_argument("--unit", required=True, help="上传者所属单位编码(来自登录会话)")
    parser.add_argument("--name", default="", help="上传时的文件名(仅作记录)")
    args = parser.parse_args(argv)
    limit_memory()  # the same cap as etl.isolated's reading children
    settings = Settings()
    config = default_config(str(settings.config_dir))
    engine = get_engine(settings.db_url)
    if not is_initialised(engine):
        upgrade(engine)
    data = args.path.read_bytes()
    upload = check_upload(
        data, file_name=args.name or args.path.name, unit_code=args.unit, config=config, today=dt.date.today()
    )
    result = store_checked(engine, upload.checked, config=config, archive_dir=settings.archive_dir)
    if result.accepted:
        keep_original(upload, settings.archive_dir)
    json.dump(report(engine, result, upload), sys.stdout, ensure_ascii=False, default=str)
    return 0 if result.accepted else 1


if __name__ == "__main__":
    raise SystemExit(main())
