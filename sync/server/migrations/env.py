"""Alembic environment of the server's schema. The server passes its own connection in
`config.attributes`; `alembic revision --autogenerate` from a shell uses sqlalchemy.url."""

from alembic import context
from sqlalchemy import Connection, create_engine

from sync.server.tables import metadata

config = context.config
target_metadata = metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
        with engine.connect() as conn:
            _run_with(conn)
        return
    _run_with(connection)


def _run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run()
