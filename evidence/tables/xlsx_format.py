"""Excel: the table on sheet 1 (filterable, header frozen), the APA reference list on sheet 2.

Grouped tables stay one flat, filterable table: every row repeats its group's value (an autofilter
needs a value in every row) and alternate groups are shaded. The citation cell links to the
reference's DOI or URL. Text is always written with ``write_string``/``write_rich_string``, never
``write``, so nothing a user typed can become a formula or a link we did not make.
"""

from __future__ import annotations

import io
import math
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from evidence.tables.columns import text
from evidence.tables.layout import Grid, build_grid, reference_link
from evidence.tables.model import EvidenceTable, ExportFile, TableFormat
from evidence.tables.richtext import reference_runs
from evidence.tables.safety import FORMULA_TRIGGERS, is_formula_like

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Widest a column gets, in characters; running text wraps within it.
MAX_WIDTH = {"quote": 60, "claim": 50, "title": 50, "note": 40}
DEFAULT_MAX_WIDTH = 30
MIN_WIDTH = 8
MAX_CELL = 32_767  # Excel's limit on text in a cell
MAX_URL = 2_079  # Excel's limit on a hyperlink
MAX_LINKS = 65_530  # Excel's limit on hyperlinks per worksheet

HEADER_FILL = "#DDEBF7"
BAND_FILL = "#F2F2F2"
LINK_COLOUR = "#0563C1"


class _Formats:
    """xlsxwriter formats, made once per combination (a workbook has a limit on formats)."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self.cache: dict[tuple[Any, ...], Any] = {}

    def get(
        self,
        *,
        band: bool = False,
        link: bool = False,
        quoted: bool = False,
        italic: bool = False,
        bold: bool = False,
        header: bool = False,
    ) -> Any:
        key = (band, link, quoted, italic, bold, header)
        if key not in self.cache:
            props: dict[str, Any] = {"valign": "top", "text_wrap": True}
            if band:
                props["bg_color"] = BAND_FILL
            if link:
                props |= {"font_color": LINK_COLOUR, "underline": 1}
            if quoted:
                props["quote_prefix"] = True
            if italic:
                props["italic"] = True
            if bold:
                props["bold"] = True
            if header:
                props |= {"bold": True, "bg_color": HEADER_FILL, "bottom": 1}
            self.cache[key] = self.book.add_format(props)
        return self.cache[key]


def _clip(value: str) -> str:
    return value if len(value) <= MAX_CELL else value[: MAX_CELL - 1] + "…"


def _widths(grid: Grid) -> list[float]:
    widths = []
    for c, key in enumerate(grid.keys):
        longest = len(grid.headers[c]) + 3  # room for the filter button
        for row in grid.rows:
            value = row[c]
            if value is None:
                continue
            if isinstance(value, str):
                n = max(len(line) for line in value.split("\n")) if "\n" in value else len(value)
            else:
                n = len(str(value))
            if n > longest:
                longest = n
        widths.append(max(MIN_WIDTH, min(longest + 1, MAX_WIDTH.get(key, DEFAULT_MAX_WIDTH))))
    return widths


LINE_HEIGHT = 15  # points per line of 11 pt text
MAX_ROW_HEIGHT = 409  # Excel's limit


def _row_height(values: list[Any], widths: list[float]) -> float | None:
    """Points for a row whose wrapped text needs several lines; None for one line.

    Neither Excel nor LibreOffice grows a row for wrapped text written by a library (seen in
    LibreOffice: quotes drawn over the rows below), so the height is estimated from the text: a
    column width unit holds about 1.1 characters of proportional text.
    """
    lines = 1
    for value, width in zip(values, widths, strict=False):
        if isinstance(value, str) and value:
            per_line = max(1.0, width * 1.1)
            n = sum(math.ceil(max(1, len(part)) / per_line) for part in value.split("\n"))
            lines = max(lines, n)
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT) if lines > 1 else None


def _write_text(ws: Worksheet, r: int, c: int, value: str, fmts: _Formats, band: bool) -> None:
    ws.write_string(r, c, _clip(value), fmts.get(band=band, quoted=is_formula_like(value)))


def _evidence_sheet(ws: Worksheet, grid: Grid, fmts: _Formats) -> None:
    header = fmts.get(header=True)
    for c, label in enumerate(grid.headers):
        ws.write_string(0, c, label, header)
    widths = _widths(grid)
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    link_col = grid.keys.index("citation") if "citation" in grid.keys else -1
    # formats looked up once: [band] -> format (this loop runs once per cell)
    plain = [fmts.get(band=b) for b in (False, True)]
    quoted = [fmts.get(band=b, quoted=True) for b in (False, True)]
    linked = [fmts.get(band=b, link=True) for b in (False, True)]
    banded = bool(grid.group_titles)
    links = 0
    write_string, write_number, write_blank = ws.write_string, ws.write_number, ws.write_blank
    for i, row in enumerate(grid.rows):
        r = i + 1
        band = int(banded and grid.groups[i] % 2 == 1)
        link = grid.links[i]
        height = _row_height(row, widths)
        if height:  # before the row's cells: constant-memory mode writes rows in order
            ws.set_row(r, height)
        for c, value in enumerate(row):
            if c == link_col and link and links < MAX_LINKS and len(link) <= MAX_URL:
                shown = _clip(str(value)) if value is not None else link
                ws.write_url(r, c, link, linked[band], string=shown, tip=link)
                links += 1
            elif value is None:
                write_blank(r, c, None, plain[band])
            elif isinstance(value, str):
                fmt = quoted[band] if value.startswith(FORMULA_TRIGGERS) else plain[band]
                write_string(r, c, value if len(value) <= MAX_CELL else _clip(value), fmt)
            else:
                write_number(r, c, value, plain[band])
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(grid.rows), max(len(grid.keys) - 1, 0))
    _print_setup(ws, landscape=True)


def _print_setup(ws: Worksheet, *, landscape: bool) -> None:
    """Printed, a sheet is as wide as the page, on A4, with the header row on every page: by default
    a printer split the table into one column per page."""
    if landscape:
        ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as it takes
    ws.repeat_rows(0)


def _references_sheet(ws: Worksheet, table: EvidenceTable, fmts: _Formats) -> None:
    header = fmts.get(header=True)
    ws.write_string(0, 0, text("reference", table.lang), header)
    ws.write_string(0, 1, text("link", table.lang), header)
    ws.set_column(0, 0, 100)
    ws.set_column(1, 1, 40)
    for i, entry in enumerate(table.references):
        r = i + 1
        height = _row_height([entry.text], [100])
        if height:
            ws.set_row(r, height)
        runs = [run for run in reference_runs(entry) if run.text]
        written = -1
        if any(run.italic or run.bold for run in runs) and len(runs) > 1:
            fragments: list[Any] = []
            for run in runs:
                if run.italic or run.bold:
                    fragments.append(fmts.get(italic=run.italic, bold=run.bold))
                fragments.append(run.text)
            written = ws.write_rich_string(r, 0, *fragments, fmts.get())
        if written < 0:  # no styling, or xlsxwriter refused the fragments: plain text then
            _write_text(ws, r, 0, entry.text, fmts, band=False)
        link = reference_link(entry)
        if link and len(link) <= MAX_URL:
            ws.write_url(r, 1, link, fmts.get(link=True), string=link)
    ws.freeze_panes(1, 0)
    _print_setup(ws, landscape=False)


def render(table: EvidenceTable) -> list[ExportFile]:
    grid = build_grid(table, sectioned=False)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out,
        {
            # rows go to a temporary file as they are written: memory stays flat for 100k rows
            # (in_memory would hold every row's XML: 60 MB for 10k rows instead of 16)
            "constant_memory": True,
            # belt and braces: we never call write(), but no string is to be guessed at
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    book.set_properties({"title": table.title})
    fmts = _Formats(book)
    _evidence_sheet(book.add_worksheet(_sheet_name(text("evidence", table.lang))), grid, fmts)
    _references_sheet(book.add_worksheet(_sheet_name(text("references", table.lang))), table, fmts)
    book.close()
    return [ExportFile(".xlsx", MEDIA_TYPE, out.getvalue())]


def _sheet_name(name: str) -> str:
    return "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "Sheet"


FORMAT = TableFormat("xlsx", "Excel", (".xlsx",), MEDIA_TYPE, render)
