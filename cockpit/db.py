"""Engine and session lifecycle: one engine per database URL per process."""

from __future__ import annotations

import datetime as dt
import io
import operator
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count, repeat
from pathlib import Path
from typing import TYPE_CHECKING

from psycopg import sql as psycopg_sql
from sqlalchemy import Connection, Engine, Table, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    import pyarrow as pa

_engines: dict[str, Engine] = {}
CONNECT_TIMEOUT_S = 3
sqlite3.register_adapter(dt.date, dt.date.isoformat)
STAGED_TABLE = "rows"
_STAGE_PREFIX = "cockpit_stage_"
_stage_names = count()


@dataclass(frozen=True)
class StagedRows:
    """Rows another process wrote into a SQLite file of their own (table `rows`, a column per
    table column, values as a SQLite store holds them), for insert_rows to copy into a SQLite
    store with one INSERT … SELECT: no Python object per cell on the writer's side."""

    path: Path
    count: int

    def __len__(self) -> int:
        return self.count


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DBAPI hook
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _detach_staged(dbapi_connection, _record) -> None:  # noqa: ANN001 - pool hook
    """Staged files attached by insert_rows stay attached until their transaction has ended
    (SQLite refuses DETACH inside it); the pool detaches them when the connection comes back."""
    if dbapi_connection is None:
        return
    attached = [row[1] for row in dbapi_connection.execute("PRAGMA database_list")]
    for name in attached:
        if name.startswith(_STAGE_PREFIX):
            dbapi_connection.execute(f"DETACH DATABASE {name}")


def get_engine(url: str) -> Engine:
    """The process's engine for `url`; SQLite files get WAL and their folder created."""
    if url not in _engines:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "checkin", _detach_staged)
        else:
            # A server that does not answer is reported within seconds, not after TCP's minutes;
            # pre-ping replaces connections a restarted server dropped.
            engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
        _engines[url] = engine
    return _engines[url]


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work commits as one transaction, or rolls back whole on any error."""
    with sessionmaker(engine, expire_on_commit=False)() as session, session.begin():
        yield session


def dispose_all() -> None:
    """Close every pooled connection (tests that drop their databases call this)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


def insert_rows(
    session: Session,
    table: Table,
    rows: Sequence[dict] | pa.Table | StagedRows,
    same: Mapping[str, object] | None = None,
) -> None:
    """Insert many rows with identical keys inside the session's transaction, fast; `same` holds
    columns whose value every row shares (a submission id), added without copying each row.
    `rows` may be an Arrow table with a column per table column (what etl.columnar_clear gives),
    or, for a SQLite store, rows staged in a file of their own (StagedRows).

    PostgreSQL gets COPY (one round trip for a province's million findings); SQLite gets the
    driver's executemany. Both skip the ORM's per-row bookkeeping.
    """
    if not len(rows):
        return
    same = dict(same or {})
    connection = session.connection()
    if isinstance(rows, StagedRows):
        _insert_staged(connection, table, rows, same)
        return
    if not isinstance(rows, Sequence):  # an Arrow table (pyarrow is imported only for those)
        _insert_arrow(session, table, rows, same)
        return
    if connection.dialect.name == "sqlite" and not any(
        isinstance(v, dt.datetime) for v in [*rows[0].values(), *same.values()]
    ):
        _sqlite_executemany(connection, table, rows, same)
        return
    if connection.dialect.name != "postgresql":
        connection.execute(table.insert(), [{**row, **same} for row in rows])
        return
    columns, values = _tuples(rows, same)
    with connection.connection.driver_connection.cursor() as cursor, cursor.copy(_copy(table, columns)) as copy:
        for row in values:
            copy.write_row(row)


def _copy(table: Table, columns: list[str], options: str = "") -> psycopg_sql.Composed:
    return psycopg_sql.SQL("COPY {} ({}) FROM STDIN" + options).format(
        psycopg_sql.Identifier(table.name), psycopg_sql.SQL(", ").join(map(psycopg_sql.Identifier, columns))
    )


def _tuples(rows: Sequence[dict], same: dict[str, object]) -> tuple[list[str], Iterator[tuple]]:
    """The column names, and each row's values in their order (`same`'s last)."""
    keys = list(rows[0])
    tail = tuple(same.values())
    if len(keys) == 1:
        return [*keys, *same], ((row[keys[0]], *tail) for row in rows)
    pick = operator.itemgetter(*keys)
    return [*keys, *same], (pick(row) + tail for row in rows)


def _sqlite_executemany(connection: Connection, table: Table, rows: Sequence[dict], same: dict[str, object]) -> None:
    """The driver's executemany; dates go in as ISO text (the adapter registered above, the form
    SQLAlchemy's Date stores). Rows holding datetimes take SQLAlchemy's own path (insert_rows)."""
    columns, values = _tuples(rows, same)
    _sqlite_insert(connection, table, columns, list(values))


def _sqlite_insert(connection: Connection, table: Table, columns: list[str], values: list[tuple]) -> None:
    quote = connection.dialect.identifier_preparer.quote
    statement = (
        f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, columns))}) VALUES ({', '.join('?' * len(columns))})"
    )
    connection.exec_driver_sql(statement, values)


def _insert_staged(connection: Connection, table: Table, staged: StagedRows, same: dict[str, object]) -> None:
    """The staged file attached to the transaction's connection and copied in by SQLite itself.
    A transaction can attach a few such files (SQLite allows ten databases in all)."""
    if connection.dialect.name != "sqlite":
        raise ValueError("staged rows are for a SQLite store")
    quote = connection.dialect.identifier_preparer.quote
    name = f"{_STAGE_PREFIX}{next(_stage_names)}"
    connection.exec_driver_sql(f"ATTACH DATABASE ? AS {name}", (str(staged.path),))
    staged_columns = [row[1] for row in connection.exec_driver_sql(f"PRAGMA {name}.table_info({STAGED_TABLE})")]
    unknown = set(staged_columns) - set(table.columns.keys())
    if unknown or not staged_columns:
        raise ValueError(f"staged rows do not fit {table.name}: {sorted(unknown) or 'no columns'}")
    targets = ", ".join(map(quote, [*staged_columns, *same]))
    picked = ", ".join([*map(quote, staged_columns), *["?"] * len(same)])
    connection.exec_driver_sql(
        f"INSERT INTO {quote(table.name)} ({targets}) SELECT {picked} FROM {name}.{STAGED_TABLE} ORDER BY rowid",
        tuple(same.values()),
    )


def _insert_arrow(session: Session, table: Table, rows: pa.Table, same: dict[str, object]) -> None:
    """An Arrow table's rows, stored as insert_rows stores the same rows as dicts: COPY of CSV that
    Arrow writes (PostgreSQL), executemany over Python values made column by column (SQLite); as
    dicts where neither fits."""
    import pyarrow as pa
    from pyarrow import csv as arrow_csv

    connection = session.connection()
    columns = [*rows.column_names, *same]
    driver = connection.connection.driver_connection
    if connection.dialect.name == "postgresql" and driver.info.encoding == "utf-8":  # Arrow writes UTF-8
        for name, value in same.items():
            rows = rows.append_column(name, pa.repeat(pa.scalar(value), rows.num_rows))
        text = io.BytesIO()
        arrow_csv.write_csv(rows, text, arrow_csv.WriteOptions(include_header=False, quoting_style="needed"))
        copying = _copy(table, columns, " WITH (FORMAT csv)")
        with driver.cursor() as cursor, cursor.copy(copying) as copy:
            copy.write(text.getbuffer())
        return
    if connection.dialect.name != "sqlite" or any(pa.types.is_timestamp(t) for t in rows.schema.types):
        insert_rows(session, table, rows.to_pylist(), same)
        return
    values = [python_values(rows.column(name)) for name in rows.column_names]
    values += [repeat(value, rows.num_rows) for value in same.values()]
    _sqlite_insert(connection, table, columns, list(zip(*values, strict=True)))


def python_values(column: pa.ChunkedArray) -> list:
    """A column as the Python values SQLite binds as insert_rows' dicts would (dates as ISO text,
    as the adapter above writes them). Repeated values (dates, statuses, projects) are made once
    and shared: a dictionary of distinct values, picked by index."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    array = column.combine_chunks()
    if (pa.types.is_integer(array.type) or pa.types.is_boolean(array.type)) and not array.null_count:
        return array.to_numpy(zero_copy_only=False).tolist()
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type) or pa.types.is_date(array.type)):
        return array.to_pylist()
    encoded = pc.dictionary_encode(array)
    distinct = encoded.dictionary.cast(pa.string())  # a date as YYYY-MM-DD
    pool = np.append(distinct.to_numpy(zero_copy_only=False), None)
    return pool[encoded.indices.fill_null(len(distinct)).to_numpy()].tolist()
