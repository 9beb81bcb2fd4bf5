"""household: the number of members a list declares (Số nhân khẩu)

Revision ID: s0006_declared_members
Revises: s0005_reference_documents
Create Date: 2026-11-23 14:55:00

The server's copy of the desktop migration 0010_declared_members.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0006_declared_members"
down_revision: str | None = "s0005_reference_documents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.add_column(sa.Column("declared_members", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.drop_column("declared_members")
