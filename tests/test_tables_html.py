"""HTML export, parsed back with html.parser."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from evidence.tables import render
from evidence.tables.html_format import anchor
from evidence.tables.richtext import Run, runs_from_html, runs_from_markdown, safe_href
from tests.tables_fixtures import SCRIPT, expected_cells, references, table


class Page(HTMLParser):
    """Tables (header and cell text), headings, reference paragraphs and every tag seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.tables: list[dict[str, list]] = []
        self.headings: list[tuple[str, str]] = []
        self.references: list[dict[str, object]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._heading: list[str] | None = None
        self._ref: dict[str, object] | None = None
        self._in_refs = False
        self._italic = 0
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "table":
            self.tables.append({"header": [], "rows": []})
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")
        elif tag in ("h1", "h2"):
            self._heading = []
        elif tag == "div" and a.get("class") == "references":
            self._in_refs = True
        elif tag == "p" and self._in_refs:
            self._ref = {"id": a.get("id"), "text": [], "italic": [], "links": []}
        elif tag == "i" and self._ref is not None:
            self._italic += 1
        elif tag == "a" and self._ref is not None:
            self._ref["links"].append(a.get("href"))  # type: ignore[union-attr]

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell))  # type: ignore[union-attr]
            self._cell = None
        elif tag == "tr" and self._row is not None:
            kind = "header" if not self.tables[-1]["header"] else "rows"
            if kind == "header":
                self.tables[-1]["header"] = self._row
            else:
                self.tables[-1]["rows"].append(self._row)
            self._row = None
        elif tag in ("h1", "h2") and self._heading is not None:
            self.headings.append((tag, "".join(self._heading)))
            self._heading = None
        elif tag == "p" and self._ref is not None:
            self._ref["text"] = "".join(self._ref["text"])  # type: ignore[arg-type]
            self.references.append(self._ref)
            self._ref = None
        elif tag == "div":
            self._in_refs = False
        elif tag == "i" and self._ref is not None:
            self._italic -= 1

    def handle_data(self, data):
        for target in (self._cell, self._heading):
            if target is not None:
                target.append(data)
        if self._ref is not None:
            self._ref["text"].append(data)  # type: ignore[union-attr]
            if self._italic:
                self._ref["italic"].append(data)  # type: ignore[union-attr]


def _page(t) -> tuple[Page, str]:
    files = render(t, "html")
    assert [f.suffix for f in files] == [".html"]
    html = files[0].data.decode("utf-8")
    page = Page()
    page.feed(html)
    page.close()
    return page, html


def test_standalone_page_with_charset_and_sticky_header():
    page, html = _page(table())
    assert page.doctype.lower() == "doctype html"
    assert ("meta", {"charset": "utf-8"}) in page.tags
    assert ("html", {"lang": "en"}) in page.tags
    assert "position: sticky" in html
    assert not any(tag in ("script", "link", "img", "iframe") for tag, _ in page.tags)


def test_cells_match_and_script_comes_out_escaped():
    t = table()
    page, html = _page(t)
    (tbl,) = page.tables
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
    assert SCRIPT in [c for row in tbl["rows"] for c in row]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_references_rebuilt_safely_with_italics_links_and_anchors():
    page, html = _page(table())
    assert [r["text"] for r in page.references] == [r.text for r in references()]
    assert page.references[0]["italic"] == ["Journal of Education", "12"]
    assert page.references[0]["links"] == ["https://doi.org/10.1234/jed.2020.001"]
    # the javascript: link and the <script> in the citeproc HTML do not survive; the URL shown
    # as the link's text is itself a safe link
    assert page.references[1]["links"] == ["https://www.nji.nl/passend"]
    assert "javascript" not in html and "alert(2)" not in html
    allowed = {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "h1",
        "h2",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "br",
        "a",
        "p",
        "div",
        "i",
        "b",
    }
    assert {tag for tag, _ in page.tags} <= allowed
    # citation cells jump to their entry
    ids = [r["id"] for r in page.references]
    assert ids == ["ref-smith2020", "ref-nji2019", "ref-vanbeek2021a"]
    assert ("a", {"href": "#ref-smith2020"}) in page.tags


def test_grouped_by_claim_in_dutch():
    page, _ = _page(table(group_by="claim", lang="nl"))
    assert page.headings == [
        ("h1", "Bewijs: inclusie & steun"),
        ("h2", "Inclusion improves social skills"),
        ("h2", "Teachers need support"),
        ("h2", "Literatuur"),
    ]
    assert [len(x["rows"]) for x in page.tables] == [3, 1]
    assert page.tables[0]["header"][:2] == ["Onderwerpen", "Strekking"]
    assert page.tables[1]["rows"][0][1] == "gemengd"
    assert ("html", {"lang": "nl"}) in page.tags


def test_runs_from_html():
    runs = runs_from_html(
        'A <i>B</i> <span style="font-style:italic">C <span style="font-style:normal">D</span></span>'
        ' <a href="https://x.org/a">E</a> <a href="javascript:f()">F</a><script>G</script>'
        "<style>p{}</style> &amp; H"
    )
    assert runs == [
        Run("A "),
        Run("B", italic=True),
        Run(" "),
        Run("C ", italic=True),
        Run("D "),
        Run("E", href="https://x.org/a"),
        Run(" F & H"),
    ]


def test_runs_from_markdown():
    assert runs_from_markdown(r"A *B* \*not\* **C** <https://d.org/x> [E](https://e.org) 2 * 3") == [
        Run("A "),
        Run("B", italic=True),
        Run(" *not* "),
        Run("C", bold=True),
        Run(" "),
        Run("https://d.org/x", href="https://d.org/x"),
        Run(" "),
        Run("E", href="https://e.org"),
        Run(" 2 * 3"),
    ]


def test_anchors_are_unique_and_safe():
    assert anchor("smith2020") == "ref-smith2020"
    assert anchor("a.b") != anchor("a-b")
    assert re.fullmatch(r"ref-[A-Za-z0-9_-]+", anchor('x"><script>'))


def test_safe_href():
    assert safe_href("https://doi.org/10.1/x") == "https://doi.org/10.1/x"
    assert safe_href(" http://a.nl/b ") == "http://a.nl/b"
    for bad in [
        "javascript:alert(1)",
        "data:text/html,x",
        "//evil.org",
        "https://a b",
        'https://a"b',
        "ftp://a",
        "",
        None,
    ]:
        assert safe_href(bad) is None


# What the citation formatter (pandoc citeproc) gives for a title with markup-like characters.
CITEPROC_TEXT = (
    "Smith, A., & Jones, B. (2020). Inclusive <classrooms> & *stars* 50% $x$ _under_. "
    "Journal of Education, 12(3), 1–20. https://doi.org/10.1234/jed.2020.001"
)
CITEPROC_HTML = (
    "Smith, A., &amp; Jones, B. (2020). Inclusive &lt;classrooms&gt; &amp; *stars* 50% $x$ _under_. "
    "<i>Journal of Education</i>, <i>12</i>(3), 1–20. "
    '<a href="https://doi.org/10.1234/jed.2020.001">https://doi.org/10.1234/jed.2020.001</a>'
)
CITEPROC_MARKDOWN = (
    "Smith, A., & Jones, B. (2020). Inclusive \\<classrooms\\> & \\*stars\\* 50% \\$x\\$ \\_under\\_. "
    "*Journal of Education*, *12*(3), 1–20. <https://doi.org/10.1234/jed.2020.001>"
)


def test_citeproc_html_and_markdown_give_the_same_runs():
    from_html = runs_from_html(CITEPROC_HTML)
    from_markdown = runs_from_markdown(CITEPROC_MARKDOWN)
    assert from_html == from_markdown
    assert "".join(r.text for r in from_html) == CITEPROC_TEXT
    assert [r.text for r in from_html if r.italic] == ["Journal of Education", "12"]
    assert [r.href for r in from_html if r.href] == ["https://doi.org/10.1234/jed.2020.001"]
