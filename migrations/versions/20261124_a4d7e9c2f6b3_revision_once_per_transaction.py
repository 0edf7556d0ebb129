"""PostgreSQL: bump the data revision once per transaction, not once per statement.

Revision d9f4a2b6c8e1 updated the single ``data_revision`` row from a statement trigger. A bulk load
through a driver's executemany runs one statement per row, so loading 500,000 links updated that one
row 500,000 times in one transaction; PostgreSQL cannot prune the dead versions a transaction leaves
behind while it runs, every update walks the chain of the ones before it, and the load went from
under a minute to hours.

Now the trigger updates the row only when the transaction has not done so since the token was last
read in it: a transaction-local setting, ``evidence.revision_bumped``, is set by the trigger and
cleared by every read (``evidence.store.data_revision``). So a bulk load costs one update, and a
reader in the same transaction that writes, reads, then writes again still sees the token move
(a cache built between the two writes must not match the data after the second). Settings made in a
savepoint are undone with it, like the update. SQLite keeps its row triggers: an update of one row
in place is cheap there, and its bulk loaders drop the triggers.

Revision ID: a4d7e9c2f6b3
Revises: d9f4a2b6c8e1
Create Date: 2026-11-24 20:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "a4d7e9c2f6b3"
down_revision: str | None = "d9f4a2b6c8e1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ONCE = """
CREATE OR REPLACE FUNCTION bump_data_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('evidence.revision_bumped', true), '') <> 'yes' THEN
        UPDATE data_revision SET n = nextval('data_revision_seq');
        PERFORM set_config('evidence.revision_bumped', 'yes', true);
    END IF;
    RETURN NULL;
END $$
"""

EVERY_STATEMENT = """
CREATE OR REPLACE FUNCTION bump_data_revision() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN UPDATE data_revision SET n = nextval('data_revision_seq'); RETURN NULL; END $$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute(ONCE)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute(EVERY_STATEMENT)
