r"""LaTeX: a standalone document that compiles with pdflatex, plus the references as BibTeX beside it.

- booktabs rules; a ``tabular`` in a ``table`` for a table that fits one page, else a ``longtable``
  whose header repeats on every page. Columns are ``p{}`` with widths by content type.
- The citation column holds ``\citep{key}`` (natbib, author-year) and the document ends with the
  APA 7 reference list as a ``thebibliography`` written from the same entries every other format
  uses. That way the PDF carries exactly the APA list (BibTeX styles such as apalike are not APA 7)
  and it builds with pdflatex alone, no bibtex or biber run. The ``.bib`` beside it (when the table
  has ``bibtex``) is for re-using the citations in one's own paper: a comment in the document says
  how to switch.
- Text is escaped (``\ & % $ # _ { } ~ ^ < > "`` and the ligatures ``--`` and ``,,``) and stays UTF-8.
  Characters pdflatex has no T1 glyph for get a ``\DeclareUnicodeCharacter`` in the preamble
  (``≥`` -> ``\ensuremath{\geq}``, ``ǖ`` -> ``ü``, else ``?``), so the source reads as written and
  still compiles.
"""

from __future__ import annotations

import math
import re
import unicodedata

from evidence.tables.columns import NUMERIC_COLUMNS, WIDE_COLUMNS, text
from evidence.tables.layout import Grid, Value, build_grid
from evidence.tables.model import EvidenceTable, ExportFile, ReferenceEntry, TableFormat
from evidence.tables.richtext import Run, reference_runs

MEDIA_TYPE = "application/x-tex"
BIB_MEDIA_TYPE = "application/x-bibtex"

LANDSCAPE_FROM = 7  # columns
ONE_PAGE_ROWS = 30  # more rows than this always go in a longtable
ONE_PAGE_LINES = 38  # estimated text lines of \footnotesize that fit on one page

WEIGHTS = {
    "quote": 3.0,
    "claim": 2.5,
    "title": 2.5,
    "note": 2.0,
    "population": 1.6,
    "setting": 1.5,
    "topics": 1.5,
    "citation": 1.7,
    "study_design": 1.3,
    "provenance": 1.2,
    "reference_key": 1.3,
    "locator": 1.0,
    "sample_size": 1.0,
    "year": 0.8,
}
DEFAULT_WEIGHT = 1.1

_ASCII = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    '"': r"\textquotedbl{}",
    "`": r"\textasciigrave{}",
    "\t": " ",
}

# Characters outside Latin-1 and Latin Extended-A that pdflatex sets with T1 + TS1 (tested).
_PUNCTUATION_OK = set("–—‘’‚“”„…•†‡‰‹›€™→⁄ﬁﬂ\u00ad\u2010\u2011\u2012\u2015")
# Latin Extended-A letters that T1 does not have.
_LATIN_A_MISSING = set("ĦħĸĿŀŉŦŧſ")

_SYMBOLS = {
    "≥": r"\ensuremath{\geq}",
    "≤": r"\ensuremath{\leq}",
    "≠": r"\ensuremath{\neq}",
    "≈": r"\ensuremath{\approx}",
    "−": r"\ensuremath{-}",
    "∞": r"\ensuremath{\infty}",
    "′": r"\ensuremath{'}",
    "″": r"\ensuremath{''}",
    "✓": r"\ensuremath{\surd}",
    "→": r"\ensuremath{\rightarrow}",
    "←": r"\ensuremath{\leftarrow}",
    "↔": r"\ensuremath{\leftrightarrow}",
    "\u2009": r"\,",
    "\u202f": r"\,",
    "\u200a": r"\,",
    "\u200b": r"\hspace{0pt}",
    "\u2002": r"\enspace{}",
    "\u2003": r"\quad{}",
    "ς": r"\ensuremath{\varsigma}",
    "ϵ": r"\ensuremath{\epsilon}",
    "ε": r"\ensuremath{\varepsilon}",
    "μ": r"\ensuremath{\mu}",
    "ο": "o",
    "Ο": "O",
}
_GREEK = {
    "alpha",
    "beta",
    "gamma",
    "delta",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
}
_GREEK_CAPITALS = {"gamma", "delta", "theta", "lambda", "xi", "pi", "sigma", "upsilon", "phi", "psi", "omega"}
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def supported(ch: str) -> bool:
    """Whether pdflatex with T1 fonts and utf8 inputenc sets ``ch`` as it is (tested with TeX Live 2022)."""
    code = ord(ch)
    return code < 0x80 or (0xA0 <= code <= 0x17F and ch not in _LATIN_A_MISSING) or ch in _PUNCTUATION_OK


def replacement(ch: str) -> str:
    """What pdflatex is to set for a character it has no glyph for: a command, the nearest letter
    it has (ǖ -> ü), nothing for a stray combining mark, else "?"."""
    if ch in _SYMBOLS:
        return _SYMBOLS[ch]
    name = unicodedata.name(ch, "")
    if name.startswith("GREEK SMALL LETTER ") and name[19:].lower() in _GREEK:
        return rf"\ensuremath{{\{name[19:].lower()}}}"
    if name.startswith("GREEK CAPITAL LETTER ") and name[21:].lower() in _GREEK_CAPITALS:
        return rf"\ensuremath{{\{name[21:].capitalize()}}}"
    if unicodedata.combining(ch):
        return ""
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    marks = [c for c in decomposed if unicodedata.combining(c)]
    for keep in range(len(marks), -1, -1):
        candidate = unicodedata.normalize("NFC", base + "".join(marks[:keep]))
        if candidate and candidate != ch and all(supported(c) for c in candidate):
            return "".join(_ASCII.get(c, c) for c in candidate)
    return "?"


def unicode_declarations(body: str) -> list[str]:
    """``\\DeclareUnicodeCharacter`` lines for the characters in ``body`` pdflatex cannot set, so that
    the source keeps the text as written and still compiles."""
    missing = sorted({ch for ch in body if not supported(ch) and ch not in "\n\r"})
    return [rf"\DeclareUnicodeCharacter{{{ord(ch):04X}}}{{{replacement(ch)}}}" for ch in missing]


def escape(value: str, *, breakable: bool = True) -> str:
    """LaTeX for literal text on one line: specials escaped, ligatures broken, control characters
    dropped. Non-ASCII text stays UTF-8 (see :func:`unicode_declarations`).

    ``breakable`` lets a line break after "/" (narrow columns); not for PDF metadata or labels.
    """
    value = unicodedata.normalize("NFC", _INVALID.sub("", value))
    out = "".join(_ASCII.get(ch, ch) for ch in value)
    # -- and ,, are ligatures in T1 fonts (<< >> !` ?` cannot occur: < > ` are commands here)
    out = re.sub(r"([-,])(?=[-,])", r"\1{}", out)
    return out.replace("/", r"/\allowbreak{}") if breakable else out


def _cell_text(value: Value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    lines = [escape(line.strip()) for line in value.strip().splitlines()]
    return r" \newline ".join(line for line in lines if line)


def _one_line(value: str, *, breakable: bool = True) -> str:
    return escape(" ".join(value.split()), breakable=breakable)


#: Keys BibTeX and natbib take as they are; others get a generated key in this document.
_SAFE_KEY = re.compile(r"^[A-Za-z0-9_:.+/-]+$")


def _cite_keys(references: list[ReferenceEntry]) -> dict[str, str]:
    return {r.key: r.key if _SAFE_KEY.match(r.key) else f"ref{n}" for n, r in enumerate(references, 1)}


def _natbib_label(citation: str) -> str:
    """natbib's author-year label "Author(Year)" from an APA in-text citation "(Author, Year)"."""
    inner = citation.strip()
    if inner.startswith("(") and inner.endswith(")"):
        inner = inner[1:-1]
    author, _, year = inner.rpartition(", ")
    if not author:
        author, year = inner, ""
    year = year.replace("(", "").replace(")", "")
    return f"{_one_line(author, breakable=False)}({_one_line(year, breakable=False)})"


def _url(href: str) -> str:
    # the URL goes to \url verbatim; only braces and backslashes would break the argument
    return r"\url{" + href.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C") + "}"


def _runs(runs: list[Run]) -> str:
    out = []
    for run in runs:
        if run.href and run.text.strip() == run.href:
            out.append(_url(run.href))
            continue
        body = _one_line(run.text)
        if run.text[:1].isspace():
            body = " " + body
        if run.text[-1:].isspace() and body.strip():
            body += " "
        if body.strip():
            if run.bold:
                body = rf"\textbf{{{body}}}"
            if run.italic:
                body = rf"\emph{{{body}}}"
            if run.href:
                body = (
                    r"\href{"
                    + run.href.replace("\\", "%5C")
                    .replace("{", "%7B")
                    .replace("}", "%7D")
                    .replace("#", r"\#")
                    .replace("%", r"\%")
                    + "}{"
                    + body
                    + "}"
                )
        out.append(body)
    return "".join(out).strip()


def _widths(grid: Grid, landscape: bool) -> list[float]:
    """Column widths as fractions of the line: by weight, but each at least as wide as its longest
    header word (and, for short-valued columns, its longest value word up to 12 letters), because
    pdflatex hyphenates Dutch words with English patterns, badly."""
    line_pt = 731.0 if landscape else 484.0  # A4 with 2 cm margins
    weights = [WEIGHTS.get(k, DEFAULT_WEIGHT) for k in grid.keys]
    floors = []
    for c, (key, header) in enumerate(zip(grid.keys, grid.headers, strict=True)):
        longest = max((len(w) for w in re.split(r"[\s/]+", header)), default=0) * 4.6
        if key not in WIDE_COLUMNS:
            words = (w for row in grid.rows if isinstance(row[c], str) for w in row[c].split())
            longest = max(longest, min(12, max((len(w) for w in words), default=0)) * 4.0)
        floors.append((longest + 13) / line_pt)
    fractions = [w / sum(weights) for w in weights]
    for _ in range(len(fractions)):
        short = [i for i, f in enumerate(fractions) if f < floors[i] - 1e-9]
        if not short:
            break
        fixed = {i for i, f in enumerate(fractions) if f <= floors[i] + 1e-9}
        rest = 1.0 - sum(floors[i] for i in fixed)
        free = sum(weights[i] for i in range(len(weights)) if i not in fixed)
        if rest <= 0 or free <= 0:
            break  # too many columns to honour every floor: keep the weights
        fractions = [floors[i] if i in fixed else rest * weights[i] / free for i in range(len(weights))]
    return fractions


def _estimated_lines(grid: Grid, indices: list[int], widths: list[float], landscape: bool) -> int:
    chars_per_line = 150 if landscape else 100  # \footnotesize across the text width
    lines = 2
    for i in indices:
        row_lines = 1
        for value, w in zip(grid.rows[i], widths, strict=True):
            if value is None:
                continue
            per_line = max(4, int(chars_per_line * w) - 2)
            n = sum(max(1, math.ceil(len(part) / per_line)) for part in str(value).splitlines() or [""])
            row_lines = max(row_lines, n)
        lines += row_lines
    return lines


def _table(grid: Grid, indices: list[int], cite: dict[str, str], landscape: bool) -> list[str]:
    widths = _widths(grid, landscape)
    # Only \raggedright in >{}: pandoc's LaTeX reader drops the first word of every cell after an
    # \arraybackslash or \raggedleft there, so rows end in \tabularnewline and numbers get \hfill.
    # \hspace{0pt} lets TeX hyphenate a cell's first word (long Dutch compounds).
    spec = "".join(
        rf">{{\raggedright\hspace{{0pt}}}}p{{\dimexpr {w:.4f}\linewidth-2\tabcolsep\relax}}" for w in widths
    )
    header = " & ".join(rf"\textbf{{{escape(h)}}}" for h in grid.headers) + r" \tabularnewline"
    body = []
    for i in indices:
        cells = []
        for key, value in zip(grid.keys, grid.rows[i], strict=True):
            entry = grid.references[i]
            if key == "citation" and entry is not None:
                cells.append(rf"\citep{{{cite[entry.key]}}}")
            elif key in NUMERIC_COLUMNS and value is not None:
                cells.append(r"\hfill " + _cell_text(value))
            else:
                cells.append(_cell_text(value))
        body.append(" & ".join(cells) + r" \tabularnewline")
    long = len(indices) > ONE_PAGE_ROWS or _estimated_lines(grid, indices, widths, landscape) > ONE_PAGE_LINES
    if long:
        return [
            r"{\footnotesize",
            rf"\begin{{longtable}}{{@{{}}{spec}@{{}}}}",
            # one head for the first page and the next ones (pandoc reads a second copy as a row)
            r"\toprule",
            header,
            r"\midrule",
            r"\endhead",
            r"\bottomrule",
            r"\endlastfoot",
            *body,
            r"\end{longtable}}",
        ]
    return [
        r"\begin{table}[H]",
        r"\footnotesize",
        rf"\begin{{tabular}}{{@{{}}{spec}@{{}}}}",
        r"\toprule",
        header,
        r"\midrule",
        *body,
        r"\bottomrule",
        r"\end{tabular}",
        r"\end{table}",
    ]


def render_text(table: EvidenceTable) -> str:
    grid = build_grid(table, sectioned=True)
    landscape = len(grid.keys) >= LANDSCAPE_FROM
    cite = _cite_keys(table.references)
    title = _one_line(table.title, breakable=False)
    body = [rf"\section*{{{title}}}", ""]
    if not grid.rows:
        body += [escape(text("no_rows", table.lang)), ""]
    for group, indices in grid.sections():
        if group is not None:
            body += [rf"\subsection*{{{_one_line(group) or '---'}}}", ""]
        if indices or group is None:
            body += [*_table(grid, indices, cite, landscape), ""]
    body += [
        "% The APA 7 reference list below matches the other exports. To format the references",
        "% with a BibTeX style instead, replace the thebibliography environment with",
        "%   \\bibliographystyle{apalike}",
        "%   \\bibliography{<the .bib file beside this one, without .bib>}",
        r"\begin{thebibliography}{}",
    ]
    for entry in table.references:
        body.append(rf"\bibitem[{{{_natbib_label(entry.citation)}}}]{{{cite[entry.key]}}}")
        body.append(_runs(reference_runs(entry)))
        body.append("")
    body += [r"\end{thebibliography}", ""]

    geometry = "a4paper,margin=2cm" + (",landscape" if landscape else "")
    preamble = [
        r"\documentclass[10pt]{article}",
        r"\usepackage[T1]{fontenc}",
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage{lmodern}",
        r"\usepackage{textcomp}",
        rf"\usepackage[{geometry}]{{geometry}}",
        r"\usepackage{array,booktabs,longtable,float}",
        r"\usepackage[round,authoryear]{natbib}",
        r"\usepackage{url}",
        r"\usepackage[hidelinks]{hyperref}",
        r"\setlength{\bibhang}{0.5in}",
        r"\setlength{\parindent}{0pt}",
        rf"\renewcommand{{\refname}}{{{escape(text('references', table.lang))}}}",
        rf"\hypersetup{{pdftitle={{{title}}}}}",
    ]
    text_ = "\n".join(body)
    preamble += unicode_declarations(title + text_)
    return "\n".join([*preamble, r"\begin{document}", "", text_, r"\end{document}", ""])


def render(table: EvidenceTable) -> list[ExportFile]:
    files = [ExportFile(".tex", MEDIA_TYPE, render_text(table).encode("utf-8"))]
    if table.bibtex:
        files.append(ExportFile(".bib", BIB_MEDIA_TYPE, table.bibtex.encode("utf-8")))
    return files


FORMAT = TableFormat("tex", "LaTeX", (".tex", ".latex"), MEDIA_TYPE, render)
