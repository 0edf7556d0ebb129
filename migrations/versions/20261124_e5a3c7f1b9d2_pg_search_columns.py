"""PostgreSQL full-text search: a stored ``search_tsv`` column per table, indexed, instead of expressions.

With GIN indexes on ``to_tsvector('simple', ...)`` expressions the index finds the rows, but ranking
and the recheck of a lossy bitmap compute ``to_tsvector`` again for every match: 37,000 references
match ``online`` at size L, and that alone took most of a 1 s search. A stored generated column is
computed once per insert or update of its text columns, and ``evidence.search`` ranks and matches
on it.

The columns are not in the ORM models (they are PostgreSQL only, and nothing writes them); their
names start with ``search_``, which ``migrations/env.py`` keeps autogenerate from seeing.
SQLite keeps its FTS5 tables: this revision does nothing there.

Downgrade drops the columns (and with them their indexes) and restores the expression indexes of
revision 7c1e0f3a9b21.

Revision ID: e5a3c7f1b9d2
Revises: a4d7e9c2f6b3
Create Date: 2026-11-24 22:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "e5a3c7f1b9d2"
down_revision: str | None = "a4d7e9c2f6b3"
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


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, columns in DOCUMENTS.items():
        op.execute(f"DROP INDEX IF EXISTS search_{table}_tsv")
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN search_tsv tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('simple', {_pg_expr(columns)})) STORED"
        )
        op.execute(f"CREATE INDEX search_{table}_tsv ON {table} USING gin (search_tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, columns in DOCUMENTS.items():
        op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_tsv")  # drops its index too
        op.execute(
            f"CREATE INDEX search_{table}_tsv ON {table} "
            f"USING gin (to_tsvector('simple', {_pg_expr(columns)}))"
        )
