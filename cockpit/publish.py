"""Publishing a week (DESIGN §11): a numbered, frozen copy of its export tables and its review.

A published version is written once and never updated; publishing again adds version N+1.
Reading a version gives back the rows exactly as `cockpit.exports` made them (Decimals stay
Decimals), so `etl export --published` writes the same bytes the live export wrote then.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cockpit import data_version
from cockpit.config import Config
from cockpit.exports import EXPORTS
from cockpit.models_publish import PublishedTable, PublishedVersion
from cockpit.outlook import outlook_rows
from cockpit.review import weekly_review

TABLES = ("kpi", "rectification", "ranking", "submissions", "milestones", "outlook")
_DECIMAL = "$decimal"


class NotPublished(LookupError):
    """The week (or that version of it) was never published."""


@dataclass(frozen=True)
class Published:
    week: str
    version: int
    published_by: str
    published_at: dt.datetime
    data_version: str
    review: dict


def _encode(value: object) -> object:
    if isinstance(value, Decimal):
        return {_DECIMAL: str(value)}
    raise TypeError(f"cannot store {type(value).__name__}")


def _decode(obj: dict) -> object:
    return Decimal(obj[_DECIMAL]) if set(obj) == {_DECIMAL} else obj


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_encode)


def loads(text: str) -> object:
    return json.loads(text, object_hook=_decode)


def live_tables(session: Session, config: Config, *, week: str) -> dict[str, list[dict]]:
    tables = {what: EXPORTS[what](session, week=week) for what in TABLES if what != "outlook"}
    tables["outlook"] = outlook_rows(session, config, week=week)
    return tables


def data_stamp(session: Session) -> str:
    """The store's data version when publishing (kept beside the version for the record)."""
    return str(data_version.current(session))


def publish(session: Session, config: Config, *, week: str, by: str, now: dt.datetime | None = None) -> int:
    """Store version N+1 of `week` (its tables and review as shown now); returns N+1.

    The caller commits; two publishers at once collide on the unique (week, version) index and
    one of them retries."""
    latest = session.scalar(select(func.max(PublishedVersion.version)).where(PublishedVersion.week == week)) or 0
    record = PublishedVersion(
        week=week,
        version=latest + 1,
        published_by=by,
        published_at=(now or dt.datetime.now()).replace(microsecond=0),
        data_version=data_stamp(session),
        review=dumps(weekly_review(session, config, week=week)),
    )
    session.add(record)
    session.flush()
    for what, rows in live_tables(session, config, week=week).items():
        session.add(PublishedTable(version_id=record.id, what=what, rows=dumps(rows)))
    data_version.bump(session)  # screens and caches see the publish at once
    return record.version


def _version_row(session: Session, week: str, version: int | None) -> PublishedVersion:
    query = select(PublishedVersion).where(PublishedVersion.week == week)
    query = (
        query.where(PublishedVersion.version == version) if version else query.order_by(PublishedVersion.version.desc())
    )
    record = session.scalars(query.limit(1)).first()
    if record is None:
        raise NotPublished(f"{week} 尚未发布" if version is None else f"{week} 没有第 {version} 版")
    return record


def published(session: Session, *, week: str, version: int | None = None) -> Published:
    """A published version of `week` (the latest when `version` is None)."""
    record = _version_row(session, week, version)
    return Published(
        record.week, record.version, record.published_by, record.published_at, record.data_version, loads(record.review)
    )


def versions(session: Session, *, week: str) -> list[tuple[int, str, dt.datetime]]:
    """(version, who, when) of every published version of `week`, oldest first."""
    query = select(PublishedVersion.version, PublishedVersion.published_by, PublishedVersion.published_at)
    return [
        tuple(r) for r in session.execute(query.where(PublishedVersion.week == week).order_by(PublishedVersion.version))
    ]


def published_rows(session: Session, *, what: str, week: str, version: int | None = None) -> list[dict]:
    """The rows of export table `what` as version `version` (latest by default) froze them."""
    record = _version_row(session, week, version)
    text = session.scalar(
        select(PublishedTable.rows).where(PublishedTable.version_id == record.id, PublishedTable.what == what)
    )
    if text is None:
        raise NotPublished(f"{week} 第 {record.version} 版中没有 {what}")
    return loads(text)


KEYS = {
    "kpi": ("unit_code", "indicator_code"),
    "rectification": ("unit_code",),
    "ranking": ("unit_code",),
    "submissions": ("unit_code",),
    "milestones": ("milestone_code", "unit_code"),
    "outlook": ("unit_code", "indicator_code"),
}


def table_differences(what: str, frozen: list[dict], live: list[dict]) -> list[dict]:
    """Cells whose live value is not the published one: {what, key, column, published, live};
    a row only on one side shows as column "(行)"."""
    key_of = KEYS[what]
    before = {tuple(r[k] for k in key_of): r for r in frozen}
    after = {tuple(r[k] for k in key_of): r for r in live}
    result = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old is None or new is None:
            result.append(
                {
                    "what": what,
                    "key": "/".join(key),
                    "column": "(行)",
                    "published": "有" if old else "无",
                    "live": "有" if new else "无",
                }
            )
            continue
        for column, value in old.items():
            if column != "week" and new.get(column) != value:
                result.append(
                    {"what": what, "key": "/".join(key), "column": column, "published": value, "live": new.get(column)}
                )
    return result


def differences(session: Session, config: Config, *, week: str, version: int | None = None) -> list[dict]:
    """Every cell of the published tables that the live figures no longer agree with."""
    record = _version_row(session, week, version)
    frozen = {
        t.what: loads(t.rows)
        for t in session.scalars(select(PublishedTable).where(PublishedTable.version_id == record.id))
    }
    live = live_tables(session, config, week=week)
    return [d for what in TABLES for d in table_differences(what, frozen.get(what, []), live[what])]
