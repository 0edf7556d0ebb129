"""Exports of the bundled set, opened again by real readers: the table and its reference list agree."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pandas as pd
import pytest
from docx import Document

from evidence.exporting import TABLE_FORMATS, build_table, export_table, reference_list
from evidence.queries import EvidenceFilter, evidence_table
from evidence.store import Store

DISADVANTAGES = EvidenceFilter(topics=("disadvantages",))


def test_reference_list_matches_the_citations_one_to_one(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        table = build_table(session, DISADVANTAGES, lang="en")
        rows = evidence_table(session, DISADVANTAGES, limit=None)
    assert set(table.rows["reference_key"]) == set(rows["reference_key"])
    keys = [r.key for r in table.references]
    assert len(keys) == len(set(keys))  # each reference listed once
    assert {r.key for r in table.references} == set(rows["reference_key"])
    # Each citation in the table belongs to exactly one reference-list entry and back.
    by_citation = {r.citation: r.key for r in table.references}
    assert len(by_citation) == len(table.references)
    assert set(table.rows["citation"]) == set(by_citation)
    for citation, key in zip(table.rows["citation"], table.rows["reference_key"], strict=True):
        assert by_citation[citation] == key


def test_excel_export_read_back(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        exported = export_table(session, DISADVANTAGES, "xlsx", lang="nl")
        table = build_table(session, DISADVANTAGES, lang="nl")
    book = openpyxl.load_workbook(io.BytesIO(exported.data))
    evidence, refs = book.worksheets
    assert refs.title == "Literatuur"
    header = [c.value for c in evidence[1]]
    assert "Bewering" in header and "Strekking" in header
    cited = {row[header.index("Bron")] for row in evidence.iter_rows(min_row=2, values_only=True)}
    assert cited == {r.citation for r in table.references}
    listed = [row[0] for row in refs.iter_rows(min_row=2, values_only=True) if row[0]]
    assert len(listed) == len(table.references)
    assert any(text.startswith("Sheombar, A., & van Beek, G. (2019)") for text in listed)


def test_word_and_csv_read_back(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        docx = export_table(session, DISADVANTAGES, "docx")
        csv = export_table(session, DISADVANTAGES, "csv")
        table = build_table(session, DISADVANTAGES)
    document = Document(io.BytesIO(docx.data))
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index("References")
    assert len([p for p in paragraphs[start + 1:] if p.strip()]) == len(table.references)
    frame = pd.read_csv(io.BytesIO(csv.data), encoding="utf-8-sig")
    assert len(frame) == len(table.rows)


def test_latex_export_is_a_zip_with_tex_and_bib(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        exported = export_table(session, DISADVANTAGES, "tex")
    assert exported.filename == "evidence.tex.zip"
    with zipfile.ZipFile(io.BytesIO(exported.data)) as archive:
        assert sorted(archive.namelist()) == ["evidence.bib", "evidence.tex"]
        tex = archive.read("evidence.tex").decode()
        bib = archive.read("evidence.bib").decode()
    assert r"\citep{sheombar2019samenvatting}" in tex and "@incollection{sheombar2019samenvatting," in bib


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_every_format_exports_the_bundled_set(bundled_store: Store, fmt: str) -> None:
    with bundled_store.session() as session:
        exported = export_table(session, DISADVANTAGES, fmt, lang="nl", group_by="reference")
    assert exported.data and exported.filename.startswith("evidence.")


def test_apa_reference_list_in_dutch(bundled_store: Store) -> None:
    with bundled_store.session() as session:
        entries = reference_list(session, EvidenceFilter(claims=("dropout-higher-online",)), lang="nl")
    # Only the first author of this review was verified ("and others"), so the list says et al.
    assert entries[0].startswith("Christensen, H. et al. (2009). Adherence in Internet Interventions")
    assert "Online hulp. (2015, juli)." in entries
