"""Bibliographic file formats: one module per format, each registered here by name.

A format module offers ``parse(text: str, source: str) -> ParseResult`` and
``write(records: list[Record]) -> str``; ``FORMATS`` maps the format's name to the module so that
the importer, the exporter and the CLI never list formats themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evidence.errors import Problem
from evidence.records import Record


@dataclass(slots=True)
class ParseResult:
    """What a parser found in one file.

    ``count`` is the number of records the file holds (parsed or not), so that callers can check
    ``len(records) + records skipped for problems == count``. Problems that did not prevent a record
    from being read are attached with ``fatal=False`` semantics by living in ``warnings``.
    """

    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # each one: a record that was not read
    warnings: list[Problem] = field(default_factory=list)  # records read, with something to note
    count: int = 0
