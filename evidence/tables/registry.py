"""Export formats by name, and writing a table to files.

Each format module offers ``FORMAT``; adding one means writing the module and listing it here.
"""

from __future__ import annotations

from pathlib import Path

from evidence.errors import EvidenceError
from evidence.tables import (
    csv_format,
    docx_format,
    html_format,
    latex_format,
    markdown_format,
    xlsx_format,
)
from evidence.tables.model import EvidenceTable, ExportFile, TableFormat


class UnsupportedFormat(EvidenceError):
    """The export format named (or implied by the file extension) is not one we write."""


FORMATS: dict[str, TableFormat] = {
    f.name: f
    for f in (
        xlsx_format.FORMAT,
        docx_format.FORMAT,
        csv_format.FORMAT,
        markdown_format.FORMAT,
        latex_format.FORMAT,
        html_format.FORMAT,
    )
}


def format_for(fmt: str | None = None, path: Path | str | None = None) -> TableFormat:
    """The format named ``fmt`` (a name or an extension), else the one ``path``'s extension implies."""
    wanted = fmt if fmt is not None else (Path(path).suffix if path is not None else "")
    name = wanted.lower().lstrip(".")
    for f in FORMATS.values():
        if name == f.name or f".{name}" in f.extensions:
            return f
    known = ", ".join(f"{f.name} ({' '.join(f.extensions)})" for f in FORMATS.values())
    if fmt is None:
        raise UnsupportedFormat(f"cannot tell the export format from {str(path)!r}; use one of: {known}")
    raise UnsupportedFormat(f"unknown export format {fmt!r}; use one of: {known}")


def render(table: EvidenceTable, fmt: str) -> list[ExportFile]:
    """The files of ``table`` in format ``fmt``: the main file first, then any that go beside it."""
    return format_for(fmt).render(table)


def write_table(table: EvidenceTable, path: Path | str, fmt: str | None = None) -> list[Path]:
    """Write ``table`` to ``path`` (format from its extension unless ``fmt`` is given).

    Files that go with the main one (the ``.bib`` of a LaTeX export) are written beside it under the
    same stem. Returns the paths written, the main file first.
    """
    path = Path(path)
    files = format_for(fmt, path).render(table)
    written = []
    for i, f in enumerate(files):
        target = path if i == 0 else path.with_suffix(f.suffix)
        target.write_bytes(f.data)
        written.append(target)
    return written
