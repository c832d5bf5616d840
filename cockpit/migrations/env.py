"""Alembic environment: the connection comes from `cockpit.schema`, never from an ini file."""

from alembic import context

from cockpit.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
