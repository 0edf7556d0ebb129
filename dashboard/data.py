"""The dashboard's only door to the database: one cached store per process, cached library calls.

Every loader takes the database URL as its first argument, so two databases never share cache
entries, and returns what the library returns (DataFrames, dicts). Library errors
(:class:`evidence.errors.EvidenceError`) pass through for the page to show; they are never cached.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from evidence import compare as compare_lib
from evidence import evidence_map as map_lib
from evidence import exporting, queries, reference_view
from evidence.errors import EvidenceError
from evidence.queries import EvidenceFilter
from evidence.sources import ensure_bundled_set
from evidence.store import Store, open_store, resolve_url

TTL = 300  # seconds: a database changed from the CLI shows up within five minutes
PAGE_SIZE = 50


def url() -> str:
    """The configured database (``EVIDENCE_DATABASE_URL`` or the default SQLite file)."""
    return resolve_url(None)


@st.cache_resource(show_spinner=False, on_release=Store.close)
def store(database_url: str) -> Store:
    """Open (and migrate) the database once per process.

    A new, empty database gets the bundled evidence set, so that the dashboard on a fresh machine
    shows something useful; a database holding anything is only ever read.
    """
    opened = open_store(database_url)
    ensure_bundled_set(opened, only_if_empty=True)
    return opened


@contextmanager
def _session(database_url: str) -> Iterator[Session]:
    """A read session; a database that cannot answer (locked, disk full, server gone) becomes a
    sentence for the page to show rather than a traceback."""
    try:
        with store(database_url).session() as session:
            yield session
    except DBAPIError as error:
        raise EvidenceError(f"the database could not answer: {error.orig}. Try again in a moment.") from error


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def topics(database_url: str) -> pd.DataFrame:
    """The topic tree: slug, label_nl, label_en, depth, parent (slug), in tree order."""
    with _session(database_url) as session:
        index = queries.topic_index(session)
        return pd.DataFrame(
            [
                {
                    "slug": n.slug,
                    "label_nl": n.label_nl,
                    "label_en": n.label_en,
                    "depth": n.depth,
                    "parent": index.nodes[n.parent_id].slug if n.parent_id is not None else None,
                }
                for n in index.ordered()
            ],
            columns=["slug", "label_nl", "label_en", "depth", "parent"],
        )


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def facets(database_url: str, flt: EvidenceFilter) -> queries.Facets:
    with _session(database_url) as session:
        return queries.facet_counts(session, flt)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def evidence_page(
    database_url: str,
    flt: EvidenceFilter,
    lang: str,
    page: int,
    sort: str = "claim",
    page_size: int = PAGE_SIZE,
) -> pd.DataFrame:
    with _session(database_url) as session:
        return queries.evidence_table(
            session, flt, lang=lang, limit=page_size, offset=(page - 1) * page_size, sort=sort
        )


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def count(database_url: str, flt: EvidenceFilter) -> int:
    with _session(database_url) as session:
        return queries.count_evidence(session, flt)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=256)
def claims_page(
    database_url: str, flt: EvidenceFilter, lang: str, page: int, page_size: int = PAGE_SIZE
) -> tuple[pd.DataFrame, bool]:
    """One page of claims with their balance, and whether another page follows."""
    with _session(database_url) as session:
        frame = queries.claims_table(
            session, flt, lang=lang, limit=page_size + 1, offset=(page - 1) * page_size
        )
    return frame.head(page_size), len(frame) > page_size


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=128)
def search_hits(database_url: str, text: str, lang: str, limit: int = 10) -> pd.DataFrame:
    with _session(database_url) as session:
        return reference_view.search_hits(session, text, lang=lang, limit=limit)  # type: ignore[arg-type]


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=8)
def topic_tree(database_url: str, lang: str) -> pd.DataFrame:
    """slug, label, depth, parent, claims, evidence, references."""
    with _session(database_url) as session:
        return queries.topic_tree(session, lang)  # type: ignore[arg-type]


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=128)
def claim_detail(database_url: str, slug: str, lang: str) -> dict[str, Any]:
    with _session(database_url) as session:
        return queries.claim_detail(session, slug, lang)  # type: ignore[arg-type]


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def claim_options(database_url: str, lang: str) -> pd.DataFrame:
    with _session(database_url) as session:
        return compare_lib.claim_options(session, lang)  # type: ignore[arg-type]


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=128)
def reference_list(database_url: str, flt: EvidenceFilter, lang: str, fmt: str = "markdown") -> list[str]:
    with _session(database_url) as session:
        return exporting.reference_list(session, flt, lang=lang, fmt=fmt)  # type: ignore[arg-type]


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=128)
def reference_detail(database_url: str, citekey: str, lang: str) -> dict[str, Any]:
    with _session(database_url) as session:
        return reference_view.reference_detail(session, citekey, lang)  # type: ignore[arg-type]


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=128)
def reference_citation(database_url: str, citekey: str, lang: str) -> reference_view.Citation:
    with _session(database_url) as session:
        return reference_view.reference_citation(session, citekey, lang)  # type: ignore[arg-type]


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def reference_choices(database_url: str, text: str | None) -> pd.DataFrame:
    with _session(database_url) as session:
        return reference_view.reference_choices(session, text or None)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def comparison(database_url: str, kind: str, items: tuple[str, ...], lang: str) -> compare_lib.Comparison:
    with _session(database_url) as session:
        return compare_lib.compare(session, kind, items, lang=lang)  # type: ignore[arg-type]


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=32)
def evidence_map(database_url: str, by: str, lang: str, max_depth: int | None) -> map_lib.EvidenceMap:
    with _session(database_url) as session:
        return map_lib.evidence_map(session, by, lang=lang, max_depth=max_depth)  # type: ignore[arg-type]
