"""certificate register numbers unique across laptops: a series per entry, reserved blocks

Revision ID: 0011_certificate_blocks
Revises: 0010_declared_members
Create Date: 2026-11-23 14:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011_certificate_blocks"
down_revision: str | None = "0010_declared_members"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "certificate_block",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("authority", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("first", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.Column("series", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("reserved_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("certificate_block", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certificate_block_authority"), ["authority"], unique=False
        )
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "series",
                sqlmodel.sql.sqltypes.AutoString(length=16),
                server_default="",
                nullable=False,
            )
        )
        batch_op.drop_constraint("uq_certificate_number", type_="unique")
        batch_op.create_unique_constraint(
            "uq_certificate_number", ["authority", "year", "series", "number"]
        )


def downgrade() -> None:
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_constraint("uq_certificate_number", type_="unique")
        batch_op.create_unique_constraint("uq_certificate_number", ["authority", "year", "number"])
        batch_op.drop_column("series")
    with op.batch_alter_table("certificate_block", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_block_authority"))
    op.drop_table("certificate_block")
