"""data version: one row whose number every load, rebuild and publish increases

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 18:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    # A store that already has facts starts at 1, so a screen open before the upgrade redraws.
    op.execute(
        "INSERT INTO data_version (id, version) SELECT 1, CASE WHEN EXISTS (SELECT 1 FROM fact_week) THEN 1 ELSE 0 END"
    )


def downgrade() -> None:
    op.drop_table("data_version")
