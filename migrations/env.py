"""Alembic environment: used both by the library (``evidence.store``) and by the ``alembic`` CLI.

The library passes its own connection in ``config.attributes["connection"]`` so that migrations run
inside the same engine configuration (SQLite pragmas, PostgreSQL driver) the application uses.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text

from evidence.models import Base

config = context.config
target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to):
    # Full-text search tables, indexes and triggers are created by hand in migrations (FTS5 virtual tables and
    # their shadow tables on SQLite, tsvector columns on PostgreSQL); autogenerate must not see them.
    return not (name and name.startswith("search_"))


def _run(connection) -> None:
    is_sqlite = connection.dialect.name == "sqlite"
    if is_sqlite:
        # Batch mode rebuilds tables; with foreign keys on, dropping the old table would cascade
        # deletes into child rows. PRAGMA foreign_keys only takes effect outside a transaction.
        if connection.in_transaction():
            connection.commit()
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=is_sqlite,
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    if is_sqlite:
        if connection.in_transaction():
            connection.commit()
        bad = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        if bad:
            raise RuntimeError(f"migration left rows that break foreign keys: {bad[:5]}")


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _run(conn)
        conn.commit()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
