"""Every dashboard page through Streamlit's AppTest, on the bundled evidence set.

Expected values come from the library (the database says what a filter should show), so the tests
check that the pages show what the data holds rather than numbers copied from the set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from evidence.compare import compare
from evidence.evidence_map import evidence_map
from evidence.queries import (
    EvidenceFilter,
    claim_detail,
    claims_table,
    count_evidence,
    evidence_table,
    topic_tree,
)
from evidence.store import open_store
from tests.test_dashboard_fixtures import APP

pytest_plugins = ("tests.test_dashboard_fixtures",)  # app_env: the bundled database for the app

TIMEOUT = 60
CLAIM = "dropout-higher-online"
REF = "suler2004disinhibition"
DROPOUT = "dropout-and-adherence"


def run(page: str | None = None, **params: str | list[str]) -> AppTest:
    """Open the app with these URL parameters, then (optionally) switch to ``page``."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update(params)
    at.run()
    if page:
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def ask(url: str, question: Callable[..., Any]) -> Any:
    """What the library answers on the test database."""
    store = open_store(url)
    try:
        with store.session() as session:
            return question(session)
    finally:
        store.close()


def rows(url: str, flt: EvidenceFilter, lang: str = "en", offset: int = 0):
    """The first page of the evidence table, as the library gives it."""
    return ask(url, lambda s: evidence_table(s, flt, lang=lang, limit=50, offset=offset))


def table(at: AppTest, index: int = 0):
    return at.dataframe[index].value


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def links(at: AppTest) -> list[tuple[str, str]]:
    """(label, query string) of every page link."""
    return [(p.proto.label, p.proto.query_string) for p in at.get("page_link")]


# --- every page --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "params", "title"),
    [
        (None, {}, "Explore the evidence"),
        ("topics", {}, "Topics"),
        ("topics", {"topic": DROPOUT}, "Dropout and adherence"),
        ("claim", {}, "Claim"),
        ("claim", {"claim": CLAIM}, "Dropout is more common in online help than in face-to-face treatment."),
        ("reference", {}, "Reference"),
        ("reference", {"ref": REF}, "The Online Disinhibition Effect"),
        ("compare", {"topic": ["advantages", "disadvantages"]}, "Compare"),
        ("evidence_map", {}, "Evidence map"),
    ],
)
def test_every_page_answers(app_env: str, page, params, title) -> None:
    at = run(page, **params)
    assert at.title[0].value == title
    assert not at.error and not warnings(at)


def test_a_new_empty_database_gets_the_bundled_set(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit as st

    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    monkeypatch.setenv("EVIDENCE_DATABASE_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = run()
    total = ask(url, lambda s: count_evidence(s, EvidenceFilter()))
    assert total > 0 and len(table(at)) == min(total, 50)
    st.cache_resource.clear()


def test_a_database_that_cannot_be_opened_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit as st

    monkeypatch.setenv("EVIDENCE_DATABASE_URL", "mysql://somewhere/evidence")
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "database 'mysql' is not supported" in at.error[0].value


# --- Explore -----------------------------------------------------------------------------------


def test_explore_shows_the_evidence_table_page_by_page(app_env: str) -> None:
    total = ask(app_env, lambda s: count_evidence(s, EvidenceFilter()))
    assert total > 50  # the bundled set fills more than one page
    at = run()
    assert list(table(at)["statement"]) == list(rows(app_env, EvidenceFilter())["statement"])
    assert any(f"50 of {total:,} evidence links (page 1 of 2)" in c.value for c in at.caption)
    at.button(key="page_next").click().run()
    assert at.query_params["page"] == "2"
    assert list(table(at)["statement"]) == list(rows(app_env, EvidenceFilter(), offset=50)["statement"])
    assert at.button(key="page_next").disabled
    at.button(key="page_prev").click().run()
    assert "page" not in at.query_params


def test_filters_change_the_table_and_the_url(app_env: str) -> None:
    at = run()
    at.multiselect(key="f_topic").set_value([DROPOUT]).run()
    at.multiselect(key="f_stance").set_value(["mentions"]).run()
    want = rows(app_env, EvidenceFilter(topics=(DROPOUT,), stances=("mentions",)))
    assert len(want) > 0
    shown = table(at)
    assert list(shown["statement"]) == list(want["statement"])
    assert list(shown["authors"]) == list(want["authors"])
    assert set(shown["stance"]) == {"mentions"}
    assert at.query_params["topic"] == DROPOUT and at.query_params["stance"] == "mentions"
    # Facet counts: each value says what choosing it would give.
    supports = ask(
        app_env, lambda s: count_evidence(s, EvidenceFilter(topics=(DROPOUT,), stances=("supports",)))
    )
    assert f"supports ({supports})" in at.multiselect(key="f_stance").options
    clear = next(b for b in at.sidebar.button if "Clear" in b.label)
    clear.click().run()
    assert "topic" not in at.query_params and "stance" not in at.query_params
    assert list(table(at)["statement"]) == list(rows(app_env, EvidenceFilter())["statement"])


def test_query_parameters_restore_a_view(app_env: str) -> None:
    at = run(topic="disadvantages", stance=["supports", "mentions"], y0="2005", group="claims")
    assert at.multiselect(key="f_topic").value == ["disadvantages"]
    assert at.multiselect(key="f_stance").value == ["supports", "mentions"]
    assert at.slider(key="f_years").value[0] == 2005
    assert at.segmented_control(key="f_group").value == "claims"
    flt = EvidenceFilter(topics=("disadvantages",), stances=("supports", "mentions"), year_from=2005)
    want = ask(app_env, lambda s: claims_table(s, flt, limit=50))
    shown = table(at)
    assert list(shown["statement"]) == list(want["statement"])
    assert list(shown["supports"]) == list(want["supports"])
    assert list(shown["mentions"]) == list(want["mentions"])


def test_coming_back_to_explore_restores_the_last_view(app_env: str) -> None:
    at = run(topic=DROPOUT, stance="supports")
    # The navigation menu drops the URL parameters (but for the language, which the app keeps).
    at.query_params = {"lang": "en"}
    at.switch_page("views/topics.py").run()
    at.query_params = {"lang": "en"}
    at.switch_page("views/explore.py").run()
    assert at.query_params == {"topic": DROPOUT, "stance": "supports", "lang": "en"}
    want = rows(app_env, EvidenceFilter(topics=(DROPOUT,), stances=("supports",)))
    assert list(table(at)["statement"]) == list(want["statement"])


def test_year_slider_writes_the_url(app_env: str) -> None:
    at = run()
    lo, hi = at.slider(key="f_years").value
    at.slider(key="f_years").set_value((lo + 1, hi)).run()
    assert at.query_params["y0"] == str(lo + 1) and "y1" not in at.query_params
    assert list(table(at)["statement"]) == list(rows(app_env, EvidenceFilter(year_from=lo + 1))["statement"])


def test_a_selected_row_opens_its_claim_and_reference(app_env: str) -> None:
    at = run(topic=DROPOUT)
    want = rows(app_env, EvidenceFilter(topics=(DROPOUT,)))
    # A click selects a row; AppTest sets the same selection through Session State.
    at.session_state[at.dataframe[0].key] = {"selection": {"rows": [2], "columns": []}}
    at.run()
    targets = {query for _, query in links(at)}
    assert f"claim={want['claim'][2]}&lang=en" in targets
    assert f"ref={want['reference_key'][2]}&lang=en" in targets


def test_language_switch_changes_interface_and_claims(app_env: str) -> None:
    flt = EvidenceFilter(claims=(CLAIM,))
    dutch, english = (rows(app_env, flt, lang)["statement"][0] for lang in ("nl", "en"))
    at = run(q="uitval")
    assert english in set(table(at)["statement"]) and dutch not in set(table(at)["statement"])
    at.radio(key="ui_lang").set_value("nl").run()
    assert at.query_params["lang"] == "nl" and at.query_params["q"] == "uitval"
    assert at.title[0].value == "Verken het bewijs"
    assert dutch in set(table(at)["statement"]) and english not in set(table(at)["statement"])
    assert "ondersteunt" in set(table(at)["stance"])
    # AppTest drops the entry point's sidebar widgets on later runs (a real browser keeps them),
    # so switching back is tested from a fresh start in Dutch.
    at = run(q="uitval", lang="nl")
    assert at.radio(key="ui_lang").value == "nl"
    at.radio(key="ui_lang").set_value("en").run()
    assert english in set(table(at)["statement"])
    # The language travels in the URL to every page.
    assert run("claim", claim=CLAIM, lang="nl").title[0].value == dutch


def test_search_shows_ranked_snippets(app_env: str) -> None:
    at = run()
    at.text_input(key="f_q").set_value("uitval").run()
    assert at.query_params["q"] == "uitval"
    snippets = [m.value for m in at.markdown if "<mark>" in m.value.lower()]
    assert snippets
    assert f"claim={CLAIM}&lang=en" in {query for _, query in links(at)}
    want = rows(app_env, EvidenceFilter(query="uitval"))
    assert list(table(at)["statement"]) == list(want["statement"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("*", "nothing to search for"),
        ("x" * 10_000, "10,000 characters"),
        ('"unbalanced', None),
        ("'; DROP TABLE claim; --", None),
    ],
)
def test_odd_search_input_gives_a_message(app_env: str, text: str, message: str | None) -> None:
    at = run()
    at.text_input(key="f_q").set_value(text).run()
    assert not at.exception
    if message:
        assert any(message in w for w in warnings(at))
        assert len(table(at)) == 50  # the unusable search is ignored; the table stays
    else:
        assert not warnings(at)


def test_unknown_values_in_the_url_are_ignored_with_a_warning(app_env: str) -> None:
    at = run(topic=["no-such-topic", "disadvantages"], stance="proves")
    assert any("Unknown topic 'no-such-topic'" in w for w in warnings(at))
    assert any("'proves'" in w for w in warnings(at))
    assert at.multiselect(key="f_topic").value == ["disadvantages"]
    want = rows(app_env, EvidenceFilter(topics=("disadvantages",)))
    assert list(table(at)["statement"]) == list(want["statement"])
    for page, params, message in (
        ("topics", {"topic": "<script>"}, "Unknown topic '<script>'"),
        ("claim", {"claim": "nope"}, "no claim 'nope'"),
        ("reference", {"ref": "suler"}, "Did you mean: suler2004disinhibition"),
        ("compare", {"topic": ["nope", "advantages"]}, "Unknown topic 'nope'"),
    ):
        assert any(message in w for w in warnings(run(page, **params))), page


def test_downloads_are_offered_and_built_on_click(app_env: str) -> None:
    from evidence._dashboard import ui
    from evidence.exporting import TABLE_FORMATS

    at = run(topic=DROPOUT)
    buttons = {b.label: b for b in at.download_button}
    for name in ("CSV", "Excel", "Word", "Markdown", "LaTeX", "HTML", "BibTeX", "RIS", "CSL-JSON"):
        assert name in buttons, name
    assert "APA (html)" in buttons and "APA (txt)" in buttons
    assert len(buttons) == len(TABLE_FORMATS) + 5
    # Nothing is built while the page is drawn: each file comes from a callback run on click.
    assert all(b.proto.deferred_file_id and not b.proto.url for b in buttons.values())
    store = open_store(app_env)
    flt = EvidenceFilter(topics=(DROPOUT,))
    try:
        assert "Dropout is more common in online help" in ui.table_bytes(
            store, flt, "csv", "en", None
        ).decode("utf-8-sig")
        assert ui.table_bytes(store, flt, "xlsx", "en", "claim")[:2] == b"PK"
        assert "eysenbach2005attrition" in ui.references_bytes(store, flt, "bibtex").decode()
        assert "Eysenbach, G. (2005)." in ui.apa_bytes(store, flt, "nl", "text").decode()
    finally:
        store.close()
    # The other pages with tables offer the same downloads.
    for page, params in (("topics", {"topic": DROPOUT}), ("claim", {"claim": CLAIM}),
                         ("compare", {"topic": ["advantages", DROPOUT]})):  # fmt: skip
        labels = {b.label for b in run(page, **params).download_button}
        assert {"CSV", "Excel", "BibTeX", "RIS", "APA (txt)"} <= labels, page


# --- the other pages ---------------------------------------------------------------------------


def test_topic_tree_and_a_topic_page(app_env: str) -> None:
    tree = ask(app_env, lambda s: topic_tree(s))
    at = run("topics")
    shown = dict(links(at))
    for row in tree.itertuples(index=False):
        label = next(text for text, query in shown.items() if query == f"topic={row.slug}&lang=en")
        assert f"{row.label} · {row.claims} claims · {row.references} references" in label.replace("**", "")
    claims = ask(app_env, lambda s: claims_table(s, EvidenceFilter(topics=(DROPOUT,))))
    at = run("topics", topic=DROPOUT)
    assert [query for _, query in links(at) if query.startswith("claim=")] == [
        f"claim={slug}&lang=en" for slug in claims["claim"]
    ]
    text = " ".join(m.value.replace("\\", "") for m in at.markdown)
    assert all(statement in text for statement in claims["statement"])
    bars = [m.value for m in at.markdown if 'role="img"' in m.value]
    assert len(bars) == len(claims)
    first = claims.iloc[0]
    assert f"{first['supports']} supports" in bars[0] and f"{first['mentions']} mentions" in bars[0]


def test_claim_page(app_env: str) -> None:
    detail = ask(app_env, lambda s: claim_detail(s, CLAIM))
    at = run("claim", claim=CLAIM)
    text = " ".join(m.value for m in at.markdown)
    assert detail["statement"]["nl"] in text  # both languages
    headings = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert headings == [f"#### {s.capitalize()} ({n})" for s, n in detail["balance"].items() if n]
    assert detail["summary"] in [i.value for i in at.info]
    assert {f"ref={e['reference']}&lang=en" for e in detail["evidence"]} <= {q for _, q in links(at)}
    assert any(m.value.startswith("Eysenbach, G. (2005).") for m in at.markdown)  # APA 7 list
    # Without a claim in the URL: pick one from the list.
    picker = run("claim")
    picker.selectbox(key="claim_pick").set_value(CLAIM).run()
    assert picker.query_params["claim"] == CLAIM
    assert picker.title[0].value == detail["statement"]["en"]


def test_reference_page(app_env: str) -> None:
    at = run("reference", ref=REF)
    want = ask(app_env, lambda s: evidence_table(s, EvidenceFilter(references=(REF,)), limit=None))
    assert list(table(at)["statement"]) == list(want["statement"])
    codes = [c.value for c in at.code]
    assert any(c.startswith("Suler, J. (2004). The Online Disinhibition Effect.") for c in codes)
    assert "(Suler, 2004)" in codes
    assert any("@article{suler2004disinhibition" in c for c in codes)
    assert next(b.proto.url for b in at.get("link_button")).startswith("https://doi.org/10.")
    # Without a reference in the URL: find one by a word of its title.
    picker = run("reference")
    picker.text_input(key="ref_q").set_value("disinhibition").run()
    assert "Suler (2004) The Online Disinhibition Effect" in picker.selectbox(key="ref_pick").options
    picker.selectbox(key="ref_pick").set_value(REF).run()
    assert picker.query_params["ref"] == REF


def test_compare_page(app_env: str) -> None:
    result = ask(app_env, lambda s: compare(s, "topic", ["advantages", "disadvantages"]))
    at = run("compare", topic=["advantages", "disadvantages"])
    summary = table(at)
    assert list(summary["Evidence links"]) == list(result.summary["evidence"])
    assert list(summary["References"]) == list(result.summary["references"])
    by_stance = table(at, 1)
    assert list(by_stance.iloc[:, 0]) == list(result.stances.loc["advantages"])
    assert any(f"{result.shared()} references shared by all" in c.value for c in at.caption)
    at.multiselect(key="cmp_items").set_value(["advantages", "disadvantages", "ehealth"]).run()
    assert at.query_params["topic"] == ["advantages", "disadvantages", "ehealth"]
    at.radio(key="cmp_kind").set_value("claim").run()
    assert "topic" not in at.query_params
    assert any("at least 2" in i.value for i in at.info)


def test_evidence_map_page(app_env: str) -> None:
    want = ask(app_env, lambda s: evidence_map(s, "design"))
    at = run("evidence_map", by="design")
    shown = table(at)
    assert len(shown) == len(want.rows)
    assert list(shown["literature review"]) == list(want.matrix()["literature-review"])
    assert list(shown["References (all)"]) == list(want.rows["references"])


def test_clicking_a_map_cell_opens_explore_filtered_to_it(app_env: str) -> None:
    at = run("evidence_map")
    shown = table(at)
    assert list(shown.columns[1:5]) == ["supports", "contradicts", "mixed", "mentions"]
    row = int(shown.index[shown["Topic"].str.strip() == "Dropout and adherence"][0])
    at.session_state[at.dataframe[0].key] = {
        "selection": {"rows": [], "columns": [], "cells": [(row, "mentions")]}
    }
    at.run()
    assert at.title[0].value == "Explore the evidence"
    assert at.query_params == {"topic": DROPOUT, "stance": "mentions", "lang": "en"}
    want = rows(app_env, EvidenceFilter(topics=(DROPOUT,), stances=("mentions",)))
    assert len(want) and list(table(at)["statement"]) == list(want["statement"])
