"""certificate register numbers: a series per entry, counters, reserved blocks, device series

Revision ID: s0007_certificate_blocks
Revises: s0006_declared_members
Create Date: 2026-11-23 14:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "s0007_certificate_blocks"
down_revision: str | None = "s0006_declared_members"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
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
    op.create_table(
        "server_certificate_counter",
        sa.Column("authority", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("authority", "year"),
    )
    op.create_table(
        "server_certificate_block",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("authority", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("first", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.Column("commune_code", sa.Integer(), nullable=False),
        sa.Column("reserved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_certificate_block_number",
        "server_certificate_block",
        ["authority", "year"],
        unique=False,
    )
    op.create_table(
        "server_register_series",
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.Column("series", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("device_id"),
        sa.UniqueConstraint("series"),
    )


def downgrade() -> None:
    op.drop_table("server_register_series")
    op.drop_index("ix_certificate_block_number", table_name="server_certificate_block")
    op.drop_table("server_certificate_block")
    op.drop_table("server_certificate_counter")
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_constraint("uq_certificate_number", type_="unique")
        batch_op.create_unique_constraint("uq_certificate_number", ["authority", "year", "number"])
        batch_op.drop_column("series")
