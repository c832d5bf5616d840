"""Facts left to recompute, and who finishes them.

A load commits its rows together with marks on the weeks it affects (FactDirty), then
recomputes those weeks in a second transaction. A load killed between the two leaves the marks,
and the facts show the old figures. Whoever comes next finishes them: every ETL command at its
start (`recover`) and the web app on its first read (`finish_soon`); until then pages say the
figures are being updated (`is_pending`).

Two rules keep that safe. Recomputations never overlap: each takes a lock inside its
transaction (an advisory lock on PostgreSQL, the write lock on SQLite, taken by its first
statement). And a live loader is left to finish its own marks: loaders hold a shared `flock` on
the archive folder's lock file while they work (the kernel drops it however the process dies),
so only someone who can take it exclusively finishes marks or removes archived files the store
does not know (left by a load killed between archiving and committing).
"""

from __future__ import annotations

import fcntl
import logging
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from cockpit import facts
from cockpit.config import Config
from cockpit.db import transaction
from cockpit.models import FactDirty, Submission

LOCK_FILE = ".loading.lock"
STAGING_PREFIX = ".staging-"  # a batch's folder of staged findings (etl.staging)
_ADVISORY_KEY = 7_240_518  # any constant shared by every process that recomputes facts
_ARCHIVED = re.compile(r"^[0-9a-f]{64}\.xlsx$")
_TEMPORARY = re.compile(r"^[0-9a-f]{64}\.tmp\d+$")
_finishing = threading.Lock()
log = logging.getLogger(__name__)


def is_pending(session: Session) -> bool:
    """Some weeks' facts are waiting to be recomputed."""
    return session.scalar(select(FactDirty.id).limit(1)) is not None


def finish(engine: Engine, config: Config) -> list[str]:
    """Recompute every marked week now, one recomputation at a time; returns the weeks done."""
    with transaction(engine) as session:
        lock_recomputation(session)
        return facts.refresh_facts(session, config)


def lock_recomputation(session: Session) -> None:
    """Wait until no other transaction recomputes facts, and keep the others out until commit."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_KEY})
    else:  # SQLite: a writing first statement takes the database's write lock for the transaction
        session.execute(text("DELETE FROM fact_dirty WHERE 1 = 0"))


@contextmanager
def loading(archive_dir: Path) -> Iterator[None]:
    """Held by a loader while it works: others leave its marks and archive files alone."""
    with _lock_file(archive_dir) as handle:
        fcntl.flock(handle, fcntl.LOCK_SH)
        yield


@contextmanager
def alone(archive_dir: Path) -> Iterator[bool]:
    """True when no loader is at work (and none can start until the block ends)."""
    with _lock_file(archive_dir) as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
        else:
            yield True


@contextmanager
def _lock_file(archive_dir: Path) -> Iterator[object]:
    archive_dir.mkdir(parents=True, exist_ok=True)
    with open(archive_dir / LOCK_FILE, "a+b") as handle:
        yield handle


def recover(engine: Engine, config: Config, archive_dir: Path) -> list[str]:
    """What a crashed load left: archived files the store does not know are removed and marked
    weeks recomputed, unless a loader is at work (it will). Returns the weeks recomputed."""
    with alone(archive_dir) as free:
        if not free:
            return []
        sweep_archive(engine, archive_dir)
        return finish(engine, config)


def sweep_archive(engine: Engine, archive_dir: Path) -> list[Path]:
    """Remove archived and half-written files that no submission refers to, and staging folders
    a killed batch left (call when alone)."""
    with transaction(engine) as session:
        known = set(session.scalars(select(Submission.sha256)))
    removed = []
    for folder in archive_dir.glob(f"{STAGING_PREFIX}*"):
        if folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    for path in archive_dir.glob("??/*"):
        orphan = _TEMPORARY.match(path.name) or (_ARCHIVED.match(path.name) and path.stem not in known)
        if orphan and path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def finish_soon(engine: Engine, config: Config, archive_dir: Path) -> None:
    """Recover in a background thread of this process, unless one already runs (web reads)."""
    if not _finishing.acquire(blocking=False):
        return

    def work() -> None:
        try:
            recover(engine, config, archive_dir)
        except Exception:  # noqa: BLE001 - the next read tries again; pages keep saying so
            log.exception("pending recomputation failed")
        finally:
            _finishing.release()

    threading.Thread(target=work, name="cockpit-finish-facts", daemon=True).start()
