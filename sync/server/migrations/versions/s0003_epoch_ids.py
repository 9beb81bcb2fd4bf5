"""epochs are the desktop's random ids; record origins name their epoch

Revision ID: s0003_epoch_ids
Revises: s0002_escape_transition
Create Date: 2026-11-23 10:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0003_epoch_ids"
down_revision: str | None = "s0002_escape_transition"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("server_batch", schema=None) as batch_op:
        batch_op.alter_column(
            "epoch",
            existing_type=sa.Integer(),
            type_=sa.String(length=32),
            existing_nullable=False,
            postgresql_using="epoch::text",
        )
        # device id, epoch id and a seq range
        batch_op.alter_column(
            "id", existing_type=sa.String(length=64), type_=sa.String(length=120)
        )
    with op.batch_alter_table("server_upload", schema=None) as batch_op:
        batch_op.alter_column(
            "id", existing_type=sa.String(length=80), type_=sa.String(length=120)
        )
    with op.batch_alter_table("server_record_seq", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin_epoch", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("server_record_seq", schema=None) as batch_op:
        batch_op.drop_column("origin_epoch")
    with op.batch_alter_table("server_batch", schema=None) as batch_op:
        batch_op.alter_column(
            "epoch",
            existing_type=sa.String(length=32),
            type_=sa.Integer(),
            existing_nullable=False,
            postgresql_using="epoch::integer",
        )
