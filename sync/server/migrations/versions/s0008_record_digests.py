"""each record's digest kept beside its sequence number, for the convergence summaries

Revision ID: s0008_record_digests
Revises: s0007_certificate_blocks
Create Date: 2026-11-23 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0008_record_digests"
down_revision: str | None = "s0007_certificate_blocks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Left NULL for the records already held: the server computes them at the next summary
    # (sync.server.feed), from the records themselves.
    with op.batch_alter_table("server_record_seq", schema=None) as batch_op:
        batch_op.add_column(sa.Column("digest_hi", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("digest_lo", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("server_record_seq", schema=None) as batch_op:
        batch_op.drop_column("digest_lo")
        batch_op.drop_column("digest_hi")
