"""Markdown: pipe tables (pandoc and GitHub read them), grouped under ``##`` headings, then the references.

Cell text is escaped so that it shows literally: Markdown punctuation gets a backslash, ``|`` cannot
end a cell, line breaks become ``<br>`` (the one piece of HTML we write), and ``<`` is escaped, so a
``<script>`` in a quote stays text in any renderer.
"""

from __future__ import annotations

import re

from evidence.tables.columns import NUMERIC_COLUMNS, text
from evidence.tables.layout import Grid, Value, build_grid
from evidence.tables.model import EvidenceTable, ExportFile, TableFormat
from evidence.tables.richtext import Run, reference_runs

MEDIA_TYPE = "text/markdown; charset=utf-8"

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~^$@#])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_START = re.compile(r"^(\s*)([-+>=]|\d+[.)])")


def escape(value: str) -> str:
    """Inline Markdown for literal text (single line)."""
    value = _SPECIAL.sub(r"\\\1", value)
    return _ENTITY.sub(r"\\&", value)


def _cell(value: Value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    lines = [escape(line.strip()) for line in value.strip().splitlines()]
    return "<br>".join(line for line in lines if line)


def _inline(text_: str) -> str:
    return " ".join(escape(text_).split())


def _link_target(href: str) -> str:
    return href.replace("(", "%28").replace(")", "%29").replace("|", "%7C")


def _runs(runs: list[Run]) -> str:
    out = []
    for run in runs:
        body = _inline(run.text)
        if run.href and run.text.strip() == run.href:
            out.append(f"<{_link_target(run.href)}>")
            continue
        if not body:
            out.append(" " if run.text else "")
            continue
        lead = " " if run.text[:1].isspace() else ""
        trail = " " if run.text[-1:].isspace() else ""
        if run.bold:
            body = f"**{body}**"
        if run.italic:
            body = f"*{body}*"
        if run.href:
            body = f"[{body}]({_link_target(run.href)})"
        out.append(lead + body + trail)
    paragraph = "".join(out).strip()
    # a reference that starts like a list item or quote must stay a paragraph
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), paragraph, count=1)


def _table(grid: Grid, indices: list[int]) -> list[str]:
    align = ["---:" if k in NUMERIC_COLUMNS else "---" for k in grid.keys]
    lines = [
        "| " + " | ".join(escape(h) for h in grid.headers) + " |",
        "| " + " | ".join(align) + " |",
    ]
    link_col = grid.keys.index("citation") if "citation" in grid.keys else -1
    for i in indices:
        cells = [_cell(v) for v in grid.rows[i]]
        if link_col >= 0 and grid.links[i] and cells[link_col]:
            cells[link_col] = f"[{cells[link_col]}]({_link_target(grid.links[i])})"
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def render_text(table: EvidenceTable) -> str:
    grid = build_grid(table, sectioned=True)
    lines = [f"# {_inline(table.title)}", ""]
    if not grid.rows:
        lines += [escape(text("no_rows", table.lang)), ""]
    for title, indices in grid.sections():
        if title is not None:
            lines += [f"## {_inline(title) or '—'}", ""]
        if indices or title is None:
            lines += [*_table(grid, indices), ""]
    lines += [f"## {escape(text('references', table.lang))}", ""]
    for entry in table.references:
        lines += [_runs(reference_runs(entry)), ""]
    if not table.references:
        lines += [escape(text("no_references", table.lang)), ""]
    return "\n".join(lines)


def render(table: EvidenceTable) -> list[ExportFile]:
    return [ExportFile(".md", MEDIA_TYPE, render_text(table).encode("utf-8"))]


FORMAT = TableFormat("md", "Markdown", (".md", ".markdown"), MEDIA_TYPE, render)
