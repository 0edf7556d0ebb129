"""The evidence map: every cell is the number of distinct references the evidence table shows."""

from __future__ import annotations

import math

import pytest

from evidence.errors import InvalidQuery
from evidence.evidence_map import NONE, cell_filter, evidence_map, topic_reference_counts
from evidence.models import STANCES
from evidence.queries import EvidenceFilter, count_evidence, evidence_table, topic_tree
from evidence.store import Store

pytest_plugins = ("tests.test_dashboard_fixtures",)  # the shared read-only database


def _references(session, flt: EvidenceFilter) -> int:
    return evidence_table(session, flt, limit=None)["reference_key"].nunique()


def test_stance_map_counts_references_per_topic_and_stance(shared_bundled_store: Store) -> None:
    with shared_bundled_store.session() as session:
        result = evidence_map(session, "stance")
        assert result.columns == list(STANCES)
        tree = topic_tree(session, references=True)
        assert list(result.rows["topic"]) == list(tree["slug"])
        assert list(result.rows["references"]) == list(tree["references"])
        matrix = result.matrix()
        for slug in matrix.index:
            for stance in STANCES:
                expected = _references(session, EvidenceFilter(topics=(slug,), stances=(stance,)))
                assert matrix.loc[slug, stance] == expected, (slug, stance)


def test_balance_colours_follow_the_stances(shared_bundled_store: Store) -> None:
    with shared_bundled_store.session() as session:
        result = evidence_map(session, "stance")
        balance = result.matrix("balance")
        counts = result.matrix("references")
        for slug in balance.index:
            if counts.loc[slug, "supports"]:
                assert balance.loc[slug, "supports"] == 1.0
            if counts.loc[slug, "mentions"]:
                assert math.isnan(balance.loc[slug, "mentions"])
        # A design cell mixes stances: its balance is between -1 and 1 and matches its links.
        design = evidence_map(session, "design")
        for cell in design.cells.itertuples(index=False):
            directed = cell.supports + cell.contradicts + cell.mixed
            if directed:
                assert cell.balance == pytest.approx((cell.supports - cell.contradicts) / directed)
            else:
                assert math.isnan(cell.balance)


def test_design_map_and_the_cells_behind_it(shared_bundled_store: Store) -> None:
    with shared_bundled_store.session() as session:
        result = evidence_map(session, "design")
        assert NONE in result.columns and result.columns[-1] == NONE
        for cell in result.cells.itertuples(index=False):
            flt = cell_filter("design", cell.topic, cell.value)
            if cell.value == NONE:
                links = evidence_table(session, flt, limit=None)
                links = links[links["study_design"].isna()]
                assert cell.evidence == len(links)
                assert cell.references == links["reference_key"].nunique()
            else:
                assert flt.designs == (cell.value,) and flt.topics == (cell.topic,)
                assert cell.evidence == count_evidence(session, flt)
                assert cell.references == _references(session, flt)


def test_rows_can_be_limited_by_depth_and_filter(shared_bundled_store: Store) -> None:
    with shared_bundled_store.session() as session:
        roots = evidence_map(session, "stance", max_depth=0)
        assert set(roots.rows["depth"]) == {0}
        narrowed = evidence_map(session, "stance", EvidenceFilter(topics=("disadvantages",), year_from=2010))
        assert narrowed.rows["topic"].iloc[0] == "disadvantages"
        assert set(narrowed.rows["parent"].dropna()) == {"disadvantages"}
        expected = _references(session, EvidenceFilter(topics=("disadvantages",), year_from=2010))
        assert narrowed.rows["references"].iloc[0] == expected
        dutch = evidence_map(session, "stance", lang="nl")
        assert dutch.rows["label"].iloc[0] != "" and list(dutch.rows["topic"]) == list(
            evidence_map(session, "stance").rows["topic"]
        )


def test_topic_reference_counts_agree_with_the_topic_tree(shared_bundled_store: Store) -> None:
    with shared_bundled_store.session() as session:
        tree = topic_tree(session, references=True)
        counts = topic_reference_counts(session)
        assert counts == dict(zip(tree["slug"], (int(n) for n in tree["references"]), strict=True))


def test_unknown_columns_are_refused(shared_bundled_store: Store) -> None:
    with shared_bundled_store.session() as session:
        with pytest.raises(InvalidQuery, match="cannot map by 'colour'"):
            evidence_map(session, "colour")
        with pytest.raises(InvalidQuery, match="no measure"):
            evidence_map(session, "stance").matrix("weight")
