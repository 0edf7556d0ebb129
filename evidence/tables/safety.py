"""Keep cell text from turning into spreadsheet formulas (CSV/formula injection).

Excel, LibreOffice and Google Sheets evaluate a cell whose text starts with ``=``, ``+``, ``-`` or
``@`` (and some of them skip a leading tab or line break first), so a quote such as
``=HYPERLINK("http://evil","x")`` would become a live link or a command. pandas writes such strings
as formulas. Numbers are not text and stay numbers.

- CSV: prefix the text with ``'``, as OWASP's CSV-injection guidance says; spreadsheets then show
  it as text.
- Excel: the text is written as a string cell (never through a method that guesses formulas) and
  given a quote-prefix format, so that it also stays text when someone edits the cell.
"""

from __future__ import annotations

from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def is_formula_like(value: Any) -> bool:
    """True for text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def neutralise(value: Any) -> Any:
    """The CSV-safe form of one cell: formula-like text gets a leading ``'``, the rest is unchanged."""
    return "'" + value if is_formula_like(value) else value
