"""Evidence map: ``?by=stance|design&depth=N``: topics by stance or design; a cell opens Explore."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from evidence._dashboard import data, state, ui
from evidence._dashboard.i18n import label, t
from evidence.errors import EvidenceError
from evidence.evidence_map import NONE

BY = ("stance", "design")  # also the URL parameter (and vocabulary) a cell narrows Explore by
DIVIDED, SUPPORTED, CONTRADICTED = (249, 168, 37), (46, 125, 50), (198, 40, 40)

lang = state.begin("evidence_map")
url = ui.open_database()
by = st.query_params.get("by")
by = by if by in BY else "stance"
raw_depth = st.query_params.get("depth", "")
depth = int(raw_depth) if raw_depth.isdigit() and int(raw_depth) < 50 else None

st.title(t("map_title", lang))
st.caption(t("map_intro", lang))


def on_by() -> None:
    state.set_param("by", None if st.session_state["map_by"] == "stance" else st.session_state["map_by"])


def on_depth() -> None:
    value = st.session_state["map_depth"]
    state.set_param("depth", None if value == "all" else str(value))


st.session_state["map_by"] = by
st.session_state["map_depth"] = "all" if depth is None else depth
left, right = st.columns(2)
left.segmented_control(
    t("map_by", lang),
    BY,
    key="map_by",
    on_change=on_by,
    required=True,
    format_func=lambda b: t(f"f_{b}", lang),
)
right.segmented_control(
    t("map_depth", lang),
    ("all", 0, 1, 2),
    key="map_depth",
    on_change=on_depth,
    required=True,
    format_func=lambda d: t("map_all_levels", lang) if d == "all" else str(d + 1),
)

try:
    evidence_map = data.evidence_map(url, by, lang, depth)
except EvidenceError as error:
    ui.stop_with(error)

counts = evidence_map.matrix("references")
balance = evidence_map.matrix("balance")
rows = evidence_map.rows.set_index("topic")
values = list(counts.columns)
headers = {v: label(by, v, lang) for v in values}
topic_names = [("\u2003" * int(rows.loc[s, "depth"])) + rows.loc[s, "label"] for s in counts.index]
table = counts.rename(columns=headers)
table.insert(0, t("col_topic", lang), topic_names)
table[t("references_total", lang)] = list(rows["references"])
table = table.reset_index(drop=True)


def colour(balance: float, references: int) -> str:
    """Green as the evidence supports, red as it contradicts, yellow when divided, grey for
    mentions only; empty cells stay white."""
    if references == 0:
        return ""
    if pd.isna(balance):
        return "background-color: #e0e0e0"
    towards = SUPPORTED if balance >= 0 else CONTRADICTED
    share = abs(balance)
    r, g, b = (round(d + (t_ - d) * share) for d, t_ in zip(DIVIDED, towards, strict=True))
    return f"background-color: rgba({r},{g},{b},0.55)"


def style(frame):
    styles = frame.copy().astype(str)
    styles[:] = ""
    for i, slug in enumerate(counts.index):
        for value in values:
            styles.loc[i, headers[value]] = colour(balance.loc[slug, value], int(counts.loc[slug, value]))
    return styles


event = st.dataframe(
    table.style.apply(style, axis=None),
    key=f"map_{by}_{depth}_{lang}",
    on_select="rerun",
    selection_mode="single-cell",
    hide_index=True,
    width="stretch",
    height=min(40 + 35 * len(table), 1200),
)
st.caption(t("map_legend", lang))

cells = event.selection.cells if event is not None else []
if cells:
    row_position, column_name = cells[0]
    slug = counts.index[row_position]  # the position is mapped to a topic slug at once
    value = next((v for v in values if headers[v] == column_name), None)
    params = {"topic": slug}
    if value is not None and value != NONE:
        params[by] = value
    st.switch_page(ui.PAGES["explore"], query_params={**params, "lang": lang})
