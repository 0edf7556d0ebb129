"""Facet counts from the in-memory index: the same numbers as SQL, and never stale."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace

import pandas as pd
import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from benchmarks.generate import generate
from evidence import facet_index
from evidence.models import Claim, ClaimTopic, Evidence, Reference, Topic
from evidence.queries import (
    FACETS,
    EvidenceFilter,
    TopicIndex,
    evidence_select,
    facet_counts,
    filter_conditions,
    topic_tree,
)
from evidence.store import Store, data_revision, open_store


def sql_facet_counts(session: Session, flt: EvidenceFilter, topic_sample: int | None = None) -> dict:
    """The counts straight from SQL, one GROUP BY per facet: the reference the index must match.
    Topics: every topic, or a seeded sample of ``topic_sample`` (one query per topic is slow)."""
    index = TopicIndex(session)
    out: dict = {}
    for name, (field_name, col, join) in FACETS.items():
        conds = filter_conditions(session, flt.without(field_name), index)
        rows = session.execute(
            evidence_select(col, func.count(), claim=join == "claim", reference=join == "reference")
            .where(*conds).group_by(col)
        ).all()
        out[name] = dict(rows)
    conds = filter_conditions(session, flt.without("topics"), index)
    topics = {}
    nodes = index.ordered()
    if topic_sample is not None:
        nodes = random.Random(repr(flt)).sample(nodes, min(topic_sample, len(nodes)))
    for node in nodes:
        q = evidence_select(func.count()).where(
            *conds,
            Evidence.claim_id.in_(select(ClaimTopic.claim_id).where(
                ClaimTopic.topic_id.in_(index.subtree([node.slug])))),
        )  # fmt: skip
        topics[node.slug] = session.scalar(q)
    out["topics"] = topics
    conds = filter_conditions(session, replace(flt, year_from=None, year_to=None), index)
    out["years"] = tuple(session.execute(
        evidence_select(func.min(Reference.year), func.max(Reference.year), reference=True).where(*conds)
    ).one())  # fmt: skip
    out["total"] = session.scalar(evidence_select(func.count()).where(*filter_conditions(session, flt)))
    return out


def index_facet_counts(session: Session, flt: EvidenceFilter) -> dict:
    facets = facet_counts(session, flt)
    out: dict = {name: dict(frame.itertuples(index=False)) for name, frame in facets.values.items()}
    out["topics"] = dict(facets.topics.itertuples(index=False))
    out["years"] = facets.years
    out["total"] = facets.total
    return out


@pytest.fixture
def generated(db_url: str) -> Iterator[Store]:
    """The benchmark generator's S data set: 5,000 links, a 4-level topic tree, missing values."""
    generate(db_url, "S", seed=3, analyze=False)
    store = open_store(db_url)
    yield store
    store.close()


def _random_filters(session: Session, n: int) -> list[EvidenceFilter]:
    rng = random.Random(11)
    topics = list(session.scalars(select(Topic.slug)))
    claims = list(session.scalars(select(Claim.slug).limit(300)))
    keys = list(session.scalars(select(Reference.citekey).limit(300)))

    def some(values: list, k: int = 2) -> tuple:
        return tuple(rng.sample(values, rng.randint(1, min(k, len(values)))))

    out = [EvidenceFilter()]
    for _ in range(n):
        parts: dict = {}
        if rng.random() < 0.5:
            parts["topics"] = some(topics)
        if rng.random() < 0.4:
            parts["stances"] = some(["supports", "contradicts", "mixed", "mentions"])
        if rng.random() < 0.3:
            parts["designs"] = some(["qualitative", "rct", "meta-analysis", "literature-review",
                                     "case-study"])  # fmt: skip
        if rng.random() < 0.2:
            parts["certainties"] = some(["high", "moderate", "low", "very low"])
        if rng.random() < 0.3:
            parts["verification"] = some(["verified", "partial", "unverified", "unknown"])
        if rng.random() < 0.3:
            parts["ref_types"] = some(["article-journal", "book", "chapter", "report", "thesis"])
        if rng.random() < 0.2:
            parts["kinds"] = some(["advantage", "disadvantage", "finding", "research-gap", "definition"])
        if rng.random() < 0.2:
            parts["languages"] = some(["nl", "en", "de"])
        if rng.random() < 0.4:
            parts["year_from"] = rng.randint(1970, 2020)
        if rng.random() < 0.4:
            parts["year_to"] = rng.randint(parts.get("year_from", 1970), 2026)
        if rng.random() < 0.15:
            parts["claims"] = (*some(claims, 20), "no-such-claim")
        if rng.random() < 0.15:
            parts["references"] = some(keys, 30)
        if rng.random() < 0.2:
            parts["query"] = rng.choice(["online", "zorgmijders", '"digital divide"', "jongeren chat"])
        if rng.random() < 0.1:
            parts["evidence_set"] = rng.choice(["benchmark", "no-such-set"])
        out.append(EvidenceFilter(**parts))
    return out


def test_the_index_counts_what_sql_counts(generated: Store) -> None:
    with generated.session() as session:
        for flt in _random_filters(session, 40):
            expected = sql_facet_counts(session, flt, topic_sample=6)
            got = index_facet_counts(session, flt)
            got["topics"] = {slug: got["topics"][slug] for slug in expected["topics"]}
            assert got == expected, flt


def test_the_topic_tree_counts_what_sql_counts(generated: Store) -> None:
    # Claims, links and distinct references under each topic, subtopics included, one plain SQL
    # query per topic: the index's per-topic bitmap must agree on every topic of the tree.
    with generated.session() as session:
        tree = topic_tree(session)
        index = TopicIndex(session)
        for row in tree.itertuples(index=False):
            claims = select(ClaimTopic.claim_id).where(ClaimTopic.topic_id.in_(index.subtree([row.slug])))
            expected = session.execute(
                select(func.count(Evidence.id), func.count(func.distinct(Evidence.reference_id)))
                .where(Evidence.claim_id.in_(claims))
            ).one()  # fmt: skip
            n_claims = session.scalar(select(func.count(func.distinct(claims.subquery().c.claim_id))))
            assert (row.claims, row.evidence, row.references) == (n_claims, *expected), row.slug


def test_the_bundled_set_counts_match_too(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        for flt in (EvidenceFilter(), EvidenceFilter(topics=("advantages",), stances=("supports",)),
                    EvidenceFilter(query="chat", year_from=2010), EvidenceFilter(kinds=("disadvantage",))):
            assert index_facet_counts(session, flt) == sql_facet_counts(session, flt), flt


def test_values_are_ordered_by_count_then_value_with_no_value_last(generated: Store) -> None:
    with generated.session() as session:
        designs = facet_counts(session).values["design"]
    keys = [(-c, v is None, v or "") for v, c in designs.itertuples(index=False)]
    assert keys == sorted(keys) and None in set(designs["value"])


def _counts(store: Store, flt: EvidenceFilter = EvidenceFilter()) -> dict:
    with store.session() as session:
        return index_facet_counts(session, flt)


def test_every_kind_of_write_is_seen_at_once(bundled_store: Store) -> None:
    store = bundled_store
    before = _counts(store)
    with store.session() as session:
        first = facet_index.facet_index(session)
    with store.session() as session:  # nothing changed: the same index, not a rebuild
        assert facet_index.facet_index(session) is first

    with store.session() as session:  # an ORM update of one stance
        link = session.scalar(select(Evidence).where(Evidence.stance == "supports").limit(1))
        link.stance = "contradicts"
    after = _counts(store)
    assert after["stance"]["supports"] == before["stance"]["supports"] - 1
    assert after["stance"].get("contradicts", 0) == before["stance"].get("contradicts", 0) + 1

    with store.engine.begin() as conn:  # a user's own SQL on a reference field that filters use
        conn.execute(text("UPDATE reference SET year = 1901 WHERE id = "
                          "(SELECT reference_id FROM evidence ORDER BY id LIMIT 1)"))  # fmt: skip
    assert _counts(store)["years"][0] == 1901

    with store.session() as session:  # a deleted claim takes its links along
        claim = session.scalar(select(Claim).where(Claim.slug == "dropout-higher-online"))
        n = len(claim.evidence)
        session.delete(claim)
    assert _counts(store)["total"] == before["total"] - n

    with store.session() as session:  # a topic moved under another: the tree counts follow
        topic = session.scalar(select(Topic).where(Topic.slug == "advantages"))
        other = session.scalar(select(Topic).where(Topic.slug == "disadvantages"))
        topic.parent_id = other.id
    moved = _counts(store)["topics"]
    assert moved["disadvantages"] >= moved["advantages"] > 0


def test_a_rolled_back_write_never_leaves_its_counts_behind(store: Store) -> None:
    from evidence.sources import load_set
    from tests.conftest import BUNDLED

    with store.session() as session:
        load_set(session, BUNDLED)
    total = _counts(store)["total"]
    with store.sessionmaker() as session:  # counts taken inside a transaction that then rolls back
        session.execute(update(Evidence).values(stance="mixed"))
        assert facet_counts(session).values["stance"]["value"].tolist() == ["mixed"]
        session.rollback()
    with store.session() as session:  # a later, different change by someone else
        session.execute(update(Evidence).where(Evidence.stance == "mentions").values(stance="supports"))
    counts = _counts(store)
    assert counts["total"] == total and set(counts["stance"]) != {"mixed"}
    with store.session() as session:
        assert counts["stance"] == {s: n for s, n in session.execute(
            select(Evidence.stance, func.count()).group_by(Evidence.stance))}  # fmt: skip


def test_the_revision_changes_on_writes_only(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        start = data_revision(session)
        session.scalar(select(func.count()).select_from(Evidence))
        assert data_revision(session) == start
        session.execute(update(Evidence).where(Evidence.id == -1).values(stance="mixed"))  # no row
        unchanged_or_bumped = data_revision(session)
        session.execute(update(Claim).where(Claim.slug == "dropout-higher-online").values(kind="finding"))
        assert data_revision(session) not in (start, unchanged_or_bumped)


def test_a_bulk_load_bumps_the_revision_once_yet_every_read_sees_later_writes(bundled_store: Store) -> None:
    # A driver's executemany runs one statement per row; bumping per statement made a 500,000-row
    # load on PostgreSQL update one row 500,000 times in one transaction (hours). The token must
    # still move between writes that a read separates, within one transaction too.
    store = bundled_store
    postgres = store.dialect == "postgresql"
    with store.session() as session:
        claim_id, ref_id = session.execute(select(Evidence.claim_id, Evidence.reference_id).limit(1)).one()
        first_id = (session.scalar(select(func.max(Evidence.id))) or 0) + 1
    rows = [{"id": first_id + i, "claim_id": claim_id, "reference_id": ref_id, "position": 1000 + i,
             "stance": "mentions", "provenance": "curator-linked"} for i in range(300)]  # fmt: skip
    seq = "SELECT last_value FROM data_revision_seq"
    with store.engine.connect() as conn:
        before = conn.execute(text(seq)).scalar() if postgres else None
    with store.session() as session:
        start = data_revision(session)
        session.connection().execute(Evidence.__table__.insert(), rows[:150])
        middle = data_revision(session)
        session.connection().execute(Evidence.__table__.insert(), rows[150:])
        end = data_revision(session)
        assert len({start, middle, end}) == 3
    if postgres:
        with store.engine.connect() as conn:
            assert conn.execute(text(seq)).scalar() - before == 2  # once per write between reads
    with store.session() as session:  # a transaction that only writes: one bump, seen after commit
        session.execute(update(Evidence).where(Evidence.id >= first_id).values(stance="supports"))
        session.execute(update(Evidence).where(Evidence.id >= first_id).values(stance="mixed"))
    with store.session() as session:
        assert data_revision(session) != end
        assert facet_counts(session, EvidenceFilter(stances=("mixed",))).total >= 300


def test_unknown_topics_and_bad_values_fail_as_in_sql(bundled_store: Store) -> None:
    from evidence.errors import InvalidQuery, NotFound

    with bundled_store.session() as session:
        with pytest.raises(NotFound, match="no topic"):
            facet_counts(session, EvidenceFilter(topics=("no-such-topic",)))
        with pytest.raises(InvalidQuery, match="unknown stance"):
            facet_counts(session, EvidenceFilter(stances=("proves",)))
        empty = facet_counts(session, EvidenceFilter(query="qqqxyzzy"))
        assert empty.total == 0 and empty.years == (None, None)
        assert all(frame.empty for frame in empty.values.values())
        assert isinstance(empty.topics, pd.DataFrame) and (empty.topics["count"] == 0).all()
