"""Pieces several pages share: the balance bar, links between pages, search snippets, downloads."""

from __future__ import annotations

import html
import re
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from evidence import exporting
from evidence._dashboard import data
from evidence._dashboard.i18n import label, t, t_count
from evidence.errors import EvidenceError
from evidence.formats import FORMATS as BIB_FORMATS
from evidence.models import STANCES
from evidence.queries import EvidenceFilter
from evidence.store import Store
from evidence.tables import FORMATS as TABLE_FORMATS

PAGES = {
    "explore": "views/explore.py",
    "topics": "views/topics.py",
    "claim": "views/claim.py",
    "reference": "views/reference.py",
    "compare": "views/compare.py",
    "map": "views/evidence_map.py",
}
STANCE_COLOURS = {
    "supports": "#2e7d32",
    "contradicts": "#c62828",
    "mixed": "#f9a825",
    "mentions": "#9e9e9e",
}


def present(value: Any) -> bool:
    """True for a real value; False for None, NaN, <NA> and "" (pandas' ways of saying missing)."""
    if value is None or (isinstance(value, str) and not value):
        return False
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and the like are values
        return True


def stop_with(error: Exception) -> None:
    """Show a library error as the sentence it is, and end this page's run."""
    st.warning(str(error))
    st.stop()


def open_database() -> str:
    """The database URL, once the store has opened; a friendly error and stop when it cannot."""
    database_url = data.url()
    try:
        data.store(database_url)
    except EvidenceError as error:
        st.error(t("db_error", st.session_state.get("lang", "en"), error=error))
        st.stop()
    return database_url


def link(page: str, text: str, lang: str, **params: Any) -> None:
    """A link to another page (or this one) with its query parameters and the language."""
    query = {k: v for k, v in params.items() if v not in (None, "", [], ())}
    query["lang"] = lang
    st.page_link(PAGES[page], label=text, query_params=query)


def balance_bar(counts: dict[str, int], lang: str, height: int = 14) -> str:
    """A stacked bar of the links per stance, as HTML (with a text equivalent in its title)."""
    total = sum(counts.get(s, 0) for s in STANCES)
    title = ", ".join(f"{counts.get(s, 0)} {label('stance', s, lang)}" for s in STANCES)
    if not total:
        return (
            f'<div title="{html.escape(title)}" style="height:{height}px;border-radius:3px;'
            'background:#eeeeee"></div>'
        )
    parts = "".join(
        f'<div style="width:{100 * counts.get(s, 0) / total:.2f}%;background:{STANCE_COLOURS[s]}"></div>'
        for s in STANCES
        if counts.get(s, 0)
    )
    return (
        f'<div role="img" aria-label="{html.escape(title)}" title="{html.escape(title)}" '
        f'style="display:flex;height:{height}px;border-radius:3px;overflow:hidden">{parts}</div>'
    )


def stance_legend(lang: str) -> str:
    return " ".join(
        f'<span style="display:inline-block;width:0.8em;height:0.8em;background:{STANCE_COLOURS[s]};'
        f'border-radius:2px;margin:0 0.2em 0 0.6em"></span>{html.escape(label("stance", s, lang))}'
        for s in STANCES
    )


def selection_summary(total: int, stances: dict, certainty: dict, lang: str) -> None:
    """The selected evidence at a glance: how many links, how they lean, how certain they are."""
    stances = {s: int(n) for s, n in stances.items() if present(s)}
    if not total:
        return
    left, right = st.columns([1, 2], vertical_alignment="center")
    left.markdown(balance_bar(stances, lang, height=16), unsafe_allow_html=True)
    parts = [f"{stances.get(s, 0)} {label('stance', s, lang)}" for s in STANCES if stances.get(s)]
    rated = [f"{label('cert', c if present(c) else None, lang)} {int(n)}" for c, n in certainty.items()]
    right.caption(
        f"{t_count('n_links', lang, total)}: {', '.join(parts)} · "
        f"{t('col_certainty', lang)}: {', '.join(rated)}"
    )


def pager(page: int, has_next: bool, lang: str, pages: int | None = None) -> None:
    """Previous / next buttons; the page number lives in the URL (``page``)."""
    from evidence._dashboard import state

    prev_col, here_col, next_col = st.columns([1, 3, 1], vertical_alignment="center")
    prev_col.button(
        t("prev_page", lang),
        key="page_prev",
        disabled=page <= 1,
        on_click=state.go_to_page,
        args=(page - 1,),
        icon=":material/chevron_left:",
        width="stretch",
    )
    here = t("page_n", lang, page=page) + (f" / {pages}" if pages else "")
    here_col.markdown(f"<div style='text-align:center'>{here}</div>", unsafe_allow_html=True)
    next_col.button(
        t("next_page", lang),
        key="page_next",
        disabled=not has_next,
        on_click=state.go_to_page,
        args=(page + 1,),
        icon=":material/chevron_right:",
        icon_position="right",
        width="stretch",
    )


def escape_markdown(text: str) -> str:
    """Text from the database shown as itself: no stray ``*``, ``_`` or ``[`` turning into formatting
    (or ``<`` into HTML)."""
    return re.sub(r"([\\`*_\[\]<>#|~$])", r"\\\1", text or "")


def snippet_html(snippet: str) -> str:
    """A search snippet, escaped except for the ``<mark>`` highlights the search engine added."""
    escaped = html.escape(snippet or "")
    return escaped.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>")


# --- evidence tables ------------------------------------------------------------------------------

#: Columns holding coded values, and the vocabulary that says how they read.
_CODED = {"stance": "stance", "study_design": "design", "certainty": "cert",
          "verification_status": "verif", "kind": "kind"}  # fmt: skip
#: Column -> (interface text key, width), for the tables the pages show.
_HEADINGS = {
    "statement": ("col_claim", "large"), "stance": ("col_stance", None), "authors": ("col_authors", None),
    "title": ("col_title", None), "locator": ("col_locator", None), "quote": ("col_quote", "large"),
    "study_design": ("col_design", None), "certainty": ("col_certainty", None),
    "verification_status": ("col_verification", None), "topics": ("col_topics", None),
    "kind": ("col_kind", None), "references": ("col_references", None),
}  # fmt: skip


def readable(frame: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    """``columns`` of ``frame`` with coded values (stance, design, ...) as people read them."""
    shown = frame[columns].copy()
    for column, vocabulary in _CODED.items():
        if column in shown:
            shown[column] = [label(vocabulary, v, lang) if present(v) else None for v in shown[column]]
    return shown


def headings(columns: list[str], lang: str) -> dict[str, Any]:
    """``st.dataframe`` column settings: translated headings, wide text columns, plain years."""
    config: dict[str, Any] = {}
    for column in columns:
        if column == "year":
            config[column] = st.column_config.NumberColumn(t("col_year", lang), format="%d")
        elif column in _HEADINGS:
            key, width = _HEADINGS[column]
            config[column] = st.column_config.TextColumn(t(key, lang), width=width) if width else t(key, lang)
    return config


# --- downloads -----------------------------------------------------------------------------------

#: Reference-list downloads beside the bibliographic formats: (label, file suffix, renderer).
APA_FILES = (("APA (html)", "html", "html"), ("APA (txt)", "txt", "text"))


def table_file(fmt: str, stem: str = "evidence") -> str:
    """The file name an export gets (LaTeX comes as a zip with the .tex and its .bib)."""
    return exporting.table_filename(fmt, stem)


def table_bytes(store: Store, flt: EvidenceFilter, fmt: str, lang: str, group_by: str | None) -> bytes:
    """Build one table export (runs only when the button is clicked, off the page's thread)."""
    with store.session() as session:
        return exporting.export_table(session, flt, fmt, lang=lang, group_by=group_by).data  # type: ignore[arg-type]


def references_bytes(store: Store, flt: EvidenceFilter, fmt: str) -> bytes:
    with store.session() as session:
        return exporting.export_references(session, flt, fmt).data


def apa_bytes(store: Store, flt: EvidenceFilter, lang: str, fmt: str) -> bytes:
    with store.session() as session:
        entries = exporting.reference_list(session, flt, lang=lang, fmt=fmt)  # type: ignore[arg-type]
    if fmt == "html":
        body = "\n".join(f'<div class="csl-entry">{e}</div>' for e in entries)
        return (
            f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(t('apa_list', lang))}</title></head>\n<body>\n{body}\n</body></html>\n"
        ).encode()
    return ("\n\n".join(entries) + "\n").encode()


def export_panel(
    database_url: str, flt: EvidenceFilter, lang: str, *, key: str, total: int, group_by: str | None = "claim"
) -> None:
    """Download buttons for the table on screen and its references; files are built on click."""
    with st.expander(t("export", lang), icon=":material/download:"):
        if total == 0:
            st.caption(t("export_nothing", lang))
            return
        if total > exporting.MAX_EXPORT_ROWS:
            st.info(t("export_too_big", lang, n=f"{total:,}", max=f"{exporting.MAX_EXPORT_ROWS:,}"))
            return
        st.caption(t("export_intro", lang))
        store = data.store(database_url)
        st.markdown(f"**{t('export_table', lang)}**")
        columns = st.columns(len(exporting.TABLE_FORMATS))
        for column, fmt in zip(columns, exporting.TABLE_FORMATS, strict=True):
            column.download_button(
                TABLE_FORMATS[fmt].label,
                data=partial(table_bytes, store, flt, fmt, lang, group_by),  # built on click
                file_name=table_file(fmt),
                mime="application/zip" if fmt == "tex" else TABLE_FORMATS[fmt].media_type,
                key=f"{key}_table_{fmt}",
                on_click="ignore",
                width="stretch",
            )
        st.markdown(f"**{t('export_references', lang)}**")
        columns = iter(st.columns(len(exporting.REFERENCE_FORMATS) + len(APA_FILES)))
        for fmt in exporting.REFERENCE_FORMATS:
            spec = BIB_FORMATS[fmt]
            next(columns).download_button(
                spec.label,
                data=partial(references_bytes, store, flt, fmt),
                file_name=f"references{spec.extensions[0]}",
                mime=spec.media_type,
                key=f"{key}_refs_{fmt}",
                on_click="ignore",
                width="stretch",
            )
        for name, suffix, fmt in APA_FILES:
            next(columns).download_button(
                name,
                data=partial(apa_bytes, store, flt, lang, fmt),
                file_name=f"references-apa.{suffix}",
                mime="text/html" if fmt == "html" else "text/plain",
                key=f"{key}_apa_{fmt}",
                on_click="ignore",
                width="stretch",
            )
