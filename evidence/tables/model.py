"""The table every export format renders: rows chosen by the query layer, references already formatted.

Nothing here queries or formats citations: the caller builds an :class:`EvidenceTable` (rows from the
query layer, reference entries from the citation formatter, BibTeX from the BibTeX writer) and the
format modules only lay it out. That keeps the exports testable with hand-made tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from evidence.tables.columns import COLUMNS

#: Columns the rows may carry without showing them.
HIDDEN_COLUMNS = ("reference_key", "doi", "url", "group")


@dataclass(slots=True)
class ReferenceEntry:
    """One APA 7 reference-list entry, in each rendering the citation formatter produces."""

    key: str
    citation: str  # in-text citation, e.g. "(Smith & Jones, 2020)"
    text: str  # plain text
    html: str  # citeproc HTML: <i>/<em> for italics, <a href> for links
    markdown: str  # *italics*
    doi: str | None = None
    url: str | None = None


@dataclass(slots=True)
class EvidenceTable:
    """An evidence table ready to export.

    ``rows`` has one row per evidence link; its column names are keys of ``COLUMNS`` (those listed
    in ``columns`` are shown, in that order) plus optional hidden ``reference_key``, ``doi``, ``url``
    and ``group`` (the group heading; derived from the claim or citation when absent).
    ``references`` is the sorted APA reference list for exactly the references in ``rows``.
    """

    rows: pd.DataFrame
    columns: list[str]
    lang: Literal["nl", "en"]
    group_by: Literal["claim", "reference"] | None
    references: list[ReferenceEntry]
    title: str
    bibtex: str | None = None  # BibTeX of the references, written beside a LaTeX export

    def __post_init__(self) -> None:
        self.check()

    def check(self) -> None:
        """Raise ValueError when the table cannot be rendered: a bug in the caller, not user input."""
        unknown = [c for c in self.columns if c not in COLUMNS]
        if unknown:
            raise ValueError(f"unknown column key(s) {unknown}; known: {sorted(COLUMNS)}")
        missing = [c for c in self.columns if c not in self.rows.columns]
        if missing:
            raise ValueError(f"column(s) {missing} are to be shown but the rows do not have them")
        if len(set(self.columns)) != len(self.columns):
            raise ValueError(f"columns repeat a key: {self.columns}")
        if self.lang not in ("nl", "en"):
            raise ValueError(f"lang must be 'nl' or 'en', not {self.lang!r}")
        if self.group_by not in (None, "claim", "reference"):
            raise ValueError(f"group_by must be None, 'claim' or 'reference', not {self.group_by!r}")
        keys = [r.key for r in self.references]
        if len(set(keys)) != len(keys):
            raise ValueError("references repeat a key")


@dataclass(frozen=True, slots=True)
class ExportFile:
    """One file an export produces; ``suffix`` is its extension (".tex", ".bib")."""

    suffix: str
    media_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class TableFormat:
    """An export format: ``render`` returns the main file first, then any that go beside it."""

    name: str  # "xlsx"
    label: str  # "Excel", for menus
    extensions: tuple[str, ...]  # ".xlsx"; the first one is used when writing
    media_type: str
    render: Callable[[EvidenceTable], list[ExportFile]]

    @property
    def extension(self) -> str:
        return self.extensions[0]
