"""drop ix_rectification_row_submission: the three (submission_id, …) indexes of 0006 serve
every lookup by submission, and each index kept costs every finding loaded

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 21:50:00
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_rectification_row_submission", table_name="rectification_row")


def downgrade() -> None:
    op.create_index("ix_rectification_row_submission", "rectification_row", ["submission_id"])
