"""escape is a transition, not a category; member facts for dependants and schooling

Revision ID: s0002_escape_transition
Revises: s0001_server
Create Date: 2026-11-23 10:55:00

The server's copy of the desktop migration 0003_escape_transition: rows a commune synced as
"newly escaped" get the category their own income and standard give (or "other", noted), and
the category type loses that value. On PostgreSQL the enum type is rebuilt.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0002_escape_transition"
down_revision: str | None = "s0001_server"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_VALUES = ("poor", "near_poor", "newly_escaped", "average", "other")
NEW_VALUES = ("poor", "near_poor", "average", "other")
SCHOOL_LEVELS = (
    "preschool",
    "primary",
    "lower_secondary",
    "upper_secondary",
    "vocational",
    "higher",
)
LINES = {
    "qd59-2015": {"rural": (1_000_000, 1_500_000), "urban": (1_300_000, 1_950_000)},
    "nd07-2021": {"rural": (1_500_000, 2_250_000), "urban": (2_000_000, 3_000_000)},
    "nd351-2025": {"rural": (2_200_000, None), "urban": (2_800_000, None)},
}
NOTE = "Danh sách cũ ghi “Hộ mới thoát nghèo”"


def _category_after_escape(standard_id: str, area: str, income: int | None) -> str | None:
    lines = LINES.get(standard_id, {}).get(area)
    if lines is None or income is None:
        return None
    line, ceiling = lines
    if income <= line:
        return "near_poor"
    if ceiling is not None and income <= ceiling:
        return "average"
    return "other"


def _move_data(conn: sa.Connection) -> None:
    rows = conn.execute(
        sa.text(
            "SELECT id, standard_id, area, income_per_capita, note FROM classification "
            "WHERE category = 'newly_escaped'"
        )
    ).all()
    for row_id, standard_id, area, income, note in rows:
        category = _category_after_escape(standard_id, str(area), income)
        conn.execute(
            sa.text("UPDATE classification SET category = :c, note = :n WHERE id = :i"),
            {
                "c": category or "other",
                "n": note if category else "; ".join(filter(None, [note, NOTE])),
                "i": row_id,
            },
        )
    conn.execute(
        sa.text(
            "UPDATE registrationreview SET category_after = COALESCE(("
            " SELECT c.category FROM classification c JOIN registration r"
            " ON r.household_id = c.household_id"
            " WHERE r.id = registrationreview.registration_id"
            " AND c.year = registrationreview.year + 1 AND c.deleted = :no), 'other')"
            " WHERE category_after = 'newly_escaped'"
        ),
        {"no": False},
    )


def upgrade() -> None:
    conn = op.get_bind()
    _move_data(conn)
    if conn.dialect.name == "postgresql":
        values = ", ".join(f"'{v}'" for v in NEW_VALUES)
        op.execute("ALTER TYPE category RENAME TO category_old")
        op.execute(f"CREATE TYPE category AS ENUM ({values})")
        for table, column in (("classification", "category"), ("registrationreview", "category_after")):
            op.execute(
                f"ALTER TABLE {table} ALTER COLUMN {column} TYPE category "
                f"USING {column}::text::category"
            )
        op.execute("DROP TYPE category_old")
        sa.Enum(*SCHOOL_LEVELS, name="schoollevel").create(conn, checkfirst=True)
    else:
        old, new = sa.Enum(*OLD_VALUES, name="category"), sa.Enum(*NEW_VALUES, name="category")
        with op.batch_alter_table("classification") as batch_op:
            batch_op.alter_column("category", existing_type=old, type_=new, existing_nullable=False)
        with op.batch_alter_table("registrationreview") as batch_op:
            batch_op.alter_column(
                "category_after", existing_type=old, type_=new, existing_nullable=True
            )
    levels = sa.Enum(*SCHOOL_LEVELS, name="schoollevel", create_type=False)
    op.add_column("member", sa.Column("school_level", levels, nullable=True))
    op.add_column("member", sa.Column("social_allowance", sa.Boolean(), nullable=True))


def downgrade() -> None:
    op.drop_column("member", "social_allowance")
    op.drop_column("member", "school_level")
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        sa.Enum(*SCHOOL_LEVELS, name="schoollevel").drop(conn, checkfirst=True)
        values = ", ".join(f"'{v}'" for v in OLD_VALUES)
        op.execute("ALTER TYPE category RENAME TO category_new")
        op.execute(f"CREATE TYPE category AS ENUM ({values})")
        for table, column in (("classification", "category"), ("registrationreview", "category_after")):
            op.execute(
                f"ALTER TABLE {table} ALTER COLUMN {column} TYPE category "
                f"USING {column}::text::category"
            )
        op.execute("DROP TYPE category_new")
