"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-27 12:59:28.718931
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "etl_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("command", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=512), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("unit_code", sa.String(length=12), nullable=True),
        sa.Column("report_week", sa.String(length=8), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("result", sa.String(length=12), nullable=False),
        sa.Column("row_counts", sa.Text(), nullable=False),
        sa.Column("errors", sa.Text(), nullable=False),
        sa.Column("warnings", sa.Text(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_etl_run")),
    )
    op.create_table(
        "fact_dirty",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_week", sa.String(length=8), nullable=False),
        sa.Column("to_week", sa.String(length=8), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_dirty")),
    )
    op.create_table(
        "fact_week",
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("week", name=op.f("pk_fact_week")),
    )
    op.create_table(
        "indicator_fact",
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("unit_code", sa.String(length=12), nullable=False),
        sa.Column("indicator_code", sa.String(length=8), nullable=False),
        sa.Column("numerator", sa.Integer(), nullable=False),
        sa.Column("denominator", sa.Integer(), nullable=True),
        sa.Column("actual", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("target_text", sa.String(length=16), nullable=False),
        sa.Column("trajectory", sa.Float(), nullable=False),
        sa.Column("milestone_code", sa.String(length=8), nullable=False),
        sa.Column("light", sa.String(length=8), nullable=False),
        sa.Column("carried_forward", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("week", "unit_code", "indicator_code", name=op.f("pk_indicator_fact")),
    )
    op.create_table(
        "milestone_fact",
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("milestone_code", sa.String(length=16), nullable=False),
        sa.Column("unit_code", sa.String(length=12), nullable=False),
        sa.Column("task_code", sa.String(length=8), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("progress_pct", sa.Float(), nullable=True),
        sa.Column("light", sa.String(length=8), nullable=False),
        sa.PrimaryKeyConstraint("week", "milestone_code", "unit_code", name=op.f("pk_milestone_fact")),
    )
    op.create_table(
        "ranking_fact",
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("unit_code", sa.String(length=12), nullable=False),
        sa.Column("score", sa.String(length=8), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("rank_change", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("week", "unit_code", name=op.f("pk_ranking_fact")),
    )
    op.create_table(
        "rectification_fact",
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("unit_code", sa.String(length=12), nullable=False),
        sa.Column("found", sa.Integer(), nullable=False),
        sa.Column("rectified", sa.Integer(), nullable=False),
        sa.Column("rate", sa.Float(), nullable=True),
        sa.Column("in_progress", sa.Integer(), nullable=False),
        sa.Column("overdue", sa.Integer(), nullable=False),
        sa.Column("amount_found", sa.BigInteger(), nullable=False),
        sa.Column("amount_rectified", sa.BigInteger(), nullable=False),
        sa.Column("supervision_found", sa.Integer(), nullable=False),
        sa.Column("supervision_closed", sa.Integer(), nullable=False),
        sa.Column("carried_forward", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("week", "unit_code", name=op.f("pk_rectification_fact")),
    )
    op.create_table(
        "submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_code", sa.String(length=12), nullable=False),
        sa.Column("report_week", sa.String(length=8), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("reporter", sa.String(length=64), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.Column("superseded_at", sa.DateTime(), nullable=True),
        sa.Column("superseded_by", sa.Integer(), nullable=True),
        sa.Column("warnings", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["superseded_by"], ["submission.id"], name=op.f("fk_submission_superseded_by_submission")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission")),
    )
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.create_index("ix_submission_week", ["report_week"], unique=False)
        batch_op.create_index(
            "uq_submission_current",
            ["unit_code", "report_week"],
            unique=True,
            sqlite_where=sa.text("superseded_at IS NULL"),
            postgresql_where=sa.text("superseded_at IS NULL"),
        )

    op.create_table(
        "submission_fact",
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("unit_code", sa.String(length=12), nullable=False),
        sa.Column("submitted", sa.Boolean(), nullable=False),
        sa.Column("effective_week", sa.String(length=8), nullable=True),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("week", "unit_code", name=op.f("pk_submission_fact")),
    )
    op.create_table(
        "featured_work_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submission.id"],
            name=op.f("fk_featured_work_row_submission_id_submission"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_featured_work_row")),
    )
    with op.batch_alter_table("featured_work_row", schema=None) as batch_op:
        batch_op.create_index("ix_featured_work_row_submission", ["submission_id"], unique=False)

    op.create_table(
        "ledger_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), nullable=False),
        sa.Column("indicator_code", sa.String(length=8), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("item_name", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("status_raw", sa.String(length=16), nullable=False),
        sa.Column("is_done", sa.Boolean(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submission.id"],
            name=op.f("fk_ledger_row_submission_id_submission"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_row")),
    )
    with op.batch_alter_table("ledger_row", schema=None) as batch_op:
        batch_op.create_index("ix_ledger_row_submission", ["submission_id", "indicator_code"], unique=False)

    op.create_table(
        "rectification_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.String(length=64), nullable=False),
        sa.Column("audit_project", sa.String(length=255), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("is_rectified", sa.Boolean(), nullable=False),
        sa.Column("rectified_on", sa.Date(), nullable=True),
        sa.Column("origin", sa.String(length=8), nullable=False),
        sa.Column("is_supervision", sa.Boolean(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submission.id"],
            name=op.f("fk_rectification_row_submission_id_submission"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectification_row")),
    )
    with op.batch_alter_table("rectification_row", schema=None) as batch_op:
        batch_op.create_index("ix_rectification_row_submission", ["submission_id"], unique=False)

    op.create_table(
        "task_progress_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), nullable=False),
        sa.Column("task_code", sa.String(length=8), nullable=False),
        sa.Column("milestone_code", sa.String(length=16), nullable=False),
        sa.Column("progress_pct", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("is_done", sa.Boolean(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submission.id"],
            name=op.f("fk_task_progress_row_submission_id_submission"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_progress_row")),
    )
    with op.batch_alter_table("task_progress_row", schema=None) as batch_op:
        batch_op.create_index("ix_task_progress_row_submission", ["submission_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("task_progress_row", schema=None) as batch_op:
        batch_op.drop_index("ix_task_progress_row_submission")

    op.drop_table("task_progress_row")
    with op.batch_alter_table("rectification_row", schema=None) as batch_op:
        batch_op.drop_index("ix_rectification_row_submission")

    op.drop_table("rectification_row")
    with op.batch_alter_table("ledger_row", schema=None) as batch_op:
        batch_op.drop_index("ix_ledger_row_submission")

    op.drop_table("ledger_row")
    with op.batch_alter_table("featured_work_row", schema=None) as batch_op:
        batch_op.drop_index("ix_featured_work_row_submission")

    op.drop_table("featured_work_row")
    op.drop_table("submission_fact")
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_submission_current",
            sqlite_where=sa.text("superseded_at IS NULL"),
            postgresql_where=sa.text("superseded_at IS NULL"),
        )
        batch_op.drop_index("ix_submission_week")

    op.drop_table("submission")
    op.drop_table("rectification_fact")
    op.drop_table("ranking_fact")
    op.drop_table("milestone_fact")
    op.drop_table("indicator_fact")
    op.drop_table("fact_week")
    op.drop_table("fact_dirty")
    op.drop_table("etl_run")
