"""Claim: ``?claim=<slug>``: the statement in both languages, its evidence by stance, its sources."""

from __future__ import annotations

import streamlit as st

from evidence._dashboard import data, state, ui
from evidence._dashboard.i18n import label, t
from evidence.errors import EvidenceError
from evidence.models import STANCES
from evidence.queries import EvidenceFilter

lang = state.begin("claim")
url = ui.open_database()
slug = st.query_params.get("claim", "")[:200]  # no slug is longer; the rest would only fill the warning


def choose_claim() -> None:
    options = data.claim_options(url, lang)
    statements = dict(zip(options["claim"], options["statement"], strict=True))

    def on_pick() -> None:
        state.set_param("claim", st.session_state.get("claim_pick"))

    st.selectbox(
        t("choose_claim", lang),
        list(statements),
        index=None,
        key="claim_pick",
        format_func=lambda s: statements.get(s, s),
        on_change=on_pick,
        placeholder=t("choose_claim", lang),
    )


if not slug:
    st.title(t("claim_title", lang))
    choose_claim()
    st.stop()

try:
    claim = data.claim_detail(url, slug, lang)
except EvidenceError as error:
    st.warning(str(error))
    choose_claim()
    st.stop()

other = "en" if lang == "nl" else "nl"
statement = claim["statement"][lang] or claim["statement"][other] or claim["claim"]
if claim["kind"]:
    st.caption(label("kind", claim["kind"], lang).capitalize())
st.title(ui.escape_markdown(statement))
if claim["statement"][other] and claim["statement"][other] != statement:
    st.markdown(f"*{t('statement_other', lang)}:* {ui.escape_markdown(claim['statement'][other])}")
topic_cols = st.columns(max(1, len(claim["topics"])))
for column, topic in zip(topic_cols, claim["topics"], strict=False):
    with column:
        ui.link("topics", topic["label"], lang, topic=topic["slug"])
if claim["note"]:
    st.caption(f"{t('note', lang)}: {claim['note']}")

st.subheader(t("balance", lang))
st.markdown(ui.balance_bar(claim["balance"], lang, height=18), unsafe_allow_html=True)
st.markdown(ui.stance_legend(lang), unsafe_allow_html=True)
st.info(claim["summary"])

st.subheader(t("evidence_by_stance", lang))
for stance in STANCES:
    items = [e for e in claim["evidence"] if e["stance"] == stance]
    if not items:
        continue
    st.markdown(f"#### {label('stance', stance, lang).capitalize()} ({len(items)})")
    for item in items:
        with st.container(border=True):
            year = item["year"] or "n.d."
            if item["authors"]:
                ui.link("reference", f"**{item['authors']} ({year})**", lang, ref=item["reference"])
                if item["title"]:
                    st.markdown(f"*{ui.escape_markdown(item['title'])}*")
            else:  # APA puts the title first when a work has no author
                ui.link("reference", f"**{item['title'] or item['reference']}** ({year})", lang,
                        ref=item["reference"])  # fmt: skip
            if item["quote"]:
                st.markdown("> " + ui.escape_markdown(item["quote"]).replace("\n", "\n> "))
            facts = [
                (t("col_locator", lang), item["locator"]),
                (
                    t("col_design", lang),
                    label("design", item["study_design"], lang) if item["study_design"] else None,
                ),
                (t("col_population", lang), item["population"]),
                (t("setting", lang), item["setting"]),
                (t("sample_size", lang), item["sample_size"]),
                (
                    t("col_certainty", lang),
                    label("cert", item["certainty"], lang) if item["certainty"] else None,
                ),
                (t("provenance", lang), t(item["provenance"], lang) if item["provenance"] else None),
                (t("col_verification", lang), label("verif", item["verification_status"], lang)),
            ]
            st.caption(" · ".join(f"{name}: {value}" for name, value in facts if value not in (None, "")))
            if item["rationale"]:
                st.caption(f"{t('rationale', lang)}: {item['rationale']}")

flt = EvidenceFilter(claims=(slug,))
st.subheader(t("references_apa", lang))
try:
    for entry in data.reference_list(url, flt, lang, "markdown"):
        st.markdown(entry)
except EvidenceError as error:
    st.warning(str(error))

ui.export_panel(url, flt, lang, key="claim", total=len(claim["evidence"]))
