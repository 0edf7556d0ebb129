"""CSL-JSON: the citation data of Zotero, pandoc, citeproc-js and Manubot.

A file is a JSON array of items, or one item. What real files hold, and what we do with it:

- ``id`` is a string or a number; numbers become string citekeys.
- Dates are ``{"date-parts": [[2019, 5, 3]]}`` with integers or numeric strings, one to three
  parts, two lists for a range, or ``raw`` / ``literal`` text; ``season`` and ``circa`` ride along.
  ``Record.date`` takes the date as text ("2019-05", "2019/2020", or the literal text); date
  members the model has no place for (``season``, ``circa``, a ``raw`` next to ``date-parts``)
  stay in ``extra`` under the date's name and are put back on export.
- Names: ``family``/``given`` with ``non-dropping-particle`` or ``dropping-particle`` (both become
  the name's particle), ``suffix``, or ``literal`` for organisations and unparsed names.
- ``keyword`` is one comma- or semicolon-separated string.
- Every key the model does not hold lands in ``Record.extra`` verbatim: CSL variables we do not
  model (``PMID``, ``number``, ``original-date``, ``composer`` ...) and keys that are not CSL at
  all. The entries of a ``custom`` object are unpacked into ``extra`` too (see below).

Writing follows the CSL schema (``csl-data.json`` of CSL 1.0.2), whose items allow no keys but its
own. Non-standard keys therefore go into the item's ``custom`` object, which the schema provides
for exactly this and which readers that do not know it (pandoc, citeproc-js, Zotero) ignore.
We do not use ``note`` for them: styles print ``note`` in annotated bibliographies, and it is the
user's field. Reading ``custom`` back unpacks it, so read-write-read gives the same records; a
``custom`` entry whose name the item also has outside ``custom`` is kept as ``extra["custom.<name>"]``.

A record read from CSL-JSON and not edited since is written back as its original item (original
key order, integer or string date parts, dropping particles), provided that item is valid CSL;
otherwise the item is built from the record.

Problems (items not read): invalid JSON (with its line and column), an item that is not an object,
an item without an ``id`` or a title, an ``id`` used twice. ``count`` is the number of items (plus
one for JSON that breaks off), so that ``len(records) + len(problems) == count``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from evidence.errors import Problem
from evidence.formats import ParseResult, same_content
from evidence.records import CSL_TYPES, ROLES, SCALAR_FIELDS, Contributor, Name, Record, SourceRecord

# The item keys of the CSL 1.0.2 data schema, by the type of their value. A test checks these
# against the schema file itself.
NAME_VARIABLES = frozenset(
    ("author", "chair", "collection-editor", "compiler", "composer", "container-author",
     "contributor", "curator", "director", "editor", "editorial-director", "executive-producer",
     "guest", "host", "interviewer", "illustrator", "narrator", "organizer", "original-author",
     "performer", "producer", "recipient", "reviewed-author", "script-writer", "series-creator",
     "translator")
)  # fmt: skip
DATE_VARIABLES = frozenset(
    ("accessed", "available-date", "event-date", "issued", "original-date", "submitted")
)
STRING_VARIABLES = frozenset(
    ("citation-key", "language", "journalAbbreviation", "shortTitle", "abstract", "annote",
     "archive", "archive_collection", "archive_location", "archive-place", "authority",
     "call-number", "citation-label", "collection-title", "container-title",
     "container-title-short", "dimensions", "division", "DOI", "event", "event-title",
     "event-place", "genre", "ISBN", "ISSN", "jurisdiction", "keyword", "medium", "note",
     "original-publisher", "original-publisher-place", "original-title", "part-title", "PMCID",
     "PMID", "publisher", "publisher-place", "references", "reviewed-genre", "reviewed-title",
     "scale", "section", "source", "status", "title", "title-short", "URL", "version",
     "volume-title", "volume-title-short", "year-suffix")
)  # fmt: skip
NUMBER_VARIABLES = frozenset(
    ("id", "chapter-number", "citation-number", "collection-number", "edition",
     "first-reference-note-number", "issue", "locator", "number", "number-of-pages",
     "number-of-volumes", "page", "page-first", "part", "printing", "supplement", "volume")
)  # fmt: skip
OTHER_VARIABLES = frozenset(("type", "categories", "custom"))
ITEM_KEYS = NAME_VARIABLES | DATE_VARIABLES | STRING_VARIABLES | NUMBER_VARIABLES | OTHER_VARIABLES

_NAME_STRINGS = frozenset(
    ("family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal")
)
_NAME_FLAGS = frozenset(("comma-suffix", "static-ordering", "parse-names"))
_DATE_MEMBERS = frozenset(("date-parts", "season", "circa", "literal", "raw"))

#: Types other tools write that are not CSL's (Crossref's own names, mostly).
TYPE_ALIASES = {
    "journal-article": "article-journal", "book-chapter": "chapter", "book-section": "chapter",
    "proceedings-article": "paper-conference", "conference-paper": "paper-conference",
    "posted-content": "article", "preprint": "article", "dissertation": "thesis",
    "monograph": "book", "edited-book": "book", "reference-entry": "entry", "web": "webpage",
}  # fmt: skip

_CSL_TO_ATTR = {var: attr for attr, var in SCALAR_FIELDS.items()}
_KEYWORD_SPLIT = re.compile(r"\s*[,;]\s*")
_YEAR = re.compile(r"(?<!\d)(-?\d{1,4})(?!\d)")


# --- reading -----------------------------------------------------------------------------------


def parse(text: str, source: str) -> ParseResult:
    """Read the CSL-JSON items in ``text``; see the module docstring for what becomes what."""
    result = ParseResult()
    items, error = _items(text.lstrip("\ufeff"))
    result.count = len(items) + (error is not None)
    seen: dict[str, int] = {}
    for index, (line, item) in enumerate(items):
        where = f"item {index + 1} (index {index})"
        if not isinstance(item, dict):
            result.problems.append(Problem(f"{where} is not a JSON object", source, line))
            continue
        key = _key(item.get("id"))
        if key is None:
            result.problems.append(Problem(f"{where} has no id; give it one", source, line))
            continue
        record, notes = _build(item)
        record.key, record.line = key, line
        if record.title is None:
            result.problems.append(Problem(f"{where} has no title; add one", source, line, key))
            continue
        if key in seen:
            result.problems.append(
                Problem(
                    f"{where}: id {key!r} is also used by the item at line {seen[key]}; give each item "
                    "its own id",
                    source,
                    line,
                    key,
                )
            )
            continue
        seen[key] = line
        result.warnings.extend(Problem(n, source, line, key) for n in notes)
        result.records.append(record)
    if error is not None:
        result.problems.append(
            Problem(
                f"the file is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
                source,
                error.lineno,
            )
        )
    return result


def _items(text: str) -> tuple[list[tuple[int, Any]], json.JSONDecodeError | None]:
    """The items with the line each starts on, read one by one so that each keeps its line and
    the items before a syntax error are not lost."""
    decoder = json.JSONDecoder()
    items: list[tuple[int, Any]] = []
    pos = _skip_space(text, 0)
    if pos == len(text):
        return items, None
    line, counted = 1, 0

    def line_at(offset: int) -> int:
        nonlocal line, counted
        line += text.count("\n", counted, offset)
        counted = offset
        return line

    try:
        if text[pos] != "[":
            start = pos
            value, pos = decoder.raw_decode(text, pos)
            items.append((line_at(start), value))
        else:
            pos = _skip_space(text, pos + 1)
            if text.startswith("]", pos):
                pos += 1
            else:
                while True:
                    start = pos
                    value, pos = decoder.raw_decode(text, pos)
                    items.append((line_at(start), value))
                    pos = _skip_space(text, pos)
                    if text.startswith(",", pos):
                        pos = _skip_space(text, pos + 1)
                    elif text.startswith("]", pos):
                        pos += 1
                        break
                    else:
                        raise json.JSONDecodeError("expected ',' or ']' after an item", text, pos)
        pos = _skip_space(text, pos)
        if pos != len(text):
            raise json.JSONDecodeError("unexpected text after the end of the data", text, pos)
    except json.JSONDecodeError as exc:
        return items, exc
    return items, None


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n\r":
        pos += 1
    return pos


def _key(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    key = str(value).strip()
    return key or None


def _text(value: Any) -> str | None:
    """A scalar CSL value as the model's text: strings as they are, numbers as digits."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _build(item: dict[str, Any]) -> tuple[Record, list[str]]:
    """The record for one item (its key is set by the caller) and what was odd about it."""
    notes: list[str] = []
    record = Record(key="", source=SourceRecord("csljson", str(item.get("type", "")), list(item.items())))
    extra: dict[str, Any] = {}
    custom = item.get("custom")

    kind = item.get("type")
    if isinstance(kind, str) and kind in CSL_TYPES:
        record.type = kind
    elif isinstance(kind, str) and kind in TYPE_ALIASES:
        record.type = TYPE_ALIASES[kind]
        notes.append(f"type {kind!r} is not a CSL type; read as {record.type!r}")
    elif kind is None:
        notes.append("the item has no type; read as a generic document")
    else:
        notes.append(f"type {kind!r} is not a CSL type; read as a generic document")

    people: list[Contributor] = []
    for role in ROLES:  # the order of ROLES, whatever the item's key order: writing uses it too
        if role not in item:
            continue
        names = _names(item[role])
        if names is None:
            extra[role] = item[role]
            notes.append(f"{role} is not a list of names; kept as it was")
        else:
            people.extend(Contributor(n, role) for n in names)
    record.contributors = people

    for key, value in item.items():
        if key in ("id", "type", "custom") or key in ROLES:
            continue
        attr = _CSL_TO_ATTR.get(key)
        if attr is not None and _text(value) is not None:
            setattr(record, attr, _text(value))
        elif attr is not None and isinstance(value, str):
            pass  # an empty string: nothing to keep
        elif key == "keyword" and isinstance(value, str):
            record.keywords = [k for k in _KEYWORD_SPLIT.split(value.strip()) if k]
        elif key in ("issued", "accessed"):
            date, leftover = _date(value)
            if key == "issued":
                record.date = date
                record.year = _year(date)
            else:
                record.accessed = date
            if leftover is not None:
                extra[key] = leftover
        else:
            extra[key] = value

    if isinstance(custom, dict):
        for key, value in custom.items():
            extra["custom." + key if key in extra else key] = value
    elif "custom" in item:
        extra["custom"] = custom
    record.extra = extra
    return record, notes


def _names(value: Any) -> list[Name] | None:
    if not isinstance(value, list):
        return None
    names = []
    for entry in value:
        if isinstance(entry, str):
            name: Name | None = Name(literal=entry.strip()) if entry.strip() else None
        elif isinstance(entry, dict):
            parts = {k: str(v) for k, v in entry.items() if _text(v) is not None}
            name = Name.from_csl(parts)
            if not (name.literal or name.family or name.given):
                name = None
        else:
            return None
        if name is not None:
            names.append(name)
    return names


def _date(value: Any) -> tuple[str | None, Any]:
    """(the date as ``Record.date`` text, what is left of the value for ``extra``)."""
    if isinstance(value, str):
        return (value.strip() or None), None
    if not isinstance(value, dict):
        return None, value
    text = _parts_text(value.get("date-parts"))
    used = "date-parts"
    if text is None:
        for member in ("raw", "literal"):
            if isinstance(value.get(member), str) and value[member].strip():
                text, used = value[member].strip(), member
                break
    leftover = {k: v for k, v in value.items() if not (k == used and text is not None)}
    return text, (leftover or None)


def _parts_text(parts: Any) -> str | None:
    """``[[2019, "5"], [2020]]`` -> "2019-05/2020"; None unless it is a usable date."""
    if not isinstance(parts, list) or not 1 <= len(parts) <= 2:
        return None
    out = []
    for part in parts:
        if not isinstance(part, list) or not part:
            return None
        numbers = []
        for piece in part[:3]:
            if isinstance(piece, bool):
                break
            try:
                numbers.append(int(str(piece).strip()))
            except ValueError:
                break
        if not numbers:
            return None
        out.append("-".join([str(numbers[0]), *(f"{n:02d}" for n in numbers[1:])]))
    return "/".join(out)


def _year(date: str | None) -> int | None:
    m = _YEAR.search(date) if date else None
    return int(m.group(1)) if m else None


# --- writing -----------------------------------------------------------------------------------


def write(records: Iterable[Record]) -> str:
    """A CSL-JSON array of ``records``, valid against the CSL 1.0.2 data schema."""
    items = [_item(r) for r in records]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _item(record: Record) -> dict[str, Any]:
    original = _source_item(record)
    if original is not None:
        return original
    item = record.to_csl()
    if item.get("type") not in CSL_TYPES:
        item["type"] = "document"
    custom: dict[str, Any] = {}
    for key, value in record.extra.items():
        if key in DATE_VARIABLES and key in item and isinstance(value, dict):
            merged = {**item[key], **{k: v for k, v in value.items() if k not in item[key]}}
            if valid(key, merged):
                item[key] = merged
                continue
        if key != "custom" and key not in item and valid(key, value):
            item[key] = value
        else:
            custom[key] = value
    if custom:
        item["custom"] = custom
    return item


def _source_item(record: Record) -> dict[str, Any] | None:
    """The record's original item if it came from CSL-JSON, is unchanged and is valid CSL."""
    src = record.source
    if src is None or src.format != "csljson":
        return None
    item = dict(src.fields)
    original, _ = _build(item)
    if not same_content(original, record):
        return None
    if _key(item.get("id")) != record.key:
        item["id"] = record.key
    if not all(valid(k, v) for k, v in item.items()) or "type" not in item:
        return None
    return item


def valid(key: str, value: Any) -> bool:
    """Whether ``key: value`` is allowed at the top level of an item by the CSL data schema."""
    if key in STRING_VARIABLES:
        return isinstance(value, str)
    if key in NUMBER_VARIABLES:
        return _string_or_number(value)
    if key in NAME_VARIABLES:
        return isinstance(value, list) and all(_valid_name(n) for n in value)
    if key in DATE_VARIABLES:
        return _valid_date(value)
    if key == "type":
        return value in CSL_TYPES
    if key == "categories":
        return isinstance(value, list) and all(isinstance(c, str) for c in value)
    if key == "custom":
        return isinstance(value, dict)
    return False


def _string_or_number(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _valid_name(name: Any) -> bool:
    if not isinstance(name, dict):
        return False
    for member, value in name.items():
        if member in _NAME_STRINGS:
            if not isinstance(value, str):
                return False
        elif member not in _NAME_FLAGS or not isinstance(value, str | int | float):
            return False
    return True


def _valid_date(date: Any) -> bool:
    if not isinstance(date, dict) or not set(date) <= _DATE_MEMBERS:
        return False
    parts = date.get("date-parts")
    if parts is not None and not (
        isinstance(parts, list)
        and 1 <= len(parts) <= 2
        and all(isinstance(p, list) and 1 <= len(p) <= 3 and all(map(_string_or_number, p)) for p in parts)
    ):
        return False
    if any(not isinstance(date[m], str) for m in ("literal", "raw") if m in date):
        return False
    if "season" in date and not _string_or_number(date["season"]):
        return False
    return "circa" not in date or isinstance(date["circa"], str | int | float)
