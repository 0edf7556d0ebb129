"""Full-text search over claims, evidence quotes and reference titles/abstracts.

SQLite: FTS5 external-content tables ``search_<table>`` kept in step by triggers. A later batch
migration that rebuilds ``claim``, ``evidence`` or ``reference`` on SQLite drops these triggers and
must recreate them (call ``create_sqlite_triggers`` from here).
PostgreSQL: GIN indexes on the same ``to_tsvector('simple', ...)`` expressions that
``evidence.search`` queries, so the planner can use them.

Revision ID: 7c1e0f3a9b21
Revises: 5212f7a71106
Create Date: 2026-11-24 15:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "7c1e0f3a9b21"
down_revision: str | None = "5212f7a71106"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> searchable columns; must agree with evidence.search.PG_DOCUMENTS
DOCUMENTS = {
    "claim": ("statement_nl", "statement_en"),
    "evidence": ("quote", "locator"),
    "reference": ("title", "abstract"),
}


def _pg_expr(columns: tuple[str, ...]) -> str:
    return " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)


def create_sqlite_triggers(table: str, columns: tuple[str, ...]) -> None:
    fts = f"search_{table}"
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    op.execute(
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    op.execute(
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {cols} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, columns in DOCUMENTS.items():
            fts = f"search_{table}"
            op.execute(
                f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(columns)}, content='{table}', "
                "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
            )
            create_sqlite_triggers(table, columns)
            op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    else:
        for table, columns in DOCUMENTS.items():
            op.execute(
                f"CREATE INDEX search_{table}_tsv ON {table} "
                f"USING gin (to_tsvector('simple', {_pg_expr(columns)}))"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in DOCUMENTS:
            fts = f"search_{table}"
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
    else:
        for table in DOCUMENTS:
            op.execute(f"DROP INDEX IF EXISTS search_{table}_tsv")
