"""RIS: the tagged format of EndNote, Scopus, Web of Science, Rayyan, Ovid, Zotero and PubMed.

A record is a run of ``TAG  - value`` lines from ``TY  - <type>`` to ``ER  -``; a line without a tag
continues the value above it (Scopus's ``N1  - References:`` lists, Ovid's wrapped abstracts).

Why our own reader and not rispy (0.10, read for this): it reports no line numbers, so a broken
record cannot be pointed at; a record missing its ``ER`` is silently merged into the next one and
a truncated last record is dropped; a repeated non-list tag keeps only its first value (the others
are lost); continuation lines are joined with spaces, so the line structure of Scopus's reference
lists is gone; and it keeps no field order, so a record cannot be written back as it came. The
format itself is simple enough that the reader below is shorter than the work-arounds would be.

Mapping decisions (``Record`` fields use CSL names):

- Title ``TI`` or ``T1``; container ``T2``, ``JF``, ``JO``, ``JA``, ``J2``, ``J1``, ``BT`` (the
  first present); series ``T3``. ``BT`` is the title of a book when it has no ``TI``/``T1``.
- People: ``AU``/``A1`` authors, ``A2``/``ED`` editors, ``A3`` series editors, ``A4`` translators.
  ``Family, Given[, Suffix]``; leading lower-case words of the family name are its particle
  (``van der Berg, J.``); a name without a comma is an organisation (a literal name), unless it
  ends in dotted initials (``Tavakkoli K.G.A.``, as Scopus and Embase write some people).
- Date: the year is the first four-digit year of ``PY``, ``Y1`` or ``DA``; the date is the most
  precise of them that agrees with that year (``2019///``, ``2019/05/03/``, ``2019-05-03``,
  Web of Science's ``DA  - MAY``). A ``DA`` with another year (Web of Science writes its export
  date there) stays in ``extra``. ``Y2`` is the access date when it reads as one.
- Pages ``SP``-``EP``; ``DO`` the DOI, without the ``https://doi.org/`` or ``doi:`` that Ovid and
  EndNote put before it (``M3`` when it holds a DOI and there is no ``DO``); ``UR`` the
  URL; ``SN`` ISSN or ISBN by its shape; ``AB``/``N2`` the abstract; ``KW`` keywords (one per tag);
  ``LA``, ``PB``, ``CY``, ``ET``, ``VL``, ``IS`` as named; ``M3`` the genre of theses and reports.
- ``N1`` stays in ``extra``: Scopus puts its export date and the cited references there, not notes.
- Every tag value not used above goes to ``Record.extra`` under its tag, verbatim (a list when the
  tag repeats), and ``Record.source`` keeps all fields in order, so :func:`write` gives a record
  back as it was read for as long as nobody edits it.
- Citekey: the ``ID`` tag when it is a usable key, else ``familyYEARword`` (lower-case ASCII, the
  first word of the title that is not an article or preposition), made unique within the file
  with ``a``, ``b``, ... suffixes.

Problems (records not read): a record without ``ER`` before the next ``TY`` or the end of the file,
tags outside any ``TY``...``ER`` record, a record without a title, an ``ID`` used twice. ``count``
is the number of ``TY`` records plus stretches of tags outside any record, so that
``len(records) + len(problems) == count``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from evidence.errors import Problem
from evidence.formats import ParseResult, same_content
from evidence.records import ROLES, Contributor, Name, Record, SourceRecord

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_TAG = re.compile(r"^[A-Z][A-Z0-9]$")
_RECORD_NUMBER = re.compile(r"^\s*\d+\.\s*$")

#: RIS reference types -> CSL item types.
RIS_TO_CSL: dict[str, str] = {
    "ABST": "article-journal", "ADVS": "motion_picture", "AGGR": "dataset", "ANCIENT": "classic",
    "ART": "graphic", "BILL": "bill", "BLOG": "post-weblog", "BOOK": "book", "CASE": "legal_case",
    "CHAP": "chapter", "CHART": "graphic", "CLSWK": "classic", "COMP": "software",
    "CONF": "paper-conference", "CPAPER": "paper-conference", "CTLG": "book", "DATA": "dataset",
    "DBASE": "dataset", "DICT": "entry-dictionary", "EBOOK": "book", "ECHAP": "chapter",
    "EDBOOK": "book", "EJOUR": "article-journal", "ELEC": "webpage", "ENCYC": "entry-encyclopedia",
    "EQUA": "document", "FIGURE": "figure", "GEN": "document", "GOVDOC": "report",
    "GRANT": "document", "HEAR": "hearing", "ICOMM": "personal_communication",
    "INPR": "article-journal", "JFULL": "periodical", "JOUR": "article-journal",
    "LEGAL": "legislation", "MANSCPT": "manuscript", "MAP": "map", "MGZN": "article-magazine",
    "MPCT": "motion_picture", "MULTI": "motion_picture", "MUSIC": "musical_score",
    "NEWS": "article-newspaper", "PAMP": "pamphlet", "PAT": "patent",
    "PCOMM": "personal_communication", "RPRT": "report", "SER": "periodical", "SLIDE": "speech",
    "SOUND": "song", "STAND": "standard", "STAT": "legislation", "STD": "standard",
    "THES": "thesis", "UNBILL": "bill", "UNPB": "manuscript", "VIDEO": "motion_picture",
    "WEB": "webpage",
}  # fmt: skip

#: CSL item types -> the RIS type to write (what Zotero and EndNote read back as that type).
CSL_TO_RIS: dict[str, str] = {
    "article": "UNPB", "article-journal": "JOUR", "article-magazine": "MGZN",
    "article-newspaper": "NEWS", "bill": "BILL", "book": "BOOK", "broadcast": "MPCT",
    "chapter": "CHAP", "classic": "CLSWK", "collection": "BOOK", "dataset": "DATA",
    "document": "GEN", "entry": "GEN", "entry-dictionary": "DICT", "entry-encyclopedia": "ENCYC",
    "event": "GEN", "figure": "FIGURE", "graphic": "ART", "hearing": "HEAR",
    "interview": "PCOMM", "legal_case": "CASE", "legislation": "STAT", "manuscript": "MANSCPT",
    "map": "MAP", "motion_picture": "MPCT", "musical_score": "MUSIC", "pamphlet": "PAMP",
    "paper-conference": "CPAPER", "patent": "PAT", "performance": "GEN", "periodical": "JFULL",
    "personal_communication": "PCOMM", "post": "ELEC", "post-weblog": "BLOG",
    "regulation": "STAT", "report": "RPRT", "review": "JOUR", "review-book": "JOUR",
    "software": "COMP", "song": "SOUND", "speech": "SLIDE", "standard": "STAND", "thesis": "THES",
    "treaty": "GEN", "webpage": "ELEC",
}  # fmt: skip

_BOOKISH = frozenset({"BOOK", "CHAP", "EBOOK", "ECHAP", "EDBOOK", "CTLG", "DICT", "ENCYC"})
_GENRE_TYPES = frozenset({"THES", "RPRT", "GOVDOC"})
_ROLE_TAGS = {"AU": "author", "A1": "author", "A2": "editor", "ED": "editor",
              "A3": "collection-editor", "A4": "translator"}  # fmt: skip
_ROLE_TO_TAG = {"author": "AU", "editor": "A2", "collection-editor": "A3", "translator": "A4"}
_TITLE_TAGS = ("TI", "T1")
_CONTAINER_TAGS = ("T2", "JF", "JO", "JA", "J2", "J1", "BT")
# Record field -> its tags, in order of preference (CP and PP are older names for IS and CY).
_SIMPLE = {"volume": ("VL",), "issue": ("IS", "CP"), "language": ("LA",), "publisher": ("PB",),
           "publisher_place": ("CY", "PP"), "edition": ("ET",), "collection_title": ("T3",)}  # fmt: skip
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}  # fmt: skip
_FULL_DATE = re.compile(r"^(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2})?)?(?:/)?)?$")
_MONTH_DATE = re.compile(r"^([A-Za-z]{3})[A-Za-z]*\.?(?:\s+(\d{1,2}))?$")
# Y2, the access date: "2019/03/15", "2019-03-15", Zotero's "2019-03-15 10:02:31".
_ACCESSED = re.compile(r"^(\d{4})[/-](\d{2})[/-](\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?/?$")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?10\.\d{4,9}/\S+$", re.IGNORECASE)
_DOI_LINK = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")
_ISBN = re.compile(r"^(?:97[89][- ]?)?(?:\d[- ]?){9}[\dXx]$")
_INITIALS = re.compile(r"^(?:[A-Z]\.-?)+$")
_COMPANY_FORMS = frozenset({"B.V.", "N.V.", "S.A.", "A.G.", "S.L.", "L.P.", "P.C.", "E.V.", "U.A."})
_KEY = re.compile(r"^[^\s,{}()\"#%'~\\=]+$")
# Words a generated citekey skips to find the title's first significant word (en, nl, de, fr, es).
_STOP_WORDS = frozenset(
    ("a", "an", "the", "of", "on", "in", "at", "to", "for", "and", "or", "with", "from", "by", "about",
     "as", "is", "are", "de", "het", "een", "der", "die", "das", "den", "le", "la", "les", "el", "los",
     "las", "un", "une", "il", "lo")
)  # fmt: skip


@dataclass(slots=True)
class _Raw:
    """One record as read, before mapping."""

    line: int
    entry_type: str
    fields: list[tuple[str, str]] = field(default_factory=list)


def parse(text: str, source: str) -> ParseResult:
    """Read every RIS record in ``text``; see the module docstring for what becomes what."""
    result = ParseResult()
    raws = _scan(text, source, result)
    taken = {v for raw in raws if (v := _usable_id(raw)) is not None}
    seen_ids: dict[str, int] = {}
    for raw in raws:
        record, notes = _build(raw)
        id_value = _usable_id(raw)
        if record.title is None:
            result.problems.append(
                Problem("the record has no title (a TI or T1 line); add one", source, raw.line, id_value)
            )
            continue
        if id_value is not None:
            if id_value in seen_ids:
                result.problems.append(
                    Problem(
                        f"ID {id_value!r} is also used by the record at line {seen_ids[id_value]}; "
                        "give each record its own ID",
                        source,
                        raw.line,
                        id_value,
                    )
                )
                continue
            seen_ids[id_value] = raw.line
            record.key = id_value
        else:
            record.key = _unique(citekey_base(record), taken)
            taken.add(record.key)
        result.warnings.extend(Problem(n, source, raw.line, record.key) for n in notes)
        result.records.append(record)
    result.problems.sort(key=lambda p: p.line or 0)
    result.warnings.sort(key=lambda p: p.line or 0)
    return result


def _usable_id(raw: _Raw) -> str | None:
    """The record's ``ID`` when it can be a citekey (no spaces, commas, braces, quotes...)."""
    value = _first(raw, "ID")
    return value if value and _KEY.match(value) else None


def _scan(text: str, source: str, result: ParseResult) -> list[_Raw]:
    """Split the text into records, reporting broken structure; counts every record it finds."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    raws: list[_Raw] = []
    current: _Raw | None = None
    orphan: int | None = None  # first line of tags found outside any record
    stray: int | None = None  # first line of text found outside any record
    blanks = 0

    def close_orphan() -> None:
        nonlocal orphan
        if orphan is not None:
            result.count += 1
            result.problems.append(
                Problem(
                    "these lines are outside any record: a 'TY  -' line is missing before them, or an "
                    "'ER  -' line ends the record above too early",
                    source,
                    orphan,
                )
            )
            orphan = None

    def close_stray() -> None:
        nonlocal stray
        if stray is not None:
            result.warnings.append(Problem("text outside any record was ignored", source, stray))
            stray = None

    for number, line in enumerate(lines, 1):
        m = _TAG_LINE.match(line)
        if m is None:
            if current is not None and current.fields and line.strip():
                tag, value = current.fields[-1]
                current.fields[-1] = (tag, value + "\n" * (blanks + 1) + line.rstrip())
                blanks = 0
            elif current is not None and not line.strip():
                blanks += 1
            elif current is not None:
                result.warnings.append(
                    Problem("text right after 'TY  -' belongs to no field; it was ignored", source, number)
                )
            elif current is None and orphan is None and stray is None and line.strip():
                # Ovid numbers its records ("1. "): not worth a warning.
                stray = None if _RECORD_NUMBER.match(line) else number
            continue
        blanks = 0
        tag, value = m.group(1), (m.group(2) or "").strip()
        if tag == "TY":
            close_orphan()
            close_stray()
            if current is not None:
                result.count += 1
                result.problems.append(
                    Problem(
                        f"the record has no 'ER  -' line before the next record (line {number}); "
                        "add one at its end",
                        source,
                        current.line,
                    )
                )
            current = _Raw(line=number, entry_type=value)
        elif current is not None:
            if tag == "ER":
                result.count += 1
                raws.append(current)
                current = None
            else:
                current.fields.append((tag, value))
        elif tag == "ER":
            if orphan is not None:
                close_orphan()
            else:
                result.warnings.append(
                    Problem("an 'ER  -' line outside any record was ignored", source, number)
                )
        else:
            close_stray()
            if orphan is None:
                orphan = number
    close_orphan()
    close_stray()
    if current is not None:
        result.count += 1
        message = "the file ends inside this record: its 'ER  -' line is missing"
        result.problems.append(Problem(message, source, current.line))
    return raws


def _first(raw: _Raw, tag: str) -> str | None:
    return next((v for t, v in raw.fields if t == tag), None)


def _flow(value: str) -> str:
    """A value's text for the model: wrapped lines joined with spaces, blank-line paragraphs kept."""
    paragraphs = re.split(r"\n[ \t]*\n", value)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _with_extra(extra: dict, tag: str, value: str) -> dict:
    if tag not in extra:
        extra[tag] = value
    elif isinstance(extra[tag], list):
        extra[tag].append(value)
    else:
        extra[tag] = [extra[tag], value]
    return extra


def _build(raw: _Raw) -> tuple[Record, list[str]]:
    """Map one record's fields onto a Record (key left empty) and say what was odd about it."""
    notes: list[str] = []
    ris_type = raw.entry_type.strip().upper()
    csl_type = RIS_TO_CSL.get(ris_type)
    if csl_type is None:
        notes.append(f"unknown RIS type {raw.entry_type!r}; read as a generic document")
        csl_type = "document"
    source = SourceRecord("ris", raw.entry_type, list(raw.fields))
    record = Record(key="", type=csl_type, line=raw.line, source=source)
    fields = raw.fields
    used = [False] * len(fields)
    by_tag: dict[str, list[int]] = {}
    for i, (tag, _) in enumerate(fields):
        by_tag.setdefault(tag, []).append(i)

    def take(*tags: str) -> str | None:
        """The first non-empty value among ``tags`` (in that order of preference), marked used."""
        for tag in tags:
            for i in by_tag.get(tag, ()):
                if not used[i] and fields[i][1].strip():
                    used[i] = True
                    return fields[i][1]
        return None

    def mark_empty(*tags: str) -> None:
        for tag in tags:
            for i in by_tag.get(tag, ()):
                if not fields[i][1].strip():
                    used[i] = True

    title = take(*_TITLE_TAGS)
    if title is None and ris_type not in ("CHAP", "ECHAP"):
        title = take("BT")
    record.title = _flow(title) if title else None
    container = take(*_CONTAINER_TAGS)
    record.container_title = _flow(container) if container else None
    for attr, tags in _SIMPLE.items():
        if value := take(*tags):
            setattr(record, attr, _flow(value))
        mark_empty(*tags)
    mark_empty(*_TITLE_TAGS, *_CONTAINER_TAGS)

    people: list[Contributor] = []
    for i, (tag, value) in enumerate(fields):
        role = _ROLE_TAGS.get(tag)
        if role is None:
            continue
        used[i] = True
        name = parse_name(_flow(value))
        if name is not None:
            people.append(Contributor(name, role))
    order = {role: n for n, role in enumerate(ROLES)}
    record.contributors = sorted(people, key=lambda c: order[c.role])

    _dates(record, fields, by_tag, used)

    start = take("SP")
    end = take("EP") if start and "-" not in start else None
    if start:
        record.pages = f"{start.strip()}-{end.strip()}" if end and end.strip() != start.strip() else start
    mark_empty("SP", "EP")
    doi = take("DO")
    if doi is None:
        for i in by_tag.get("M3", ()):
            if _DOI.match(fields[i][1].strip()):
                used[i] = True
                doi = fields[i][1]
                break
    # Ovid and EndNote write DOIs as links: keep the DOI itself (its case too; the store folds it).
    record.doi = _DOI_LINK.sub("", doi.strip()) if doi else None
    url = take("UR")
    record.url = url.strip() if url else None
    abstract = take("AB", "N2")
    record.abstract = _flow(abstract) if abstract else None
    if ris_type in _GENRE_TYPES and (genre := take("M3")):
        record.genre = _flow(genre)
    mark_empty("DO", "UR", "AB", "N2")

    for i in by_tag.get("SN", ()):
        value = fields[i][1].strip()
        compact = value.replace(" ", "")
        if _ISSN.match(compact) and record.issn is None and ris_type not in _BOOKISH:
            record.issn, used[i] = value, True
        elif _ISBN.match(value) and record.isbn is None:
            record.isbn, used[i] = value, True
        elif _ISSN.match(compact) and record.issn is None:
            record.issn, used[i] = value, True
        elif not value:
            used[i] = True

    for i in by_tag.get("KW", ()):
        used[i] = True
        keyword = _flow(fields[i][1])
        if keyword:
            record.keywords.append(keyword)
    for i in by_tag.get("ID", ())[:1]:
        value = fields[i][1]
        if not value or _KEY.match(value):
            used[i] = True  # the citekey
        else:
            notes.append(
                f"ID {value!r} cannot be a citekey (it has spaces or punctuation); "
                "the record was given one, and its ID is kept as it was"
            )

    for i, (tag, value) in enumerate(fields):
        if not used[i]:
            _with_extra(record.extra, tag, value)
    return record, notes


def _read_date(value: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) from a whole RIS date value, or None if it is not only a date."""
    value = value.strip()
    m = _FULL_DATE.match(value)
    if m:
        year, month, day = (int(g) if g else None for g in m.groups())
        if month is not None and not 1 <= month <= 12:
            return None
        if day is not None and (month is None or not 1 <= day <= 31):
            return None
        return year, month, day  # type: ignore[return-value]
    return None


def _dates(
    record: Record, fields: list[tuple[str, str]], by_tag: dict[str, list[int]], used: list[bool]
) -> None:
    candidates = [i for tag in ("PY", "Y1", "DA") for i in by_tag.get(tag, ())]
    year = None
    for i in candidates:
        m = _YEAR.search(fields[i][1])
        if m:
            year = int(m.group(1))
            break
    record.year = year
    best: tuple[int, int | None, int | None] | None = None
    for i in candidates:
        value = fields[i][1].strip()
        if not value:
            used[i] = True
            continue
        parts = _read_date(value)
        if parts is None and fields[i][0] == "DA" and year is not None:
            m = _MONTH_DATE.match(value)
            month = _MONTHS.get(m.group(1).lower()) if m else None
            if m and month:
                day = int(m.group(2)) if m.group(2) else None
                parts = (year, month, day if day and 1 <= day <= 31 else None)
                if m.group(2) and parts[2] is None:
                    parts = None
        if parts is None or parts[0] != year:
            continue
        used[i] = True
        if best is None or _precision(parts) > _precision(best):
            best = parts
    if best is not None:
        record.date = _iso(best)
    for i in by_tag.get("Y2", ()):
        m = _ACCESSED.match(fields[i][1].strip())
        if m and record.accessed is None:
            used[i] = True
            record.accessed = "-".join(m.groups())


def _precision(parts: tuple[int, int | None, int | None]) -> int:
    return sum(p is not None for p in parts)


def _iso(parts: tuple[int, int | None, int | None]) -> str:
    year, month, day = parts
    out = f"{year:04d}"
    if month:
        out += f"-{month:02d}"
        if day:
            out += f"-{day:02d}"
    return out


def parse_name(text: str) -> Name | None:
    """``Family, Given[, Suffix]`` -> a person; text without a comma -> an organisation, unless it
    ends in dotted initials (Scopus writes a few people as ``Tavakkoli K.G.A.``)."""
    text = text.strip()
    if not text:
        return None
    if "," not in text:
        family, _, initials = text.rpartition(" ")
        if family and _INITIALS.match(initials) and initials not in _COMPANY_FORMS:
            return Name(family=family, given=initials)
        return Name(literal=text)
    family, _, rest = (p.strip() for p in text.partition(","))
    given, _, suffix = (p.strip() for p in rest.partition(","))
    particle = None
    words = family.split()
    lead = 0
    while lead < len(words) - 1 and words[lead].islower():
        lead += 1
    if lead:
        particle, family = " ".join(words[:lead]), " ".join(words[lead:])
    return Name(family=family or None, given=given or None, particle=particle, suffix=suffix or None)


def format_name(name: Name) -> str:
    """The RIS form of a name, which :func:`parse_name` reads back as the same name."""
    if name.literal:
        return name.literal
    family = " ".join(p for p in (name.particle, name.family) if p)
    out = f"{family}, {name.given or ''}".rstrip()
    return f"{out}, {name.suffix}" if name.suffix else out


# Letters that Unicode does not decompose into a base letter and an accent.
_TRANSLITERATE = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe",
                                "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th",
                                "Þ": "th", "ı": "i"})  # fmt: skip


def _ascii_word(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in plain if not unicodedata.combining(c)).lower())


def citekey_base(record: Record) -> str:
    """``familyYEARword``: the first author's (or editor's) family name, the year, the first
    significant word of the title, in lower-case ASCII."""
    people = record.names("author") or record.names("editor") or [c.name for c in record.contributors]
    family = ""
    if people:
        first = people[0]
        family = _ascii_word(first.family or (first.literal or "").split(" ")[0] or first.given or "")
    word = ""
    for token in re.findall(r"[^\W_]+", record.title or ""):
        folded = _ascii_word(token)
        if folded and token.lower() not in _STOP_WORDS:
            word = folded[:20]
            break
    year = str(record.year) if record.year is not None else "nd"
    return f"{family or 'anon'}{year}{word}"


def _unique(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 0
    while True:
        suffix, m = "", n
        while True:  # a, b, ..., z, aa, ab, ...
            suffix = chr(ord("a") + m % 26) + suffix
            m = m // 26 - 1
            if m < 0:
                break
        if base + suffix not in taken:
            return base + suffix
        n += 1


# --- writing -----------------------------------------------------------------------------------


def write(records: Iterable[Record]) -> str:
    """RIS for ``records`` from any source: ``TY`` first, ``ER`` last, one ``TAG  - value`` per line.

    A record read from RIS and not changed since is written back with its own fields in its own
    order; the only line that may be added is ``ID``, which carries the record's citekey so that a
    re-import finds the same key. Any other record is written from its fields, followed by its
    RIS-tag ``extra`` values.
    """
    return "".join(_write_one(r) + "\n" for r in records)


def _write_one(record: Record) -> str:
    fields = _source_fields(record)
    if fields is None:
        entry_type, fields = _fields_from(record)
    else:
        entry_type = record.source.entry_type  # type: ignore[union-attr]
    lines = [f"TY  - {entry_type}"]
    for tag, value in fields:
        lines.append(_line(tag, value))
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def _line(tag: str, value: str) -> str:
    first, *rest = value.split("\n")
    out = f"{tag}  - {first}".rstrip() if first or not rest else f"{tag}  - "
    for more in rest:
        # A continuation line that looks like a tag would start a field of its own when read back.
        out += "\n" + (" " + more if _TAG_LINE.match(more) else more)
    return out


def _source_fields(record: Record) -> list[tuple[str, str]] | None:
    """The record's own RIS fields if it came from RIS and is unchanged since, else None."""
    src = record.source
    if src is None or src.format != "ris":
        return None
    fields = [(str(t), str(v)) for t, v in src.fields]
    original, _ = _build(_Raw(line=0, entry_type=src.entry_type, fields=fields))
    if not same_content(original, record):
        return None
    for n, (tag, value) in enumerate(fields):
        if tag == "ID":
            if value and _KEY.match(value):
                return [*fields[:n], ("ID", record.key), *fields[n + 1 :]]
            break
    return [("ID", record.key), *fields]


def _fields_from(record: Record) -> tuple[str, list[tuple[str, str]]]:
    out: list[tuple[str, str]] = [("ID", record.key)]

    def add(tag: str, value: object) -> None:
        if value not in (None, ""):
            out.append((tag, str(value)))

    add("TI", record.title)
    for contributor in record.contributors:
        tag = _ROLE_TO_TAG.get(contributor.role)
        if tag:
            add(tag, format_name(contributor.name))
    add("PY", record.year)
    if record.date and (parts := _date_parts(record.date)) and parts[0] == record.year and parts[1]:
        year, month, day = parts
        add("DA", f"{year:04d}/{month:02d}/{day:02d}/" if day else f"{year:04d}/{month:02d}//")
    elif record.date and record.year is None:
        add("DA", record.date)
    add("T2", record.container_title)
    add("T3", record.collection_title)
    add("VL", record.volume)
    add("IS", record.issue)
    if record.pages:
        start, sep, end = record.pages.partition("-")
        if sep and "-" not in end and start.strip() and end.strip():
            add("SP", start.strip())
            add("EP", end.strip())
        else:
            add("SP", record.pages)
    add("ET", record.edition)
    add("PB", record.publisher)
    add("CY", record.publisher_place)
    add("M3", record.genre)
    add("DO", record.doi)
    add("UR", record.url)
    add("SN", record.isbn)
    add("SN", record.issn)
    add("AB", record.abstract)
    add("LA", record.language)
    add("N1", record.note)
    add("Y2", record.accessed.replace("-", "/") if record.accessed else None)
    for keyword in record.keywords:
        add("KW", keyword)
    for tag, value in record.extra.items():
        if not _TAG.match(tag) or tag in ("TY", "ER"):
            continue  # a field from another format, with no RIS tag to carry it
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str | int | float) and not isinstance(item, bool):
                out.append((tag, str(item)))
    return CSL_TO_RIS.get(record.type, "GEN"), out


def _date_parts(date: str) -> tuple[int, int | None, int | None] | None:
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", date.strip())
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    return year, month, day  # type: ignore[return-value]
