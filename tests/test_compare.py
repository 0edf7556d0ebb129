"""Comparing topics and claims: every count agrees with the evidence table, on both engines."""

from __future__ import annotations

import pytest

from evidence.compare import NONE, claim_options, compare, item_filter, union_filter
from evidence.errors import InvalidQuery, NotFound
from evidence.models import STANCES
from evidence.queries import EvidenceFilter, count_evidence, evidence_table
from evidence.store import Store

pytest_plugins = ("tests.test_dashboard_fixtures",)  # the shared read-only database

TOPICS = ["advantages", "disadvantages", "dropout-and-adherence"]


def _links(session, flt: EvidenceFilter):
    return evidence_table(session, flt, limit=None)


def test_topic_comparison_counts_match_the_evidence(shared_bundled_store: Store) -> None:
    with shared_bundled_store.session() as session:
        result = compare(session, "topic", TOPICS)
        assert result.items == TOPICS
        assert list(result.summary["item"]) == TOPICS
        for row in result.summary.itertuples(index=False):
            links = _links(session, item_filter("topic", row.item))
            assert row.evidence == len(links) > 0
            assert row.references == links["reference_key"].nunique()
            assert row.claims == links["claim"].nunique()
            for stance in STANCES:
                assert result.stances.loc[row.item, stance] == (links["stance"] == stance).sum()
            assert result.designs.loc[row.item].sum() == row.evidence
            assert result.designs.loc[row.item].get(NONE, 0) == links["study_design"].isna().sum()
            assert result.certainty.loc[row.item].sum() == row.evidence
            years = result.years[result.years["item"] == row.item]
            assert years["evidence"].sum() == links["year"].notna().sum()
        assert list(result.stances.columns) == list(STANCES)
        assert "Potential advantages" in result.labels["advantages"]


def test_shared_and_unique_references(shared_bundled_store: Store) -> None:
    with shared_bundled_store.session() as session:
        result = compare(session, "topic", TOPICS[:2])
        cited = {
            slug: set(_links(session, item_filter("topic", slug))["reference_key"]) for slug in TOPICS[:2]
        }
        both = cited["advantages"] & cited["disadvantages"]
        overlap = {tuple(items): n for items, n in result.overlap.itertuples(index=False)}
        assert overlap.get(("advantages", "disadvantages"), 0) == len(both) == result.shared()
        assert overlap.get(("advantages",), 0) == len(cited["advantages"] - both)
        assert overlap.get(("disadvantages",), 0) == len(cited["disadvantages"] - both)
        assert result.references_total == len(cited["advantages"] | cited["disadvantages"])
        refs = result.references
        assert len(refs) == result.references_total
        # Shared references come first, and the per-item columns say who cites what.
        assert list(refs["shared_by"]) == sorted(refs["shared_by"], reverse=True)
        for row in refs.itertuples(index=False):
            assert row.advantages == (row.reference_key in cited["advantages"])
            assert row.disadvantages == (row.reference_key in cited["disadvantages"])


def test_claim_comparison_in_dutch(shared_bundled_store: Store) -> None:
    with shared_bundled_store.session() as session:
        options = claim_options(session, "nl")
        slugs = list(options["claim"][:3])
        result = compare(session, "claim", slugs, lang="nl")
        statements = dict(zip(options["claim"], options["statement"], strict=True))
        assert result.labels == {s: statements[s] for s in slugs}
        for row in result.summary.itertuples(index=False):
            assert row.evidence == count_evidence(session, EvidenceFilter(claims=(row.item,)))
        union = union_filter("claim", slugs)
        assert count_evidence(session, union) == result.summary["evidence"].sum()
        assert options["statement"].notna().all()


def test_comparison_within_a_filter(shared_bundled_store: Store) -> None:
    with shared_bundled_store.session() as session:
        within = EvidenceFilter(stances=("supports",))
        result = compare(session, "topic", TOPICS[:2], within=within)
        assert set(result.stances.columns[result.stances.sum() > 0]) <= {"supports"}
        for row in result.summary.itertuples(index=False):
            assert row.evidence == count_evidence(session, item_filter("topic", row.item, within))


def test_unusable_choices_are_explained(shared_bundled_store: Store) -> None:
    cases = [
        ("topic", ["advantages"], InvalidQuery, "choose 2 to 4 topics"),
        ("topic", ["advantages", "advantages"], InvalidQuery, "1 chosen"),
        ("topic", [*TOPICS, "ehealth", "gamification"], InvalidQuery, "5 chosen"),
        ("topic", ["advantages", "no-such-topic"], NotFound, "no topic 'no-such-topic'"),
        ("claim", ["dropout-higher-online", "nope"], NotFound, "no claim 'nope'"),
        ("reference", ["a", "b"], InvalidQuery, "compare topics or claims"),
    ]
    with shared_bundled_store.session() as session:
        for kind, slugs, error, message in cases:
            with pytest.raises(error, match=message):
                compare(session, kind, slugs)
