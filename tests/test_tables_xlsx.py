"""Excel export, read back with openpyxl."""

from __future__ import annotations

import io
import time

import openpyxl
import pandas as pd
from openpyxl.cell.rich_text import CellRichText, TextBlock

from evidence.tables import EvidenceTable, render
from tests.tables_fixtures import EVIL_FORMULAS, expected_cells, references, table


def _book(t: EvidenceTable, **kwargs: object) -> openpyxl.Workbook:
    files = render(t, "xlsx")
    assert len(files) == 1
    assert files[0].suffix == ".xlsx"
    return openpyxl.load_workbook(io.BytesIO(files[0].data), **kwargs)


def _values(ws) -> list[list[object]]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_sheet_one_holds_the_table_with_labels_and_values():
    t = table()
    ws = _book(t).worksheets[0]
    values = _values(ws)
    assert values[0] == [
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
    assert len(values) == 1 + len(t.rows)
    assert values[1][:4] == [
        "Inclusion improves social skills",
        "Inclusion; Social development",
        "supports",
        "(Smith & Jones, 2020)",
    ]
    assert values[2][8] == "very low"
    assert values[1][6] == "systematic review"
    expected = expected_cells(t)
    for got, want in zip(values[1:], expected, strict=True):
        assert ["" if v is None else str(v) for v in got] == want


def test_header_is_frozen_bold_filled_and_filtered():
    t = table()
    ws = _book(t).worksheets[0]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:J{1 + len(t.rows)}"
    header = ws["A1"]
    assert header.font.b
    assert header.fill.fgColor.rgb.endswith("DDEBF7")
    assert ws["F2"].alignment.wrap_text


def test_sheets_print_one_page_wide_on_a4_with_the_header_on_every_page():
    book = _book(table())
    for ws, orientation in zip(book.worksheets, ("landscape", "portrait"), strict=True):
        assert ws.page_setup.orientation == orientation and ws.page_setup.paperSize in (9, "9")
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        # fitToWidth is left out when 1, its default in the file format; 0 pages tall means "as many"
        assert (int(ws.page_setup.fitToWidth or 1), int(ws.page_setup.fitToHeight)) == (1, 0)
        assert ws.print_title_rows.replace("$", "") == "1:1"


def test_formula_like_text_is_stored_as_text_not_formula():
    ws = _book(table()).worksheets[0]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for text in EVIL_FORMULAS:
        cell = cells[text]
        assert cell.data_type == "s", text
        assert cell.quotePrefix, text  # stays text when someone edits the cell in Excel
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
    assert ws["F2"].hyperlink is None


def test_numbers_stay_numbers_and_missing_values_are_empty():
    ws = _book(table()).worksheets[0]
    assert ws["J2"].value == 1200
    assert ws["J2"].data_type == "n"
    assert ws["J3"].value is None


def test_citation_cells_link_to_the_doi_or_url():
    ws = _book(table()).worksheets[0]
    links = {c.coordinate: c.hyperlink.target for row in ws.iter_rows() for c in row if c.hyperlink}
    assert links == {
        "D2": "https://doi.org/10.1234/jed.2020.001",
        "D4": "https://www.nji.nl/passend",
        "D5": "https://www.nji.nl/passend",
    }
    assert ws["D2"].value == "(Smith & Jones, 2020)"  # the link shows the citation


def test_column_widths_follow_content_and_are_capped():
    ws = _book(table()).worksheets[0]
    widths = {col: ws.column_dimensions[col].width for col in "ABCDEFGHIJ"}
    assert widths["F"] <= 61  # quote: capped, wraps
    assert widths["C"] < widths["A"]  # stance is short, the claim long
    assert all(w >= 8 for w in widths.values())


def test_second_sheet_has_exactly_the_references_with_links_and_italics():
    t = table()
    book = _book(t, rich_text=True)
    assert book.sheetnames == ["Evidence", "References"]
    ws = book.worksheets[1]
    rows = _values(ws)
    assert rows[0] == ["Reference", "DOI/URL"]
    assert [str(r[0]) for r in rows[1:]] == [r.text for r in references()]
    assert ws["B2"].hyperlink.target == "https://doi.org/10.1234/jed.2020.001"
    assert ws["B3"].hyperlink.target == "https://www.nji.nl/passend"
    assert ws["B4"].value is None
    rich = ws["A2"].value
    assert isinstance(rich, CellRichText)
    italic = [b.text for b in rich if isinstance(b, TextBlock) and b.font.i]
    assert italic == ["Journal of Education", "12"]


def test_dutch_labels_and_sheet_names():
    book = _book(table(lang="nl"))
    assert book.sheetnames == ["Bewijs", "Literatuur"]
    ws = book.worksheets[0]
    assert [c.value for c in ws[1]][:3] == ["Bewering", "Onderwerpen", "Strekking"]
    assert ws["C2"].value == "ondersteunt"
    assert ws["I3"].value == "zeer laag"
    assert ws["G2"].value == "systematische review"
    assert book.worksheets[1]["A1"].value == "Referentie"


def test_grouping_repeats_the_group_value_and_shades_alternate_groups():
    t = table(group_by="claim", columns=["stance", "citation", "quote"])
    ws = _book(t).worksheets[0]
    values = _values(ws)
    # the claim is not among the columns: it is added in front, filled in on every row
    assert values[0] == ["Claim", "Stance", "Source", "Quote"]
    assert [r[0] for r in values[1:]] == ["Inclusion improves social skills"] * 3 + ["Teachers need support"]
    assert [r[1] for r in values[1:]] == ["supports", "contradicts", "mentions", "mixed"]
    assert ws.auto_filter.ref == "A1:D5"
    assert ws["B2"].fill.fgColor.rgb in (None, "00000000")
    assert ws["B5"].fill.fgColor.rgb.endswith("F2F2F2")


def test_empty_table_still_has_header_and_filter():
    t = table()
    t.rows = t.rows.iloc[0:0]
    t.references = []
    book = _book(t)
    assert _values(book.worksheets[0]) == [[c for c in _values(_book(table()).worksheets[0])[0]]]
    assert book.worksheets[0].auto_filter.ref == "A1:J1"
    assert _values(book.worksheets[1]) == [["Reference", "DOI/URL"]]


def test_ten_thousand_rows_in_a_few_seconds():
    t = table(n_copies=2_500)
    assert len(t.rows) == 10_000
    started = time.perf_counter()
    data = render(t, "xlsx")[0].data
    elapsed = time.perf_counter() - started
    assert elapsed < 10, elapsed  # about 0.7 s on a 2-core machine
    frame = pd.read_excel(io.BytesIO(data), sheet_name=0)
    assert len(frame) == 10_000
    assert frame["Quote"].iloc[0] == EVIL_FORMULAS[0]


def test_rows_with_wrapped_text_are_tall_enough_to_read():
    """Spreadsheet programs do not grow rows for wrapped text on their own (LibreOffice drew long
    quotes over the rows below), so a row gets a line of height for each wrapped line."""
    t = table()
    t.rows.loc[0, "quote"] = "A long quote that cannot fit on one line of its column. " * 6
    ws = _book(t).worksheets[0]
    checked = 0
    for r in range(2, ws.max_row + 1):
        longest = max((len(str(c.value)) for c in ws[r] if isinstance(c.value, str)), default=0)
        height = ws.row_dimensions[r].height
        if longest > 2 * 61:  # more than two lines even in the widest column
            assert height is not None and height >= 3 * 15, (r, longest, height)
            checked += 1
    assert checked, "the fixture has no long text: this test would check nothing"
    refs = ws.parent.worksheets[1]
    assert any((refs.row_dimensions[r].height or 0) >= 30 for r in range(2, refs.max_row + 1))
    assert ws.row_dimensions[1].height is None  # the header row keeps the default height
