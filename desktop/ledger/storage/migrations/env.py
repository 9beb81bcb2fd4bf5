"""Alembic environment. The ledger passes its own connection in `config.attributes`, so
migrations run inside the app and the CLI without an alembic.ini."""

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import desktop.ledger.records  # noqa: F401  (registers every table on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic revision --autogenerate` from a developer's shell
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
        with engine.connect() as conn:
            _run_with(conn)
        return
    _run_with(connection)


def _ours(name, type_, _parent) -> bool:  # type: ignore[no-untyped-def]
    # The household search index is kept by triggers (0002), not declared as records.
    return not (
        type_ == "table" and (name or "").startswith(("household_search_key", "household_fts"))
    )


def _run_with(connection) -> None:  # type: ignore[no-untyped-def]
    # SQLite cannot ALTER most things in place; batch mode rebuilds the table instead.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_name=_ours,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
