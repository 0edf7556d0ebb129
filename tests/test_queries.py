"""The read side on the bundled set, on both engines: filters, counts, facets, claims, topics."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from evidence.errors import InvalidQuery, NotFound
from evidence.models import Evidence, Topic
from evidence.queries import (
    EVIDENCE_COLUMNS,
    EvidenceFilter,
    balance_summary,
    claim_detail,
    claims_table,
    count_evidence,
    evidence_table,
    facet_counts,
    stats,
    topic_tree,
)
from evidence.store import Store


def test_evidence_table_columns_and_pagination(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        total = session.scalar(select(func.count()).select_from(Evidence))
        assert count_evidence(session, EvidenceFilter()) == total
        first = evidence_table(session, limit=10)
        second = evidence_table(session, limit=10, offset=10)
        assert list(first.columns) == EVIDENCE_COLUMNS
        assert len(first) == 10 and not set(first["evidence_id"]) & set(second["evidence_id"])
        everything = evidence_table(session, limit=None)
        assert len(everything) == total


def test_topic_filter_includes_subtopics(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        parent = set(evidence_table(session, EvidenceFilter(topics=("disadvantages",)), limit=None)["claim"])
        child = set(evidence_table(session, EvidenceFilter(topics=("dropout-and-adherence",)),
                                   limit=None)["claim"])
        assert "dropout-higher-online" in child
        assert child < parent
        with pytest.raises(NotFound, match="no topic 'nope'"):
            count_evidence(session, EvidenceFilter(topics=("nope",)))


def test_stance_and_year_filters(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        mentions = evidence_table(session, EvidenceFilter(stances=("mentions",)), limit=None)
        assert len(mentions) and set(mentions["stance"]) == {"mentions"}
        recent = evidence_table(session, EvidenceFilter(year_from=2015), limit=None)
        assert recent["year"].min() >= 2015
        assert count_evidence(session, EvidenceFilter(year_from=2015, year_to=2016)) <= len(recent)
        with pytest.raises(InvalidQuery, match="unknown stance"):
            count_evidence(session, EvidenceFilter(stances=("proves",)))
        with pytest.raises(InvalidQuery, match="empty"):
            count_evidence(session, EvidenceFilter(year_from=2020, year_to=2010))


def test_language_switch(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        flt = EvidenceFilter(claims=("dropout-higher-online",))
        nl = evidence_table(session, flt, lang="nl", limit=1)
        en = evidence_table(session, flt, lang="en", limit=1)
        assert nl["statement"][0].startswith("Uitval komt")
        assert en["statement"][0].startswith("Dropout is more common")


def test_facets_match_the_filtered_counts(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        flt = EvidenceFilter(topics=("advantages",), stances=("supports",))
        facets = facet_counts(session, flt)
        assert facets.total == count_evidence(session, flt)
        # The stance facet ignores the stance choice itself: each number is what choosing gives.
        for value, count in facets.values["stance"].itertuples(index=False):
            expected = count_evidence(session, EvidenceFilter(topics=("advantages",), stances=(value,)))
            assert count == expected
        topics = dict(facets.topics.itertuples(index=False))
        assert topics["advantages"] == count_evidence(
            session, EvidenceFilter(topics=("advantages",), stances=("supports",)))
        assert facets.years[0] is not None and facets.years[0] <= facets.years[1]


def test_claims_table_balance(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        table = claims_table(session, EvidenceFilter(topics=("disadvantages",)), lang="en")
        row = table.set_index("claim").loc["dropout-higher-online"]
        detail = claim_detail(session, "dropout-higher-online")
        assert row["supports"] == detail["balance"]["supports"]
        assert row["references"] == len({e["reference"] for e in detail["evidence"]})
        only_mentions = claims_table(session, EvidenceFilter(stances=("mentions",)))
        assert (only_mentions["supports"] == 0).all() and (only_mentions["mentions"] > 0).all()


def test_balance_summary_reads_naturally() -> None:
    assert balance_summary({"supports": 2, "mentions": 1}) == (
        "The evidence supports this claim (2 supporting, 0 contradicting, 0 mixed, 1 mentioning; 3 in all)."
    )
    assert balance_summary({"supports": 1, "contradicts": 1}, "nl").startswith("Het bewijs is verdeeld")
    assert balance_summary({}) == "No evidence linked."


def test_topic_tree_and_stats(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        tree = topic_tree(session, "nl")
        root = tree.set_index("slug").loc["disadvantages"]
        assert root["depth"] == 0 and root["claims"] > 0 and root["references"] > 0
        data = stats(session)
        assert data["sets"] == ["online-social-work"]
        assert sum(g["claims"] for g in data["groups"]) >= data["claims"]


def test_table_authors_and_topics_match_the_references_and_claims(bundled_store: Store) -> None:
    # The page query aggregates authors and topic labels in SQL; author_lines and the claim's own
    # topic links are the independent way to get the same strings.
    from evidence.models import Claim, ClaimTopic, Contributor, Person, Reference
    from evidence.queries import author_lines, topic_index

    with bundled_store.session() as session:  # a work with editors only, one with a particle
        claim = session.scalar(select(Claim).where(Claim.slug == "dropout-higher-online"))
        edited = Reference(citekey="edited2020", entry_type="book", title="Edited volume", year=2020)
        edited.contributors = [
            Contributor(role="editor", position=0, person=Person(family="Beek", particle="van",
                                                                   given="F.", name_key="t:1")),
            Contributor(role="editor", position=1, person=Person(literal="NJi", name_key="t:2")),
        ]  # fmt: skip
        session.add(Evidence(claim=claim, reference=edited, stance="mentions", provenance="curator-linked"))
    with bundled_store.session() as session:
        table = evidence_table(session, EvidenceFilter(), lang="nl", limit=None)
        ids = dict(session.execute(select(Reference.citekey, Reference.id)).all())
        expected_authors = author_lines(session, list(ids.values()))
        index = topic_index(session)
        claim_topics: dict[str, list[str]] = {}
        for slug, topic_id in session.execute(
            select(Claim.slug, ClaimTopic.topic_id).join(ClaimTopic, ClaimTopic.claim_id == Claim.id)
            .order_by(Claim.slug, ClaimTopic.position)
        ):
            claim_topics.setdefault(slug, []).append(index.nodes[topic_id].label_nl)
    assert len(table) == 92
    assert table.set_index("reference_key").loc["edited2020", "authors"] == "van Beek & NJi"
    for row in table.itertuples():
        assert row.authors == expected_authors.get(ids[row.reference_key], ""), row.reference_key
        assert row.topics == "; ".join(claim_topics.get(row.claim, [])), row.claim
    assert any(" & " in a for a in table["authors"]) and any("; " in t for t in table["topics"])


def test_a_repeated_page_follows_the_data(bundled_store: Store) -> None:
    """The page statement is reused for the same request; a moved topic or a changed row must
    still show at once (the statement is keyed by the topic tree of the current data revision)."""
    flt = EvidenceFilter(topics=("disadvantages",), stances=("supports",))
    with bundled_store.session() as session:
        before = evidence_table(session, flt, limit=None)
        assert evidence_table(session, flt, limit=None).equals(before)
        topic = session.scalar(select(Topic).where(Topic.slug == "advantages"))
        topic.parent_id = session.scalar(select(Topic.id).where(Topic.slug == "disadvantages"))
    with bundled_store.session() as session:
        moved = evidence_table(session, flt, limit=None)
        assert set(before["evidence_id"]) < set(moved["evidence_id"])
        link = session.get(Evidence, int(moved["evidence_id"].iloc[0]))
        link.stance = "mixed"
    with bundled_store.session() as session:
        after = evidence_table(session, flt, limit=None)
        assert len(after) == len(moved) - 1 and link.id not in set(after["evidence_id"])
