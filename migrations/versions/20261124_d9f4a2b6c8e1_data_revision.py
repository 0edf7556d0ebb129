"""A data revision: a number that changes whenever what evidence filters and counts see changes.

Facet counts over 500,000 evidence links cannot be recomputed in SQL within 100 ms, so the library
keeps the columns they need in memory (``evidence.facet_index``) and must know when that copy is
stale, whatever wrote to the database: the loader, an import, a second dashboard process, or a
user's own SQL. Triggers set ``data_revision.n`` anew on every insert, update and delete of evidence,
claims, claim topics, topics and evidence sets, and on updates and deletes of the reference fields
filters use. Inserting a reference is not tracked: a new reference has no evidence yet, and an
import of thousands of references would otherwise pay a trigger per row.

The number is a token, not a count: it never takes a value it had before, even when a transaction
that changed it rolls back (a cache built inside that transaction must never match later data).
SQLite sets a random 64-bit number, PostgreSQL the next value of the sequence ``data_revision_seq``,
which rollbacks do not return. SQLite has only row triggers: each changed row runs one ``UPDATE``
of the single row; PostgreSQL uses statement triggers. The token is an ordinary row, so a reader
sees the new one only once the writing transaction commits, together with the data.

A later batch migration that rebuilds one of these tables on SQLite drops its triggers and must
recreate them with :func:`create_sqlite_triggers`.

Revision ID: d9f4a2b6c8e1
Revises: c3a1d8e5f702
Create Date: 2026-11-24 20:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d9f4a2b6c8e1"
down_revision: str | None = "c3a1d8e5f702"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> the events that change what filters and counts see, as of this revision.
EVENTS = {
    "evidence": ("INSERT", "UPDATE", "DELETE"),
    "claim": ("INSERT", "UPDATE", "DELETE"),
    "claim_topic": ("INSERT", "UPDATE", "DELETE"),
    "topic": ("INSERT", "UPDATE", "DELETE"),
    "evidence_set": ("INSERT", "UPDATE", "DELETE"),
    "reference": ("UPDATE OF citekey, year, entry_type, language, verification_status", "DELETE"),
}


def _name(table: str, event: str) -> str:
    return f"revision_{table}_{event.split()[0].lower()}"


def create_sqlite_triggers(table: str) -> None:
    for event in EVENTS[table]:
        op.execute(f"CREATE TRIGGER {_name(table, event)} AFTER {event} ON {table} "
                   "BEGIN UPDATE data_revision SET n = random(); END")  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "data_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_data_revision_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_revision")),
    )
    op.execute("INSERT INTO data_revision (id, n) VALUES (1, 0)")
    if op.get_bind().dialect.name == "sqlite":
        for table in EVENTS:
            create_sqlite_triggers(table)
        return
    op.execute("CREATE SEQUENCE data_revision_seq")
    op.execute(
        "CREATE FUNCTION bump_data_revision() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN UPDATE data_revision SET n = nextval('data_revision_seq'); RETURN NULL; END $$"
    )
    for table, events in EVENTS.items():
        op.execute(f'CREATE TRIGGER revision_{table} AFTER {" OR ".join(events)} OR TRUNCATE '
                   f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_revision()')  # fmt: skip


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, events in EVENTS.items():
            for event in events:
                op.execute(f"DROP TRIGGER IF EXISTS {_name(table, event)}")
    else:
        for table in EVENTS:
            op.execute(f'DROP TRIGGER IF EXISTS revision_{table} ON "{table}"')
        op.execute("DROP FUNCTION IF EXISTS bump_data_revision()")
        op.execute("DROP SEQUENCE IF EXISTS data_revision_seq")
    op.drop_table("data_revision")
