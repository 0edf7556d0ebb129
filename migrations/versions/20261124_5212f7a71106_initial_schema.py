"""Initial schema: references, people, topics, claims, evidence links and change history.

Constraints are named by the models' naming convention so later batch migrations on SQLite can
address them.

Revision ID: 5212f7a71106
Revises: 
Create Date: 2026-11-24 14:48:02.307708
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '5212f7a71106'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('change_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_key', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('changes', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.CheckConstraint("action IN ('insert', 'update', 'delete')", name=op.f('ck_change_log_action')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_log'))
    )
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_log_entity_entity_key'), ['entity', 'entity_key'], unique=False)

    op.create_table('evidence_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('title_nl', sa.Text(), nullable=True),
    sa.Column('title_en', sa.Text(), nullable=True),
    sa.Column('description_nl', sa.Text(), nullable=True),
    sa.Column('description_en', sa.Text(), nullable=True),
    sa.Column('source_key', sa.String(length=200), nullable=True, comment='citekey of the publication the set is drawn from'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_set')),
    sa.UniqueConstraint('slug', name=op.f('uq_evidence_set_slug'))
    )
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family', sa.String(length=255), nullable=True),
    sa.Column('given', sa.String(length=255), nullable=True),
    sa.Column('particle', sa.String(length=64), nullable=True, comment='non-dropping: "van", "de"'),
    sa.Column('suffix', sa.String(length=32), nullable=True),
    sa.Column('literal', sa.Text(), nullable=True, comment='organisation name, kept whole'),
    sa.Column('name_key', sa.String(length=600), nullable=False, comment='normalised full name, to share one row per person'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person')),
    sa.UniqueConstraint('name_key', name=op.f('uq_person_name_key'))
    )
    op.create_table('reference',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citekey', sa.String(length=200), nullable=False),
    sa.Column('entry_type', sa.String(length=40), nullable=False, comment='CSL item type'),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('date', sa.String(length=64), nullable=True, comment='issued date, EDTF-like text'),
    sa.Column('container_title', sa.Text(), nullable=True),
    sa.Column('collection_title', sa.Text(), nullable=True),
    sa.Column('volume', sa.String(length=255), nullable=True),
    sa.Column('issue', sa.String(length=255), nullable=True),
    sa.Column('pages', sa.String(length=255), nullable=True),
    sa.Column('edition', sa.String(length=255), nullable=True),
    sa.Column('publisher', sa.Text(), nullable=True),
    sa.Column('publisher_place', sa.Text(), nullable=True),
    sa.Column('genre', sa.String(length=255), nullable=True),
    sa.Column('doi', sa.String(length=255), nullable=True, comment='normalised: lower case, no resolver prefix'),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('isbn', sa.String(length=255), nullable=True),
    sa.Column('issn', sa.String(length=255), nullable=True),
    sa.Column('abstract', sa.Text(), nullable=True),
    sa.Column('language', sa.String(length=35), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('accessed', sa.String(length=64), nullable=True),
    sa.Column('keywords', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('extra', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, comment='unmodelled fields, verbatim, by their source-format name'),
    sa.Column('source_record', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True, comment='the record as imported (format, type, raw fields) for lossless export'),
    sa.Column('verification_status', sa.String(length=20), nullable=False),
    sa.Column('verification_note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("verification_status IN ('verified', 'partial', 'unverified', 'unknown')", name=op.f('ck_reference_verification')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference')),
    sa.UniqueConstraint('citekey', name=op.f('uq_reference_citekey')),
    sa.UniqueConstraint('doi', name=op.f('uq_reference_doi'))
    )
    with op.batch_alter_table('reference', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reference_entry_type'), ['entry_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_reference_year'), ['year'], unique=False)

    op.create_table('claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=True),
    sa.Column('statement_nl', sa.Text(), nullable=True),
    sa.Column('statement_en', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IS NULL OR kind IN ('definition', 'advantage', 'disadvantage', 'recommendation', 'finding', 'mitigation', 'research-gap')", name=op.f('ck_claim_kind')),
    sa.ForeignKeyConstraint(['set_id'], ['evidence_set.id'], name=op.f('fk_claim_set_id_evidence_set'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim')),
    sa.UniqueConstraint('slug', name=op.f('uq_claim_slug'))
    )
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_set_id'), ['set_id'], unique=False)

    op.create_table('contributor',
    sa.Column('reference_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("role IN ('author', 'editor', 'translator', 'container-author', 'collection-editor', 'director')", name=op.f('ck_contributor_role')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_contributor_person_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['reference_id'], ['reference.id'], name=op.f('fk_contributor_reference_id_reference'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('reference_id', 'role', 'position', name=op.f('pk_contributor'))
    )
    with op.batch_alter_table('contributor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contributor_person_id'), ['person_id'], unique=False)

    op.create_table('topic',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label_nl', sa.Text(), nullable=False),
    sa.Column('label_en', sa.Text(), nullable=False),
    sa.Column('description_nl', sa.Text(), nullable=True),
    sa.Column('description_en', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['topic.id'], name=op.f('fk_topic_parent_id_topic'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_id'], ['evidence_set.id'], name=op.f('fk_topic_set_id_evidence_set'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_topic')),
    sa.UniqueConstraint('slug', name=op.f('uq_topic_slug'))
    )
    with op.batch_alter_table('topic', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_topic_parent_id'), ['parent_id'], unique=False)

    op.create_table('claim_topic',
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_claim_topic_claim_id_claim'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['topic.id'], name=op.f('fk_claim_topic_topic_id_topic'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('claim_id', 'topic_id', name=op.f('pk_claim_topic'))
    )
    with op.batch_alter_table('claim_topic', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_topic_topic_id'), ['topic_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('reference_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('stance', sa.String(length=20), nullable=False),
    sa.Column('locator', sa.Text(), nullable=True, comment='page, section or paragraph in the source'),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.Column('study_design', sa.String(length=40), nullable=True),
    sa.Column('population', sa.Text(), nullable=True),
    sa.Column('setting', sa.Text(), nullable=True),
    sa.Column('sample_size', sa.Integer(), nullable=True),
    sa.Column('certainty', sa.String(length=20), nullable=True, comment='GRADE / CERQual level'),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('provenance', sa.String(length=32), nullable=False, comment='stated-in-source: the source says it; curator-linked: our judgement'),
    sa.Column('rationale', sa.Text(), nullable=True, comment='why a curator linked the reference'),
    sa.Column('added_by', sa.String(length=255), nullable=True),
    sa.Column('added_at', sa.String(length=32), nullable=True, comment='ISO date the link was made'),
    sa.CheckConstraint("certainty IS NULL OR certainty IN ('high', 'moderate', 'low', 'very low')", name=op.f('ck_evidence_certainty')),
    sa.CheckConstraint("provenance IN ('stated-in-source', 'curator-linked')", name=op.f('ck_evidence_provenance')),
    sa.CheckConstraint("stance IN ('supports', 'contradicts', 'mixed', 'mentions')", name=op.f('ck_evidence_stance')),
    sa.CheckConstraint("study_design IS NULL OR study_design IN ('meta-analysis', 'systematic-review', 'literature-review', 'rct', 'quasi-experimental', 'cohort', 'cross-sectional', 'qualitative', 'case-study', 'mixed-methods', 'expert-opinion', 'policy-document', 'theory', 'other')", name=op.f('ck_evidence_study_design')),
    sa.CheckConstraint('sample_size IS NULL OR sample_size >= 0', name=op.f('ck_evidence_sample_size')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_evidence_claim_id_claim'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reference_id'], ['reference.id'], name=op.f('fk_evidence_reference_id_reference'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_claim_id_position'), ['claim_id', 'position'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_reference_id'), ['reference_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_stance'), ['stance'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_stance'))
        batch_op.drop_index(batch_op.f('ix_evidence_reference_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_claim_id_position'))

    op.drop_table('evidence')
    with op.batch_alter_table('claim_topic', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_topic_topic_id'))

    op.drop_table('claim_topic')
    with op.batch_alter_table('topic', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_topic_parent_id'))

    op.drop_table('topic')
    with op.batch_alter_table('contributor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contributor_person_id'))

    op.drop_table('contributor')
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_set_id'))

    op.drop_table('claim')
    with op.batch_alter_table('reference', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reference_year'))
        batch_op.drop_index(batch_op.f('ix_reference_entry_type'))

    op.drop_table('reference')
    op.drop_table('person')
    op.drop_table('evidence_set')
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_log_entity_entity_key'))

    op.drop_table('change_log')

