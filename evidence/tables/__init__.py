"""Evidence tables as files: CSV, Excel, Word, Markdown, LaTeX and HTML.

Build an :class:`EvidenceTable` (rows from the query layer, the APA reference list from the citation
formatter), then ``render(table, "xlsx")`` for the files as bytes (the main file first, then any that
go beside it, like the ``.bib`` of a LaTeX export) or ``write_table(table, path)`` to write them.
Formats are registered by name in ``FORMATS``; ``format_for`` finds one by name or file extension.
"""

from evidence.tables.columns import COLUMNS, DEFAULT_COLUMNS
from evidence.tables.model import EvidenceTable, ExportFile, ReferenceEntry, TableFormat
from evidence.tables.registry import FORMATS, UnsupportedFormat, format_for, render, write_table

__all__ = [
    "COLUMNS",
    "DEFAULT_COLUMNS",
    "FORMATS",
    "EvidenceTable",
    "ExportFile",
    "ReferenceEntry",
    "TableFormat",
    "UnsupportedFormat",
    "format_for",
    "render",
    "write_table",
]
