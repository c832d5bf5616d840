"""supervision (督办) items and steps

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 18:25:21.781131
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "supervision_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_kind", sa.String(length=12), nullable=False),
        sa.Column("subject_code", sa.String(length=16), nullable=False),
        sa.Column("unit_code", sa.String(length=12), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("proposed", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_item")),
    )
    with op.batch_alter_table("supervision_item", schema=None) as batch_op:
        batch_op.create_index(
            "ix_supervision_item_subject", ["subject_kind", "subject_code", "unit_code"], unique=False
        )
        batch_op.create_index("ix_supervision_item_unit", ["unit_code", "state"], unique=False)

    op.create_table(
        "supervision_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=12), nullable=False),
        sa.Column("from_state", sa.String(length=12), nullable=True),
        sa.Column("to_state", sa.String(length=12), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("acted_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("measures", sa.Text(), nullable=True),
        sa.Column("planned_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["supervision_item.id"],
            name=op.f("fk_supervision_step_item_id_supervision_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_step")),
    )
    with op.batch_alter_table("supervision_step", schema=None) as batch_op:
        batch_op.create_index("ix_supervision_step_item", ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("supervision_step", schema=None) as batch_op:
        batch_op.drop_index("ix_supervision_step_item")

    op.drop_table("supervision_step")
    with op.batch_alter_table("supervision_item", schema=None) as batch_op:
        batch_op.drop_index("ix_supervision_item_unit")
        batch_op.drop_index("ix_supervision_item_subject")

    op.drop_table("supervision_item")
