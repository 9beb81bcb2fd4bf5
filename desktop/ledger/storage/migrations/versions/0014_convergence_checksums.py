"""digests of the synced records kept for the convergence checksums

Revision ID: 0014_convergence_checksums
Revises: 0011_certificate_blocks
Create Date: 2026-11-23 17:00:00

Empty tables only: the digests and the triggers that log writes are made by the sync itself
(`sync/checksums.py`) the first time it compares checksums, each table in one transaction.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014_convergence_checksums"
down_revision: str | None = "0011_certificate_blocks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _key() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("record_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "checksum_digest",
        *_key(),
        sa.Column("commune_code", sa.Integer(), nullable=False),
        sa.Column("high", sa.Integer(), nullable=False),
        sa.Column("low", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "record_id"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "checksum_pending",
        *_key(),
        sa.PrimaryKeyConstraint("entity", "record_id"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "checksum_state",
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("shape", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("built_through", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.PrimaryKeyConstraint("entity"),
    )


def downgrade() -> None:
    bind = op.get_bind()
    names = bind.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'checksum\\_%' ESCAPE '\\'"
    ).fetchall()
    for (name,) in names:
        op.execute(f'DROP TRIGGER "{name}"')
    op.drop_table("checksum_state")
    op.drop_table("checksum_pending")
    op.drop_table("checksum_digest")
