"""Schema by Alembic migrations: `upgrade` brings any store to the models' current shape."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, inspect

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection) -> AlembicConfig:  # noqa: ANN001 - a SQLAlchemy Connection
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    """Create or migrate the schema to the latest revision."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")


def is_initialised(engine: Engine) -> bool:
    return inspect(engine).has_table("alembic_version")
