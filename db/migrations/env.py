"""Alembic environment: run by db.schema with an open connection (never from a fixed URL)."""

from alembic import context
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers every table)

target_metadata = SQLModel.metadata


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("db.schema passes the connection; run migrations through it")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
