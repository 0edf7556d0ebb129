"""From a filter to files: evidence tables and reference lists, as the CLI and the dashboard export them.

This is the one place that joins the query layer, the citation formatter, the bibliographic writers
and the table renderers, so an export from the dashboard and one from the command line with the same
filter are the same file.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from evidence import citations
from evidence.errors import InvalidQuery
from evidence.formats import FORMATS as BIB_FORMATS
from evidence.models import Reference, Topic
from evidence.queries import (
    EvidenceFilter,
    Lang,
    check_lang,
    evidence_select,
    evidence_table,
    filter_conditions,
)
from evidence.records import Record
from evidence.refstore import load_references, to_record
from evidence.tables import DEFAULT_COLUMNS, EvidenceTable, ReferenceEntry, format_for
from evidence.tables import FORMATS as TABLE_FORMAT_REGISTRY

TABLE_FORMATS: tuple[str, ...] = tuple(TABLE_FORMAT_REGISTRY)
REFERENCE_FORMATS: tuple[str, ...] = tuple(BIB_FORMATS)
LOCALES = {"en": "en-US", "nl": "nl-NL"}
#: An export is for reading, not for dumping a whole database: beyond this, narrow the filter.
MAX_EXPORT_ROWS = 100_000


@dataclass(frozen=True, slots=True)
class ExportFile:
    """A file ready to save or download."""

    filename: str
    media_type: str
    data: bytes


def records_for(session: Session, flt: EvidenceFilter) -> list[Record]:
    """The references behind the evidence ``flt`` selects, as records, sorted by citekey."""
    keys = session.scalars(
        evidence_select(Reference.citekey, reference=True).where(*filter_conditions(session, flt)).distinct()
    ).all()
    return [to_record(r) for r in load_references(session, keys)]


def _title(session: Session, flt: EvidenceFilter, lang: Lang) -> str:
    head = "Bewijs" if lang == "nl" else "Evidence"
    if flt.topics:
        labels = session.scalars(
            select(Topic.label_nl if lang == "nl" else Topic.label_en).where(Topic.slug.in_(flt.topics))
        ).all()
        return f"{head}: {'; '.join(labels)}"
    if flt.claims and len(flt.claims) == 1:
        return f"{head}: {flt.claims[0]}"
    return head


def build_table(
    session: Session,
    flt: EvidenceFilter = EvidenceFilter(),
    *,
    lang: Lang = "en",
    group_by: Literal["claim", "reference"] | None = "claim",
    columns: list[str] | None = None,
    title: str | None = None,
) -> EvidenceTable:
    """The evidence table for ``flt`` with its APA 7 reference list, ready for any format."""
    lang = check_lang(lang)
    columns = list(columns or DEFAULT_COLUMNS)
    sort = "reference" if group_by == "reference" else "claim"
    frame = evidence_table(session, flt, lang=lang, limit=MAX_EXPORT_ROWS + 1, sort=sort)
    if len(frame) > MAX_EXPORT_ROWS:
        raise InvalidQuery(
            f"the filter selects more than {MAX_EXPORT_ROWS:,} evidence rows; narrow it down "
            "(topic, stance, years) before exporting"
        )
    keys = list(dict.fromkeys(frame["reference_key"]))
    records = [to_record(r) for r in load_references(session, keys)]
    cites, entries = citations.cite_all([r.to_csl() for r in records], locale=LOCALES[lang])
    by_key = {r.key: r for r in records}
    references = [
        ReferenceEntry(
            key=e.key,
            citation=cites.get(e.key, e.key),
            text=e.text,
            html=e.html,
            markdown=e.markdown,
            doi=by_key[e.key].doi if e.key in by_key else None,
            url=by_key[e.key].url if e.key in by_key else None,
        )
        for e in entries
    ]
    rows = pd.DataFrame(
        {
            "claim": frame["statement"],
            "topics": frame["topics"],
            "stance": frame["stance"],
            "citation": [cites.get(k, k) for k in frame["reference_key"]],
            "locator": frame["locator"],
            "quote": frame["quote"],
            "study_design": frame["study_design"],
            "population": frame["population"],
            "setting": frame["setting"],
            "sample_size": frame["sample_size"],
            "certainty": frame["certainty"],
            "year": frame["year"],
            "title": frame["title"],
            "reference_key": frame["reference_key"],
            "kind": frame["kind"],
            "provenance": frame["provenance"],
            "note": frame["rationale"],
            "doi": frame["doi"],
            "url": frame["url"],
        }
    )
    return EvidenceTable(
        rows=rows,
        columns=columns,
        lang=lang,
        group_by=group_by,
        references=references,
        title=title or _title(session, flt, lang),
        bibtex=BIB_FORMATS["bibtex"].write(records),
    )


#: Table formats whose export is several files (a .tex with its .bib), downloaded as one .zip.
MULTI_FILE_FORMATS = frozenset({"tex"})


def table_filename(fmt: str, stem: str = "evidence") -> str:
    """The name :func:`export_table` gives its file, known before anything is built (a download
    button needs it first)."""
    table_format = format_for(fmt)
    zipped = ".zip" if table_format.name in MULTI_FILE_FORMATS else ""
    return f"{stem}{table_format.extension}{zipped}"


def export_table(
    session: Session,
    flt: EvidenceFilter,
    fmt: str,
    *,
    lang: Lang = "en",
    group_by: Literal["claim", "reference"] | None = "claim",
    columns: list[str] | None = None,
    stem: str = "evidence",
) -> ExportFile:
    """One downloadable file; a LaTeX export (a .tex with a .bib beside it) comes as a .zip."""
    table_format = format_for(fmt)
    files = table_format.render(
        build_table(session, flt, lang=lang, group_by=group_by, columns=columns)
    )
    filename = table_filename(fmt, stem)
    if table_format.name not in MULTI_FILE_FORMATS:
        return ExportFile(filename, files[0].media_type, files[0].data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for f in files:
            archive.writestr(f"{stem}{f.suffix}", f.data)
    return ExportFile(filename, "application/zip", buffer.getvalue())


def write_table_files(
    session: Session,
    flt: EvidenceFilter,
    path: Path,
    fmt: str | None = None,
    *,
    lang: Lang = "en",
    group_by: Literal["claim", "reference"] | None = "claim",
    columns: list[str] | None = None,
) -> list[Path]:
    """Write the table to ``path`` (format from the extension unless given); returns the files."""
    from evidence.tables import write_table

    table_format = format_for(fmt, path)
    table = build_table(session, flt, lang=lang, group_by=group_by, columns=columns)
    return write_table(table, Path(path), table_format.name)


def export_references(session: Session, flt: EvidenceFilter, fmt: str, stem: str = "references", *,
                      every: bool = False) -> ExportFile:  # fmt: skip
    """The references behind the selected evidence as BibTeX, RIS or CSL-JSON; with ``every``, all
    references in the database, linked to evidence or not (a library just imported has no links)."""
    if fmt not in REFERENCE_FORMATS:
        raise InvalidQuery(f"unknown reference format {fmt!r}; use one of: {', '.join(REFERENCE_FORMATS)}")
    if every and flt != EvidenceFilter():
        raise InvalidQuery("choose either every reference or a filter, not both")
    spec = BIB_FORMATS[fmt]
    if every:  # sorted by citekey, as records_for sorts
        records = [to_record(r) for r in load_references(session, session.scalars(select(Reference.citekey)))]
    else:
        records = records_for(session, flt)
    text = spec.write(records)
    media_type = f"{spec.media_type}; charset=utf-8"
    return ExportFile(f"{stem}{spec.extensions[0]}", media_type, text.encode("utf-8"))


def reference_list(
    session: Session,
    flt: EvidenceFilter,
    *,
    lang: Lang = "en",
    fmt: Literal["text", "html", "markdown"] = "text",
) -> list[str]:
    """The APA 7 reference list for the selected evidence, sorted as APA sorts it."""
    lang = check_lang(lang)
    records = records_for(session, flt)
    entries = citations.bibliography([r.to_csl() for r in records], locale=LOCALES[lang])
    return [getattr(e, fmt) for e in entries]
