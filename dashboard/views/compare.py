"""Compare: ``?topic=a&topic=b`` or ``?claim=x&claim=y``: 2 to 4 items side by side."""

from __future__ import annotations

import streamlit as st

from evidence._dashboard import data, state, ui
from evidence._dashboard.i18n import label, t
from evidence.compare import MAX_ITEMS, MIN_ITEMS, union_filter
from evidence.errors import EvidenceError
from evidence.tables.safety import neutralise

lang = state.begin("compare")
url = ui.open_database()
params = state.url_params()
kind = "claim" if params.get("claim") and not params.get("topic") else "topic"

if kind == "topic":
    topics = data.topics(url)
    choices = dict(zip(topics["slug"], topics[f"label_{lang}"], strict=True))
    depth = dict(zip(topics["slug"], topics["depth"], strict=True))
    show = lambda s: "\u2003" * depth.get(s, 0) + choices.get(s, s)  # noqa: E731
else:
    claims = data.claim_options(url, lang)
    choices = dict(zip(claims["claim"], claims["statement"], strict=True))
    show = lambda s: choices.get(s, s)  # noqa: E731

chosen = []
for slug in list(dict.fromkeys(params.get(kind, [])))[:MAX_ITEMS]:
    if slug in choices:
        chosen.append(slug)
    elif kind == "topic":
        st.warning(t("unknown_topic", lang, value=slug[:80]))
    else:
        st.warning(t("unknown_value", lang, value=slug[:80], what=t("page_claim", lang)))

st.title(t("compare_title", lang))
st.caption(t("compare_intro", lang))


def on_kind() -> None:
    for name in ("topic", "claim"):
        state.set_param(name, None)


def on_items() -> None:
    state.set_param(st.session_state["cmp_kind"], st.session_state.get("cmp_items") or None)


st.session_state["cmp_kind"] = kind
st.session_state["cmp_items"] = chosen
left, right = st.columns([1, 3])
left.radio(
    t("compare_what", lang),
    ("topic", "claim"),
    key="cmp_kind",
    on_change=on_kind,
    format_func=lambda k: t(f"compare_{k}s", lang),
)
right.multiselect(
    t("compare_pick", lang),
    list(choices),
    key="cmp_items",
    format_func=show,
    max_selections=MAX_ITEMS,
    on_change=on_items,
)

if len(chosen) < MIN_ITEMS:
    st.info(t("compare_need_more", lang, n=MIN_ITEMS - len(chosen)))
    st.stop()

try:
    result = data.comparison(url, kind, tuple(chosen), lang)
except EvidenceError as error:
    ui.stop_with(error)

names = {slug: result.labels[slug] for slug in result.items}
summary = result.summary.drop(columns="item").rename(
    columns={
        "label": t("col_topic", lang) if kind == "topic" else t("col_claim", lang),
        "claims": t("col_claims", lang),
        "evidence": t("col_evidence", lang),
        "references": t("col_references", lang),
    }
)
st.dataframe(summary, hide_index=True, width="stretch")

columns = st.columns(len(result.items))
for column, slug in zip(columns, result.items, strict=True):
    with column:
        st.markdown(f"**{names[slug]}**")
        st.markdown(
            ui.balance_bar(result.stances.loc[slug].to_dict(), lang, height=18), unsafe_allow_html=True
        )
        if kind == "topic":
            ui.link("topics", t("open_topic", lang), lang, topic=slug)
        else:
            ui.link("claim", t("open_claim", lang), lang, claim=slug)
st.markdown(ui.stance_legend(lang), unsafe_allow_html=True)


def by_item(frame, vocab: str):
    table = frame.rename(index=names, columns=lambda v: label(vocab, v, lang)).T
    table.index.name = None
    return table


tab_stance, tab_design, tab_cert, tab_year, tab_refs = st.tabs(
    [
        t("by_stance", lang),
        t("by_design", lang),
        t("by_certainty", lang),
        t("by_year", lang),
        t("shared_refs", lang),
    ]
)
with tab_stance:
    st.dataframe(by_item(result.stances, "stance"), width="stretch")
with tab_design:
    st.dataframe(by_item(result.designs, "design"), width="stretch")
with tab_cert:
    st.dataframe(by_item(result.certainty, "cert"), width="stretch")
with tab_year:
    if len(result.years):
        years = (
            result.years.assign(item=result.years["item"].map(names))
            .pivot(index="year", columns="item", values="evidence")
            .fillna(0)
            .astype(int)
        )
        st.bar_chart(years, y_label=t("col_evidence", lang), x_label=t("col_year", lang))
with tab_refs:
    st.caption(t("shared_by_all", lang, n=result.shared(), total=result.references_total))
    overlap = result.overlap.assign(
        items=[" + ".join(names[s] for s in combo) for combo in result.overlap["items"]]
    ).rename(columns={"items": t("overlap_items", lang), "references": t("col_references", lang)})
    st.dataframe(overlap, hide_index=True, width="stretch")
    refs = result.references.rename(
        columns={
            "reference_key": t("col_reference", lang),
            "authors": t("col_authors", lang),
            "year": t("col_year", lang),
            "title": t("col_title", lang),
            "shared_by": t("col_shared_by", lang),
            **{slug: f"{i}. {names[slug][:40]}" for i, slug in enumerate(result.items, 1)},
        }
    )
    st.dataframe(refs, hide_index=True, width="stretch")

csv = (
    result.summary.merge(result.stances, left_on="item", right_index=True)
    .map(neutralise)  # labels are text from the database: never let one become a formula
    .to_csv(index=False)
)
st.download_button(
    t("comparison_csv", lang),
    data=csv,
    file_name="comparison.csv",
    mime="text/csv",
    key="compare_csv",
    on_click="ignore",
    icon=":material/download:",
)
flt = union_filter(kind, result.items)  # type: ignore[arg-type]
try:
    total = data.count(url, flt)
except EvidenceError as error:
    ui.stop_with(error)
ui.export_panel(url, flt, lang, key="compare", total=total)
