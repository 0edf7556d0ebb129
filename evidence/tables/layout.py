"""What every format shows, computed once: display values, headers, groups and links per row.

Format modules take a :class:`Grid` and only decide how it looks. Row order is the query's order,
except that rows of one group are brought together (groups in order of first appearance).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd

from evidence.records import normalise_doi
from evidence.tables.columns import Lang, column_label, value_label
from evidence.tables.model import EvidenceTable, ReferenceEntry
from evidence.tables.richtext import safe_href

Value = str | int | float | None

#: The visible column that names each group.
GROUP_SOURCE = {"claim": "claim", "reference": "citation"}


@dataclass(slots=True)
class Grid:
    keys: list[str]  # column keys shown, in order
    headers: list[str]  # their labels in the table's language
    rows: list[list[Value]]  # display values (codes replaced by labels); None for empty
    links: list[str | None]  # per row: the DOI (as https://doi.org/...) or URL of its reference
    references: list[ReferenceEntry | None]  # per row: its entry in the reference list, if found
    groups: list[int]  # per row: index into group_titles (all 0 when ungrouped)
    group_titles: list[str]  # empty when ungrouped
    lang: Lang

    def sections(self) -> list[tuple[str | None, list[int]]]:
        """(group title or None, row indices) per group, in order."""
        if not self.group_titles:
            return [(None, list(range(len(self.rows))))]
        members: list[list[int]] = [[] for _ in self.group_titles]
        for i, g in enumerate(self.groups):
            members[g].append(i)
        return list(zip(self.group_titles, members, strict=True))


def cell_value(value: object) -> Value:
    """One cell as a plain Python value: text, int, float or None; lists joined with '; '."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        f = float(value)
        if math.isnan(f):
            return None
        if math.isinf(f):
            return str(f)
        return int(f) if f.is_integer() and abs(f) < 2**53 else f
    if isinstance(value, list | tuple | set | frozenset):
        items = [cell_value(v) for v in value]
        return "; ".join(str(v) for v in items if v is not None) or None
    return str(value)


def doi_url(doi: str | None) -> str | None:
    doi = normalise_doi(doi)
    return "https://doi.org/" + quote(doi, safe="/:;()._-") if doi else None


def link_for(doi: object, url: object, entry: ReferenceEntry | None) -> str | None:
    """The https://doi.org/ link of the DOI, else the http(s) URL: the row's own, else its reference's."""
    for candidate in (
        doi_url(doi) if isinstance(doi, str) else None,
        safe_href(url) if isinstance(url, str) else None,
        doi_url(entry.doi) if entry else None,
        safe_href(entry.url) if entry else None,
    ):
        if candidate:
            return candidate
    return None


def reference_link(entry: ReferenceEntry) -> str | None:
    return link_for(None, None, entry)


def _column(df: pd.DataFrame, key: str) -> list[object]:
    return df[key].tolist() if key in df.columns else [None] * len(df)


def build_grid(table: EvidenceTable, *, sectioned: bool) -> Grid:
    """The grid to render.

    ``sectioned`` formats (Word, Markdown, LaTeX, HTML) put each group under its own heading and
    drop the column that names the group; flat formats (Excel, CSV) keep one filterable table in
    which every row carries the group's value, adding that column in front when it is not shown.
    """
    table.check()
    df = table.rows
    keys = list(table.columns)
    by_key = {r.key: r for r in table.references}
    by_citation = {r.citation: r for r in table.references}

    ref_keys = _column(df, "reference_key")
    citations = _column(df, "citation")
    entries: list[ReferenceEntry | None] = []
    for key, citation in zip(ref_keys, citations, strict=True):
        entry = by_key.get(key) if isinstance(key, str) else None
        if entry is None and isinstance(citation, str):
            entry = by_citation.get(citation)
        entries.append(entry)

    order = list(range(len(df)))
    groups = [0] * len(df)
    titles: list[str] = []
    if table.group_by:
        source = GROUP_SOURCE[table.group_by]
        labels = _column(df, "group") if "group" in df.columns else _column(df, source)
        if table.group_by == "reference" and "group" not in df.columns:
            # no citation column: fall back to the citation of the row's reference, then its key
            labels = [
                lab if isinstance(lab, str) and lab else (e.citation if e else k)
                for lab, e, k in zip(labels, entries, ref_keys, strict=True)
            ]
        index: dict[str, int] = {}
        for i, label in enumerate(labels):
            text = str(cell_value(label) or "")
            groups[i] = index.setdefault(text, len(index))
        titles = list(index)
        order = sorted(order, key=groups.__getitem__)  # stable: query order within a group
        if sectioned:
            keys = [k for k in keys if k != source]
        elif source not in keys and source in df.columns:
            keys.insert(0, source)

    columns = [_column(df, k) for k in keys]
    dois, urls = _column(df, "doi"), _column(df, "url")
    rows: list[list[Value]] = []
    for i in order:
        rows.append(
            [value_label(k, cell_value(col[i]), table.lang) for k, col in zip(keys, columns, strict=True)]
        )
    return Grid(
        keys=keys,
        headers=[column_label(k, table.lang) for k in keys],
        rows=rows,
        links=[link_for(dois[i], urls[i], entries[i]) for i in order],
        references=[entries[i] for i in order],
        groups=[groups[i] for i in order],
        group_titles=titles,
        lang=table.lang,
    )
