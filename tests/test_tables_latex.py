"""LaTeX export: parsed back with pandoc, and compiled with pdflatex where it is installed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from evidence.tables import render, write_table
from evidence.tables.latex_format import escape, replacement, unicode_declarations
from tests.tables_fixtures import (
    BIBTEX,
    LATEX_SPECIALS,
    SCRIPT,
    UNICODE,
    expected_cells,
    pandoc_ast,
    pandoc_headers,
    pandoc_tables,
    references,
    stringify,
    table,
)

CITE = re.compile(r"\\citep\{([^}]*)\}")


def _tex(t) -> str:
    files = render(t, "tex")
    assert files[0].suffix == ".tex"
    return files[0].data.decode("utf-8")


def _expected_with_cites(t, drop: str | None = None) -> list[list[str]]:
    """Expected cells, the citation column as the \\citep pandoc keeps raw."""
    cite_of = {r.citation: r.key for r in references()}
    rows = expected_cells(t, drop=drop)
    keys = [k for k in t.columns if k != drop]
    if "citation" in keys:
        col = keys.index("citation")
        for row in rows:
            row[col] = rf"\citep{{{cite_of[row[col]]}}}"
    return rows


def test_pandoc_reads_the_table_cells_back():
    t = table()
    ast = pandoc_ast(_tex(t), "latex")
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
    rows = tbl["rows"]
    assert rows == _expected_with_cites(t)
    cells = [c for row in rows for c in row]
    assert SCRIPT in cells
    assert LATEX_SPECIALS in cells


def test_special_characters_are_escaped():
    tex = _tex(table())
    assert (
        r"50\% of \$5 \& \#1 \{x\} \textasciitilde{} \textasciicircum{} \textbackslash{} \_under -{}- dash"
        in tex
    )
    assert escape("a--b ,,c") == "a-{}-b ,{},c"
    assert escape('"quoted"') == r"\textquotedbl{}quoted\textquotedbl{}"
    assert escape("x/y") == r"x/\allowbreak{}y"
    assert escape("x/y", breakable=False) == "x/y"


def test_unicode_stays_utf8_and_what_pdflatex_lacks_is_declared():
    assert escape("Café Één ‘q’ “d” – — € ł ő ≥ α 中") == "Café Één ‘q’ “d” – — € ł ő ≥ α 中"
    assert escape("e\u0301") == "é"  # composed, so that T1 has it
    assert escape("a\x00b\x07c") == "abc"
    assert replacement("≥") == r"\ensuremath{\geq}"
    assert replacement("α") == r"\ensuremath{\alpha}"
    assert replacement("Ω") == r"\ensuremath{\Omega}"
    assert replacement("ǖ") == "ü"  # no T1 glyph: the nearest letter pdflatex has
    assert replacement("中") == "?"
    assert unicode_declarations("Café ≥ 5 中") == [
        r"\DeclareUnicodeCharacter{2265}{\ensuremath{\geq}}",
        r"\DeclareUnicodeCharacter{4E2D}{?}",
    ]
    tex = _tex(table())
    assert r"\DeclareUnicodeCharacter{03B1}{\ensuremath{\alpha}}" in tex
    assert tex.index("DeclareUnicodeCharacter") < tex.index(r"\begin{document}")


def test_citations_and_apa_reference_list():
    t = table()
    tex = _tex(t)
    assert CITE.findall(tex) == ["smith2020", "vanbeek2021a", "nji2019", "nji2019"]
    assert r"\bibitem[{Smith \& Jones(2020)}]{smith2020}" in tex
    assert r"\bibitem[{van Beek(2021a)}]{vanbeek2021a}" in tex
    assert r"\emph{Journal of Education}" in tex
    assert r"\url{https://doi.org/10.1234/jed.2020.001}" in tex
    ast = pandoc_ast(tex, "latex")
    bib = next(b for b in ast["blocks"] if b["t"] == "Div" and "thebibliography" in b["c"][0][1])
    assert [stringify(p["c"]) for p in bib["c"][1]] == [r.text for r in references()]


def test_booktabs_tabular_for_short_tables_longtable_for_long_ones():
    short = _tex(table())
    assert r"\begin{tabular}" in short and r"\begin{longtable}" not in short
    assert r"\toprule" in short and r"\midrule" in short and r"\bottomrule" in short
    long = _tex(table(n_copies=10))
    assert r"\begin{longtable}" in long and r"\begin{tabular}" not in long
    assert long.count(r"\endhead") == 1  # the header repeats on every page
    (tbl,) = pandoc_tables(pandoc_ast(long, "latex"))
    assert len(tbl["rows"]) == 40


def test_landscape_for_wide_tables():
    assert "a4paper,margin=2cm,landscape" in _tex(table())
    narrow = _tex(table(columns=["claim", "stance", "citation"]))
    assert "a4paper,margin=2cm]" in narrow


def test_grouped_sections_in_dutch():
    t = table(group_by="claim", lang="nl")
    tex = _tex(t)
    ast = pandoc_ast(tex, "latex")
    assert pandoc_headers(ast) == [
        (1, "Bewijs: inclusie & steun"),
        (2, "Inclusion improves social skills"),
        (2, "Teachers need support"),
    ]
    assert r"\renewcommand{\refname}{Literatuur}" in tex
    tables = pandoc_tables(ast)
    assert tables[0]["header"][:3] == ["Onderwerpen", "Strekking", "Bron"]
    assert [r for x in tables for r in x["rows"]] == _expected_with_cites(t, drop="claim")


def test_write_table_puts_the_bib_beside_the_tex(tmp_path):
    written = write_table(table(), tmp_path / "appendix.tex")
    assert written == [tmp_path / "appendix.tex", tmp_path / "appendix.bib"]
    assert (tmp_path / "appendix.bib").read_text(encoding="utf-8") == BIBTEX
    t = table()
    t.bibtex = None
    assert write_table(t, tmp_path / "nobib.tex") == [tmp_path / "nobib.tex"]


def test_unsafe_citekeys_get_a_document_key():
    t = table()
    t.references[0].key = "smith 2020,{x}"
    t.rows["reference_key"] = t.rows["reference_key"].replace("smith2020", "smith 2020,{x}")
    tex = _tex(t)
    assert r"\citep{ref1}" in tex and r"]{ref1}" in tex


PDFLATEX = shutil.which("pdflatex")
if PDFLATEX is None and os.environ.get("EVIDENCE_REQUIRE_TEX") == "1":  # CI installs TeX: never skip there
    raise RuntimeError("pdflatex is required (EVIDENCE_REQUIRE_TEX=1) but not installed")


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed (texlive-latex-recommended)")
@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("plain", {}),
        ("grouped_nl", {"group_by": "claim", "lang": "nl"}),
        ("long", {"n_copies": 15}),
        ("narrow", {"columns": ["claim", "stance", "citation", "quote"]}),
    ],
)
def test_compiles_with_pdflatex(tmp_path, name, kwargs):
    t = table(**kwargs)
    t.rows.loc[0, "note"] = "unused"
    t.rows.loc[1, "quote"] = UNICODE + " Ħ ǖ 中 ≠ − µ ½ ‰"
    t.references[1].html = (
        'NJi. (2019). <i>Passend ~ onderwijs</i>. <a href="https://www.nji.nl/p?a=1&amp;b=%20c#frag">'
        "https://www.nji.nl/p?a=1&amp;b=%20c#frag</a>"
    )
    path = write_table(t, tmp_path / f"{name}.tex")[0]
    for _ in range(2):  # the second run resolves the citations
        run = subprocess.run(
            [PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", path.name],
            cwd=tmp_path,
            capture_output=True,
            timeout=120,
        )
        log = (tmp_path / f"{name}.log").read_text(encoding="latin-1")
        assert run.returncode == 0, log[-3000:]
    assert (tmp_path / f"{name}.pdf").stat().st_size > 1000
    assert "undefined" not in log.lower(), log[-3000:]
    assert "Unicode character" not in log
    aux = (tmp_path / f"{name}.aux").read_text(encoding="utf-8")
    assert {"smith2020", "nji2019", "vanbeek2021a"} <= set(re.findall(r"\\bibcite\{([^}]*)\}", aux))


def test_main_file_first():
    files = render(table(), "tex")
    assert [f.suffix for f in files] == [".tex", ".bib"]
    assert files[1].media_type == "application/x-bibtex"
