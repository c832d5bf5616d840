"""The data version: a number in the store that every successful load, rebuild and publish
increases (DESIGN §10).

`bump` runs inside the transaction that changes the figures (facts recomputed, a week
published), so the number and the figures commit together: a screen that sees the new number
reads the new figures. On PostgreSQL the row lock also orders concurrent writers.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cockpit.models_screen import VERSION_ROW, DataVersion


def current(session: Session) -> int:
    """The store's data version; 0 before anything was ever loaded."""
    return session.scalar(select(DataVersion.version).where(DataVersion.id == VERSION_ROW)) or 0


def changed_at(session: Session) -> tuple[int, dt.datetime | None]:
    """The version and when it last increased."""
    row = session.execute(
        select(DataVersion.version, DataVersion.changed_at).where(DataVersion.id == VERSION_ROW)
    ).first()
    return (row[0], row[1]) if row else (0, None)


def bump(session: Session) -> int:
    """Increase the version in the session's transaction; returns the new number."""
    now = dt.datetime.now()
    result = session.execute(
        update(DataVersion)
        .where(DataVersion.id == VERSION_ROW)
        .values(version=DataVersion.version + 1, changed_at=now)
        .returning(DataVersion.version)
    )
    version = result.scalar()
    if version is None:  # a store emptied by hand (tests) has no row: start again at 1
        session.add(DataVersion(id=VERSION_ROW, version=1, changed_at=now))
        session.flush()
        version = 1
    return version
