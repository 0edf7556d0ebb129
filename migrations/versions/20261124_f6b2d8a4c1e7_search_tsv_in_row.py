"""PostgreSQL: keep ``search_tsv`` in the row (``STORAGE MAIN``), so ranking does not read TOAST.

With the default storage (``EXTENDED``) PostgreSQL moves the largest values of a row that outgrows
about 2 kB to the TOAST table, uncompressed vectors first: at size L 44 MB of reference vectors
(title and abstract, about 850 bytes each) lived there, and ``search()`` fetched every one back to
rank the 37,000 references matching ``online``: 120 ms of a 140 ms search. With ``MAIN`` the
abstract, which compresses, goes to TOAST instead and the vector stays in the row: ranking those
37,000 rows takes 45 ms. Snippets still read the abstract, for the 50 rows shown only.
``reference`` grows from 127 to 150 MB and its TOAST shrinks from 44 to 23 MB.

Existing values only move when their row is written again, so the upgrade drops and adds each
column again in one ``ALTER TABLE`` (one rewrite of the table; 14 s at L for all three), then
rebuilds the GIN index and runs ``ANALYZE`` for the planner's statistics on the new column.
Downgrade sets the default storage back; values stay where they are, which is harmless.
SQLite keeps its FTS5 tables: this revision does nothing there.

Revision ID: f6b2d8a4c1e7
Revises: e5a3c7f1b9d2
Create Date: 2026-11-24 21:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "f6b2d8a4c1e7"
down_revision: str | None = "e5a3c7f1b9d2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> searchable columns; as in e5a3c7f1b9d2 and evidence.search.PG_DOCUMENTS
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
        op.execute(  # dropping the column drops its index too
            f"ALTER TABLE {table} DROP COLUMN search_tsv, ADD COLUMN search_tsv tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('simple', {_pg_expr(columns)})) STORED, "
            "ALTER COLUMN search_tsv SET STORAGE MAIN"
        )
        op.execute(f"CREATE INDEX search_{table}_tsv ON {table} USING gin (search_tsv)")
        op.execute(f"ANALYZE {table}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table in DOCUMENTS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN search_tsv SET STORAGE EXTENDED")
