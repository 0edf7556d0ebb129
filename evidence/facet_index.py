"""Facet counts from an in-memory, column-wise copy of what evidence filters look at.

The Explore page asks for ten counts at once (seven facets, the topic tree, the year range, the
total), each with its own facet's choice cleared. In SQL that is ten passes over the matching
links: half a second to a second at 500,000 links on SQLite, whatever the indexes (see
``benchmarks/README.md``). Held as NumPy arrays, one small integer code per link and column
(about 30 MB at that size), the same counts are a few boolean masks and ``bincount`` calls: a few
milliseconds for any filter.

The copy is keyed by the database's data revision (``evidence.store.data_revision``), which
triggers bump on every change to evidence, claims, topics, sets and the reference fields filters
use. Every call reads the revision first (one row) and rebuilds the copy when it moved, so counts
are never stale, whoever wrote the change. Building takes one pass over those tables, about as
long as one SQL facet query at 500,000 links.

Full-text queries and citekeys are resolved in SQL each time (they are small id lists) and then
applied as masks, so the same filter means the same rows as :func:`evidence.queries.filter_conditions`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence.models import CERTAINTIES, STANCES, STUDY_DESIGNS, EvidenceSet, Reference
from evidence.queries import EvidenceFilter, topic_index
from evidence.store import RevisionCache

_NO_YEAR = np.iinfo(np.int32).min

#: facet name -> the EvidenceFilter field it narrows. Same names as ``evidence.queries.FACETS``.
FACET_FIELDS = {
    "stance": "stances",
    "design": "designs",
    "certainty": "certainties",
    "verification": "verification",
    "ref_type": "ref_types",
    "kind": "kinds",
    "language": "languages",
}


@dataclass(frozen=True)
class Coded:
    """One text column as integer codes per row plus the value of each code (None included)."""

    codes: np.ndarray
    values: tuple[str | None, ...]

    @classmethod
    def of(cls, column: Sequence[str | None]) -> Coded:
        codes, uniques = pd.factorize(pd.Series(column, dtype=object), use_na_sentinel=False)
        values = tuple(None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
                       for v in uniques)  # fmt: skip
        dtype = np.int8 if len(values) < 127 else np.int32
        return cls(codes.astype(dtype), values)

    def chosen(self, wanted: Iterable[str]) -> np.ndarray:
        """A lookup table: code -> whether its value is among ``wanted``."""
        table = np.zeros(len(self.values) + 1, dtype=bool)  # +1: never empty
        wanted = set(wanted)
        for code, value in enumerate(self.values):
            if value in wanted:
                table[code] = True
        return table

    def gathered(self, positions: np.ndarray) -> Coded:
        return Coded(self.codes[positions], self.values)


def _fetch(session: Session, sql: str) -> list[tuple[Any, ...]]:
    """Rows as plain tuples straight from the driver: building 500,000 SQLAlchemy rows would
    cost more than the query."""
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        cursor.close()


def _fetch_ints(session: Session, sql: str, columns: int, chunk: int = 100_000) -> np.ndarray:
    """An all-integer result as one (rows, columns) array, read in chunks so that no more than
    ``chunk`` rows exist as Python tuples at once (500,000 did cost 100 MB)."""
    cursor = session.connection().connection.cursor()
    parts = [np.empty((0, columns), dtype=np.int64)]
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(chunk):
            parts.append(np.array(rows, dtype=np.int64))
    finally:
        cursor.close()
    return np.concatenate(parts)


def _vocabulary_code(column: str, vocabulary: tuple[str, ...]) -> tuple[str, tuple[str | None, ...]]:
    """SQL giving each row the position of its value in ``vocabulary`` (NULL: one past the end).

    The database's CHECK constraints hold these columns to their vocabularies, so coding them in
    SQL saves fetching and factorising 500,000 strings per column."""
    whens = " ".join(f"WHEN '{v}' THEN {i}" for i, v in enumerate(vocabulary))
    return f"CASE {column} {whens} ELSE {len(vocabulary)} END", (*vocabulary, None)


def _ints(values: Iterable[Any], dtype: Any = np.int64) -> np.ndarray:
    return np.fromiter(values, dtype=dtype)


class FacetIndex:
    """The evidence links of one database at one data revision, column by column."""

    def __init__(self, session: Session) -> None:
        self.topics = topic_index(session)

        claims = _fetch(session, "SELECT id, slug, kind, set_id FROM claim ORDER BY id")
        claim_ids = _ints((r[0] for r in claims), np.int64)
        self.claim_slugs = {r[1]: i for i, r in enumerate(claims)}
        self.claim_kind = Coded.of([r[2] for r in claims])
        self.claim_set = _ints((r[3] if r[3] is not None else -1 for r in claims), np.int64)

        refs = _fetch(session, 'SELECT id, year, entry_type, language, verification_status '
                               'FROM "reference" ORDER BY id')  # fmt: skip
        ref_ids = _ints((r[0] for r in refs), np.int64)
        ref_year = _ints((r[1] if r[1] is not None else _NO_YEAR for r in refs), np.int32)
        ref_type = Coded.of([r[2] for r in refs])
        ref_language = Coded.of([r[3] for r in refs])
        ref_verification = Coded.of([r[4] for r in refs])
        self.ref_ids = ref_ids

        coded = {name: _vocabulary_code(column, vocabulary) for name, column, vocabulary in (
            ("stances", "stance", STANCES), ("designs", "study_design", STUDY_DESIGNS),
            ("certainties", "certainty", CERTAINTIES))}  # fmt: skip
        links = _fetch_ints(session, "SELECT id, claim_id, reference_id, "
                                     f"{', '.join(sql for sql, _ in coded.values())} "
                                     "FROM evidence ORDER BY id", 3 + len(coded))  # fmt: skip
        self.size = len(links)
        self.ids = links[:, 0].copy()
        self.claim_pos = np.searchsorted(claim_ids, links[:, 1]).astype(np.int32)
        self.ref_pos = np.searchsorted(ref_ids, links[:, 2]).astype(np.int32)
        # Per-link columns, reference and claim fields copied down so a mask is one gather away.
        self.columns: dict[str, Coded] = {
            name: Coded(links[:, 3 + i].astype(np.int8), values)
            for i, (name, (_, values)) in enumerate(coded.items())
        }
        self.columns.update({
            "kinds": self.claim_kind.gathered(self.claim_pos),
            "verification": ref_verification.gathered(self.ref_pos),
            "ref_types": ref_type.gathered(self.ref_pos),
            "languages": ref_language.gathered(self.ref_pos),
        })  # fmt: skip
        self.year = ref_year[self.ref_pos]
        self.has_year = self.year != _NO_YEAR
        del links, refs, claims

        # Claim-topic links with every ancestor topic, one pair per (claim, topic): a link counts
        # once under a topic even when its claim sits under two of the topic's subtopics.
        topic_pos = {node.id: i for i, node in enumerate(self.topics.ordered())}
        ancestors = self.topics.ancestors()
        claim_topic = _fetch_ints(session, "SELECT claim_id, topic_id FROM claim_topic", 2)
        positions = np.searchsorted(claim_ids, claim_topic[:, 0])
        self.claim_topics: dict[int, list[int]] = {}
        pairs: set[tuple[int, int]] = set()
        for pos, topic_id in zip(positions.tolist(), claim_topic[:, 1].tolist(), strict=True):
            self.claim_topics.setdefault(topic_id, []).append(pos)
            pairs.update((pos, topic_pos[a]) for a in ancestors[topic_id])
        ordered_pairs = np.array(sorted(pairs), dtype=np.int32).reshape(-1, 2)
        self.pair_claim = ordered_pairs[:, 0].copy()
        self.pair_topic = ordered_pairs[:, 1].copy()
        self.n_claims = len(claim_ids)
        self.sets = dict(session.execute(select(EvidenceSet.slug, EvidenceSet.id)).all())
        self._topic_totals: pd.DataFrame | None = None

    # --- masks -----------------------------------------------------------------------------------

    def _claim_mask(self, claim_positions: Iterable[int]) -> np.ndarray:
        per_claim = np.zeros(self.n_claims + 1, dtype=bool)
        per_claim[list(claim_positions)] = True
        return per_claim[self.claim_pos]

    def masks(self, session: Session, flt: EvidenceFilter) -> dict[str, np.ndarray]:
        """One boolean mask over all links per filter part that is set, keyed by the
        EvidenceFilter field (``years`` for the year range)."""
        flt.validate()
        out: dict[str, np.ndarray] = {}
        for name, coded in self.columns.items():
            wanted = getattr(flt, name)
            if wanted:
                out[name] = coded.chosen(wanted)[coded.codes]
        if flt.year_from is not None or flt.year_to is not None:
            mask = self.has_year.copy()
            if flt.year_from is not None:
                mask &= self.year >= flt.year_from
            if flt.year_to is not None:
                mask &= self.year <= flt.year_to
            out["years"] = mask
        if flt.claims:
            out["claims"] = self._claim_mask(self.claim_slugs[s] for s in flt.claims if s in self.claim_slugs)
        if flt.evidence_set:
            set_id = self.sets.get(flt.evidence_set, -2)
            out["evidence_set"] = (self.claim_set == set_id)[self.claim_pos]
        if flt.topics:
            subtree = self.topics.subtree(flt.topics)
            out["topics"] = self._claim_mask(p for t in subtree for p in self.claim_topics.get(t, ()))
        if flt.references:
            ids = session.scalars(select(Reference.id).where(Reference.citekey.in_(flt.references))).all()
            per_ref = np.zeros(len(self.ref_ids) + 1, dtype=bool)
            per_ref[np.searchsorted(self.ref_ids, np.array(sorted(ids), dtype=np.int64))] = True
            out["references"] = per_ref[self.ref_pos]
        if flt.query:
            from evidence.search import evidence_ids_matching

            ids = np.array(sorted(session.scalars(evidence_ids_matching(session, flt.query)).all()),
                           dtype=np.int64)  # fmt: skip
            mask = np.zeros(self.size, dtype=bool)
            if len(ids):
                mask[np.searchsorted(self.ids, ids)] = True
            out["query"] = mask
        return out

    def _all_but(self, masks: dict[str, np.ndarray], *skip: str) -> np.ndarray | None:
        result: np.ndarray | None = None
        for name, mask in masks.items():
            if name not in skip:
                result = mask.copy() if result is None else np.logical_and(result, mask, out=result)
        return result

    # --- counts ----------------------------------------------------------------------------------

    def facet_values(self, masks: dict[str, np.ndarray], facet: str) -> pd.DataFrame:
        """(value, count) of links per value of ``facet`` with its own choice cleared, most
        frequent first, ties by value (no value last); values no link has are left out."""
        field = FACET_FIELDS[facet]
        coded = self.columns[field]
        mask = self._all_but(masks, field)
        codes = coded.codes if mask is None else coded.codes[mask]
        counts = np.bincount(codes, minlength=len(coded.values))
        rows = [(v, int(n)) for v, n in zip(coded.values, counts, strict=True) if n]
        rows.sort(key=lambda r: (-r[1], r[0] is None, r[0] or ""))
        return pd.DataFrame({"value": pd.Series([r[0] for r in rows], dtype=object),  # None, not NaN
                             "count": pd.Series([r[1] for r in rows], dtype="int64")})  # fmt: skip

    def topic_counts(self, masks: dict[str, np.ndarray]) -> pd.DataFrame:
        mask = self._all_but(masks, "topics")
        claim_pos = self.claim_pos if mask is None else self.claim_pos[mask]
        per_claim = np.bincount(claim_pos, minlength=self.n_claims)
        nodes = self.topics.ordered()
        per_topic = np.bincount(self.pair_topic, weights=per_claim[self.pair_claim], minlength=len(nodes))
        return pd.DataFrame({"slug": [n.slug for n in nodes], "count": per_topic.astype(np.int64)},
                            columns=["slug", "count"])  # fmt: skip

    def topic_totals(self) -> pd.DataFrame:
        """Per topic in tree order: claims, evidence links and distinct references under it,
        subtopics included. Computed once per index: the grouped SQL for distinct references per
        subtree took 1.8 s at 500,000 links."""
        if self._topic_totals is None:
            nodes = self.topics.ordered()
            claims = np.bincount(self.pair_topic, minlength=len(nodes))
            evidence = self.topic_counts({})["count"].to_numpy()
            # Every link under every topic of its claim (with ancestors), as (topic, reference);
            # a bitmap of topics x references, a band of topics at a time, counts each once.
            first = np.searchsorted(self.pair_claim, self.claim_pos, side="left")
            width = np.searchsorted(self.pair_claim, self.claim_pos, side="right") - first
            rows = np.repeat(np.arange(self.size, dtype=np.int32), width)
            within = np.arange(len(rows), dtype=np.int64) - np.repeat(np.cumsum(width) - width, width)
            topic = self.pair_topic[first[rows] + within]
            ref = self.ref_pos[rows]
            del rows, within
            n_refs = len(self.ref_ids)
            band = max(1, 2**24 // max(n_refs, 1))  # at most 16 MB of bitmap at once
            references = np.zeros(len(nodes), dtype=np.int64)
            for start in range(0, len(nodes), band):
                stop = min(start + band, len(nodes))
                chosen = (topic >= start) & (topic < stop)
                seen = np.zeros((stop - start, n_refs), dtype=bool)
                seen[topic[chosen] - start, ref[chosen]] = True
                references[start:stop] = np.count_nonzero(seen, axis=1)
            self._topic_totals = pd.DataFrame({
                "slug": [n.slug for n in nodes],
                "claims": claims.astype(np.int64),
                "evidence": evidence.astype(np.int64),
                "references": references.astype(np.int64),
            })  # fmt: skip
        return self._topic_totals.copy()

    def year_range(self, masks: dict[str, np.ndarray]) -> tuple[int | None, int | None]:
        mask = self._all_but(masks, "years")
        keep = self.has_year if mask is None else (mask & self.has_year)
        years = self.year[keep]
        if not len(years):
            return None, None
        return int(years.min()), int(years.max())

    def total(self, masks: dict[str, np.ndarray]) -> int:
        mask = self._all_but(masks)
        return self.size if mask is None else int(np.count_nonzero(mask))


# --- the cache -------------------------------------------------------------------------------------

_cache: RevisionCache[FacetIndex] = RevisionCache(lambda session: FacetIndex(session))


def facet_index(session: Session) -> FacetIndex:
    """The index for ``session``'s database at its current data revision, built when missing or
    stale. Shared by every session on the same database in this process (the dashboard's users)."""
    return _cache.get(session)


def forget(session: Session | None = None) -> None:
    """Drop the cached index of ``session``'s database (all databases when None): the next call
    rebuilds it. For benchmarks timing a cold start, and for freeing memory."""
    _cache.forget(session)
