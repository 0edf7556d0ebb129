"""The relational model: references, people, topics, claims, the evidence linking them, and history.

Rules that must hold for every writer (the CLI, the dashboard, a notebook, a colleague's SQL) live in
the database as named constraints, not only here: a stance outside the vocabulary is rejected, a
citekey and a DOI exist at most once, deleting a claim deletes its evidence, and a reference with
evidence cannot be deleted from under it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

STANCES = ("supports", "contradicts", "mixed", "mentions")
CERTAINTIES = ("high", "moderate", "low", "very low")
PROVENANCES = ("stated-in-source", "curator-linked")
VERIFICATION_STATUSES = ("verified", "partial", "unverified", "unknown")
CLAIM_KINDS = (
    "definition",
    "advantage",
    "disadvantage",
    "recommendation",
    "finding",
    "mitigation",
    "research-gap",
)
#: Study designs, roughly ordered from strongest synthesis to opinion; free text is not accepted so
#: that facets and the evidence map stay meaningful.
STUDY_DESIGNS = (
    "meta-analysis",
    "systematic-review",
    "literature-review",
    "rct",
    "quasi-experimental",
    "cohort",
    "cross-sectional",
    "qualitative",
    "case-study",
    "mixed-methods",
    "expert-opinion",
    "policy-document",
    "theory",
    "other",
)
CONTRIBUTOR_ROLES = ("author", "editor", "translator", "container-author", "collection-editor",
                     "director")

# Every constraint and index gets a predictable name, so migrations can refer to them on both
# SQLite and PostgreSQL (SQLite batch rebuilds need names to drop or alter constraints).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSONType = JSON().with_variant(JSONB(), "postgresql")

intpk = Annotated[int, mapped_column(Integer, primary_key=True)]
text = Annotated[str | None, mapped_column(Text)]
short = Annotated[str | None, mapped_column(String(255))]
created = Annotated[
    dt.datetime, mapped_column(DateTime(timezone=True), server_default=func.now())
]


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


def _one_of(column: str, values: tuple[str, ...]) -> str:
    """The same test as :func:`_in`, written as ``column = 'a' OR column = 'b' ...``.

    SQLite builds a throw-away index for a CHECK's ``IN (...)`` list on every row inserted: for the
    42,000 contributor rows of a large library import that cost 90 ms, the OR chain 2 ms.
    """
    return " OR ".join(f"{column} = '" + v.replace("'", "''") + "'" for v in values)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class EvidenceSet(Base):
    """A curated collection (e.g. the bundled summary) that owns topics and claims.

    Sets make ``dump`` well defined when one database holds several curated collections next to
    references imported from users' libraries.
    """

    __tablename__ = "evidence_set"

    id: Mapped[intpk]
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title_nl: Mapped[text]
    title_en: Mapped[text]
    description_nl: Mapped[text]
    description_en: Mapped[text]
    source_key: Mapped[str | None] = mapped_column(
        String(200), comment="citekey of the publication the set is drawn from"
    )


class SetReference(Base):
    """A reference belongs to a curated set's bibliography even when no claim cites it yet
    (e.g. the report a summary appeared in), so dumping the set gives its ``references.bib`` back."""

    __tablename__ = "set_reference"
    __table_args__ = (Index(None, "reference_id"),)

    set_id: Mapped[int] = mapped_column(ForeignKey("evidence_set.id", ondelete="CASCADE"), primary_key=True)
    reference_id: Mapped[int] = mapped_column(
        ForeignKey("reference.id", ondelete="CASCADE"), primary_key=True
    )


class Reference(Base):
    __tablename__ = "reference"
    __table_args__ = (
        CheckConstraint(_in("verification_status", VERIFICATION_STATUSES), name="verification"),
        Index(None, "year"),
        Index(None, "entry_type"),
    )

    id: Mapped[intpk]
    citekey: Mapped[str] = mapped_column(String(200), unique=True)
    entry_type: Mapped[str] = mapped_column(String(40), comment="CSL item type")
    title: Mapped[text]
    year: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[str | None] = mapped_column(String(64), comment="issued date, EDTF-like text")
    container_title: Mapped[text]
    collection_title: Mapped[text]
    volume: Mapped[short]
    issue: Mapped[short]
    pages: Mapped[short]
    edition: Mapped[short]
    publisher: Mapped[text]
    publisher_place: Mapped[text]
    genre: Mapped[short]
    doi: Mapped[str | None] = mapped_column(
        String(255), unique=True, comment="normalised: lower case, no resolver prefix"
    )
    url: Mapped[text]
    isbn: Mapped[short]
    issn: Mapped[short]
    abstract: Mapped[text]
    language: Mapped[str | None] = mapped_column(String(35))
    note: Mapped[text]
    accessed: Mapped[str | None] = mapped_column(String(64))
    keywords: Mapped[list[str]] = mapped_column(JSONType, default=list)
    extra: Mapped[dict[str, Any]] = mapped_column(
        JSONType, default=dict, comment="unmodelled fields, verbatim, by their source-format name"
    )
    source_record: Mapped[dict[str, Any] | None] = mapped_column(
        JSONType, comment="the record as imported (format, type, raw fields) for lossless export"
    )
    verification_status: Mapped[str] = mapped_column(String(20), default="unknown")
    verification_note: Mapped[text]
    match_key: Mapped[str | None] = mapped_column(
        String(300), index=True,
        comment="normalised title|year|first author, to recognise a work imported twice without DOI",
    )
    created_at: Mapped[created]
    updated_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), onupdate=func.now()
    )

    contributors: Mapped[list[Contributor]] = relationship(
        back_populates="reference",
        cascade="all, delete-orphan",
        order_by="(Contributor.role, Contributor.position)",
        passive_deletes=True,
    )
    evidence: Mapped[list[Evidence]] = relationship(back_populates="reference",
                                                    passive_deletes="all")


class Person(Base):
    __tablename__ = "person"

    id: Mapped[intpk]
    family: Mapped[short]
    given: Mapped[short]
    particle: Mapped[str | None] = mapped_column(String(64), comment='non-dropping: "van", "de"')
    suffix: Mapped[str | None] = mapped_column(String(32))
    literal: Mapped[str | None] = mapped_column(Text, comment="organisation name, kept whole")
    name_key: Mapped[str] = mapped_column(
        String(600), unique=True, comment="normalised full name, to share one row per person"
    )


class Contributor(Base):
    __tablename__ = "contributor"
    __table_args__ = (
        CheckConstraint(_one_of("role", CONTRIBUTOR_ROLES), name="role"),
        Index(None, "person_id"),
        # Clustered on the primary key on SQLite (migration c3a1d8e5f702): a reference's
        # contributors are stored together and bulk inserts maintain one B-tree fewer.
        {"sqlite_with_rowid": False},
    )

    reference_id: Mapped[int] = mapped_column(
        ForeignKey("reference.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))

    reference: Mapped[Reference] = relationship(back_populates="contributors")
    person: Mapped[Person] = relationship(lazy="joined")


class Topic(Base):
    __tablename__ = "topic"
    __table_args__ = (Index(None, "parent_id"),)

    id: Mapped[intpk]
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    set_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_set.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("topic.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    label_nl: Mapped[str] = mapped_column(Text)
    label_en: Mapped[str] = mapped_column(Text)
    description_nl: Mapped[text]
    description_en: Mapped[text]

    parent: Mapped[Topic | None] = relationship(remote_side="Topic.id", back_populates="children")
    children: Mapped[list[Topic]] = relationship(
        back_populates="parent", order_by="Topic.position", passive_deletes=True
    )


class ClaimTopic(Base):
    __tablename__ = "claim_topic"
    __table_args__ = (Index(None, "topic_id"),)

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topic.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    topic: Mapped[Topic] = relationship()


class Claim(Base):
    __tablename__ = "claim"
    __table_args__ = (
        CheckConstraint(f"kind IS NULL OR {_in('kind', CLAIM_KINDS)}", name="kind"),
        Index(None, "set_id"),
    )

    id: Mapped[intpk]
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    set_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_set.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str | None] = mapped_column(String(32))
    statement_nl: Mapped[text]
    statement_en: Mapped[text]
    note: Mapped[text]
    created_at: Mapped[created]
    updated_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), onupdate=func.now()
    )

    topic_links: Mapped[list[ClaimTopic]] = relationship(
        cascade="all, delete-orphan", order_by="ClaimTopic.position", passive_deletes=True
    )
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="claim",
        cascade="all, delete-orphan",
        order_by="Evidence.position",
        passive_deletes=True,
    )

    def statement(self, lang: str) -> str:
        """The statement in ``lang``, falling back to the other language rather than nothing."""
        first, second = (
            (self.statement_nl, self.statement_en)
            if lang == "nl"
            else (self.statement_en, self.statement_nl)
        )
        return first or second or ""


class Evidence(Base):
    """What one reference says about one claim, and where it says so."""

    __tablename__ = "evidence"
    __table_args__ = (
        CheckConstraint(_in("stance", STANCES), name="stance"),
        CheckConstraint(f"certainty IS NULL OR {_in('certainty', CERTAINTIES)}", name="certainty"),
        CheckConstraint(_in("provenance", PROVENANCES), name="provenance"),
        CheckConstraint(
            f"study_design IS NULL OR {_in('study_design', STUDY_DESIGNS)}", name="study_design"
        ),
        CheckConstraint("sample_size IS NULL OR sample_size >= 0", name="sample_size"),
        Index(None, "claim_id", "position"),
        Index(None, "reference_id"),
        Index(None, "stance"),
    )

    id: Mapped[intpk]
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"))
    reference_id: Mapped[int] = mapped_column(ForeignKey("reference.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    stance: Mapped[str] = mapped_column(String(20))
    locator: Mapped[text] = mapped_column(Text, comment="page, section or paragraph in the source")
    quote: Mapped[text]
    study_design: Mapped[str | None] = mapped_column(String(40))
    population: Mapped[text]
    setting: Mapped[text]
    sample_size: Mapped[int | None] = mapped_column(Integer)
    certainty: Mapped[str | None] = mapped_column(String(20), comment="GRADE / CERQual level")
    note: Mapped[text]
    provenance: Mapped[str] = mapped_column(
        String(32), comment="stated-in-source: the source says it; curator-linked: our judgement"
    )
    rationale: Mapped[text] = mapped_column(Text, comment="why a curator linked the reference")
    added_by: Mapped[short]
    added_at: Mapped[str | None] = mapped_column(String(32), comment="ISO date the link was made")

    claim: Mapped[Claim] = relationship(back_populates="evidence")
    reference: Mapped[Reference] = relationship(back_populates="evidence")


class Change(Base):
    """One change to a claim, evidence link or topic, for reviewing curation."""

    __tablename__ = "change_log"
    __table_args__ = (
        CheckConstraint(_in("action", ("insert", "update", "delete")), name="action"),
        Index(None, "entity", "entity_key"),
    )

    id: Mapped[intpk]
    at: Mapped[created]
    actor: Mapped[str] = mapped_column(String(200))
    entity: Mapped[str] = mapped_column(String(40))
    entity_key: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(10))
    changes: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class DataRevision(Base):
    """One row whose ``n`` database triggers bump on every change to what filters and counts see
    (migration d9f4a2b6c8e1): the key for caches of derived data such as ``evidence.facet_index``."""

    __tablename__ = "data_revision"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


__all__ = [
    "CERTAINTIES",
    "CLAIM_KINDS",
    "PROVENANCES",
    "STANCES",
    "STUDY_DESIGNS",
    "VERIFICATION_STATUSES",
    "Base",
    "Change",
    "Claim",
    "ClaimTopic",
    "Contributor",
    "DataRevision",
    "Evidence",
    "EvidenceSet",
    "Person",
    "Reference",
    "SetReference",
    "Topic",
]
