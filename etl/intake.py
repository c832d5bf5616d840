"""One uploaded workbook, loaded in a process of its own: `python -m etl.intake --unit U --name N PATH`.

The web app runs this as a child process (cockpit.upload), so a file that crashes or exhausts
the reader takes down this process, not the server. It judges the file by its bytes
(etl.filetypes), loads it through the same loader as `python -m etl load` (etl.load), refuses a
workbook whose 封面 names another unit than the uploader's, and prints one JSON report.

.xls and .ods are read with python-calamine and handed to the loader as an equivalent .xlsx;
the archive keeps the file as uploaded (bytes and sha256). (The reader of etl.reader accepts
.xlsx only; once it reads .xls/.ods itself the conversion here can go.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import resource
import sys
from pathlib import Path

from openpyxl import Workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import Engine, select

from cockpit.config import default_config
from cockpit.db import get_engine, transaction
from cockpit.models import Submission
from cockpit.schema import is_initialised, upgrade
from cockpit.settings import Settings
from etl import filetypes
from etl.issues import error
from etl.load import Checked, LoadResult, check_bytes, store_checked

MEMORY_LIMIT_BYTES = 3 * 1024**3


def as_xlsx(data: bytes) -> bytes:
    """An .xls or .ods workbook's cells, as calamine reads them, in an .xlsx of the same sheets."""
    source = CalamineWorkbook.from_filelike(io.BytesIO(data))
    book = Workbook(write_only=True)
    for name in source.sheet_names:
        sheet = book.create_sheet(name)
        for row in source.get_sheet_by_name(name).to_python(skip_empty_area=False):
            sheet.append([cell if not isinstance(cell, dt.timedelta) else str(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def check_upload(data: bytes, *, file_name: str, unit_code: str, config, today: dt.date) -> Checked:  # noqa: ANN001
    """Read and validate an upload of `unit_code`; every refusal is in `issues`, `parsed` None."""
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        kind = filetypes.sniff(data)
        readable = as_xlsx(data) if kind in (filetypes.XLS, filetypes.ODS) else data
    except filetypes.Refused as refused:
        return Checked(file_name, file_name, dt.datetime.now(), data, sha256, issues=[error(str(refused))])
    except Exception:  # noqa: BLE001 - any calamine failure means the file cannot be read
        return Checked(file_name, file_name, dt.datetime.now(), data, sha256, issues=[error(filetypes.CORRUPT)])
    checked = check_bytes(readable, file_name=file_name, source=file_name, config=config, today=today)
    checked.data, checked.sha256 = data, sha256
    if checked.parsed is not None and checked.parsed.unit_code != unit_code:
        refusal = error(
            f"封面的单位编码({checked.parsed.unit_code})不是本账号所属单位({unit_code}),只能报送本单位的工作簿",
            sheet="封面",
            column="单位编码",
            value=checked.parsed.unit_code,
        )
        checked.parsed, checked.issues = None, [refusal]
    return checked


def report(engine: Engine, result: LoadResult, sha256: str | None) -> dict:
    """The JSON a caller reads: outcome, receipt and every error and warning."""
    superseded_at = None
    if result.superseded_id is not None:
        with transaction(engine) as session:
            superseded_at = session.scalar(select(Submission.loaded_at).where(Submission.id == result.superseded_id))
    return {
        "accepted": result.accepted,
        "unit_code": result.unit_code,
        "report_week": result.report_week,
        "sha256": sha256,
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
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT_BYTES if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT_BYTES, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    settings = Settings()
    config = default_config(str(settings.config_dir))
    engine = get_engine(settings.db_url)
    if not is_initialised(engine):
        upgrade(engine)
    data = args.path.read_bytes()
    checked = check_upload(
        data, file_name=args.name or args.path.name, unit_code=args.unit, config=config, today=dt.date.today()
    )
    result = store_checked(engine, checked, config=config, archive_dir=settings.archive_dir)
    json.dump(report(engine, result, checked.sha256), sys.stdout, ensure_ascii=False, default=str)
    return 0 if result.accepted else 1


if __name__ == "__main__":
    raise SystemExit(main())
