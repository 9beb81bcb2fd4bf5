"""attachments belong to a model case or to a household

Revision ID: 0008_household_attachments
Revises: 0007_search_prefixes
Create Date: 2026-11-23 13:55:00

A household's file keeps scans of its registration form, ID pages and photos of the house in the
same attachment record (and the same store by hash) as model cases, so both sync alike.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008_household_attachments"
down_revision: str | None = "0007_search_prefixes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ONE_OWNER = "(model_case_id IS NULL) <> (household_id IS NULL)"


def upgrade() -> None:
    # SQLite cannot change a column's NOT NULL in place: batch mode copies the table.
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("household_id", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
        batch_op.alter_column(
            "model_case_id", existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=True
        )
        batch_op.create_index(
            batch_op.f("ix_attachment_household_id"), ["household_id"], unique=False
        )
        batch_op.create_foreign_key(
            "fk_attachment_household_id", "household", ["household_id"], ["id"]
        )
        batch_op.create_check_constraint("ck_attachment_one_owner", ONE_OWNER)


def downgrade() -> None:
    op.execute("DELETE FROM attachment WHERE household_id IS NOT NULL")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_constraint("ck_attachment_one_owner", type_="check")
        batch_op.drop_constraint("fk_attachment_household_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_attachment_household_id"))
        batch_op.alter_column(
            "model_case_id", existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=False
        )
        batch_op.drop_column("household_id")
