"""BibTeX and BibLaTeX: ``parse`` a file into records, ``write`` records as canonical BibTeX.

Parsing uses bibtexparser v2 only to split the file into blocks (its fault-tolerant splitter);
everything after that is done here in one pass, because the parser's middlewares do not resolve
``#`` concatenation or crossref, and its LaTeX decoding is slow:

* ``@string`` macros (and the standard month macros) and ``#`` are resolved in file order, as
  BibTeX does; ``@preamble`` and ``@comment`` are not data and are dropped.
* Each record keeps the entry as written in ``Record.source``: the raw entry type and every field
  in file order, its name lower-cased and its value after macro and ``#`` resolution, with LaTeX
  intact and white space collapsed (as BibTeX collapses it). A month given as a macro stays the
  macro (``jan``). This is what ``write`` gives back, so parse -> write -> parse is lossless.
* The record's display fields are decoded to Unicode (``{\\"o}`` -> ö, ``{ZnO}`` -> ZnO,
  ``--`` -> –); fields the record does not model go to ``Record.extra`` raw, under their
  lower-cased name, so nothing is lost.
* ``crossref`` children inherit the fields they lack from their parent (BibTeX rules, plus
  BibLaTeX's title -> booktitle mapping for parts of books and proceedings), and their source
  keeps the inherited fields after their own: in a database a record must stand alone, since it
  is often exported without its parent. ``xref`` only links: by BibLaTeX's definition it
  inherits nothing.

Every block the splitter could not read, every duplicate citekey or field, and every entry without
a title is a :class:`~evidence.errors.Problem` (that record is not returned); things worth knowing
about records that were read (an unknown crossref parent, an undefined macro) are warnings.
``count`` is the number of entries in the file, so ``len(records) + len(problems) == count``.
"""

from __future__ import annotations

import gc
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from bibtexparser import parse_string
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
    String,
)

from evidence.errors import Problem
from evidence.formats import ParseResult, same_content
from evidence.formats.bibtex_names import OTHERS, format_name, parse_names
from evidence.formats.latex import decode, decode_verbatim, encode
from evidence.records import Contributor, Name, Record, SourceRecord, normalise_doi

__all__ = ["BIBTEX_TYPE", "CSL_TYPE", "OTHERS", "parse", "write"]

FORMAT = "bibtex"

# The splitter logs every block it cannot read; we report those as problems with the file's name,
# so without a handler of the application's own its log lines would only repeat them on stderr.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

# ---------------------------------------------------------------------------------------------
# Types

#: BibTeX / BibLaTeX entry type -> CSL type. Anything else becomes "document".
CSL_TYPE: dict[str, str] = {
    "article": "article-journal",
    "suppperiodical": "article-journal",
    "book": "book",
    "mvbook": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "collection": "book",
    "mvcollection": "book",
    "reference": "book",
    "mvreference": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "inreference": "entry-encyclopedia",
    "manual": "report",
    "techreport": "report",
    "report": "report",
    "mastersthesis": "thesis",
    "phdthesis": "thesis",
    "thesis": "thesis",
    "misc": "document",
    "set": "document",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "unpublished": "manuscript",
    "periodical": "periodical",
    "dataset": "dataset",
    "data": "dataset",
    "software": "software",
    "patent": "patent",
    "standard": "standard",
    "artwork": "graphic",
    "image": "graphic",
    "audio": "song",
    "music": "song",
    "movie": "motion_picture",
    "video": "motion_picture",
    "letter": "personal_communication",
    "jurisdiction": "legal_case",
    "legislation": "legislation",
    "legal": "legislation",
    "performance": "performance",
    "review": "review",
}

#: CSL type -> the entry type ``write`` uses for records that did not come from BibTeX.
BIBTEX_TYPE: dict[str, str] = {
    "article-journal": "article",
    "article": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "report": "techreport",
    "thesis": "phdthesis",
    "webpage": "online",
    "post": "online",
    "post-weblog": "online",
    "manuscript": "unpublished",
    "pamphlet": "booklet",
    "dataset": "dataset",
    "software": "software",
    "patent": "patent",
    "periodical": "periodical",
    "entry-encyclopedia": "inreference",
    "entry-dictionary": "inreference",
    "entry": "inreference",
    "standard": "standard",
    "legislation": "legislation",
    "legal_case": "jurisdiction",
    "motion_picture": "movie",
    "song": "audio",
    "graphic": "artwork",
    "review": "review",
    "review-book": "review",
    "personal_communication": "letter",
    "collection": "collection",
}

_ARTICLE_TYPES = frozenset({"article-journal", "article-magazine", "article-newspaper", "periodical"})
_PART_TYPES = frozenset({"chapter", "paper-conference", "entry-encyclopedia"})
_THESIS_GENRES = {
    "phdthesis": "PhD thesis",
    "mastersthesis": "Master's thesis",
    "mathesis": "Master's thesis",
    "candthesis": "Candidate thesis",
}

# ---------------------------------------------------------------------------------------------
# Months and dates

_MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NUMBER = {m: i for i, m in enumerate(_MONTH_MACROS, 1)}
_MONTH_WORD = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?", re.IGNORECASE)
_DAY = re.compile(r"\b(\d{1,2})\b")
_YEAR = re.compile(r"\d{4}")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*[-–—/]+\s*(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?(?:/\d{4}(?:-\d{2}(?:-\d{2})?)?)?$")

# ---------------------------------------------------------------------------------------------
# Fields

#: Fields read into the record's own attributes; all others go to ``Record.extra``.
_ROLES = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "bookauthor": "container-author",
}
_PUBLISHER_FIELDS = ("publisher", "institution", "school", "organization")
_CONTAINER_FIELDS = ("journaltitle", "journal", "booktitle")
_VERIFICATION = ("verification", "verificationnote")

#: Fields a crossref child never inherits: BibLaTeX's list, our own, and identifiers of the
#: parent itself (a chapter does not have its book's DOI; DOIs are unique in the database).
_NO_INHERIT = frozenset(
    {
        "ids",
        "crossref",
        "xref",
        "entryset",
        "entrysubtype",
        "execute",
        "label",
        "options",
        "presort",
        "related",
        "relatedoptions",
        "relatedstring",
        "relatedtype",
        "shorthand",
        "shorthandintro",
        "sortkey",
        "verification",
        "verificationnote",
        "doi",
        "url",
        "urldate",
        "eprint",
        "eprinttype",
        "eprintclass",
        "archiveprefix",
        "arxivid",
        "pmid",
        "pmcid",
        "file",
        "abstract",
    }
)
_BOOK_PARENTS = frozenset(
    {
        "book",
        "collection",
        "proceedings",
        "reference",
        "mvbook",
        "mvcollection",
        "mvproceedings",
        "mvreference",
    }
)
_BOOK_PARTS = frozenset(
    {
        "inbook",
        "bookinbook",
        "suppbook",
        "incollection",
        "suppcollection",
        "inproceedings",
        "conference",
        "inreference",
    }
)
_TITLE_FIELDS = ("title", "subtitle", "titleaddon", "shorttitle", "sorttitle", "indextitle", "indexsorttitle")

_BLOCK_TYPE = re.compile(r"@\s*([A-Za-z]*)")
_BLOCK_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()=\"]+)")
_WS = re.compile(r"\s\s|[\t\n\r]")
_DELIMITERS = {"{": "}", '"': '"'}


# ---------------------------------------------------------------------------------------------
# Parsing


class _File:
    """State while reading one file: macros, problems and warnings."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.macros: dict[str, str] = {m: n for m, n in zip(_MONTH_MACROS, _MONTH_NAMES, strict=True)}
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.names: dict[str, Name] = {}
        self.defined: dict[str, int | None] = {}  # user macros -> line of first definition

    def problem(self, message: str, line: int | None, key: str | None = None) -> None:
        self.problems.append(Problem(message, self.source, line, key))

    def warn(self, message: str, line: int | None, key: str | None = None) -> None:
        self.warnings.append(Problem(message, self.source, line, key))

    def resolve(self, raw: str, line: int | None, key: str | None, field: str, collapse: bool = True) -> str:
        """A raw field value as the splitter gives it -> its text (delimiters off, macros and
        ``#`` resolved, white space collapsed unless ``collapse`` is off, as for @string values,
        whose edge spaces matter in concatenations)."""
        first = raw[:1]
        if first in _DELIMITERS and raw[-1:] == _DELIMITERS[first] and len(raw) > 1 and "#" not in raw:
            text = raw[1:-1]  # the common case: one braced or quoted value
        elif raw.isdigit():
            return raw
        else:
            text = self._concatenate(raw, line, key, field)
        if collapse and (_WS.search(text) or text[:1] == " " or text[-1:] == " "):
            text = " ".join(text.split())
        return text

    def _concatenate(self, raw: str, line: int | None, key: str | None, field: str) -> str:
        out: list[str] = []
        i, n = 0, len(raw)
        while i < n:
            char = raw[i]
            if char.isspace() or char == "#":
                i += 1
            elif char == "{" or char == '"':
                end = _closing(raw, i)
                out.append(raw[i + 1 : end])
                i = end + 1
            else:
                end = i
                while end < n and not raw[end].isspace() and raw[end] != "#":
                    end += 1
                word = raw[i:end]
                i = end
                if word.isdigit():
                    out.append(word)
                    continue
                value = self.macros.get(word.lower())
                if value is None:
                    where = f'field "{field}"' if field else "this @string"
                    self.warn(
                        f'undefined @string macro "{word}" in {where}; kept as the text "{word}"', line, key
                    )
                    value = word
                out.append(value)
        return "".join(out)


def _closing(text: str, start: int) -> int:
    """Index of the delimiter closing the group or quoted string that opens at ``start``."""
    depth = 0
    quote = text[start] == '"'
    i = start + 1 if quote else start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and not quote:
                return i
        elif char == '"' and quote and depth == 0:
            return i
        i += 1
    return len(text)


class _Parsed:
    """An entry after splitting and macro resolution, before crossref and mapping."""

    __slots__ = ("entry_type", "fields", "key", "line", "lookup")

    def __init__(self, entry_type: str, key: str, line: int, fields: list[tuple[str, str]]) -> None:
        self.entry_type = entry_type
        self.key = key
        self.line = line
        self.fields = fields
        self.lookup = dict(fields)


def parse(text: str, source: str = "<input>") -> ParseResult:
    """Read a BibTeX / BibLaTeX file's text into records, problems and warnings."""
    with _gc_paused():
        return _parse(text, source)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is read (or written).

    Reading builds tens of thousands of small containers (blocks, fields, records, names) that all
    stay alive, so the collector's passes find nothing yet cost a third of the parse time on a
    7,000-entry file (measured). No reference cycles are created here; whatever else is garbage
    is collected as usual once the collector is back on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse(text: str, source: str) -> ParseResult:
    state = _File(source)
    library = parse_string(text, parse_stack=[])  # split only: we resolve values ourselves
    parsed: list[_Parsed] = []
    count = 0
    for block in library.blocks:
        if isinstance(block, Entry):
            count += 1
            entry = _read_entry(state, block.entry_type, block.key, block.fields, block.start_line)
            if entry is not None:
                parsed.append(entry)
        elif isinstance(block, String):
            _define(state, block)
        elif isinstance(block, DuplicateBlockKeyBlock):
            duplicate = block.ignore_error_block
            previous = block.previous_block
            if isinstance(duplicate, String):
                _define(state, duplicate)
                continue
            count += 1
            state.problem(
                f'duplicate citekey "{block.key}" (first defined on line {_line(previous)}); '
                "rename one of them",
                _line(block),
                block.key,
            )
        elif isinstance(block, DuplicateFieldKeyBlock):
            count += 1
            names = ", ".join(f'"{k}"' for k in sorted(block.duplicate_keys))
            entry = block.ignore_error_block
            key = entry.key if isinstance(entry, Entry) else None
            state.problem(f"field {names} appears more than once in this entry; keep one", _line(block), key)
        elif isinstance(block, ParsingFailedBlock):
            raw = block.raw or ""
            head = _BLOCK_TYPE.match(raw.lstrip())
            kind = head.group(1).lower() if head else ""
            reason = str(getattr(block.error, "abort_reason", block.error)).strip().rstrip(".")
            if kind in ("string", "preamble", "comment"):
                state.warn(f"could not read this @{kind} ({reason}); it is ignored", _line(block))
                continue
            count += 1
            m = _BLOCK_KEY.match(raw.lstrip())
            state.problem(
                f"could not read this entry ({reason}); check its braces, quotes and commas",
                _line(block),
                m.group(1) if m else None,
            )
        # @preamble, @comment and text between entries are not data.

    by_key = {p.key: p for p in parsed}
    by_folded = {}
    for p in parsed:
        by_folded.setdefault(p.key.lower(), p)
    records = []
    for entry in parsed:
        fields = _inherit(state, entry, by_key, by_folded) if "crossref" in entry.lookup else entry.lookup
        if "xref" in entry.lookup:
            parent = entry.lookup["xref"]
            if parent not in by_key and parent.lower() not in by_folded:
                state.warn(f'xref "{parent}" is not in this file', entry.line, entry.key)
        record = _record(state, entry, fields)
        if record is not None:
            records.append(record)
    state.problems.sort(key=lambda p: p.line or 0)
    warnings = sorted(dict.fromkeys(state.warnings), key=lambda p: p.line or 0)  # a parent's, once
    return ParseResult(records=records, problems=state.problems, warnings=warnings, count=count)


def _line(block: Any) -> int | None:
    start = getattr(block, "start_line", None)
    return None if start is None else start + 1  # the splitter counts from 0


def _define(state: _File, block: String) -> None:
    """Define (or redefine: BibTeX allows it, and it takes effect from there on) a macro."""
    name = block.key.lower()
    line = _line(block)
    if name in state.defined:
        state.warn(
            f'@string "{block.key}" is defined again (first on line {state.defined[name]}); '
            "the new value is used from here on",
            line,
        )
    else:
        state.defined[name] = line
    state.macros[name] = state.resolve(block.value, line, None, "", collapse=False)


def _read_entry(
    state: _File, entry_type: str, key: str, raw_fields: list[Any], start: int | None
) -> _Parsed | None:
    line = None if start is None else start + 1
    if not key:
        state.problem("entry has no citekey; add one after the opening brace", line)
        return None
    fields: list[tuple[str, str]] = []
    seen: set[str] = set()
    resolve = state.resolve
    for field in raw_fields:
        name = field.key.lower()
        if name in seen:  # the splitter compares names case-sensitively; BibTeX does not
            state.problem(f'field "{name}" appears more than once in this entry; keep one', line, key)
            return None
        seen.add(name)
        raw = field.value
        first = raw[:1]
        if first == "{" and raw[-1:] == "}" and "#" not in raw and not _WS.search(raw):
            value = raw[1:-1].strip()  # the common case, inlined: this loop is hot
        elif name == "month" and raw.lower() in _MONTH_NUMBER:
            value = raw.lower()  # a month macro stays a macro, so that it is written back bare
        else:
            value = resolve(raw, line, key, name)
        fields.append((name, value))
    return _Parsed(entry_type.lower(), key, line or 0, fields)


def _inherit(
    state: _File,
    entry: _Parsed,
    by_key: dict[str, _Parsed],
    by_folded: dict[str, _Parsed],
    seen: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """The child's fields plus those it inherits from its crossref parent (recursively)."""
    name = entry.lookup["crossref"]
    parent = by_key.get(name) or by_folded.get(name.lower())
    if parent is None:
        state.warn(f'crossref "{name}" is not in this file; nothing is inherited', entry.line, entry.key)
        return entry.lookup
    if parent.key in seen or parent is entry:
        state.warn(f'crossref "{name}" leads back to this entry; stopped there', entry.line, entry.key)
        return entry.lookup
    parent_fields = parent.lookup
    if "crossref" in parent_fields:
        parent_fields = _inherit(state, parent, by_key, by_folded, seen | {entry.key})
    fields = dict(entry.lookup)
    mapped = entry.entry_type in _BOOK_PARTS and parent.entry_type in _BOOK_PARENTS
    for field, value in parent_fields.items():
        if field in fields or field in _NO_INHERIT or (mapped and field in _TITLE_FIELDS):
            continue
        fields[field] = value
    if mapped:
        target = "main" if parent.entry_type.startswith("mv") else "book"
        for field in ("title", "subtitle", "titleaddon"):
            if field in parent_fields:
                fields.setdefault(target + field, parent_fields[field])
    return fields


def _record(state: _File, entry: _Parsed, fields: dict[str, str]) -> Record | None:
    """Map one entry's (resolved, inherited) fields onto a Record; None if it has no title."""
    get = fields.get
    title_raw = get("title", "")
    title = decode(title_raw) if title_raw else ""
    if not title:
        state.problem("missing title; add a title field", entry.line, entry.key)
        return None
    etype = entry.entry_type
    # A crossref child keeps what it inherited (after its own fields), so that it stands alone
    # when it is exported without its parent.
    source_fields = entry.fields if fields is entry.lookup else list(fields.items())
    csl = CSL_TYPE.get(etype, "document")
    if csl == "article-journal":
        subtype = get("entrysubtype", "").lower()
        if subtype in ("magazine", "newspaper"):
            csl = "article-" + subtype
    used: set[str] = {"title"}
    subtitle = get("subtitle")
    if subtitle:
        title = f"{title}: {decode(subtitle)}"
        used.add("subtitle")

    contributors = []
    for field, role in _ROLES.items():
        value = get(field)
        if value:
            used.add(field)
            for name in parse_names(value, decode, state.names):
                contributors.append(Contributor(name, role))

    record = Record(
        key=entry.key,
        type=csl,
        title=title,
        contributors=contributors,
        line=entry.line,
        source=SourceRecord(format=FORMAT, entry_type=etype, fields=source_fields),
    )

    # Container: the journal for articles, the book or proceedings for parts of them. A whole
    # book's own booktitle only serves its crossref children; it stays in extra.
    for field in _CONTAINER_FIELDS:
        value = get(field)
        if field == "booktitle" and csl == "book":
            break
        if value:
            container = decode(value)
            sub = get("journalsubtitle" if field != "booktitle" else "booksubtitle")
            if sub:
                container = f"{container}: {decode(sub)}"
                used.add("journalsubtitle" if field != "booktitle" else "booksubtitle")
            record.container_title = container
            used.add(field)
            break

    _plain(record, fields, used, "collection_title", "series")
    _plain(record, fields, used, "volume", "volume")
    if csl in _ARTICLE_TYPES and not _plain(record, fields, used, "issue", "number"):
        _plain(record, fields, used, "issue", "issue")
    pages = get("pages")
    if pages:
        record.pages = decode(pages)
        used.add("pages")
    _plain(record, fields, used, "edition", "edition")
    for field in _PUBLISHER_FIELDS:
        if _plain(record, fields, used, "publisher", field):
            break
    if not _plain(record, fields, used, "publisher_place", "location"):
        _plain(record, fields, used, "publisher_place", "address")

    if csl == "thesis":
        kind = get("type")
        if kind:
            used.add("type")
            record.genre = _THESIS_GENRES.get(kind.lower()) or decode(kind)
        else:
            record.genre = _THESIS_GENRES.get(etype)
    elif csl not in _PART_TYPES:  # in chapters, "type" replaces the word "chapter"
        _plain(record, fields, used, "genre", "type")

    doi = get("doi")
    if doi:
        record.doi = normalise_doi(decode_verbatim(doi))
        used.add("doi")
    url = get("url")
    if url:
        record.url = decode_verbatim(url) or None
        used.add("url")
    _plain(record, fields, used, "isbn", "isbn")
    _plain(record, fields, used, "issn", "issn")
    _plain(record, fields, used, "abstract", "abstract")
    if not _plain(record, fields, used, "language", "language"):
        _plain(record, fields, used, "language", "langid")
    _plain(record, fields, used, "note", "note")
    accessed = get("urldate")
    if accessed:
        record.accessed = accessed.strip()
        used.add("urldate")
    keywords = get("keywords")
    if keywords:
        record.keywords = [k for k in (decode(w).strip() for w in re.split(r"[,;]", keywords)) if k]
        used.add("keywords")
    status = get("verification")
    if status:
        record.verification_status = status.strip().lower()
        used.add("verification")
    if get("verificationnote"):
        record.verification_note = decode(fields["verificationnote"]) or None
        used.add("verificationnote")

    _dates(record, fields, used)
    record.extra = {k: v for k, v in fields.items() if k not in used}
    return record


def _plain(record: Record, fields: dict[str, str], used: set[str], attr: str, field: str) -> bool:
    """Set ``record.attr`` from a decoded field; True if the field was there and not empty."""
    value = fields.get(field)
    if not value:
        return False
    text = decode(value)
    if not text:
        return False
    setattr(record, attr, text)
    used.add(field)
    return True


def _dates(record: Record, fields: dict[str, str], used: set[str]) -> None:
    """``date`` (BibLaTeX, EDTF-ish) wins; else ``year`` with ``month`` (and ``day``).

    What cannot be represented in ``Record.date`` (a season, "in press") stays in ``extra``.
    """
    date = fields.get("date", "").strip()
    if date and _ISO_DATE.match(date):
        record.date = date
        record.year = int(date[:4])
        used.update(("date", "year", "month", "day"))
        return
    raw_year = fields.get("year")
    if not raw_year:
        if date:
            found = _YEAR.search(date)
            record.year = int(found.group()) if found else None
        return
    year_text = decode(raw_year).strip()
    span = _YEAR_RANGE.match(year_text)
    if year_text.isdigit() and len(year_text) == 4:
        record.year = int(year_text)
        record.date = year_text
        used.add("year")
    elif span:
        start, end = span.groups()
        end = start[: 4 - len(end)] + end
        record.year = int(start)
        record.date = f"{start}/{end}"
        used.add("year")
        return
    else:
        found = _YEAR.search(year_text)
        record.year = int(found.group()) if found else None
        return
    month = fields.get("month")
    if not month:
        return
    parsed = _month(month)
    if parsed is None:
        return
    first, last, day = parsed
    used.add("month")
    if last:
        record.date = f"{year_text}-{first:02d}/{year_text}-{last:02d}"
        return
    record.date = f"{year_text}-{first:02d}"
    day_field = fields.get("day", "").strip()
    if day is None and day_field.isdigit():
        day = int(day_field)
        used.add("day")
    if day is not None and 1 <= day <= 31:
        record.date += f"-{day:02d}"


def _month(text: str) -> tuple[int, int | None, int | None] | None:
    """Month field text -> (month, last month of a range, day); None if it is not a month."""
    text = text.strip()
    if text.isdigit():
        number = int(text)
        return (number, None, None) if 1 <= number <= 12 else None
    words = _MONTH_WORD.findall(text)
    if not words or len(words) > 2:
        return None
    months = [_MONTH_NUMBER[w[:3].lower()] for w in words]
    if len(months) == 2:
        return (months[0], months[1], None) if months[0] < months[1] else None
    rest = _MONTH_WORD.sub("", text)
    day = _DAY.search(rest)
    return months[0], None, int(day.group(1)) if day else None


# ---------------------------------------------------------------------------------------------
# Writing


def write(records: Sequence[Record]) -> str:
    """Records -> canonical BibTeX, one entry per record, deterministic byte for byte.

    A record read from BibTeX and unchanged since is written from ``record.source``: its own
    fields, in its own order, LaTeX as written; only the verification status and note are taken
    from the record, since curation edits them. Any other record (from another format, or edited
    since it was read) is generated from its attributes, its ``extra`` fields after them.
    Layout: ``@type{key,``, one ``  name = {value},`` line per field (the last without a comma),
    ``}``, a blank line between entries, one newline at the end.
    """
    state = _File("<source>")  # for re-reading sources; shares the name cache over the records
    with _gc_paused():
        return "\n".join(_entry_text(r, state) for r in records)


def _entry_text(record: Record, state: _File) -> str:
    if _unchanged_source(record, state):
        entry_type = record.source.entry_type.lower()  # type: ignore[union-attr]
        fields = _source_fields(record)
    else:
        entry_type, fields = _generated_fields(record)
    lines = [f"@{entry_type}{{{_safe_key(record.key)},"]
    last = len(fields) - 1
    for i, (name, value) in enumerate(fields):
        lines.append(f"  {name} = {_delimit(name, value)}{',' if i < last else ''}")
    lines.append("}\n")
    return "\n".join(lines)


def _unchanged_source(record: Record, state: _File) -> bool:
    """Whether the record came from BibTeX and still says what its source says."""
    src = record.source
    if src is None or src.format != FORMAT:
        return False
    fields = [
        (str(name).lower(), value if isinstance(value, str) else _text(value)) for name, value in src.fields
    ]
    entry = _Parsed(src.entry_type.lower(), record.key, 0, fields)
    original = _record(state, entry, entry.lookup)
    return original is not None and same_content(original, record)


def _safe_key(key: str) -> str:
    return re.sub(r"[\s,{}()\"#%'=\\~]", "-", key)


def _delimit(name: str, value: Any) -> str:
    text = value if isinstance(value, str) else _text(value)
    if _WS.search(text) or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
    if name == "month" and text in _MONTH_NUMBER:
        return text
    if _balanced(text):
        return "{" + text + "}"
    if '"' not in text:
        return '"' + text + '"'
    return "{" + re.sub(r"(?<!\\)([{}])", r"\\\1", text) + "}"


def _balanced(text: str) -> bool:
    if "{" not in text and "}" not in text:
        return True
    depth = 0
    for m in re.finditer(r"(?<!\\)[{}]", text):
        depth += 1 if m.group() == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _source_fields(record: Record) -> list[tuple[str, Any]]:
    """The fields as read, but the verification status and note from the record (curation edits
    them), where the file had them or else at the end."""
    assert record.source is not None
    status = record.verification_status
    note = record.verification_note
    current: dict[str, Any] = {
        "verification": status if status and status != "unknown" else None,
        "verificationnote": None,
    }
    fields: list[tuple[str, Any]] = []
    for name, value in record.source.fields:
        name = name.lower()
        if name == "verificationnote" and note:
            # keep the note as written (LaTeX and all) unless curation changed it
            current[name] = value if isinstance(value, str) and decode(value) == note else encode(note)
        if name in current:
            if current[name] is not None:
                fields.append((name, current.pop(name)))
            continue
        fields.append((name, value))
    if "verificationnote" in current and note:
        current["verificationnote"] = encode(note)
    fields.extend((name, value) for name, value in current.items() if value is not None)
    return fields


def _generated_fields(record: Record) -> tuple[str, list[tuple[str, str]]]:
    """BibTeX fields for a record from another format, or one edited since it was read."""
    from_bibtex = record.source is not None and record.source.format == FORMAT
    entry_type = BIBTEX_TYPE.get(record.type, "misc")
    if from_bibtex and CSL_TYPE.get(record.source.entry_type.lower(), "document") == record.type:  # type: ignore[union-attr]
        entry_type = record.source.entry_type.lower()  # type: ignore[union-attr]  # keep @online, @inbook
    genre = record.genre
    if record.type == "thesis" and entry_type != "thesis":  # BibLaTeX's @thesis keeps its type field
        entry_type = "mastersthesis" if genre and "master" in genre.lower() else "phdthesis"
        if genre == _THESIS_GENRES[entry_type]:
            genre = None
    out: list[tuple[str, str]] = []

    def put(name: str, value: str | None, escape: bool = True) -> None:
        if value not in (None, ""):
            out.append((name, encode(value) if escape else " ".join(value.split())))

    for role, field in (
        ("author", "author"),
        ("editor", "editor"),
        ("translator", "translator"),
        ("container-author", "bookauthor"),
    ):
        names = record.names(role)
        if names:
            out.append((field, " and ".join(format_name(n, encode) for n in names)))
    if record.title:
        out.append(("title", " ".join(_protect_case(word) for word in record.title.split())))
    container = "journal" if record.type in _ARTICLE_TYPES else "booktitle"
    put(container, record.container_title)
    put("series", record.collection_title)
    put("volume", record.volume)
    put("number", record.issue)
    if record.pages:
        out.append(("pages", encode(record.pages).replace("–", "--")))
    put("edition", record.edition)
    publisher = {"thesis": "school", "report": "institution"}.get(record.type, "publisher")
    put(publisher, record.publisher)
    put("address", record.publisher_place)
    out.extend(_date_fields(record))
    put("type", genre)
    put("doi", record.doi, escape=False)
    put("url", record.url, escape=False)
    put("isbn", record.isbn)
    put("issn", record.issn)
    put("language", record.language)
    put("abstract", record.abstract)
    put("note", record.note)
    put("urldate", record.accessed)
    if record.keywords:
        put("keywords", ", ".join(record.keywords))
    taken = {name for name, _ in out} | set(_VERIFICATION)
    raw_extra = from_bibtex  # BibTeX's own extra fields are LaTeX already
    for name in sorted(record.extra, key=str.lower):
        field = re.sub(r"[^a-z0-9_.:+-]", "-", name.lower())
        if not field or field in taken:
            continue
        value = _text(record.extra[name])
        # Written even when empty: an imported field comes back as it was, nothing is dropped.
        out.append((field, value if raw_extra else encode(value)))
        taken.add(field)
    if record.verification_status and record.verification_status != "unknown":
        put("verification", record.verification_status)
    put("verificationnote", record.verification_note)
    return entry_type, out


def _date_fields(record: Record) -> list[tuple[str, str]]:
    date = record.date or ""
    year = date[:4] if _ISO_DATE.match(date) else (str(record.year) if record.year else "")
    out = [("year", year)] if year else []
    if re.fullmatch(r"\d{4}-\d{2}", date) and 1 <= int(date[5:]) <= 12:
        out.append(("month", _MONTH_MACROS[int(date[5:]) - 1]))
    elif date and date != year:
        out.append(("date", encode(date)))
    return out


def _protect_case(word: str) -> str:
    """Brace a title word that bibliography styles must not lower-case: ZnO, iPhone, COVID-19."""
    if any(char.isupper() for char in word[1:]):
        return "{" + encode(word) + "}"
    return encode(word)
