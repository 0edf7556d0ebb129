"""Search: user input is reduced to words and phrases; both engines find the same things."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.errors import InvalidQuery
from evidence.queries import EvidenceFilter, count_evidence, evidence_table
from evidence.search import ParsedQuery, parse_query, search
from evidence.store import Store, open_store


@pytest.mark.parametrize(
    ("text", "words", "phrases"),
    [
        ("uitval online", ("uitval", "online"), ()),
        ('"social presence" chat', ("chat",), (("social", "presence"),)),
        ('dropout"', ("dropout",), ()),  # an unbalanced quote is just text
        ("a* OR b NEAR(c)", ("a", "or", "b", "near", "c"), ()),
        ("'; DROP TABLE claim; --", ("drop", "table", "claim"), ()),
        ("cliënten", ("cliënten",), ()),
    ],
)
def test_parse_query_keeps_only_words_and_phrases(text: str, words: tuple, phrases: tuple) -> None:
    assert parse_query(text) == ParsedQuery(words, phrases)


@pytest.mark.parametrize("text", ["", "   ", "*", '"', "()", "-- ;"])
def test_nothing_to_search_for_is_a_message(text: str) -> None:
    with pytest.raises(InvalidQuery, match="nothing to search for"):
        parse_query(text)


def test_overlong_input_is_refused_politely() -> None:
    with pytest.raises(InvalidQuery, match="at most 500"):
        parse_query("x" * 10_000)


def test_search_finds_claims_quotes_and_titles(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        hits = search(session, "uitval")  # Dutch claim text and quote
        assert {"claim", "evidence"} <= set(hits["kind"])
        assert hits["snippet"].str.contains("<mark>").all()
        # English statement, prefix match, diacritics folded: "client" finds "cliënt".
        assert len(search(session, "dropout")) >= 1
        assert any("<mark>" in s and "nt" in s for s in search(session, "client")["snippet"])
        # Reference titles: Suler's "The Online Disinhibition Effect".
        assert "reference" in set(search(session, "disinhibition")["kind"])
        # A phrase must occur as a phrase.
        assert len(search(session, '"social presence"')) >= 1
        assert search(session, '"presence social"').empty


def test_search_filters_the_evidence_table(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        table = evidence_table(session, EvidenceFilter(query="uitval"), limit=None)
        assert "dropout-higher-online" in set(table["claim"])
        assert count_evidence(session, EvidenceFilter(query="uitval")) == len(table)
        # Odd input is a message for the user (InvalidQuery) or an ordinary search, never a
        # database error; operators and SQL are searched for as words.
        with pytest.raises(InvalidQuery):
            count_evidence(session, EvidenceFilter(query='"*'))
        for odd in ["'; DROP TABLE evidence; --", "NEAR(uitval", "uitval OR", "x" * 400]:
            assert count_evidence(session, EvidenceFilter(query=odd)) >= 0
        assert count_evidence(session, EvidenceFilter(query="NEAR(uitval")) == 0  # needs "near" too
        assert count_evidence(session, EvidenceFilter(query="zzzqqq")) == 0


def test_a_common_term_walks_the_page_and_finds_the_same_rows(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A page for a common term tests each link as it walks the index (SQLite: against the lists
    # of matches; PostgreSQL: the link's own search_tsv, and its reference's when many references
    # match) instead of listing every match first; both ways must give the same rows in the same
    # order. The generated S set is below the size where walking pays, so the test lowers that size.
    from benchmarks.generate import generate
    from evidence import search as search_module
    from evidence.queries import forget_page_statements
    from evidence.search import evidence_ids_matching

    generate(db_url, "S", seed=5, analyze=False)
    store = open_store(db_url)
    try:
        with store.session() as session:
            listed = {q: evidence_table(session, EvidenceFilter(query=q), limit=None)
                      for q in ("online", "zorgmijders", '"digital divide"')}  # fmt: skip
            monkeypatch.setattr(search_module, "_SMALL", 0)
            forget_page_statements()
            assert search_module._match_counts(session, parse_query("online")).common
            assert not search_module._match_counts(session, parse_query("zorgmijders")).common
            for q, many in (("online", True), ('"digital divide"', False)):  # both reference forms
                counts = search_module._match_counts(session, parse_query(q))
                assert (counts.references >= search_module.MANY_REFERENCES * counts.reference_rows) == many
            for q, expected in listed.items():
                flt = EvidenceFilter(query=q, stances=("supports", "mixed"))
                walked = pd.concat([evidence_table(session, EvidenceFilter(query=q), limit=100, offset=start)
                                    for start in range(0, len(expected) + 100, 100)])  # fmt: skip
                assert len(walked) and walked["evidence_id"].tolist() == expected["evidence_id"].tolist()
                assert set(walked["evidence_id"]) == set(session.scalars(evidence_ids_matching(session, q)))
                page = evidence_table(session, flt, limit=20, offset=10)
                assert page["evidence_id"].tolist() == [
                    i for i, s in zip(expected["evidence_id"], expected["stance"], strict=True)
                    if s in ("supports", "mixed")][10:30]  # fmt: skip
    finally:
        store.close()


def test_equal_ranks_come_back_in_id_order(store: Store) -> None:
    # Ties are ordered by id, so the same search gives the same page every time, and a shorter
    # limit keeps the first rows of a longer one (PostgreSQL ranks and cuts before the snippets).
    from evidence.models import Claim

    with store.session() as session:
        for i in range(6):
            session.add(Claim(slug=f"tie-{i}", statement_en="Peer support groups online",
                              statement_nl="Lotgenotencontact online"))  # fmt: skip
        session.commit()
        hits = search(session, "lotgenotencontact")
        assert len(hits) == 6 and hits["rank"].nunique() == 1
        assert list(hits["id"]) == sorted(hits["id"])
        top = search(session, "lotgenotencontact", limit=4)
        assert list(top["id"]) == list(hits["id"][:4])
        assert top["snippet"].str.contains("<mark>Lotgenotencontact</mark>").all()


def test_a_short_limit_keeps_the_best_hits_with_their_snippets(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        full = search(session, "online")
        assert len(full) > 5
        short = search(session, "online", limit=5)
        assert short.to_dict("records") == full.head(5).to_dict("records")
