"""Set references: which references belong to a curated set's bibliography.

A reference can belong to a set without any claim citing it (the report a summary appeared in);
without this table, dumping the set would lose it.

Revision ID: b0e0b2410e2e
Revises: b5995c502944
Create Date: 2026-11-24 15:20:22.077208
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'b0e0b2410e2e'
down_revision: str | None = 'b5995c502944'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('set_reference',
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('reference_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['reference_id'], ['reference.id'], name=op.f('fk_set_reference_reference_id_reference'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_id'], ['evidence_set.id'], name=op.f('fk_set_reference_set_id_evidence_set'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('set_id', 'reference_id', name=op.f('pk_set_reference'))
    )
    with op.batch_alter_table('set_reference', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_set_reference_reference_id'), ['reference_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('set_reference', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_set_reference_reference_id'))

    op.drop_table('set_reference')
