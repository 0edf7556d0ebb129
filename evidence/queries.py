"""Read-side questions about the evidence, answered in SQL and returned as DataFrames or dicts.

The CLI and the dashboard render what these return and nothing else. Everything filters, counts and
paginates in the database: with 500,000 evidence links no function here may load a whole table.
Returned DataFrame columns are part of the API (documented per function) and stay stable.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
import pandas as pd
from sqlalchemy import Select, and_, case, func, literal_column, select
from sqlalchemy.orm import Session, selectinload

from evidence.errors import InvalidQuery, NotFound
from evidence.models import (
    CERTAINTIES,
    STANCES,
    STUDY_DESIGNS,
    VERIFICATION_STATUSES,
    Change,
    Claim,
    ClaimTopic,
    Contributor,
    Evidence,
    EvidenceSet,
    Person,
    Reference,
    Topic,
)
from evidence.store import RevisionCache

Lang = Literal["nl", "en"]
LANGS: tuple[Lang, ...] = ("nl", "en")


def check_lang(lang: str) -> Lang:
    if lang not in LANGS:
        raise InvalidQuery(f"language {lang!r} is not available; use nl or en")
    return lang  # type: ignore[return-value]


def _chunked(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- topics --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicNode:
    id: int
    slug: str
    label_nl: str
    label_en: str
    parent_id: int | None
    depth: int
    position: int

    def label(self, lang: str) -> str:
        return self.label_nl if lang == "nl" else self.label_en


class TopicIndex:
    """The whole topic tree in memory (hundreds of rows at most), for subtree lookups and labels."""

    def __init__(self, session: Session) -> None:
        rows = session.execute(
            select(Topic.id, Topic.slug, Topic.label_nl, Topic.label_en, Topic.parent_id,
                   Topic.position).order_by(Topic.position, Topic.slug)
        ).all()
        self.children: dict[int | None, list[int]] = {}
        raw = {r.id: r for r in rows}
        for r in rows:
            self.children.setdefault(r.parent_id, []).append(r.id)
        self.nodes: dict[int, TopicNode] = {}

        def visit(topic_id: int, depth: int) -> None:
            r = raw[topic_id]
            self.nodes[topic_id] = TopicNode(r.id, r.slug, r.label_nl, r.label_en, r.parent_id,
                                             depth, r.position)  # fmt: skip
            for child in self.children.get(topic_id, []):
                visit(child, depth + 1)

        for root in self.children.get(None, []):
            visit(root, 0)
        self.by_slug = {n.slug: n for n in self.nodes.values()}
        self._labels: dict[str, dict[str, str]] = {}

    def ordered(self) -> list[TopicNode]:
        """Depth-first, in curated order: the order a tree is printed in."""
        return list(self.nodes.values())

    def resolve(self, slug: str) -> TopicNode:
        node = self.by_slug.get(slug)
        if node is None:
            close = [s for s in self.by_slug if slug.lower() in s][:5]
            hint = f" Did you mean: {', '.join(close)}?" if close else " See `evidence topics`."
            raise NotFound(f"no topic {slug!r}.{hint}")
        return node

    def subtree(self, slugs: Iterable[str]) -> set[int]:
        """Ids of the named topics and all their descendants."""
        out: set[int] = set()
        stack = [self.resolve(s).id for s in slugs]
        while stack:
            topic_id = stack.pop()
            if topic_id not in out:
                out.add(topic_id)
                stack.extend(self.children.get(topic_id, []))
        return out

    def ancestors(self) -> dict[int, tuple[int, ...]]:
        """Topic id -> itself and every topic above it."""
        out: dict[int, tuple[int, ...]] = {}
        for node in self.nodes.values():  # depth-first: a parent comes before its children
            parent = out.get(node.parent_id, ()) if node.parent_id is not None else ()
            out[node.id] = (node.id, *parent)
        return out

    def labels_by_id_text(self, lang: str) -> dict[str, str]:
        """str(topic id) -> label, for ids that come back from SQL as text (aggregated lists)."""
        found = self._labels.get(lang)
        if found is None:
            found = self._labels[lang] = {str(n.id): n.label(lang) for n in self.nodes.values()}
        return found

    def path(self, topic_id: int, lang: str) -> str:
        labels = []
        node: TopicNode | None = self.nodes[topic_id]
        while node is not None:
            labels.append(node.label(lang))
            node = self.nodes.get(node.parent_id) if node.parent_id is not None else None
        return " › ".join(reversed(labels))


_topic_indexes: RevisionCache[TopicIndex] = RevisionCache(TopicIndex)


def topic_index(session: Session) -> TopicIndex:
    """The topic tree of ``session``'s database, read once per data revision and shared (read-only)
    by every caller: rebuilding it cost a query and a few milliseconds per table page."""
    return _topic_indexes.get(session)


def topic_tree(session: Session, lang: Lang = "en", *, references: bool = True) -> pd.DataFrame:
    """The topic tree with counts.

    Columns: slug, label, depth, parent (slug or None), claims (claims linked to the topic or any
    subtopic), evidence (links on those claims), references (distinct references on those links;
    <NA> with ``references=False``). The counts come from the facet index of the current data
    (:mod:`evidence.facet_index`), built once per data revision: at 500,000 links, counting in
    SQL took 1.5 s on SQLite and 5.5 s on PostgreSQL.
    """
    from evidence.facet_index import facet_index

    index = facet_index(session)
    totals = index.topic_totals()
    nodes = index.topics.ordered()
    frame = pd.DataFrame({
        "slug": [n.slug for n in nodes],
        "label": [n.label(lang) for n in nodes],
        "depth": [n.depth for n in nodes],
        "parent": [index.topics.nodes[n.parent_id].slug if n.parent_id else None for n in nodes],
        "claims": totals["claims"],
        "evidence": totals["evidence"],
        "references": totals["references"] if references else pd.array([pd.NA] * len(nodes), dtype="Int64"),
    })  # fmt: skip
    return frame


# --- the evidence filter -------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceFilter:
    """What the user narrowed the evidence down to. Empty fields do not filter.

    One object serves the CLI flags, the dashboard's URL parameters and the exports, so a filtered
    view means the same rows everywhere.
    """

    topics: tuple[str, ...] = ()  # slugs; subtopics included
    claims: tuple[str, ...] = ()  # claim slugs
    stances: tuple[str, ...] = ()
    designs: tuple[str, ...] = ()
    certainties: tuple[str, ...] = ()
    verification: tuple[str, ...] = ()
    ref_types: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # the reference's language
    year_from: int | None = None
    year_to: int | None = None
    query: str | None = None
    evidence_set: str | None = None
    references: tuple[str, ...] = ()  # citekeys

    def validate(self) -> EvidenceFilter:
        for values, allowed, what in (
            (self.stances, STANCES, "stance"),
            (self.designs, STUDY_DESIGNS, "study design"),
            (self.certainties, CERTAINTIES, "certainty"),
            (self.verification, VERIFICATION_STATUSES, "verification status"),
        ):
            bad = [v for v in values if v not in allowed]
            if bad:
                raise InvalidQuery(
                    f"unknown {what} {', '.join(map(repr, bad))}; choose from {', '.join(allowed)}"
                )
        if (
            self.year_from is not None
            and self.year_to is not None
            and self.year_from > self.year_to
        ):
            raise InvalidQuery(f"year range {self.year_from}-{self.year_to} is empty")
        return self

    def without(self, name: str) -> EvidenceFilter:
        """The same filter with one facet cleared: facet counts show what choosing it would give."""
        empty: Any = None if name in ("year_from", "year_to", "query", "evidence_set") else ()
        return replace(self, **{name: empty})


def filter_conditions(
    session: Session,
    flt: EvidenceFilter,
    index: TopicIndex | None = None,
    *,
    ordered: bool = False,
    joined: bool = False,
) -> list:
    """SQL conditions on the ``evidence`` table alone that select what ``flt`` selects.

    Claim- and reference-level filters become ``claim_id IN (...)`` / ``reference_id IN (...)``
    subqueries, so counting or grouping evidence never has to join claims and references to every
    one of 500,000 rows: :func:`evidence_select` joins them only for columns it is asked for.
    ``ordered`` is for a page of rows in index order: the reference conditions then never drive
    the query, so the page can stop after its rows instead of sorting every match.
    ``joined`` is for a query that joins ``claim`` and ``reference`` anyway: reference conditions
    then test the joined row instead of building a list of (at L) 35,000 matching reference ids
    per call, and a search may test the joined rows too.
    """
    flt.validate()
    conds: list[Any] = []
    if flt.stances:
        conds.append(Evidence.stance.in_(flt.stances))
    if flt.designs:
        conds.append(Evidence.study_design.in_(flt.designs))
    if flt.certainties:
        conds.append(Evidence.certainty.in_(flt.certainties))
    claim_conds: list[Any] = []
    if flt.claims:
        claim_conds.append(Claim.slug.in_(flt.claims))
    if flt.kinds:
        claim_conds.append(Claim.kind.in_(flt.kinds))
    if flt.evidence_set:
        claim_conds.append(
            Claim.set_id.in_(select(EvidenceSet.id).where(EvidenceSet.slug == flt.evidence_set))
        )
    claims = select(Claim.id).where(*claim_conds) if claim_conds else None
    if flt.topics:
        index = index or topic_index(session)
        in_topics = select(ClaimTopic.claim_id).where(ClaimTopic.topic_id.in_(index.subtree(flt.topics)))
        if claims is not None:  # one claim_id condition, so the planner has one way in
            in_topics = in_topics.where(ClaimTopic.claim_id.in_(claims))
        conds.append(Evidence.claim_id.in_(in_topics))
    elif claims is not None:
        conds.append(Evidence.claim_id.in_(claims))
    ref_conds: list[Any] = []
    if flt.verification:
        ref_conds.append(Reference.verification_status.in_(flt.verification))
    if flt.ref_types:
        ref_conds.append(Reference.entry_type.in_(flt.ref_types))
    if flt.languages:
        ref_conds.append(Reference.language.in_(flt.languages))
    if flt.year_from is not None:
        ref_conds.append(Reference.year >= flt.year_from)
    if flt.year_to is not None:
        ref_conds.append(Reference.year <= flt.year_to)
    if flt.references:
        ref_conds.append(Reference.citekey.in_(flt.references))
    if ref_conds and joined:
        conds.extend(ref_conds)
    elif ref_conds:
        # A year range matches a large share of all references. When topics, claims or a search
        # already narrow the evidence, "+ 0" keeps SQLite from driving the query through the
        # reference_id index instead (351 ms -> 25 ms at 500,000 links); alone, it may drive.
        narrowed = bool(flt.topics or flt.claims or flt.query or ordered)
        column = Evidence.reference_id + 0 if narrowed else Evidence.reference_id
        conds.append(column.in_(select(Reference.id).where(*ref_conds)))
    if flt.query:
        from evidence.search import evidence_condition

        conds.append(evidence_condition(session, flt.query, ordered=ordered, joined=joined))
    return conds


def evidence_select(*columns: Any, claim: bool = False, reference: bool = False) -> Select:
    """``SELECT columns FROM evidence``, joined to claim and/or reference only when asked.

    Pair with :func:`filter_conditions`, which never needs the joins.
    """
    q = select(*columns).select_from(Evidence)
    if claim:
        q = q.join(Claim, Claim.id == Evidence.claim_id)
    if reference:
        q = q.join(Reference, Reference.id == Evidence.reference_id)
    return q


EVIDENCE_COLUMNS = [
    "evidence_id", "claim", "statement", "kind", "stance", "reference_key", "authors", "year",
    "title", "entry_type", "container_title", "doi", "url", "verification_status", "locator",
    "quote", "study_design", "population", "setting", "sample_size", "certainty", "provenance",
    "rationale", "topics",
]  # fmt: skip

#: The column labels as a ready index: pandas otherwise infers a string dtype for them per call.
_EVIDENCE_INDEX = pd.Index(EVIDENCE_COLUMNS, dtype=object)

#: Row orders. "claim" follows evidence's own (claim_id, position) index rather than claim.position:
#: claims get their ids in curated order when a set is loaded, and walking the index lets the first
#: page stop after its rows instead of sorting 500,000 links (600 ms -> a few ms at that size).
SORTS = {
    "claim": (Evidence.claim_id, Evidence.position),
    "year": (Reference.year.desc(), Reference.citekey, Evidence.id),
    "reference": (Reference.citekey, Claim.position, Evidence.id),
    "stance": (Evidence.stance, Claim.position, Evidence.position),
}


def count_evidence(session: Session, flt: EvidenceFilter) -> int:
    return session.scalar(evidence_select(func.count()).where(*filter_conditions(session, flt))) or 0


#: Separates the parts of a list aggregated in SQL (authors, topic ids); never in a name or label.
_SEP = "\x1f"


def _page_lists(dialect: str) -> tuple[Any, Any]:
    """SQL expressions for one row's names (authors, else editors) and topic ids, in order, joined
    by ``_SEP``: the page query fetches them with its rows instead of two more queries after it."""

    def ordered_list(value: str, rows: str, order: str) -> str:
        if dialect == "sqlite":  # group_concat keeps the order of an ordered subquery
            return f"(SELECT group_concat(v, char(31)) FROM (SELECT {value} AS v {rows} ORDER BY {order}))"
        return f"(SELECT string_agg(({value})::text, chr(31) ORDER BY {order}) {rows})"

    name = "coalesce(p.literal, trim(coalesce(p.particle || ' ', '') || coalesce(p.family, '')))"

    def people(role: str) -> str:
        return ordered_list(name, "FROM contributor ct JOIN person p ON p.id = ct.person_id "
                                  f"WHERE ct.reference_id = reference.id AND ct.role = '{role}'",
                            "ct.position")  # fmt: skip

    topics = ordered_list("topic_id", "FROM claim_topic WHERE claim_id = claim.id", "position")
    # Both engines evaluate coalesce lazily: editors are looked up only for works without authors.
    return literal_column(f"coalesce({people('author')}, {people('editor')})"), literal_column(topics)


@functools.lru_cache(maxsize=8)
def _page_select(dialect: str, lang: Lang) -> Select:
    """The columns of :func:`evidence_table`, built once per dialect and language: building this
    24-column statement cost as much as running it."""
    statement = (
        func.coalesce(Claim.statement_nl, Claim.statement_en)
        if lang == "nl"
        else func.coalesce(Claim.statement_en, Claim.statement_nl)
    )
    authors, topic_ids = _page_lists(dialect)
    named = {
        "evidence_id": Evidence.id, "claim": Claim.slug, "statement": statement, "kind": Claim.kind,
        "stance": Evidence.stance, "reference_key": Reference.citekey, "authors": authors,
        "year": Reference.year, "title": Reference.title, "entry_type": Reference.entry_type,
        "container_title": Reference.container_title, "doi": Reference.doi, "url": Reference.url,
        "verification_status": Reference.verification_status, "locator": Evidence.locator,
        "quote": Evidence.quote, "study_design": Evidence.study_design,
        "population": Evidence.population, "setting": Evidence.setting,
        "sample_size": Evidence.sample_size, "certainty": Evidence.certainty,
        "provenance": Evidence.provenance, "rationale": Evidence.rationale, "topics": topic_ids,
    }  # fmt: skip
    # Every column labelled: reusing a cached compilation for a new statement then matches its
    # columns by identity, where bare ORM columns cost an SQL-expression comparison each.
    columns = [named[name].label(name) for name in EVIDENCE_COLUMNS]
    return evidence_select(*columns, claim=True, reference=True)


def _name_list(people: list[str]) -> str:
    """"Barak, Hen & Shapira": the short author form of tables."""
    return ", ".join(people[:-1]) + " & " + people[-1] if len(people) > 1 else "".join(people)


def evidence_table(
    session: Session,
    flt: EvidenceFilter = EvidenceFilter(),
    *,
    lang: Lang = "en",
    limit: int | None = 100,
    offset: int = 0,
    sort: str = "claim",
) -> pd.DataFrame:
    """One row per claim-reference link, filtered and paginated in SQL.

    Columns: see ``EVIDENCE_COLUMNS``. ``statement`` is in ``lang`` (falling back to the other
    language); ``authors`` is a short display form ("Barak, Hen, Boniel-Nissim & Shapira";
    editors when a work has no authors); ``topics`` joins the claim's topic labels with "; ".
    One query does it all, authors and topics included, so a page costs little more than the
    hand-written SQL for it (see benchmarks/README.md).
    """
    check_lang(lang)
    if sort not in SORTS:
        raise InvalidQuery(f"cannot sort by {sort!r}; choose from {', '.join(SORTS)}")
    index = topic_index(session)
    q = _page_statement(session, flt, index, lang, sort, limit, offset)
    rows = session.connection().execute(q).all()
    if not rows:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    at_authors, at_topics = EVIDENCE_COLUMNS.index("authors"), EVIDENCE_COLUMNS.index("topics")
    labels = index.labels_by_id_text(lang)
    records = []
    for row in rows:
        record = list(row)
        names = record[at_authors]
        record[at_authors] = _name_list(names.split(_SEP)) if names else ""
        ids = record[at_topics]
        record[at_topics] = "; ".join(labels[t] for t in ids.split(_SEP)) if ids else ""
        records.append(record)
    # Object columns: converting 20 text columns to pandas' string arrays cost more than the
    # query. The three numeric ones are built as arrays and swapped in, which is cheaper than astype.
    frame = pd.DataFrame(records, columns=_EVIDENCE_INDEX, dtype=object)
    return frame.assign(
        evidence_id=np.fromiter((r[0] for r in records), dtype="int64", count=len(records)),
        year=pd.array(frame["year"].to_numpy(), dtype="Int64"),
        sample_size=pd.array(frame["sample_size"].to_numpy(), dtype="Int64"),
    )


#: (dialect, filter, topic index, lang, sort, limit, offset) -> the page statement; see below.
_page_statements: OrderedDict[tuple[Any, ...], Select] = OrderedDict()
_page_statements_lock = threading.Lock()


def _page_statement(session: Session, flt: EvidenceFilter, index: TopicIndex, lang: Lang, sort: str,
                    limit: int | None, offset: int) -> Select:  # fmt: skip
    """The statement of one page, reused for the same request on the same data.

    The dashboard asks for the same page on every rerun (each click anywhere reruns the script).
    Reusing the statement object skips building it and lets SQLAlchemy skip matching a cached
    compilation to a new object's columns: together a third of a page's time at L. The statement
    depends on nothing but these arguments: :func:`filter_conditions` reads the database only
    through ``index``, which is replaced when the data changes.
    """
    dialect = session.get_bind().dialect.name
    key = (dialect, flt, index, lang, sort, limit, offset)
    with _page_statements_lock:
        found = _page_statements.get(key)
        if found is not None:
            _page_statements.move_to_end(key)
            return found
    q = (
        _page_select(dialect, lang)
        # ordered only for a page: walking to the end in index order gains nothing
        .where(*filter_conditions(session, flt, index, ordered=sort == "claim" and limit is not None,
                                  joined=True))
        .order_by(*SORTS[sort])
        .offset(offset)
    )
    if limit is not None:
        q = q.limit(limit)
    with _page_statements_lock:
        _page_statements[key] = q
        while len(_page_statements) > 64:
            _page_statements.popitem(last=False)
    return q


def forget_page_statements() -> None:
    """Drop the reused page statements: for benchmarks timing a filter seen for the first time."""
    with _page_statements_lock:
        _page_statements.clear()


def forget_caches() -> None:
    """Drop everything derived from the data and kept between calls (topic trees, facet indexes,
    page statements) for every database, as a write would: for benchmarks timing a first visit
    after a change, and to free memory."""
    from evidence import facet_index

    facet_index.forget()
    _topic_indexes.forget()
    forget_page_statements()


def _topic_labels(session: Session, claim_ids: Sequence[int], index: TopicIndex,
                  lang: str) -> dict[int, str]:  # fmt: skip
    out: dict[int, list[str]] = {}
    for start in range(0, len(claim_ids), 500):
        chunk = claim_ids[start : start + 500]
        for claim_id, topic_id in session.execute(
            select(ClaimTopic.claim_id, ClaimTopic.topic_id)
            .where(ClaimTopic.claim_id.in_(chunk))
            .order_by(ClaimTopic.claim_id, ClaimTopic.position)
        ):
            out.setdefault(claim_id, []).append(index.nodes[topic_id].label(lang))
    return {k: "; ".join(v) for k, v in out.items()}


def _short_name(family: str | None, particle: str | None, literal: str | None) -> str:
    if literal:
        return literal
    return " ".join(p for p in (particle, family) if p)


def author_lines(session: Session, ref_ids: Sequence[int], role: str = "author") -> dict[int, str]:
    """Reference id -> "Barak, Hen & Shapira" (editors when a work has no authors)."""
    names: dict[int, dict[str, list[str]]] = {}
    for start in range(0, len(ref_ids), 500):
        chunk = ref_ids[start : start + 500]
        for ref_id, c_role, family, particle, literal in session.execute(
            select(Contributor.reference_id, Contributor.role, Person.family, Person.particle,
                   Person.literal)
            .join(Person, Person.id == Contributor.person_id)
            .where(Contributor.reference_id.in_(chunk))
            .order_by(Contributor.reference_id, Contributor.role, Contributor.position)
        ):
            names.setdefault(ref_id, {}).setdefault(c_role, []).append(
                _short_name(family, particle, literal)
            )
    out = {}
    for ref_id, by_role in names.items():
        people = by_role.get(role) or by_role.get("editor") or []
        if people:
            out[ref_id] = _name_list(people)
    return out


# --- claims --------------------------------------------------------------------------------------


CLAIM_COLUMNS = ["claim", "statement", "kind", "topics", *STANCES, "references"]


def claims_table(
    session: Session,
    flt: EvidenceFilter = EvidenceFilter(),
    *,
    lang: Lang = "en",
    limit: int | None = None,
    offset: int = 0,
) -> pd.DataFrame:
    """Claims matching ``flt`` with their evidence balance (counts per stance among matching links).

    Columns: claim (slug), statement (in ``lang``), kind, topics, supports, contradicts, mixed,
    mentions, references (distinct references among the matching links).
    A claim with no evidence at all is listed (with zero counts) when only claim-level filters apply.
    """
    check_lang(lang)
    index = topic_index(session)
    counts = [
        func.sum(case((Evidence.stance == s, 1), else_=0)).label(s) for s in STANCES
    ]
    evidence_level = any(
        (flt.stances, flt.designs, flt.certainties, flt.verification, flt.ref_types,
         flt.languages, flt.year_from is not None, flt.year_to is not None, flt.query,
         flt.references)
    )
    claim_conds: list[Any] = []
    if flt.topics:
        claim_conds.append(
            Claim.id.in_(
                select(ClaimTopic.claim_id).where(ClaimTopic.topic_id.in_(index.subtree(flt.topics)))
            )
        )
    if flt.claims:
        claim_conds.append(Claim.slug.in_(flt.claims))
    if flt.kinds:
        claim_conds.append(Claim.kind.in_(flt.kinds))
    if flt.evidence_set:
        claim_conds.append(
            Claim.set_id.in_(select(EvidenceSet.id).where(EvidenceSet.slug == flt.evidence_set))
        )
    joined_on = Evidence.claim_id == Claim.id
    if evidence_level:
        # The conditions may name reference and claim columns, so they run as a subquery of the
        # matching evidence ids rather than inside this join's ON clause.
        matching = evidence_select(Evidence.id).where(*filter_conditions(session, flt, index))
        joined_on = and_(joined_on, Evidence.id.in_(matching))
    q = (
        select(
            Claim.id, Claim.slug, Claim.statement_nl, Claim.statement_en, Claim.kind, *counts,
            func.count(func.distinct(Evidence.reference_id)).label("references"),
        )
        .select_from(Claim)
        .outerjoin(Evidence, joined_on)
        .where(*claim_conds)
        .group_by(Claim.id)
        .order_by(Claim.position, Claim.id)
        .offset(offset)
    )
    if evidence_level:
        q = q.having(func.count(Evidence.id) > 0)
    if limit is not None:
        q = q.limit(limit)
    rows = session.execute(q).all()
    topics = _topic_labels(session, [r.id for r in rows], index, lang)
    data = [
        {
            "claim": r.slug,
            "statement": (r.statement_nl or r.statement_en) if lang == "nl"
            else (r.statement_en or r.statement_nl),
            "kind": r.kind,
            "topics": topics.get(r.id, ""),
            **{s: int(getattr(r, s) or 0) for s in STANCES},
            "references": int(r.references or 0),
        }
        for r in rows
    ]
    return pd.DataFrame(data, columns=CLAIM_COLUMNS)


def balance_summary(counts: dict[str, int], lang: Lang = "en") -> str:
    """A plain-language summary of the evidence balance, for people rather than statisticians."""
    total = sum(counts.get(s, 0) for s in STANCES)
    sup, con, mix = (counts.get(s, 0) for s in ("supports", "contradicts", "mixed"))
    if lang == "nl":
        if total == 0:
            return "Geen bewijs gekoppeld."
        if sup and not con and not mix:
            head = "Het bewijs ondersteunt deze bewering"
        elif con and not sup and not mix:
            head = "Het bewijs weerspreekt deze bewering"
        elif sup or con or mix:
            head = "Het bewijs is verdeeld"
        else:
            head = "De bronnen noemen deze bewering alleen"
        return f"{head} ({sup} ondersteunend, {con} weersprekend, {mix} gemengd, " \
               f"{counts.get('mentions', 0)} noemend; {total} in totaal)."  # fmt: skip
    if total == 0:
        return "No evidence linked."
    if sup and not con and not mix:
        head = "The evidence supports this claim"
    elif con and not sup and not mix:
        head = "The evidence contradicts this claim"
    elif sup or con or mix:
        head = "The evidence is divided"
    else:
        head = "Sources only mention this claim"
    return (f"{head} ({sup} supporting, {con} contradicting, {mix} mixed, "
            f"{counts.get('mentions', 0)} mentioning; {total} in all).")  # fmt: skip


def get_claim(session: Session, slug: str) -> Claim:
    """The claim with its topics and evidence (and the evidence's references) loaded."""
    claim = session.scalar(
        select(Claim)
        .where(Claim.slug == slug)
        .options(
            selectinload(Claim.topic_links).joinedload(ClaimTopic.topic),
            selectinload(Claim.evidence).joinedload(Evidence.reference),
        )
    )
    if claim is None:
        close = session.scalars(
            select(Claim.slug).where(Claim.slug.contains(slug[:40])).limit(5)
        ).all()
        hint = f" Did you mean: {', '.join(close)}?" if close else " See `evidence claims`."
        raise NotFound(f"no claim {slug!r}.{hint}")
    return claim


def claim_detail(session: Session, slug: str, lang: Lang = "en") -> dict[str, Any]:
    """Everything about one claim, as plain data (the CLI prints it, ``--json`` dumps it)."""
    check_lang(lang)
    claim = get_claim(session, slug)
    counts = {s: 0 for s in STANCES}
    for ev in claim.evidence:
        counts[ev.stance] += 1
    authors = author_lines(session, [ev.reference_id for ev in claim.evidence])
    return {
        "claim": claim.slug,
        "kind": claim.kind,
        "statement": {"nl": claim.statement_nl, "en": claim.statement_en},
        "topics": [
            {"slug": link.topic.slug, "label": link.topic.label_nl if lang == "nl"
             else link.topic.label_en}
            for link in claim.topic_links
        ],
        "note": claim.note,
        "balance": counts,
        "summary": balance_summary(counts, lang),
        "evidence": [
            {
                "reference": ev.reference.citekey,
                "authors": authors.get(ev.reference_id, ""),
                "year": ev.reference.year,
                "title": ev.reference.title,
                "verification_status": ev.reference.verification_status,
                "stance": ev.stance,
                "locator": ev.locator,
                "quote": ev.quote,
                "study_design": ev.study_design,
                "population": ev.population,
                "setting": ev.setting,
                "sample_size": ev.sample_size,
                "certainty": ev.certainty,
                "provenance": ev.provenance,
                "rationale": ev.rationale,
                "added_by": ev.added_by,
                "added_at": ev.added_at,
            }
            for ev in claim.evidence
        ],
    }


# --- overall numbers ----------------------------------------------------------------------------


def _grouped(session: Session, column: Any) -> dict[str, int]:
    return {
        (k if k is not None else "(none)"): int(v)
        for k, v in session.execute(select(column, func.count()).group_by(column).order_by(column))
    }


def stats(session: Session, lang: Lang = "en") -> dict[str, Any]:
    """Counts for a first look at a database: totals, per stance/kind/status, and per root topic."""
    count = lambda model: session.scalar(select(func.count()).select_from(model)) or 0  # noqa: E731
    tree = topic_tree(session, lang, references=False)
    roots = tree[tree["depth"] == 0]
    sub_counts = tree.groupby("parent").size().to_dict() if len(tree) else {}
    return {
        "sets": [s for s in session.scalars(select(EvidenceSet.slug).order_by(EvidenceSet.slug))],
        "references": count(Reference),
        "claims": count(Claim),
        "topics": count(Topic),
        "evidence": count(Evidence),
        "people": count(Person),
        "changes": count(Change),
        "evidence_by_stance": _grouped(session, Evidence.stance),
        "claims_by_kind": _grouped(session, Claim.kind),
        "references_by_verification": _grouped(session, Reference.verification_status),
        "references_by_type": _grouped(session, Reference.entry_type),
        "groups": [
            {
                "slug": r.slug,
                "label": r.label,
                "subtopics": int(sub_counts.get(r.slug, 0)),
                "claims": int(r.claims),
                "evidence": int(r.evidence),
            }
            for r in roots.itertuples()
        ],
    }



# --- facets --------------------------------------------------------------------------------------

#: facet name -> (filter field it narrows, SQL column counted, table to join: None, claim or reference)
FACETS: dict[str, tuple[str, Any, str | None]] = {
    "stance": ("stances", Evidence.stance, None),
    "design": ("designs", Evidence.study_design, None),
    "certainty": ("certainties", Evidence.certainty, None),
    "verification": ("verification", Reference.verification_status, "reference"),
    "ref_type": ("ref_types", Reference.entry_type, "reference"),
    "kind": ("kinds", Claim.kind, "claim"),
    "language": ("languages", Reference.language, "reference"),
}


@dataclass
class Facets:
    """Counts of evidence links per facet value, each computed with that facet's own choice
    cleared (so the numbers say what picking a value would give)."""

    values: dict[str, pd.DataFrame]  # facet -> DataFrame(value, count), most frequent first
    topics: pd.DataFrame  # slug, count (links under the topic or its subtopics)
    years: tuple[int | None, int | None]  # range among matching links, ignoring the year filter
    total: int


def facet_counts(
    session: Session,
    flt: EvidenceFilter = EvidenceFilter(),
    *,
    facets: Sequence[str] = tuple(FACETS),
) -> Facets:
    """Every count the Explore page shows for ``flt``, from the in-memory facet index.

    Ten SQL passes over the matching links took 0.5-1 s at 500,000 links; the index
    (:mod:`evidence.facet_index`) answers in milliseconds and is rebuilt whenever the data changed.
    """
    from evidence.facet_index import facet_index

    index = facet_index(session)
    masks = index.masks(session, flt)
    values = {name: index.facet_values(masks, name) for name in facets}
    return Facets(values, index.topic_counts(masks), index.year_range(masks), index.total(masks))
