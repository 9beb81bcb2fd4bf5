"""household search index (FTS5 over folded names, codes and ID numbers of every member)

Revision ID: 0004_household_search
Revises: 0003_escape_transition
Create Date: 2026-11-23 10:50:00

Triggers keep the index in step with every write path (the ORM, the bulk path, imports, sync),
so no caller can forget it. `household_search_key` gives each indexed record a stable integer
for the FTS rowid (a table's implicit rowid may change on VACUUM) and names its household.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004_household_search"
down_revision: str | None = "0003_escape_transition"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


KEY = "(SELECT id FROM household_search_key WHERE record_id = {})"
MEMBER_BODY = "NEW.search_text || coalesce(' ' || NEW.citizen_id, '')"


def _add(record: str, household: str, body: str, when: str = "1") -> str:
    return f"""
    INSERT INTO household_search_key (record_id, household_id) SELECT {record}, {household}
     WHERE {when};
    INSERT INTO household_fts (rowid, body) SELECT last_insert_rowid(), {body} WHERE {when};
    """


def _drop(record: str) -> str:
    return f"""
    DELETE FROM household_fts WHERE rowid = {KEY.format(record)};
    DELETE FROM household_search_key WHERE record_id = {record};
    """


# One index row per household (head's name and code) and one per member (name and ID number):
# adding a member, the common case and the whole of the bulk path, is one insert, not a rebuild.
# A tombstoned household needs nothing here: searches keep only households not deleted.
TRIGGERS = {
    "household_search_ai": (
        "AFTER INSERT ON household",
        _add("NEW.id", "NEW.id", "NEW.search_text"),
    ),
    "household_search_au": (
        "AFTER UPDATE OF search_text ON household",
        _drop("OLD.id") + _add("NEW.id", "NEW.id", "NEW.search_text"),
    ),
    "household_search_ad": ("AFTER DELETE ON household", _drop("OLD.id")),
    "member_search_ai": (
        "AFTER INSERT ON member WHEN NEW.deleted = 0",
        _add("NEW.id", "NEW.household_id", MEMBER_BODY),
    ),
    "member_search_au": (  # one trigger: SQLite does not promise an order between two
        "AFTER UPDATE OF search_text, citizen_id, deleted, household_id ON member",
        _drop("OLD.id") + _add("NEW.id", "NEW.household_id", MEMBER_BODY, "NEW.deleted = 0"),
    ),
    "member_search_ad": ("AFTER DELETE ON member", _drop("OLD.id")),
}


def upgrade() -> None:
    op.execute(
        "CREATE TABLE household_search_key (id INTEGER PRIMARY KEY,"
        " record_id VARCHAR(32) NOT NULL UNIQUE, household_id VARCHAR(32) NOT NULL)"
    )
    # The text is folded already ("nong van dung nl 001"); unicode61 splits it into words.
    # Searches are words and word starts, never phrases: rowids alone (detail=none) make every
    # insert cheaper, which the bulk path of 200,000 members feels.
    op.execute(
        "CREATE VIRTUAL TABLE household_fts USING fts5("
        "body, tokenize = 'unicode61', detail = none, columnsize = 0)"
    )
    for name, (when, body) in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")
    op.execute(
        "INSERT INTO household_search_key (record_id, household_id) SELECT id, id FROM household"
    )
    op.execute(
        "INSERT INTO household_search_key (record_id, household_id)"
        " SELECT id, household_id FROM member WHERE deleted = 0"
    )
    op.execute(
        "INSERT INTO household_fts (rowid, body) SELECT k.id, h.search_text"
        " FROM household h JOIN household_search_key k ON k.record_id = h.id"
    )
    op.execute(
        "INSERT INTO household_fts (rowid, body)"
        " SELECT k.id, m.search_text || coalesce(' ' || m.citizen_id, '')"
        " FROM member m JOIN household_search_key k ON k.record_id = m.id"
    )


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE household_fts")
    op.execute("DROP TABLE household_search_key")
