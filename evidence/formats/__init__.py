"""Bibliographic file formats: one module per format, each registered here by name.

A format module offers ``parse(text: str, source: str) -> ParseResult`` and
``write(records: list[Record]) -> str``; ``FORMATS`` maps the format's name to a :class:`FormatSpec`
so that the importer, the exporter and the CLI never list formats themselves::

    FORMATS["ris"].parse(text, "export.ris")      # -> ParseResult
    FORMATS["csljson"].write(records)             # -> str
    guess_format(text, "export.ris")              # -> "ris"

Modules are imported on first use, so that importing the registry stays cheap and a format's
dependencies load only when that format is used. Text reaches ``parse`` already decoded; use
:func:`evidence.formats.textio.decode` or ``read_text`` for bytes and files.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import ModuleType

from evidence.errors import InvalidInput, Problem
from evidence.records import ROLES, Record, normalise_doi


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


@dataclass(frozen=True, slots=True)
class FormatSpec:
    """One registered format: its name, what it is called and its files' extensions."""

    name: str
    label: str
    extensions: tuple[str, ...]  # with the dot, the one to write first: (".ris", ".txt")
    media_type: str
    module: str  # dotted path of the module with parse() and write()

    def _module(self) -> ModuleType:
        return importlib.import_module(self.module)

    def parse(self, text: str, source: str) -> ParseResult:
        return self._module().parse(text, source)

    def write(self, records: Sequence[Record]) -> str:
        return self._module().write(list(records))


FORMATS: dict[str, FormatSpec] = {
    spec.name: spec
    for spec in (
        FormatSpec("bibtex", "BibTeX", (".bib", ".bibtex"), "application/x-bibtex",
                   "evidence.formats.bibtex"),
        FormatSpec("ris", "RIS", (".ris",), "application/x-research-info-systems",
                   "evidence.formats.ris"),
        FormatSpec("csljson", "CSL-JSON", (".json", ".csl.json", ".csljson"),
                   "application/vnd.citationstyles.csl+json", "evidence.formats.csljson"),
    )
}  # fmt: skip

_BIBTEX_ENTRY = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.MULTILINE)
_RIS_START = re.compile(r"^TY  -", re.MULTILINE)
# Keys every CSL-JSON item has (or nearly every one), as JSON object keys.
_CSL_KEY = re.compile(r'"(?:id|type|title|author|issued|container-title|DOI)"\s*:')
_SNIFF = 65536


def format_for_filename(filename: str | None) -> str | None:
    """The format a file name's extension suggests, or None."""
    if not filename:
        return None
    lower = filename.lower()
    best: tuple[int, str] | None = None
    for spec in FORMATS.values():
        for ext in spec.extensions:
            if lower.endswith(ext) and (best is None or len(ext) > best[0]):
                best = (len(ext), spec.name)
    return best[1] if best else None


def guess_format(text: str, filename: str | None = None) -> str:
    """The name of the format ``text`` is in, from its content first and its file name second.

    BibTeX has ``@type{`` entries, RIS has ``TY  -`` lines, CSL-JSON is a JSON array or object with
    CSL keys. When content fits more than one (a RIS abstract that quotes ``@article{``), the
    extension decides, then whichever marker comes first. An empty file is read by its extension.
    Raises :class:`InvalidInput` naming the supported formats when nothing fits.
    """
    head = text[:_SNIFF].lstrip("\ufeff \t\r\n")
    by_name = format_for_filename(filename)
    found: dict[str, int] = {}
    if head[:1] in ("[", "{") and (_CSL_KEY.search(head) or re.fullmatch(r"\[\s*\]", head.strip())):
        found["csljson"] = 0
    if m := _RIS_START.search(head):
        found["ris"] = m.start()
    if m := _BIBTEX_ENTRY.search(head):
        found["bibtex"] = m.start()
    if by_name in found:
        return by_name
    if found:
        return min(found, key=lambda name: found[name])
    if not head.strip() and by_name:
        return by_name
    supported = "; ".join(f"{s.label} ({', '.join(s.extensions)})" for s in FORMATS.values())
    message = f"cannot tell which bibliography format this file is in; supported: {supported}"
    raise InvalidInput([Problem(message, source=filename)])


def same_content(a: Record, b: Record) -> bool:
    """Whether two records describe a work identically, citekey, provenance and review aside.

    Writers use it to decide whether a record is still what its ``source`` says (and can be written
    back exactly as it was read) or has been edited since. DOIs compare normalised and contributors
    per role, because that is how the store keeps them.
    """

    def canonical(r: Record) -> Record:
        order = {role: i for i, role in enumerate(ROLES)}
        people = sorted(r.contributors, key=lambda c: order.get(c.role, len(order)))
        return dataclasses.replace(
            r,
            key="",
            source=None,
            line=None,
            verification_status="",
            verification_note=None,
            doi=normalise_doi(r.doi),
            contributors=people,
        )

    return canonical(a) == canonical(b)
