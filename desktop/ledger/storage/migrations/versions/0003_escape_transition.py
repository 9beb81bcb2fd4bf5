"""escape is a transition, not a category; member facts for dependants and schooling

Revision ID: 0003_escape_transition
Revises: 0002_settings
Create Date: 2026-11-23 10:41:08

"Hộ mới thoát nghèo" was stored as a fourth category. A household that escaped poverty is, on
the new list, near-poor, average or other; the escape is read from two consecutive lists. Rows
that said "newly escaped" get the category their own income and standard give (the lines are
frozen here as they stood when this migration was written), or "other" when the income is not
known, with a note saying what the list had.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_escape_transition"
down_revision: str | None = "0002_settings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = sa.Enum("poor", "near_poor", "newly_escaped", "average", "other", name="category")
NEW = sa.Enum("poor", "near_poor", "average", "other", name="category")
# standard id → area → (poverty line, average-living ceiling or None); đồng per person per month.
LINES = {
    "qd59-2015": {"rural": (1_000_000, 1_500_000), "urban": (1_300_000, 1_950_000)},
    "nd07-2021": {"rural": (1_500_000, 2_250_000), "urban": (2_000_000, 3_000_000)},
    "nd351-2025": {"rural": (2_200_000, None), "urban": (2_800_000, None)},
}
NOTE = "Danh sách cũ ghi “Hộ mới thoát nghèo”"


def _category_after_escape(standard_id: str, area: str, income: int | None) -> str | None:
    """Not poor any more: near-poor at or under the line, average up to the ceiling, else other."""
    lines = LINES.get(standard_id, {}).get(area)
    if lines is None or income is None:
        return None
    line, ceiling = lines
    if income <= line:
        return "near_poor"
    if ceiling is not None and income <= ceiling:
        return "average"
    return "other"


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT id, standard_id, area, income_per_capita, note FROM classification "
            "WHERE category = 'newly_escaped'"
        )
    ).all()
    for row_id, standard_id, area, income, note in rows:
        category = _category_after_escape(standard_id, area, income)
        conn.execute(
            sa.text("UPDATE classification SET category = :c, note = :n WHERE id = :i"),
            {
                "c": category or "other",
                "n": note if category else "; ".join(filter(None, [note, NOTE])),
                "i": row_id,
            },
        )
    # A review's "category after" is the household's category on the next year's list.
    conn.execute(
        sa.text(
            "UPDATE registrationreview SET category_after = COALESCE(("
            " SELECT c.category FROM classification c JOIN registration r"
            " ON r.household_id = c.household_id"
            " WHERE r.id = registrationreview.registration_id"
            " AND c.year = registrationreview.year + 1 AND c.deleted = 0), 'other')"
            " WHERE category_after = 'newly_escaped'"
        )
    )
    with op.batch_alter_table("classification") as batch_op:
        batch_op.alter_column("category", existing_type=OLD, type_=NEW, existing_nullable=False)
    with op.batch_alter_table("registrationreview") as batch_op:
        batch_op.alter_column(
            "category_after", existing_type=OLD, type_=NEW, existing_nullable=True
        )
    school_levels = sa.Enum(
        "preschool",
        "primary",
        "lower_secondary",
        "upper_secondary",
        "vocational",
        "higher",
        name="schoollevel",
    )
    with op.batch_alter_table("member") as batch_op:
        batch_op.add_column(sa.Column("school_level", school_levels, nullable=True))
        batch_op.add_column(sa.Column("social_allowance", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("member") as batch_op:
        batch_op.drop_column("social_allowance")
        batch_op.drop_column("school_level")
    with op.batch_alter_table("registrationreview") as batch_op:
        batch_op.alter_column(
            "category_after", existing_type=NEW, type_=OLD, existing_nullable=True
        )
    with op.batch_alter_table("classification") as batch_op:
        batch_op.alter_column("category", existing_type=NEW, type_=OLD, existing_nullable=False)
