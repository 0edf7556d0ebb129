"""CSV: the flat table, UTF-8 with a byte-order mark so that Excel reads the accents right.

The APA reference of each row is an extra last column ("Reference"/"Referentie") rather than a list
under the table: a CSV is read by pandas, R and spreadsheet filters, and trailing lines of another
shape would become bogus data rows. The reference list is the distinct values of that column.
Formula-like text is prefixed with ``'`` (see :mod:`evidence.tables.safety`).
"""

from __future__ import annotations

import csv
import io

from evidence.tables.columns import text
from evidence.tables.layout import build_grid
from evidence.tables.model import EvidenceTable, ExportFile, TableFormat
from evidence.tables.safety import neutralise

MEDIA_TYPE = "text/csv; charset=utf-8"


def render(table: EvidenceTable) -> list[ExportFile]:
    grid = build_grid(table, sectioned=False)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in [*grid.headers, text("reference", table.lang)]])
    for row, entry in zip(grid.rows, grid.references, strict=True):
        cells = ["" if v is None else neutralise(v) for v in row]
        cells.append(neutralise(entry.text) if entry else "")
        writer.writerow(cells)
    return [ExportFile(".csv", MEDIA_TYPE, ("\ufeff" + out.getvalue()).encode("utf-8"))]


FORMAT = TableFormat("csv", "CSV", (".csv",), MEDIA_TYPE, render)
