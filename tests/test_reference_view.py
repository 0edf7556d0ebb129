"""Reference details, pick-lists and search hits, as the detail pages read them."""

from __future__ import annotations

import pytest

from evidence.errors import InvalidQuery, NotFound
from evidence.queries import EvidenceFilter, evidence_table
from evidence.reference_view import (
    CHOICE_COLUMNS,
    HIT_COLUMNS,
    reference_choices,
    reference_citation,
    reference_detail,
    search_hits,
)
from evidence.store import Store

pytest_plugins = ("tests.test_dashboard_fixtures",)  # the shared read-only database

KEY = "suler2004disinhibition"


def test_reference_detail_matches_its_evidence(shared_bundled_store: Store) -> None:
    with shared_bundled_store.session() as session:
        detail = reference_detail(session, KEY)
        links = evidence_table(session, EvidenceFilter(references=(KEY,)), limit=None)
        assert detail["citekey"] == KEY
        assert detail["year"] == 2004 and "Disinhibition" in detail["title"]
        assert detail["authors"] == "Suler"
        assert detail["evidence"] == len(links) > 0
        assert detail["claims"] == links["claim"].nunique()
        assert detail["balance"] == {s: int((links["stance"] == s).sum()) for s in detail["balance"]}
        assert detail["csl"]["id"] == KEY and detail["csl"]["author"][0]["family"] == "Suler"
        if detail["doi"]:
            assert detail["doi_url"] == f"https://doi.org/{detail['doi']}"


def test_unknown_reference_suggests_close_keys(shared_bundled_store: Store) -> None:
    with shared_bundled_store.session() as session:
        with pytest.raises(NotFound, match="Did you mean: suler2004disinhibition"):
            reference_detail(session, "suler")
        with pytest.raises(NotFound, match="no reference '%_'"):
            reference_detail(session, "%_")


def test_reference_choices(shared_bundled_store: Store) -> None:
    with shared_bundled_store.session() as session:
        everything = reference_choices(session, limit=1000)
        assert list(everything.columns) == CHOICE_COLUMNS
        assert list(everything["reference_key"]) == sorted(everything["reference_key"])
        assert KEY in set(reference_choices(session, "disinhibition")["reference_key"])  # title
        assert KEY in set(reference_choices(session, "Suler")["reference_key"])  # author
        assert KEY in set(reference_choices(session, "suler2004")["reference_key"])  # citekey
        assert reference_choices(session, "zzzzqqq").empty
        with pytest.raises(InvalidQuery):
            reference_choices(session, "*")


def test_search_hits_point_at_claims_and_references(shared_bundled_store: Store) -> None:
    with shared_bundled_store.session() as session:
        hits = search_hits(session, "uitval", lang="en")
        assert list(hits.columns) == HIT_COLUMNS
        assert len(hits) and hits["snippet"].str.contains("<mark>", case=False).all()
        assert "dropout-higher-online" in set(hits["claim"])
        assert list(hits["rank"]) == sorted(hits["rank"])
        claim_hit = hits[hits["claim"] == "dropout-higher-online"].iloc[0]
        assert claim_hit["statement"].startswith("Dropout is more common")
        titles = search_hits(session, "disinhibition")
        assert KEY in set(titles["reference_key"])
        # Odd input is searched as text or explained, never a crash.
        assert isinstance(search_hits(session, '"unbalanced quote'), type(hits))
        assert isinstance(search_hits(session, "'; DROP TABLE claim; --"), type(hits))
        for unusable in ("*", "x" * 10_000):
            with pytest.raises(InvalidQuery):
                search_hits(session, unusable)


def test_reference_citation(shared_bundled_store: Store) -> None:
    with shared_bundled_store.session() as session:
        cited = reference_citation(session, KEY, "en")
        assert cited.citation == "(Suler, 2004)"
        assert cited.text.startswith("Suler, J. (2004).")
        assert "@article{suler2004disinhibition" in cited.bibtex.replace(" ", "")
        assert reference_citation(session, KEY, "nl").text.startswith("Suler, J. (2004).")
