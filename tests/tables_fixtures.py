"""Hand-made evidence tables for the export tests: awkward text on purpose."""

from __future__ import annotations

import pandas as pd

from evidence.tables import EvidenceTable, ReferenceEntry

EVIL_FORMULAS = ['=HYPERLINK("http://evil","x")', "+1", "-2+3", "@SUM(A1)"]
SCRIPT = '<script>alert("x")</script> a | pipe'
LATEX_SPECIALS = r"50% of $5 & #1 {x} ~ ^ \ _under -- dash"
UNICODE = "Café – ‘quoted’ “double” ë ≥ 5 α"

BIBTEX = """@article{smith2020,
  author = {Smith, Anna and Jones, Bob},
  title = {Inclusive classrooms},
  journal = {Journal of Education},
  year = {2020},
  volume = {12},
  pages = {1--20},
  doi = {10.1234/jed.2020.001},
}
"""


def references() -> list[ReferenceEntry]:
    return [
        ReferenceEntry(
            key="smith2020",
            citation="(Smith & Jones, 2020)",
            text="Smith, A., & Jones, B. (2020). Inclusive classrooms. Journal of Education, 12, "
            "1–20. https://doi.org/10.1234/jed.2020.001",
            html='<div class="csl-entry">Smith, A., &amp; Jones, B. (2020). Inclusive classrooms. '
            "<i>Journal of Education</i>, <i>12</i>, 1–20. "
            '<a href="https://doi.org/10.1234/jed.2020.001">https://doi.org/10.1234/jed.2020.001</a></div>',
            markdown="Smith, A., & Jones, B. (2020). Inclusive classrooms. *Journal of Education*, "
            "*12*, 1–20. <https://doi.org/10.1234/jed.2020.001>",
            doi="10.1234/jed.2020.001",
            url=None,
        ),
        ReferenceEntry(
            key="nji2019",
            citation="(Nederlands Jeugdinstituut, 2019)",
            text="Nederlands Jeugdinstituut. (2019). Passend onderwijs: 50% & meer <script>. "
            "https://www.nji.nl/passend",
            html="Nederlands Jeugdinstituut. (2019). <em>Passend onderwijs: 50% &amp; meer "
            '&lt;script&gt;</em>. <a href="javascript:alert(1)">https://www.nji.nl/passend</a>'
            "<script>alert(2)</script>",
            markdown="Nederlands Jeugdinstituut. (2019). *Passend onderwijs: 50% & meer \\<script\\>*. "
            "<https://www.nji.nl/passend>",
            doi=None,
            url="https://www.nji.nl/passend",
        ),
        ReferenceEntry(
            key="vanbeek2021a",
            citation="(van Beek, 2021a)",
            text="van Beek, G. (2021a). Teachers_and {support} #1 ~ ^. Uitgeverij Één.",
            html="van Beek, G. (2021a). <i>Teachers_and {support} #1 ~ ^</i>. Uitgeverij Één.",
            markdown="van Beek, G. (2021a). *Teachers\\_and {support} #1 \\~ \\^*. Uitgeverij Één.",
            doi=None,
            url=None,
        ),
    ]


def rows() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "claim": "Inclusion improves social skills",
                "topics": ["Inclusion", "Social development"],
                "stance": "supports",
                "citation": "(Smith & Jones, 2020)",
                "locator": "p. 4",
                "quote": EVIL_FORMULAS[0],
                "study_design": "systematic-review",
                "population": "Primary school pupils",
                "certainty": "moderate",
                "sample_size": 1200,
                "year": 2020,
                "reference_key": "smith2020",
                "doi": "10.1234/jed.2020.001",
            },
            {
                "claim": "Inclusion improves social skills",
                "topics": "Inclusion",
                "stance": "contradicts",
                "citation": "(van Beek, 2021a)",
                "locator": EVIL_FORMULAS[1],
                "quote": EVIL_FORMULAS[2],
                "study_design": "cohort",
                "population": EVIL_FORMULAS[3],
                "certainty": "very low",
                "sample_size": None,
                "year": 2021,
                "reference_key": "vanbeek2021a",
                "doi": None,
            },
            {
                "claim": "Teachers need support",
                "topics": "Teachers",
                "stance": "mixed",
                "citation": "(Nederlands Jeugdinstituut, 2019)",
                "locator": "section 2",
                "quote": SCRIPT,
                "study_design": "policy-document",
                "population": LATEX_SPECIALS,
                "certainty": "low",
                "sample_size": 35,
                "year": 2019,
                "reference_key": "nji2019",
                "doi": None,
            },
            {
                "claim": "Inclusion improves social skills",
                "topics": "Inclusion",
                "stance": "mentions",
                "citation": "(Nederlands Jeugdinstituut, 2019)",
                "locator": "p. 7",
                "quote": UNICODE + "\nsecond line",
                "study_design": "qualitative",
                "population": "Teachers",
                "certainty": "high",
                "sample_size": 12,
                "year": 2019,
                "reference_key": "nji2019",
                "doi": None,
            },
        ]
    )


COLUMNS = [
    "claim",
    "topics",
    "stance",
    "citation",
    "locator",
    "quote",
    "study_design",
    "population",
    "certainty",
    "sample_size",
]


def table(
    lang: str = "en", group_by: str | None = None, columns: list[str] | None = None, n_copies: int = 1
) -> EvidenceTable:
    df = rows()
    if n_copies > 1:
        df = pd.concat([df] * n_copies, ignore_index=True)
    return EvidenceTable(
        rows=df,
        columns=list(columns or COLUMNS),
        lang=lang,  # type: ignore[arg-type]
        group_by=group_by,  # type: ignore[arg-type]
        references=references(),
        title="Evidence: Inclusion & support" if lang == "en" else "Bewijs: inclusie & steun",
        bibtex=BIBTEX,
    )


# --- reading exports back with pandoc -----------------------------------------------------------


def pandoc_ast(data: bytes | str, fmt: str) -> dict:
    """The pandoc JSON AST of a document (pandoc from pypandoc-binary)."""
    import json
    import subprocess

    import pypandoc

    text = data.decode("utf-8") if isinstance(data, bytes) else data
    out = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", fmt, "-t", "json"],
        input=text.encode("utf-8"),
        capture_output=True,
        check=True,
    )
    return json.loads(out.stdout)


def stringify(node: object) -> str:
    """Plain text of AST inlines/blocks; line breaks (and <br>) as newlines, raw LaTeX kept."""
    if isinstance(node, list):
        return "".join(stringify(n) for n in node)
    if not isinstance(node, dict):
        return ""
    t, c = node.get("t"), node.get("c")
    if t == "Str":
        return c  # type: ignore[return-value]
    if t in ("Space", "SoftBreak"):
        return " "
    if t == "LineBreak":
        return "\n"
    if t in ("Code", "Math"):
        return c[1]  # type: ignore[index]
    if t == "RawInline":
        fmt, raw = c  # type: ignore[misc]
        return "\n" if fmt == "html" and raw.lower().startswith("<br") else raw
    if t in ("Link", "Image", "Span", "Cite"):
        return stringify(c[1])  # type: ignore[index]
    if t == "Quoted":
        kind, inner = c  # type: ignore[misc]
        q = ("‘", "’") if kind["t"] == "SingleQuote" else ("“", "”")
        return q[0] + stringify(inner) + q[1]
    if t in (
        "Plain",
        "Para",
        "Emph",
        "Strong",
        "Underline",
        "Strikeout",
        "Superscript",
        "Subscript",
        "SmallCaps",
    ):
        return stringify(c)
    if t == "Div":
        return "\n".join(stringify(b) for b in c[1])  # type: ignore[index]
    return ""


def _row_cells(row: list) -> list[str]:
    return ["\n".join(stringify(b) for b in cell[4]) for cell in row[1]]


def pandoc_tables(ast: dict) -> list[dict]:
    """Each table as {"header": [...], "rows": [[...], ...]} in document order."""
    tables = []
    for block in ast["blocks"]:
        if block["t"] != "Table":
            continue
        _attr, _caption, _specs, head, bodies, _foot = block["c"]
        header = [_row_cells(r) for r in head[1]]
        rows = [_row_cells(r) for body in bodies for r in body[2] + body[3]]
        tables.append({"header": header[0] if header else [], "rows": rows})
    return tables


def pandoc_headers(ast: dict) -> list[tuple[int, str]]:
    return [(b["c"][0], stringify(b["c"][2])) for b in ast["blocks"] if b["t"] == "Header"]


def expected_cells(t: EvidenceTable, *, drop: str | None = None) -> list[list[str]]:
    """The display text each exported row should show (labels applied, '' for empty)."""
    from evidence.tables.layout import build_grid

    grid = build_grid(t, sectioned=drop is not None)
    return [["" if v is None else str(v) for v in row] for row in grid.rows]
