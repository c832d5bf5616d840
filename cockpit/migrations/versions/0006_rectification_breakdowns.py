"""rectification breakdown facts; finding indexes for the drill-downs

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 18:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rectification_breakdown_fact",
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("dimension", sa.String(length=8), nullable=False),
        sa.Column("unit_code", sa.String(length=12), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("found", sa.Integer(), nullable=False),
        sa.Column("rectified", sa.Integer(), nullable=False),
        sa.Column("rate", sa.Float(), nullable=True),
        sa.Column("in_progress", sa.Integer(), nullable=False),
        sa.Column("overdue", sa.Integer(), nullable=False),
        sa.Column("amount_found", sa.BigInteger(), nullable=False),
        sa.Column("amount_rectified", sa.BigInteger(), nullable=False),
        sa.Column("supervision_found", sa.Integer(), nullable=False),
        sa.Column("supervision_closed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("week", "dimension", "unit_code", "key", name=op.f("pk_rectification_breakdown_fact")),
    )
    op.create_index("ix_rectification_row_found", "rectification_row", ["submission_id", "found_on"])
    op.create_index("ix_rectification_row_category", "rectification_row", ["submission_id", "category"])
    op.create_index("ix_rectification_row_due", "rectification_row", ["submission_id", "due_on"])


def downgrade() -> None:
    op.drop_index("ix_rectification_row_due", table_name="rectification_row")
    op.drop_index("ix_rectification_row_category", table_name="rectification_row")
    op.drop_index("ix_rectification_row_found", table_name="rectification_row")
    op.drop_table("rectification_breakdown_fact")
