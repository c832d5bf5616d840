"""What a store holds, without what differs between two equal loads (ids, clocks).

A load killed at any point must leave the store as before it or as after the whole file; ids
(PostgreSQL's sequences advance in rolled-back transactions) and timestamps differ between two
runs of the same load, so the kill trials compare this digest instead of `Store.checksum()`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import DateTime, Engine, select

from cockpit.models import Base, EtlRun, Submission
from cockpit.models_screen import DataVersion

VOLATILE = {"id"}  # surrogate keys; every clock (a DateTime column) counts only as set or not
REFERENCES = {"submission_id", "superseded_by"}
# The run log, and the data version: a counter of loads, which a killed and repeated load advances.
SKIPPED_TABLES = {EtlRun.__tablename__, DataVersion.__tablename__}


def content(engine: Engine) -> str:
    """sha256 over every data table's rows, submissions named by their file's checksum."""
    digest = hashlib.sha256()
    with engine.connect() as connection:
        sha_of = dict(connection.execute(select(Submission.id, Submission.sha256)).all())
        for table in Base.metadata.sorted_tables:
            if table.name in SKIPPED_TABLES:
                continue
            columns = [c for c in table.columns if c.name not in VOLATILE]
            rows = []
            for row in connection.execute(select(*columns)):
                values = dict(zip([c.name for c in columns], row, strict=True))
                for name in REFERENCES & values.keys():
                    values[name] = sha_of.get(values[name])
                for column in columns:
                    if isinstance(column.type, DateTime):
                        values[column.name] = values[column.name] is not None
                rows.append(repr(sorted(values.items())))
            digest.update(f"[{table.name}]".encode())
            for line in sorted(rows):
                digest.update(line.encode())
    return digest.hexdigest()


def unknown_archive_files(engine: Engine, archive_dir: Path) -> list[str]:
    """Archived (or half-written) files that no submission refers to."""
    with engine.connect() as connection:
        known = set(connection.scalars(select(Submission.sha256)))
    return sorted(
        str(p.relative_to(archive_dir)) for p in archive_dir.glob("??/*") if p.is_file() and p.name[:64] not in known
    )
