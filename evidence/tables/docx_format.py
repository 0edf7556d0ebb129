"""Word: title, the table (header row repeated on every page), then the APA reference list.

A4, landscape when more than six columns are shown; table text 9 pt. Grouped tables get a heading
and a table per group. Reference entries have a 0.5 inch hanging indent and keep their italics.

Table rows are written as one piece of WordprocessingML parsed at once: python-docx's ``add_row`` and
``cells`` take 7 s for 2,000 rows and grow faster than linearly; this takes about 2 s for 10,000.
"""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape as xml_escape

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches, Mm, Pt, Twips
from docx.text.paragraph import Paragraph

from evidence.tables.columns import NUMERIC_COLUMNS, text
from evidence.tables.layout import Grid, Value, build_grid
from evidence.tables.model import EvidenceTable, ExportFile, TableFormat
from evidence.tables.richtext import Run, reference_runs

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

LANDSCAPE_FROM = 7  # columns
A4 = (Twips(11906), Twips(16838))  # what Word itself writes for 210 x 297 mm
FONT_SIZE = Pt(9)
MARGIN = Mm(20)
HEADER_FILL = "DDEBF7"
LINK_COLOUR = "0563C1"
TABLE_STYLE = "Evidence Table Text"

#: Relative column widths; running text gets the most room.
WEIGHTS = {
    "quote": 3.0,
    "claim": 2.5,
    "title": 2.5,
    "note": 2.0,
    "population": 1.6,
    "setting": 1.5,
    "topics": 1.5,
    "citation": 1.6,
    "study_design": 1.3,
    "provenance": 1.2,
    "reference_key": 1.2,
    "locator": 0.9,
    "sample_size": 0.9,
    "year": 0.7,
}
DEFAULT_WEIGHT = 1.0

# XML 1.0 forbids most control characters; Word refuses a file that has them.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value: str) -> str:
    return _INVALID_XML.sub("", value)


def _t(value: str) -> str:
    return '<w:t xml:space="preserve">' + xml_escape(_clean(value)) + "</w:t>"


def _text_runs(value: str, rpr: str = "") -> str:
    """Runs for a cell's text; line breaks become <w:br/>."""
    parts = []
    for n, line in enumerate(value.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        br = "<w:br/>" if n else ""
        parts.append(f"<w:r>{rpr}{br}{_t(line)}</w:r>")
    return "".join(parts)


class _Links:
    """Relationship ids for external links, one per distinct URL."""

    def __init__(self, document: docx.document.Document) -> None:
        self.part = document.part
        self.ids: dict[str, str] = {}

    def rid(self, url: str) -> str:
        if url not in self.ids:
            self.ids[url] = self.part.relate_to(url, RT.HYPERLINK, is_external=True)
        return self.ids[url]


_LINK_RPR = f'<w:rPr><w:color w:val="{LINK_COLOUR}"/><w:u w:val="single"/></w:rPr>'


def _widths(grid: Grid, usable: int) -> list[int]:
    weights = [WEIGHTS.get(k, DEFAULT_WEIGHT) for k in grid.keys]
    total = sum(weights) or 1.0
    return [int(usable * w / total) for w in weights]


def _table_xml(grid: Grid, indices: list[int], widths: list[int], style_id: str, links: _Links) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'
    ppr_right = f'<w:pPr><w:pStyle w:val="{style_id}"/><w:jc w:val="right"/></w:pPr>'
    border = 'w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"'
    out = [
        f"<w:tbl {nsdecls('w', 'r')}>",
        '<w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>',
        *(f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")),
        '</w:tblBorders><w:tblLayout w:type="fixed"/>',
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>',
        '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/></w:tblPr>',
        "<w:tblGrid>",
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
        # tblHeader: Word repeats this row at the top of every page the table runs onto
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
    ]
    for label, w in zip(grid.headers, widths, strict=True):
        out.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr>'
            f"<w:p>{ppr}{_text_runs(label, '<w:rPr><w:b/></w:rPr>')}</w:p></w:tc>"
        )
    out.append("</w:tr>")
    link_col = grid.keys.index("citation") if "citation" in grid.keys else -1
    tcprs = [f'<w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>' for w in widths]
    numeric = [k in NUMERIC_COLUMNS for k in grid.keys]
    for i in indices:
        out.append("<w:tr>")
        for c, value in enumerate(grid.rows[i]):
            body = _cell_runs(value)
            if c == link_col and grid.links[i] and body:
                rid = links.rid(grid.links[i])
                body = f'<w:hyperlink r:id="{rid}">{_text_runs(str(value), _LINK_RPR)}</w:hyperlink>'
            out.append(f"<w:tc>{tcprs[c]}<w:p>{ppr_right if numeric[c] else ppr}{body}</w:p></w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _cell_runs(value: Value) -> str:
    if value is None:
        return ""
    return _text_runs(value if isinstance(value, str) else str(value))


def _add_runs(paragraph: Paragraph, runs: list[Run], links: _Links) -> None:
    for run in runs:
        if run.href:
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), links.rid(run.href))
            link.append(parse_xml(f"<w:r {nsdecls('w')}>{_LINK_RPR}{_t(run.text)}</w:r>"))
            if run.italic or run.bold:
                rpr = link[0][0]
                for flag, tag in ((run.italic, "w:i"), (run.bold, "w:b")):
                    if flag:
                        rpr.insert(0, OxmlElement(tag))
            paragraph._p.append(link)
        else:
            r = paragraph.add_run(_clean(run.text))
            r.italic = run.italic or None
            r.bold = run.bold or None


def _setup(document: docx.document.Document, table: EvidenceTable, n_columns: int) -> int:
    """Page, fonts and styles; returns the usable width in twentieths of a point."""
    section = document.sections[0]
    section.page_width, section.page_height = A4
    if n_columns >= LANDSCAPE_FROM:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    # the proofing language, so that Word spell-checks Dutch tables in Dutch
    for lang in document.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:val"), "nl-NL" if table.lang == "nl" else "en-GB")
    style = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = normal
    style.font.size = FONT_SIZE
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.0
    document.core_properties.title = _clean(table.title)
    document.core_properties.language = table.lang
    return int((section.page_width - section.left_margin - section.right_margin) / 635)


def render(table: EvidenceTable) -> list[ExportFile]:
    grid = build_grid(table, sectioned=True)
    document = docx.Document()
    usable = _setup(document, table, len(grid.keys))
    style_id = document.styles[TABLE_STYLE].style_id
    widths = _widths(grid, usable)
    links = _Links(document)
    body = document.element.body

    document.add_heading(_clean(table.title), level=1)
    if not grid.rows:
        document.add_paragraph(text("no_rows", table.lang))
    for title, indices in grid.sections():
        if title is not None:
            document.add_heading(_clean(title) or "—", level=2)
        if indices or title is None:
            body._insert_tbl(parse_xml(_table_xml(grid, indices, widths, style_id, links)))

    document.add_heading(text("references", table.lang), level=2)
    for entry in table.references:
        paragraph = document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.left_indent = Inches(0.5)
        fmt.first_line_indent = Inches(-0.5)
        _add_runs(paragraph, reference_runs(entry), links)
    if not table.references:
        document.add_paragraph(text("no_references", table.lang))
    out = io.BytesIO()
    document.save(out)
    return [ExportFile(".docx", MEDIA_TYPE, out.getvalue())]


FORMAT = TableFormat("docx", "Word", (".docx",), MEDIA_TYPE, render)
