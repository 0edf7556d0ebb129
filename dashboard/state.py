"""What a page shows, kept in the URL: query parameters <-> EvidenceFilter, page, view and language.

The URL is the single source of truth. Each run reads ``st.query_params``, validates it (an unknown
topic or a stray value becomes a friendly warning and is ignored, never an error) and copies the
values into the widgets' session state before they are drawn; a widget's ``on_change`` writes its
new value back to the URL. So a filtered view can be shared, bookmarked and reopened.

Parameters: topic, stance, design, cert, verif, type, language, kind (repeatable), y0, y1, q,
page, group (links | claims), sort, lang (nl | en).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import streamlit as st

from evidence._dashboard.i18n import LANGS, t
from evidence.errors import InvalidQuery
from evidence.models import CERTAINTIES, CLAIM_KINDS, STANCES, STUDY_DESIGNS, VERIFICATION_STATUSES
from evidence.queries import SORTS, EvidenceFilter
from evidence.search import parse_query

#: URL parameter -> EvidenceFilter field, for the repeatable facet parameters.
MULTI: dict[str, str] = {
    "topic": "topics",
    "stance": "stances",
    "design": "designs",
    "cert": "certainties",
    "verif": "verification",
    "type": "ref_types",
    "language": "languages",
    "kind": "kinds",
}
#: Closed vocabularies: values outside them are reported and dropped.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "stance": STANCES,
    "design": STUDY_DESIGNS,
    "cert": CERTAINTIES,
    "verif": VERIFICATION_STATUSES,
    "kind": CLAIM_KINDS,
}
FILTER_PARAMS = (*MULTI, "y0", "y1", "q")
VIEW_PARAMS = ("page", "group", "sort")
GROUPS = ("links", "claims")
MAX_FREE_VALUE = 100  # reference types and language codes are short; anything longer is noise
MAX_VALUES = 50
MIN_YEAR, MAX_YEAR = 1, 9999


@dataclass(frozen=True)
class View:
    """The Explore page's state as read from the URL (after validation)."""

    flt: EvidenceFilter = field(default_factory=EvidenceFilter)
    search_text: str = ""  # as typed, even when unusable (then ``flt.query`` is None)
    page: int = 1
    group: str = "links"
    sort: str = "claim"
    warnings: tuple[str, ...] = field(default=())

    def params(self, lang: str | None = None) -> dict[str, list[str] | str]:
        """The URL parameters that reproduce this view (defaults left out)."""
        out: dict[str, list[str] | str] = {}
        for param, name in MULTI.items():
            values = getattr(self.flt, name)
            if values:
                out[param] = list(values)
        if self.flt.year_from is not None:
            out["y0"] = str(self.flt.year_from)
        if self.flt.year_to is not None:
            out["y1"] = str(self.flt.year_to)
        if self.search_text:
            out["q"] = self.search_text
        if self.page > 1:
            out["page"] = str(self.page)
        if self.group != "links":
            out["group"] = self.group
        if self.sort != "claim":
            out["sort"] = self.sort
        if lang:
            out["lang"] = lang
        return out


def _year(raw: str, lang: str, warnings: list[str]) -> int | None:
    try:
        year = int(raw.strip())
    except ValueError:
        warnings.append(t("bad_year", lang, value=raw[:20]))
        return None
    if not MIN_YEAR <= year <= MAX_YEAR:
        warnings.append(t("bad_year", lang, value=raw[:20]))
        return None
    return year


def parse_view(params: Mapping[str, list[str]], topics: Collection[str], lang: str = "en") -> View:
    """Validate URL parameters into a :class:`View`; nothing here raises for odd input."""
    warnings: list[str] = []
    values: dict[str, tuple[str, ...]] = {}
    for param, name in MULTI.items():
        kept: list[str] = []
        for raw in params.get(param, [])[:MAX_VALUES]:
            value = raw.strip()
            if not value or value in kept:
                continue
            if param == "topic" and value not in topics:
                warnings.append(t("unknown_topic", lang, value=value[:80]))
            elif param in VOCABULARIES and value not in VOCABULARIES[param]:
                warnings.append(t("unknown_value", lang, value=value[:80], what=t(f"f_{param}", lang)))
            elif len(value) > MAX_FREE_VALUE:
                warnings.append(t("unknown_value", lang, value=value[:80] + "…", what=t(f"f_{param}", lang)))
            else:
                kept.append(value)
        values[name] = tuple(kept)

    y0 = _year(params["y0"][0], lang, warnings) if params.get("y0") else None
    y1 = _year(params["y1"][0], lang, warnings) if params.get("y1") else None
    if y0 is not None and y1 is not None and y0 > y1:
        warnings.append(t("bad_year_range", lang, y0=y0, y1=y1))
        y0 = y1 = None

    text = params["q"][0] if params.get("q") else ""
    query = None
    if text.strip():
        try:
            parse_query(text)
            query = text
        except InvalidQuery as error:
            warnings.append(t("search_problem", lang, error=str(error)))

    page = 1
    if params.get("page"):
        try:
            page = max(1, min(int(params["page"][0]), 1_000_000))
        except ValueError:
            page = 1
    group = params["group"][0] if params.get("group") and params["group"][0] in GROUPS else "links"
    sort = params["sort"][0] if params.get("sort") and params["sort"][0] in SORTS else "claim"
    flt = EvidenceFilter(**values, year_from=y0, year_to=y1, query=query)
    return View(flt, text, page, group, sort, tuple(warnings))


# --- Streamlit side ------------------------------------------------------------------------------


def url_params() -> dict[str, list[str]]:
    """``st.query_params`` as lists (a parameter may repeat)."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def set_param(name: str, value: str | list[str] | tuple[str, ...] | None) -> None:
    """Put one parameter in the URL, or take it out when empty."""
    if value is None or value == "" or (isinstance(value, list | tuple) and not value):
        if name in st.query_params:
            del st.query_params[name]
    else:
        st.query_params[name] = list(value) if isinstance(value, list | tuple) else str(value)


def default_lang() -> str:
    """Dutch for a browser that asks for Dutch, otherwise English."""
    locale = st.context.locale  # None when the browser does not say (and in AppTest)
    return "nl" if locale and str(locale).lower().startswith("nl") else "en"


def lang() -> str:
    """The interface language: ``?lang=`` first, then this session's choice, then the browser's."""
    raw = st.query_params.get("lang")
    if raw in LANGS:
        st.session_state["lang"] = raw
    elif st.session_state.get("lang") not in LANGS:
        st.session_state["lang"] = default_lang()
    chosen = st.session_state["lang"]
    # Write the whole query string back on every run, not only when the language is missing: a
    # page link to the page already open runs it with the new parameters but leaves the browser's
    # address bar unchanged, and the address is what people share.
    params = url_params()
    params["lang"] = [chosen]
    st.query_params.update(params)
    return chosen


def on_lang_change() -> None:
    chosen = st.session_state.get("ui_lang")
    if chosen in LANGS:
        st.session_state["lang"] = chosen
        st.query_params["lang"] = chosen


# Explore's widgets: session-state key per URL parameter.
WIDGET_KEYS = {param: f"f_{param}" for param in MULTI} | {
    "years": "f_years",
    "q": "f_q",
    "group": "f_group",
    "sort": "f_sort",
}


def begin(page: str) -> str:
    """Start a page's run: note which page the previous run showed, and return the language."""
    st.session_state["_previous_page"] = st.session_state.get("_current_page")
    st.session_state["_current_page"] = page
    return lang()


def explore_view(topics: Collection[str], lang_: str) -> View:
    """Read the Explore page's URL; coming back from another page without parameters (the
    navigation menu drops them) restores this session's last view of it."""
    params = url_params()
    own = [p for p in (*FILTER_PARAMS, *VIEW_PARAMS) if p in params]
    saved = st.session_state.get("_explore_params")
    returning = st.session_state.get("_previous_page") not in (None, "explore")
    if not own and saved and returning:
        for name, value in saved.items():
            set_param(name, value)
        params = url_params()
    return parse_view(params, topics, lang_)


def remember(view: View) -> None:
    st.session_state["_explore_params"] = view.params()


def sync_widgets(view: View) -> None:
    """Show the URL's values in the widgets (called before they are drawn)."""
    for param, name in MULTI.items():
        st.session_state[WIDGET_KEYS[param]] = list(getattr(view.flt, name))
    st.session_state[WIDGET_KEYS["q"]] = view.search_text
    st.session_state[WIDGET_KEYS["group"]] = view.group
    st.session_state[WIDGET_KEYS["sort"]] = view.sort


def sync_years(view: View, bounds: tuple[int, int]) -> None:
    """The year slider's ends are only known once the facets are counted: set it then."""
    lo, hi = bounds
    y0 = min(max(view.flt.year_from if view.flt.year_from is not None else lo, lo), hi)
    y1 = max(min(view.flt.year_to if view.flt.year_to is not None else hi, hi), y0)
    st.session_state[WIDGET_KEYS["years"]] = (y0, y1)


def on_filter_change(param: str) -> None:
    """A facet widget changed: write it to the URL and go back to the first page."""
    set_param(param, st.session_state.get(WIDGET_KEYS[param]))
    set_param("page", None)


def on_years_change(bounds: tuple[int, int]) -> None:
    y0, y1 = st.session_state.get(WIDGET_KEYS["years"], bounds)
    set_param("y0", str(y0) if y0 != bounds[0] else None)
    set_param("y1", str(y1) if y1 != bounds[1] else None)
    set_param("page", None)


def on_view_change(param: str) -> None:
    value = st.session_state.get(WIDGET_KEYS[param])
    set_param(param, None if value in ("links", "claim") else value)
    set_param("page", None)


def clear_filters() -> None:
    for name in (*FILTER_PARAMS, *VIEW_PARAMS):
        set_param(name, None)
    st.session_state.pop("_explore_params", None)


def go_to_page(page: int) -> None:
    set_param("page", str(page) if page > 1 else None)
