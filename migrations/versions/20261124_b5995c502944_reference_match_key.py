"""Reference match key: recognise the same work imported twice when it has no DOI.

Adds ``reference.match_key`` (folded title | year | first author), indexed, and fills it for the
references already there. The folding is copied here, not imported, so this migration keeps doing
what it did when the library's version changes.

Revision ID: b5995c502944
Revises: 7c1e0f3a9b21
Create Date: 2026-11-24 15:50:00
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b5995c502944"
down_revision: str | None = "7c1e0f3a9b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[^\W_]+", plain))


def upgrade() -> None:
    with op.batch_alter_table("reference", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "match_key",
                sa.String(length=300),
                nullable=True,
                comment="normalised title|year|first author, to recognise a work imported twice without DOI",
            )
        )
        batch_op.create_index(batch_op.f("ix_reference_match_key"), ["match_key"], unique=False)

    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT r.id, r.title, r.year, "
            "(SELECT coalesce(p.family, p.literal) FROM contributor c JOIN person p ON p.id = c.person_id "
            " WHERE c.reference_id = r.id ORDER BY CASE c.role WHEN 'author' THEN 0 ELSE 1 END, c.position "
            " LIMIT 1) AS first FROM reference r WHERE r.title IS NOT NULL"
        )
    ).all()
    updates = [
        {"id": r.id, "key": f"{_fold(r.title)[:200]}|{r.year or ''}|{_fold(r.first or '')[:60]}"}
        for r in rows
    ]
    if updates:
        conn.execute(sa.text("UPDATE reference SET match_key = :key WHERE id = :id"), updates)


def downgrade() -> None:
    with op.batch_alter_table("reference", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reference_match_key"))
        batch_op.drop_column("match_key")
