"""Fixtures shared by the whole suite: a store on SQLite and on PostgreSQL.

`store` is parametrized over both databases. Each pytest process (each xdist worker) creates
one SQLite file and one fresh PostgreSQL database for the session, brings them to the schema
with the Alembic migrations, empties every table before each test and drops the database at
the end. PostgreSQL is part of the product (DESIGN §8): when it cannot be reached the tests
that need it fail, they are not skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import Engine, delete, select, text
from sqlalchemy.engine import make_url

from cockpit import exports
from cockpit.config import Config, default_config
from cockpit.db import dispose_all, get_engine, transaction
from cockpit.facts import FACT_TABLES
from cockpit.models import Base, EtlRun, FactWeek
from cockpit.models_access import AuditEvent
from cockpit.schema import upgrade
from etl import jobs
from etl.load import LoadResult, load_path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
# Tables a rejected file may touch: the run log only (alembic_version is not in the metadata).
UNCHECKED_TABLES = {EtlRun.__tablename__}
# The one column of the facts that legitimately differs between two computations.
VOLATILE_COLUMNS = {(FactWeek.__tablename__, "computed_at")}


@dataclass
class Store:
    """A migrated, empty reporting store and an archive folder, for one test."""

    kind: str
    engine: Engine
    url: str
    archive_dir: Path
    config: Config

    def load(self, path: Path, *, today: dt.date | None = None, refresh: bool = True) -> LoadResult:
        """Validate and load one workbook through the real loader."""
        return load_path(
            self.engine, Path(path), config=self.config, archive_dir=self.archive_dir, today=today, refresh=refresh
        )

    def load_many(self, paths: list[Path], *, today: dt.date | None = None) -> list[LoadResult]:
        return jobs.load_many(self.engine, list(paths), config=self.config, archive_dir=self.archive_dir, today=today)

    def rebuild(self) -> int:
        return jobs.rebuild(self.engine, config=self.config, archive_dir=self.archive_dir)

    def session(self):  # noqa: ANN201 - a context manager of Session
        return transaction(self.engine)

    def export(self, what: str, week: str, unit_code: str | None = None) -> list[dict]:
        """The rows `python -m etl export --what <what>` writes for `week`."""
        with transaction(self.engine) as session:
            return exports.EXPORTS[what](session, week=week, unit_code=unit_code)

    def row(self, what: str, week: str, unit_code: str, indicator_code: str | None = None) -> dict:
        """The single export row of a unit (and indicator, for kpi)."""
        rows = [
            r
            for r in self.export(what, week, unit_code)
            if indicator_code is None or r.get("indicator_code") == indicator_code
        ]
        assert len(rows) == 1, rows
        return rows[0]

    def count(self, model: type) -> int:
        with transaction(self.engine) as session:
            return len(session.scalars(select(model)).all())

    def checksum(self) -> str:
        """sha256 over every row of every data table (all but the run log), in a fixed order."""
        digest = hashlib.sha256()
        with self.engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                if table.name in UNCHECKED_TABLES:
                    continue
                digest.update(f"[{table.name}]".encode())
                for row in connection.execute(select(table).order_by(*table.columns)):
                    digest.update(repr(tuple(row)).encode())
        return digest.hexdigest()

    def facts(self) -> dict[str, list[tuple]]:
        """Every fact table's rows, ordered by key, without the computation timestamp."""
        dump: dict[str, list[tuple]] = {}
        with self.engine.connect() as connection:
            for model in FACT_TABLES:
                table = model.__table__
                columns = [c for c in table.columns if (table.name, c.name) not in VOLATILE_COLUMNS]
                query = select(*columns).order_by(*table.primary_key.columns)
                dump[table.name] = [tuple(r) for r in connection.execute(query)]
        return dump

    def env(self) -> dict[str, str]:
        """Environment for a child process (`python -m etl ...`) that uses this store."""
        return {
            **os.environ,
            "COCKPIT_DB_URL": self.url,
            "COCKPIT_ARCHIVE_DIR": str(self.archive_dir),
            "COCKPIT_INSTANCE_DIR": str(self.archive_dir.parent / "instance"),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
        }


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One migrated SQLite file per test process."""
    url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'cockpit.db'}"
    upgrade(get_engine(url))
    yield url
    dispose_all()


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    """One fresh, migrated PostgreSQL database per test process, dropped at the end."""
    base = make_url(os.environ.get("COCKPIT_TEST_PG_URL", DEFAULT_PG_URL))
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"cockpit_test_{_worker()}_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            # Commits need not wait for the disk in a throw-away database (a killed client still
            # loses its open transaction; only a server crash could lose a commit).
            connection.execute(sql.SQL("ALTER DATABASE {} SET synchronous_commit = off").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is required for the store tests and is unreachable at {base!r}: {exc}")
    url = base.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    try:
        upgrade(get_engine(url))
        yield url
    finally:
        dispose_all()
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def empty_store(engine: Engine) -> None:
    """Remove every row, children first; the schema stays.

    DELETE rather than TRUNCATE on PostgreSQL too: the tables hold a few hundred rows between
    tests, and TRUNCATE's new files cost ~0.2 s a test there. The audit log refuses DELETE on
    PostgreSQL (an append-only trigger), so it is truncated there.
    """
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name == AuditEvent.__tablename__ and connection.dialect.name == "postgresql":
                connection.execute(text(f"TRUNCATE {table.name}"))
            else:
                connection.execute(delete(table))


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    """An empty store on each database, with the real config and a private archive folder."""
    url = request.getfixturevalue(f"{request.param}_url")
    engine = get_engine(url)
    empty_store(engine)
    archive = tmp_path / "archive"
    archive.mkdir()
    return Store(kind=request.param, engine=engine, url=url, archive_dir=archive, config=default_config())


@pytest.fixture
def config() -> Config:
    return default_config()


# ---- several Dash apps in one test process -------------------------------------------------------
# `dash.callback` registers into module-level lists that the first app to serve a request takes
# (and empties). A session that builds several apps (the callback tests' app, the browser tests'
# served app) gives each one the full set with `share_dash_callbacks(app)`, right after create_app.
from dash import _callback as dash_callbacks  # noqa: E402

import callbacks  # noqa: E402,F401 - registers every callback once, before any app takes them

_DASH_CALLBACKS = (
    list(dash_callbacks.GLOBAL_CALLBACK_LIST),
    dict(dash_callbacks.GLOBAL_CALLBACK_MAP),
    list(dash_callbacks.GLOBAL_INLINE_SCRIPTS),
)


def share_dash_callbacks(app) -> None:  # noqa: ANN001 - a Dash app
    """Before the app's first request (when Dash moves the registered callbacks into it), put
    every callback back into Dash's lists, whichever app took them before."""
    done: list[bool] = []

    def refill() -> None:
        if done:
            return
        done.append(True)
        callback_list, callback_map, scripts = _DASH_CALLBACKS
        dash_callbacks.GLOBAL_CALLBACK_LIST[:] = [dict(c) for c in callback_list]
        dash_callbacks.GLOBAL_CALLBACK_MAP.clear()
        dash_callbacks.GLOBAL_CALLBACK_MAP.update(callback_map)
        dash_callbacks.GLOBAL_INLINE_SCRIPTS[:] = scripts

    app.server.before_request_funcs.setdefault(None, []).insert(0, refill)
