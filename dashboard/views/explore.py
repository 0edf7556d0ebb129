"""Explore: search and the evidence table, narrowed by facets; every choice is kept in the URL.

The table is drawn before the facet counts are computed: on a large database the counts take
longest, and the page should answer first and refine after.
"""

from __future__ import annotations

import math

import streamlit as st

from evidence._dashboard import data, state, ui
from evidence._dashboard.i18n import label, t, t_count
from evidence.errors import EvidenceError
from evidence.models import STANCES

lang = state.begin("explore")
url = ui.open_database()
topics = data.topics(url)
view = state.explore_view(set(topics["slug"]), lang)
flt = view.flt
state.sync_widgets(view)

st.title(t("explore_title", lang))
st.caption(t("explore_intro", lang))
for warning in view.warnings:
    st.warning(warning)

st.text_input(
    t("search", lang),
    key=state.WIDGET_KEYS["q"],
    placeholder=t("search_placeholder", lang),
    help=t("search_help", lang),
    on_change=state.on_filter_change,
    args=("q",),
    icon=":material/search:",
)
if flt.query:
    try:
        hits = data.search_hits(url, flt.query, lang)
    except EvidenceError as error:
        hits = None
        st.warning(t("search_problem", lang, error=error))
    if hits is not None:
        with st.expander(t("best_matches", lang, n=len(hits)), expanded=True):
            if hits.empty:
                st.caption(t("no_matches", lang))
            for hit in hits.itertuples(index=False):
                st.markdown(
                    f"**{t(f'hit_{hit.kind}', lang)}** · {ui.snippet_html(hit.snippet)}",
                    unsafe_allow_html=True,
                )
                left, right = st.columns(2)
                with left:
                    if ui.present(hit.claim):
                        ui.link(
                            "claim", f"{t('open_claim', lang)}: {hit.statement[:90]}", lang, claim=hit.claim
                        )
                with right:
                    if ui.present(hit.reference_key):
                        ui.link(
                            "reference",
                            f"{t('open_reference', lang)}: {hit.reference}",
                            lang,
                            ref=hit.reference_key,
                        )

left, right = st.columns(2)
left.segmented_control(
    t("view", lang),
    state.GROUPS,
    key=state.WIDGET_KEYS["group"],
    format_func=lambda g: t(f"view_{g}", lang),
    on_change=state.on_view_change,
    args=("group",),
    required=True,
)
if view.group == "links":
    right.selectbox(
        t("sort", lang),
        ("claim", "year", "reference", "stance"),
        key=state.WIDGET_KEYS["sort"],
        format_func=lambda s: t(f"sort_{s}", lang),
        on_change=state.on_view_change,
        args=("sort",),
    )
summary_slot = st.container()

try:
    total = data.count(url, flt)
except EvidenceError as error:
    ui.stop_with(error)
table_key = f"table_{abs(hash((flt, view.page, view.group, view.sort, lang)))}"

if view.group == "links":
    pages = max(1, math.ceil(total / data.PAGE_SIZE))
    page = min(view.page, pages)
    frame = data.evidence_page(url, flt, lang, page, view.sort)
    st.caption(t("n_links_of", lang, n=len(frame), total=f"{total:,}", page=page, pages=pages))
    has_next = page < pages
    if frame.empty:
        st.info(t("no_rows", lang))
    else:
        columns = ["statement", "stance", "authors", "year", "title", "locator", "quote", "study_design",
                   "certainty", "verification_status", "topics"]  # fmt: skip
        event = st.dataframe(
            ui.readable(frame, columns, lang),
            key=table_key,
            on_select="rerun",
            selection_mode="single-row",
            hide_index=True,
            width="stretch",
            column_config=ui.headings(columns, lang),
        )
        rows = event.selection.rows if event is not None else []
        if rows:
            # Map the selected position to ids at once: positions mean nothing on the next page.
            chosen = frame.iloc[rows[0]]
            left, right = st.columns(2)
            with left:
                ui.link(
                    "claim",
                    f"{t('open_claim', lang)}: {chosen['statement'][:100]}",
                    lang,
                    claim=chosen["claim"],
                )
            with right:
                who = chosen["authors"] if ui.present(chosen["authors"]) else chosen["reference_key"]
                ui.link(
                    "reference",
                    f"{t('open_reference', lang)}: {who} ({chosen['year']})",
                    lang,
                    ref=chosen["reference_key"],
                )
        else:
            st.caption(t("select_row", lang))
else:
    pages = None
    page = view.page
    frame, has_next = data.claims_page(url, flt, lang, page)
    st.caption(t("n_claims_page", lang, page=page) + " · " + t_count("n_links", lang, total))
    if frame.empty:
        st.info(t("no_rows", lang))
    else:
        columns = ["statement", "kind", *STANCES, "references", "topics"]
        event = st.dataframe(
            ui.readable(frame, columns, lang),
            key=table_key,
            on_select="rerun",
            selection_mode="single-row",
            hide_index=True,
            width="stretch",
            column_config={
                **ui.headings(columns, lang),
                **{s: label("stance", s, lang) for s in STANCES},
            },
        )
        rows = event.selection.rows if event is not None else []
        if rows:
            chosen = frame.iloc[rows[0]]
            ui.link(
                "claim", f"{t('open_claim', lang)}: {chosen['statement'][:100]}", lang, claim=chosen["claim"]
            )
        else:
            st.caption(t("select_row", lang))

ui.pager(page, has_next, lang, pages=pages)
ui.export_panel(
    url, flt, lang, key="explore", total=total, group_by="claim" if view.group == "claims" else None
)

# --- facets, drawn last ------------------------------------------------------------------------
with st.sidebar:
    st.header(t("filters", lang))
    try:
        with st.spinner():
            facets = data.facets(url, flt)
    except EvidenceError as error:
        ui.stop_with(error)


def counts_of(name: str) -> dict:
    frame = facets.values.get(name)
    return {} if frame is None else dict(zip(frame["value"], frame["count"], strict=True))


def facet_select(param: str, vocab: str, counts: dict, chosen: tuple[str, ...]) -> None:
    options = [v for v in counts if ui.present(v)] + [v for v in chosen if v not in counts]
    if not options:
        return
    st.multiselect(
        t(f"f_{param}", lang),
        options,
        format_func=lambda v: f"{label(vocab, v, lang)} ({counts.get(v, 0)})",
        key=state.WIDGET_KEYS[param],
        on_change=state.on_filter_change,
        args=(param,),
    )


topic_labels = dict(zip(topics["slug"], topics[f"label_{lang}"], strict=True))
topic_depth = dict(zip(topics["slug"], topics["depth"], strict=True))
topic_counts = dict(zip(facets.topics["slug"], facets.topics["count"], strict=True))
with st.sidebar:
    st.multiselect(
        t("f_topic", lang),
        [s for s in topics["slug"] if topic_counts.get(s, 0) or s in flt.topics],
        format_func=lambda s: (
            "\u2003" * topic_depth.get(s, 0) + f"{topic_labels.get(s, s)} ({topic_counts.get(s, 0)})"
        ),
        key=state.WIDGET_KEYS["topic"],
        on_change=state.on_filter_change,
        args=("topic",),
    )
    facet_select("stance", "stance", counts_of("stance"), flt.stances)
    facet_select("kind", "kind", counts_of("kind"), flt.kinds)
    facet_select("design", "design", counts_of("design"), flt.designs)
    lo, hi = facets.years
    if lo is not None and hi is not None and lo < hi:
        state.sync_years(view, (int(lo), int(hi)))
        st.slider(
            t("f_years", lang),
            min_value=int(lo),
            max_value=int(hi),
            key=state.WIDGET_KEYS["years"],
            on_change=state.on_years_change,
            args=((int(lo), int(hi)),),
        )
    facet_select("type", "type", counts_of("ref_type"), flt.ref_types)
    facet_select("language", "language", counts_of("language"), flt.languages)
    facet_select("cert", "cert", counts_of("certainty"), flt.certainties)
    facet_select("verif", "verif", counts_of("verification"), flt.verification)
    st.button(t("clear_filters", lang), on_click=state.clear_filters, icon=":material/filter_alt_off:")

# How much evidence, and how it leans: the stance facet counts each stance as if it were chosen
# alone, so keep the chosen stances only (all of them when none is chosen).
with summary_slot:
    ui.selection_summary(
        total,
        {v: n for v, n in counts_of("stance").items() if not flt.stances or v in flt.stances},
        {v: n for v, n in counts_of("certainty").items() if not flt.certainties or v in flt.certainties},
        lang,
    )
state.remember(view)
