"""Reference: ``?ref=<citekey>``: how to cite it (APA 7, in-text, BibTeX), and every claim it bears on."""

from __future__ import annotations

import streamlit as st

from evidence._dashboard import data, state, ui
from evidence._dashboard.i18n import label, t
from evidence.errors import EvidenceError
from evidence.queries import EvidenceFilter

CLAIMS_SHOWN = 200

lang = state.begin("reference")
url = ui.open_database()
citekey = st.query_params.get("ref")


def choose_reference() -> None:
    text = st.text_input(t("find_reference", lang), key="ref_q", icon=":material/search:")
    try:
        choices = data.reference_choices(url, text.strip() or None)
    except EvidenceError as error:
        st.warning(str(error))
        return

    def name(row) -> str:
        year = row.year if ui.present(row.year) else "n.d."
        title = row.title if ui.present(row.title) else ""
        return f"{row.authors or row.reference_key} ({year}) {title}"

    names = {row.reference_key: name(row) for row in choices.itertuples(index=False)}

    def on_pick() -> None:
        state.set_param("ref", st.session_state.get("ref_pick"))

    st.selectbox(
        t("choose_reference", lang),
        list(names),
        index=None,
        key="ref_pick",
        format_func=lambda k: names.get(k, k),
        on_change=on_pick,
        placeholder=t("choose_reference", lang),
    )


if not citekey:
    st.title(t("reference_title", lang))
    choose_reference()
    st.stop()

try:
    ref = data.reference_detail(url, citekey, lang)
except EvidenceError as error:
    st.warning(str(error))
    choose_reference()
    st.stop()

st.caption(f"{label('type', ref['entry_type'], lang).capitalize()} · {ref['citekey']}")
st.title(ref["title"] or ref["citekey"])
st.markdown(
    f"{ref['authors'] or ref['editors']} ({ref['year'] or 'n.d.'})"
    + (f" · *{ref['container_title']}*" if ref["container_title"] else "")
)

status = ref["verification_status"]
badge = {"verified": "green", "partial": "orange", "unverified": "red"}.get(status, "gray")
st.badge(
    f"{t('verification', lang)}: {label('verif', status, lang)}",
    color=badge,
    icon=":material/verified:" if status == "verified" else ":material/help:",
)
if ref["verification_note"]:
    st.caption(ref["verification_note"])

links = st.columns(2)
if ref["doi_url"]:
    links[0].link_button(f"DOI {ref['doi']}", ref["doi_url"], icon=":material/open_in_new:")
if ref["url"]:
    links[1].link_button("URL", ref["url"], icon=":material/link:")

try:
    cited = data.reference_citation(url, citekey, lang)
except EvidenceError as error:
    st.warning(str(error))
else:
    st.subheader(t("apa_reference", lang))
    st.markdown(cited.markdown)
    st.code(cited.text, language=None, wrap_lines=True)
    st.subheader(t("in_text", lang))
    st.code(cited.citation, language=None)
    with st.expander(t("bibtex", lang)):
        st.code(cited.bibtex, language="bibtex")

if ref["abstract"]:
    with st.expander(t("abstract", lang)):
        st.write(ref["abstract"])

st.subheader(t("claims_of_reference", lang))
flt = EvidenceFilter(references=(citekey,))
st.markdown(ui.balance_bar(ref["balance"], lang), unsafe_allow_html=True)
if not ref["evidence"]:
    st.info(t("no_claims_of_reference", lang))
else:
    frame = data.evidence_page(url, flt, lang, 1, "claim", CLAIMS_SHOWN)
    columns = ["statement", "stance", "locator", "quote", "study_design", "certainty"]
    event = st.dataframe(
        ui.readable(frame, columns, lang),
        key=f"ref_claims_{citekey}_{lang}",
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
        column_config=ui.headings(columns, lang),
    )
    rows = event.selection.rows if event is not None else []
    if rows:
        chosen = frame.iloc[rows[0]]
        ui.link("claim", f"{t('open_claim', lang)}: {chosen['statement'][:100]}", lang, claim=chosen["claim"])
    else:
        st.caption(t("select_row", lang))

ui.export_panel(url, flt, lang, key="reference", total=ref["evidence"], group_by=None)
