"""cockpit.db.insert_rows stores an Arrow table exactly as it stores the same rows as dicts, on
SQLite and PostgreSQL, awkward texts included (CSV quoting, NULL against "", line breaks)."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
from sqlalchemy import select

from cockpit.db import insert_rows
from cockpit.models import FeaturedWorkRow, Submission

TEXTS = ['a,"b"\nc', "", "\\N", "\\.", "整改\r\n台账", "  spaced  ", "plain", "NULL", "'"]


def rows() -> list[dict]:
    return [
        {
            "row_no": number,
            "title": text,
            "category": TEXTS[-1 - number % len(TEXTS)],
            "date": dt.date(1999 + number, 1 + number % 12, 1 + number % 28),
            "summary": text[::-1],
        }
        for number, text in enumerate(TEXTS)
    ]


def stored(store) -> list[tuple]:  # noqa: ANN001
    with store.session() as session:
        found = session.execute(select(FeaturedWorkRow).order_by(FeaturedWorkRow.row_no)).scalars()
        return [(r.row_no, r.title, r.category, r.date, r.summary) for r in found]


def submission(session, week: str) -> int:  # noqa: ANN001
    added = Submission(
        unit_code="330102",
        report_week=week,
        sha256="0" * 64,
        file_name="x.xlsx",
        size_bytes=1,
        loaded_at=dt.datetime(2024, 3, 10),
    )
    session.add(added)
    session.flush()
    return added.id


def test_an_arrow_table_is_stored_as_its_rows_would_be(store) -> None:  # noqa: ANN001
    with store.session() as session:
        insert_rows(session, FeaturedWorkRow.__table__, rows(), same={"submission_id": submission(session, "2024-W10")})
    as_dicts = stored(store)
    with store.session() as session:
        session.query(FeaturedWorkRow).delete()
        table = pa.Table.from_pylist(rows())
        insert_rows(session, FeaturedWorkRow.__table__, table, same={"submission_id": submission(session, "2024-W11")})
    assert stored(store) == as_dicts
    assert [r[1] for r in as_dicts] == TEXTS
