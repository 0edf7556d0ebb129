"""The evidence dashboard: ``streamlit run dashboard/app.py`` or ``evidence dashboard``.

This file sets up the frame every page shares (page config, the database, the language switch) and
declares the pages; the pages themselves live in ``views/`` and stay thin (not ``pages/``:
Streamlit would also route that folder by file name, and deep links would hit it first).
"""

from __future__ import annotations

import streamlit as st

from evidence._dashboard import state, ui
from evidence._dashboard.i18n import LANG_NAMES, LANGS, t
from evidence.errors import EvidenceError

lang = state.lang()
st.set_page_config(page_title=t("app_title", lang), page_icon=":material/fact_check:", layout="wide")
ui.open_database()

with st.sidebar:
    st.session_state["ui_lang"] = lang
    st.radio(
        t("language", lang),
        LANGS,
        format_func=LANG_NAMES.__getitem__,
        key="ui_lang",
        horizontal=True,
        on_change=state.on_lang_change,
    )

pages = [
    st.Page(
        ui.PAGES["explore"],
        title=t("page_explore", lang),
        icon=":material/search:",
        url_path="explore",
        default=True,
    ),
    st.Page(
        ui.PAGES["topics"], title=t("page_topics", lang), icon=":material/account_tree:", url_path="topics"
    ),
    st.Page(ui.PAGES["claim"], title=t("page_claim", lang), icon=":material/format_quote:", url_path="claim"),
    st.Page(
        ui.PAGES["reference"],
        title=t("page_reference", lang),
        icon=":material/menu_book:",
        url_path="reference",
    ),
    st.Page(
        ui.PAGES["compare"],
        title=t("page_compare", lang),
        icon=":material/compare_arrows:",
        url_path="compare",
    ),
    st.Page(ui.PAGES["map"], title=t("page_map", lang), icon=":material/grid_on:", url_path="map"),
]
try:
    st.navigation(pages).run()
except EvidenceError as error:  # one the page did not expect; it is still a sentence, not a traceback
    st.warning(str(error))
