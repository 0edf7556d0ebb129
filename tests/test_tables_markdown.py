"""Markdown export, parsed back with pandoc (GitHub-flavoured and pandoc's own Markdown)."""

from __future__ import annotations

import pytest

from evidence.tables import render
from evidence.tables.markdown_format import escape
from tests.tables_fixtures import (
    EVIL_FORMULAS,
    LATEX_SPECIALS,
    SCRIPT,
    expected_cells,
    pandoc_ast,
    pandoc_headers,
    pandoc_tables,
    references,
    stringify,
    table,
)

# pandoc's own Markdown without "smart" typography, which would curl the straight quotes
READERS = ["gfm", "markdown-smart"]


def _md(t) -> str:
    files = render(t, "md")
    assert [f.suffix for f in files] == [".md"]
    return files[0].data.decode("utf-8")


@pytest.mark.parametrize("reader", READERS)
def test_table_cells_read_back_exactly(reader):
    t = table()
    ast = pandoc_ast(_md(t), reader)
    (tbl,) = pandoc_tables(ast)
    assert tbl["header"] == [
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
    assert tbl["rows"] == expected_cells(t)
    cells = [c for row in tbl["rows"] for c in row]
    assert SCRIPT in cells and LATEX_SPECIALS in cells
    assert all(e in cells for e in EVIL_FORMULAS)


def test_script_in_a_quote_is_text_not_html():
    md = _md(table())
    assert "<script>" not in md
    ast = pandoc_ast(md, "gfm")
    raw = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") in ("RawInline", "RawBlock"):
                raw.append(node["c"][1])
            walk(node.get("c"))
        elif isinstance(node, list):
            for n in node:
                walk(n)

    walk(ast["blocks"])
    assert set(raw) <= {"<br>"}  # the only HTML we write: line breaks in cells


@pytest.mark.parametrize("reader", READERS)
def test_grouped_sections_then_references(reader):
    t = table(group_by="claim")
    ast = pandoc_ast(_md(t), reader)
    assert pandoc_headers(ast) == [
        (1, "Evidence: Inclusion & support"),
        (2, "Inclusion improves social skills"),
        (2, "Teachers need support"),
        (2, "References"),
    ]
    tables = pandoc_tables(ast)
    assert [len(x["rows"]) for x in tables] == [3, 1]
    assert tables[0]["header"][0] == "Topics"  # the claim is the heading, not a column
    rows = [r for x in tables for r in x["rows"]]
    assert rows == expected_cells(t, drop="claim")


@pytest.mark.parametrize("reader", READERS)
def test_reference_list_with_italics_and_links(reader):
    ast = pandoc_ast(_md(table()), reader)
    blocks = ast["blocks"]
    start = next(
        i for i, b in enumerate(blocks) if b["t"] == "Header" and stringify(b["c"][2]) == "References"
    )
    paras = blocks[start + 1 :]
    assert [stringify(p["c"]) for p in paras] == [r.text for r in references()]
    emph = [stringify(i["c"]) for i in paras[0]["c"] if i["t"] == "Emph"]
    assert emph == ["Journal of Education", "12"]
    links = [i["c"][2][0] for p in paras for i in p["c"] if i["t"] == "Link"]
    assert links == ["https://doi.org/10.1234/jed.2020.001", "https://www.nji.nl/passend"]


def test_citation_cells_link_to_doi():
    ast = pandoc_ast(_md(table()), "gfm")
    block = next(b for b in ast["blocks"] if b["t"] == "Table")
    first_row = block["c"][4][0][3][0]
    citation_cell = first_row[1][3][4][0]["c"]
    assert citation_cell[0]["t"] == "Link"
    assert citation_cell[0]["c"][2][0] == "https://doi.org/10.1234/jed.2020.001"


def test_dutch():
    t = table(lang="nl", group_by="reference")
    ast = pandoc_ast(_md(t), "gfm")
    headers = pandoc_headers(ast)
    assert headers[0] == (1, "Bewijs: inclusie & steun")
    assert headers[-1] == (2, "Literatuur")
    assert pandoc_tables(ast)[0]["header"][:3] == ["Bewering", "Onderwerpen", "Strekking"]


def test_escape():
    assert escape("a|b") == r"a\|b"
    assert escape("*x* _y_ [z](u) <b> `c` ~d~ #e @f $g") == (
        r"\*x\* \_y\_ \[z\](u) \<b\> \`c\` \~d\~ \#e \@f \$g"
    )
    assert escape("Smith & Jones &amp;") == r"Smith & Jones \&amp;"


def test_empty_table():
    t = table()
    t.rows = t.rows.iloc[0:0]
    t.references = []
    ast = pandoc_ast(_md(t), "gfm")
    assert pandoc_tables(ast)[0]["rows"] == []
