"""The web app's access to the reporting store: a read session per call, and plain errors.

The engine comes from the settings the app factory put into the Flask config, so several apps
(tests) can run in one process against different stores.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, g, has_request_context
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from cockpit import pending
from cockpit.config import Config
from cockpit.db import get_engine
from cockpit.models import FactWeek
from cockpit.models_screen import VERSION_ROW, DataVersion
from cockpit.settings import Settings

SETTINGS_KEY = "COCKPIT_SETTINGS"
CONFIG_KEY = "COCKPIT_CONFIG"


class StoreUnavailable(RuntimeError):
    """The store cannot be reached or holds no facts; the message is shown to the user."""


def settings() -> Settings:
    return current_app.config[SETTINGS_KEY]


def config() -> Config:
    return current_app.config[CONFIG_KEY]


@contextmanager
def read_session() -> Iterator[Session]:
    """A read-only unit of work; unreachable or uninitialised stores become StoreUnavailable."""
    engine = get_engine(settings().db_url)
    try:
        with sessionmaker(engine)() as session:
            yield session
    except (OperationalError, ProgrammingError) as exc:
        _mark_failed()
        raise StoreUnavailable("无法连接数据库或数据库尚未初始化,请联系数据处(运行 python -m etl init)。") from exc
    except SQLAlchemyError as exc:
        _mark_failed()
        raise StoreUnavailable("读取数据时出错,请稍后重试或联系数据处。") from exc


def _mark_failed() -> None:
    if has_request_context():
        g.cockpit_store_failed = True


def store_failed() -> bool:
    """Whether a read of this request failed (what it answered then is not to be cached)."""
    return has_request_context() and g.get("cockpit_store_failed", False)


def data_version() -> str:
    """Changes whenever facts are recomputed or a week is published: part of every cache key, so
    a load invalidates. The store's counter (cockpit.data_version) with the facts' last
    computation time, so two stores at the same count (tests) never share cache entries.

    Read once per request (a page load's callbacks make dozens of cached calls). Weeks still
    marked for recomputation (a load was killed before it finished) are finished in the
    background from here, and `figures_pending` says so meanwhile."""
    if has_request_context() and "cockpit_data_version" in g:
        return g.cockpit_data_version
    counter = select(DataVersion.version).where(DataVersion.id == VERSION_ROW).scalar_subquery()
    with read_session() as session:
        stamp, number = session.execute(select(func.max(FactWeek.computed_at), counter)).one()
        waiting = pending.is_pending(session)
    if has_request_context():
        g.cockpit_figures_pending = waiting
    if waiting:
        pending.finish_soon(get_engine(settings().db_url), config(), settings().archive_dir)
    if stamp is None:
        raise StoreUnavailable("数据库中还没有任何报送数据。请先导入各单位的周报送工作簿(python -m etl load 或 demo)。")
    version = f"{number or 0}@{stamp.isoformat()}"
    if has_request_context():
        g.cockpit_data_version = version
    return version


def figures_pending() -> bool:
    """Facts are being recomputed: the figures shown may predate the latest accepted loads."""
    if not (has_request_context() and "cockpit_figures_pending" in g):
        data_version()
    return bool(g.get("cockpit_figures_pending")) if has_request_context() else False
