"""HTML: one standalone page (no external files), readable in a browser and pasteable into an LMS.

All text is escaped with :func:`html.escape`. The reference entries are not passed through as the
citation formatter's HTML: they are rebuilt from runs (see :mod:`evidence.tables.richtext`), so only
``<i>``, ``<b>`` and ``<a href="http(s)://...">`` that we write ourselves reach the page.
"""

from __future__ import annotations

import hashlib
import re
from html import escape

from evidence.tables.columns import NUMERIC_COLUMNS, text
from evidence.tables.layout import Grid, Value, build_grid
from evidence.tables.model import EvidenceTable, ExportFile, TableFormat
from evidence.tables.richtext import Run, reference_runs

MEDIA_TYPE = "text/html; charset=utf-8"

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem;
       color: #1a1a1a; line-height: 1.4; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
th, td { border: 1px solid #d0d7de; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
thead th { position: sticky; top: 0; background: #ddebf7; z-index: 1; }
tbody tr:nth-child(even) { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.references p { padding-left: 2em; text-indent: -2em; margin: 0.4rem 0; }
@media print { thead th { position: static; } a { color: inherit; } }
""".strip()


def anchor(key: str) -> str:
    """An id for a reference entry that is safe in HTML and URLs (and unique per key)."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "-", key)
    if safe != key:  # "a.b" and "a-b" must not share an id
        safe += "-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return "ref-" + safe


def _cell(value: Value) -> str:
    if value is None:
        return ""
    return "<br>".join(escape(line) for line in str(value).splitlines())


def _runs(runs: list[Run]) -> str:
    out = []
    for run in runs:
        body = escape(run.text)
        if run.bold:
            body = f"<b>{body}</b>"
        if run.italic:
            body = f"<i>{body}</i>"
        if run.href:
            body = f'<a href="{escape(run.href)}" rel="noopener noreferrer">{body}</a>'
        out.append(body)
    return "".join(out)


def _table(grid: Grid, indices: list[int]) -> list[str]:
    lines = ["<table>", "<thead><tr>"]
    lines += [f'<th scope="col">{escape(h)}</th>' for h in grid.headers]
    lines += ["</tr></thead>", "<tbody>"]
    for i in indices:
        cells = []
        for key, value in zip(grid.keys, grid.rows[i], strict=True):
            body = _cell(value)
            entry = grid.references[i]
            if key == "citation" and entry is not None and body:
                body = f'<a href="#{anchor(entry.key)}">{body}</a>'
            cls = ' class="num"' if key in NUMERIC_COLUMNS else ""
            cells.append(f"<td{cls}>{body}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return lines


def render_text(table: EvidenceTable) -> str:
    grid = build_grid(table, sectioned=True)
    title = escape(table.title)
    lines = [
        "<!doctype html>",
        f'<html lang="{table.lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{title}</h1>",
    ]
    if not grid.rows:
        lines.append(f"<p>{escape(text('no_rows', table.lang))}</p>")
    for group, indices in grid.sections():
        if group is not None:
            lines.append(f"<h2>{escape(group)}</h2>")
        lines += _table(grid, indices)
    lines.append(f"<h2>{escape(text('references', table.lang))}</h2>")
    lines.append('<div class="references">')
    for entry in table.references:
        lines.append(f'<p id="{anchor(entry.key)}">{_runs(reference_runs(entry))}</p>')
    if not table.references:
        lines.append(f"<p>{escape(text('no_references', table.lang))}</p>")
    lines += ["</div>", "</body>", "</html>", ""]
    return "\n".join(lines)


def render(table: EvidenceTable) -> list[ExportFile]:
    return [ExportFile(".html", MEDIA_TYPE, render_text(table).encode("utf-8"))]


FORMAT = TableFormat("html", "HTML", (".html", ".htm"), MEDIA_TYPE, render)
