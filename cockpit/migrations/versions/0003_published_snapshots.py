"""published snapshots of a week's export tables and review

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 18:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "published_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("published_by", sa.String(length=64), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("data_version", sa.String(length=64), nullable=False),
        sa.Column("review", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_version")),
    )
    op.create_index("uq_published_version_week", "published_version", ["week", "version"], unique=True)
    op.create_table(
        "published_table",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.String(length=16), nullable=False),
        sa.Column("rows", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["published_version.id"],
            name=op.f("fk_published_table_version_id_published_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "what", name=op.f("pk_published_table")),
    )


def downgrade() -> None:
    op.drop_table("published_table")
    op.drop_index("uq_published_version_week", table_name="published_version")
    op.drop_table("published_version")
