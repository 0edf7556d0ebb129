"""Word export, read back with python-docx."""

from __future__ import annotations

import io

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt

from evidence.tables import EvidenceTable, render
from tests.tables_fixtures import SCRIPT, expected_cells, references, table


def _doc(t: EvidenceTable) -> docx.document.Document:
    files = render(t, "docx")
    assert [f.suffix for f in files] == [".docx"]
    return docx.Document(io.BytesIO(files[0].data))


def _cells(tbl) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in tbl.rows]


def _reference_paragraphs(d, heading: str) -> list:
    paragraphs = d.paragraphs
    start = next(
        i for i, p in enumerate(paragraphs) if p.text == heading and p.style.name.startswith("Heading")
    )
    return paragraphs[start + 1 :]


def test_title_and_one_table_with_header_row_repeated_on_every_page():
    t = table()
    d = _doc(t)
    assert d.paragraphs[0].text == t.title
    assert d.paragraphs[0].style.name == "Heading 1"
    assert len(d.tables) == 1
    tbl = d.tables[0]
    first = tbl.rows[0]._tr
    assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr is None or r._tr.trPr.find(qn("w:tblHeader")) is None for r in tbl.rows[1:])
    assert len(tbl.rows) == 1 + len(t.rows)
    cells = _cells(tbl)
    assert cells[0] == [
        "Claim",
        "Topics",
        "Stance",
        "Source",
        "Page/section",
        "Quote",
        "Study design",
        "Population",
        "Certainty",
        "Sample size",
    ]
    assert cells[1:] == expected_cells(t)
    assert SCRIPT in cells[3][5]
    assert all(run.bold for run in tbl.rows[0].cells[0].paragraphs[0].runs)


def test_a4_landscape_for_wide_tables_portrait_for_narrow_ones():
    section = _doc(table()).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert abs(section.page_width - Mm(297)) < Mm(0.1)
    assert abs(section.page_height - Mm(210)) < Mm(0.1)
    narrow = _doc(table(columns=["claim", "stance", "citation", "quote"])).sections[0]
    assert narrow.orientation == WD_ORIENT.PORTRAIT
    assert abs(narrow.page_width - Mm(210)) < Mm(0.1)
    assert abs(narrow.page_height - Mm(297)) < Mm(0.1)


def test_table_text_is_nine_point_and_widths_fill_the_page():
    d = _doc(table())
    tbl = d.tables[0]
    style = tbl.rows[1].cells[0].paragraphs[0].style
    assert style.font.size == Pt(9)
    widths = [c.width for c in tbl.rows[1].cells]
    section = d.sections[0]
    usable = section.page_width - section.left_margin - section.right_margin
    assert abs(sum(widths) - usable) < Mm(2)
    keys = ["claim", "topics", "stance", "citation", "locator", "quote"]
    assert widths[keys.index("quote")] > widths[keys.index("stance")]


def test_line_breaks_in_cells_are_kept():
    d = _doc(table())
    quote = d.tables[0].rows[4].cells[5]
    assert quote.text == "Café – ‘quoted’ “double” ë ≥ 5 α\nsecond line"


def test_reference_list_has_hanging_indent_italics_and_links():
    d = _doc(table())
    refs = _reference_paragraphs(d, "References")
    assert [p.text for p in refs] == [r.text for r in references()]
    for p in refs:
        fmt = p.paragraph_format
        assert fmt.left_indent == Inches(0.5)
        assert fmt.first_line_indent == -Inches(0.5)
    italic = [r.text for r in refs[0].runs if r.italic]
    assert italic == ["Journal of Education", "12"]
    assert [r.text for r in refs[2].runs if r.italic] == ["Teachers_and {support} #1 ~ ^"]
    targets = {rel.target_ref for rel in d.part.rels.values() if rel.is_external}
    assert "https://doi.org/10.1234/jed.2020.001" in targets
    assert "https://www.nji.nl/passend" in targets
    assert not any(t.startswith("javascript") for t in targets)
    assert refs[0].hyperlinks[0].url == "https://doi.org/10.1234/jed.2020.001"


def test_grouped_by_claim_gives_a_heading_and_table_per_group_without_the_claim_column():
    t = table(group_by="claim")
    d = _doc(t)
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["Inclusion improves social skills", "Teachers need support", "References"]
    assert len(d.tables) == 2
    first, second = (_cells(x) for x in d.tables)
    assert first[0][0] == "Topics"
    assert len(first) == 1 + 3
    assert len(second) == 1 + 1
    assert second[1][0] == "Teachers"
    for x in d.tables:
        assert x.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_grouped_by_reference_in_dutch():
    d = _doc(table(group_by="reference", lang="nl"))
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    assert headings == [
        "(Smith & Jones, 2020)",
        "(van Beek, 2021a)",
        "(Nederlands Jeugdinstituut, 2019)",
        "Literatuur",
    ]
    assert _cells(d.tables[0])[0][:3] == ["Bewering", "Onderwerpen", "Strekking"]
    assert _cells(d.tables[2])[1][2] == "gemengd"
    assert len(_reference_paragraphs(d, "Literatuur")) == 3


def test_control_characters_do_not_break_the_file():
    t = table()
    t.rows.loc[0, "quote"] = "bell\x07 and null\x00 bytes"
    t.title = "Title\x0b with a vertical tab"
    d = _doc(t)
    assert d.tables[0].rows[1].cells[5].text == "bell and null bytes"


def test_empty_table():
    t = table()
    t.rows = t.rows.iloc[0:0]
    t.references = []
    d = _doc(t)
    assert len(d.tables) == 1 and len(d.tables[0].rows) == 1
    assert "No evidence matches this selection." in [p.text for p in d.paragraphs]


def test_ten_thousand_rows():
    import time

    t = table(n_copies=2_500)
    started = time.perf_counter()
    data = render(t, "docx")[0].data
    assert time.perf_counter() - started < 30  # about 2 s on a 2-core machine
    d = docx.Document(io.BytesIO(data))
    assert len(d.tables[0].rows) == 10_001
