"""Topics: the tree with counts; ``?topic=<slug>`` shows one topic's claims and their balance."""

from __future__ import annotations

import streamlit as st

from evidence._dashboard import data, state, ui
from evidence._dashboard.i18n import t
from evidence.errors import EvidenceError
from evidence.queries import EvidenceFilter

CLAIMS_SHOWN = 100

lang = state.begin("topics")
url = ui.open_database()
try:
    tree = data.topic_tree(url, lang)
except EvidenceError as error:
    ui.stop_with(error)
by_slug = {row.slug: row for row in tree.itertuples(index=False)}

slug = st.query_params.get("topic")
if slug is not None and slug not in by_slug:
    st.warning(t("unknown_topic", lang, value=slug[:80]))
    slug = None


def counts_line(row) -> str:
    return t("n_claims_refs", lang, claims=row.claims, refs=row.references)


if slug is None:
    st.title(t("topics_title", lang))
    st.caption(t("topics_intro", lang))
    if tree.empty:
        st.info(t("empty_db", lang))
    children_of = tree.groupby("parent")["slug"].apply(list).to_dict()
    for root in tree[tree["depth"] == 0].itertuples(index=False):
        with st.container(border=True):
            ui.link("topics", f"**{root.label}** · {counts_line(root)}", lang, topic=root.slug)
            todo = list(reversed(children_of.get(root.slug, [])))  # depth first, in curated order
            while todo:
                item = by_slug[todo.pop()]
                ui.link(
                    "topics",
                    f"{chr(0x2003) * (item.depth - 1)}{item.label} · {counts_line(item)}",
                    lang,
                    topic=item.slug,
                )
                todo.extend(reversed(children_of.get(item.slug, [])))
    st.stop()

row = by_slug[slug]
path, parent = [], row.parent
while isinstance(parent, str):  # a root's parent is missing (NaN)
    path.insert(0, by_slug[parent])
    parent = by_slug[parent].parent
crumbs = st.columns(len(path) + 1)
with crumbs[0]:
    ui.link("topics", t("all_topics", lang), lang)
for column, ancestor in zip(crumbs[1:], path, strict=True):
    with column:
        ui.link("topics", ancestor.label, lang, topic=ancestor.slug)

st.title(row.label)
flt = EvidenceFilter(topics=(slug,))
meta = st.columns(3)
meta[0].metric(t("col_claims", lang), row.claims)
meta[1].metric(t("col_references", lang), row.references)
meta[2].metric(t("col_evidence", lang), row.evidence)
ui.link("explore", t("open_in_explore", lang), lang, topic=slug)

children = tree[tree["parent"] == slug]
if len(children):
    st.subheader(t("subtopics", lang))
    for child in children.itertuples(index=False):
        ui.link("topics", f"{child.label} · {counts_line(child)}", lang, topic=child.slug)

st.subheader(t("claims_in_topic", lang))
try:
    claims, more = data.claims_page(url, flt, lang, 1, CLAIMS_SHOWN)
except EvidenceError as error:
    ui.stop_with(error)
if claims.empty:
    st.info(t("no_claims", lang))
st.markdown(ui.stance_legend(lang), unsafe_allow_html=True)
for claim in claims.itertuples(index=False):
    text_col, bar_col, link_col = st.columns([6, 3, 1], vertical_alignment="center")
    text_col.markdown(ui.escape_markdown(claim.statement))
    counts = {s: getattr(claim, s) for s in ("supports", "contradicts", "mixed", "mentions")}
    bar_col.markdown(ui.balance_bar(counts, lang), unsafe_allow_html=True)
    with link_col:
        ui.link("claim", t("open", lang), lang, claim=claim.claim)
if more:
    st.caption(t("more_claims", lang, n=CLAIMS_SHOWN))

ui.export_panel(url, flt, lang, key="topic", total=row.evidence)
