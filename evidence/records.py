"""The format-neutral bibliographic record every importer produces and every exporter consumes.

Importers (BibTeX, RIS, CSL-JSON) parse files into :class:`Record`; the store turns records into
``Reference`` rows and back; exporters and the citation formatter take records (or their CSL-JSON
form). Keeping one neutral shape means adding a format touches one module, and the database layer
never learns about file syntax.

Field names follow CSL-JSON where CSL has a variable for the concept, because CSL is what the citation
processor and Zotero speak; anything a format carries that we do not model lands in ``extra``
verbatim, and ``source`` keeps the record as it was written so that an export to the same format
can give back exactly what was imported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

#: CSL item types we accept; importers map their own types onto these.
CSL_TYPES = frozenset(
    {
        "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
        "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
        "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
        "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
        "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
        "personal_communication", "post", "post-weblog", "regulation", "report", "review",
        "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
    }
)

#: Contributor roles, in CSL's vocabulary.
ROLES = ("author", "editor", "translator", "container-author", "collection-editor", "director")

#: Modelled scalar fields: name -> CSL-JSON variable. Order is the canonical output order.
SCALAR_FIELDS: dict[str, str] = {
    "title": "title",
    "container_title": "container-title",
    "collection_title": "collection-title",
    "volume": "volume",
    "issue": "issue",
    "pages": "page",
    "edition": "edition",
    "publisher": "publisher",
    "publisher_place": "publisher-place",
    "genre": "genre",
    "doi": "DOI",
    "url": "URL",
    "isbn": "ISBN",
    "issn": "ISSN",
    "abstract": "abstract",
    "language": "language",
    "note": "note",
}

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def normalise_doi(doi: str | None) -> str | None:
    """DOIs are case-insensitive and arrive as URLs, ``doi:`` strings or bare; store one form."""
    if doi is None:
        return None
    doi = _DOI_PREFIX.sub("", doi.strip()).strip()
    return doi.lower() or None


@dataclass(slots=True)
class Name:
    """A person or an organisation. Organisations have only ``literal``."""

    family: str | None = None
    given: str | None = None
    particle: str | None = None  # non-dropping particle: "van", "de", "von"
    suffix: str | None = None  # "Jr.", "III"
    literal: str | None = None  # "Nederlands Jeugdinstituut"

    def to_csl(self) -> dict[str, str]:
        if self.literal:
            return {"literal": self.literal}
        out: dict[str, str] = {}
        if self.family:
            out["family"] = self.family
        if self.given:
            out["given"] = self.given
        if self.particle:
            out["non-dropping-particle"] = self.particle
        if self.suffix:
            out["suffix"] = self.suffix
        return out

    @classmethod
    def from_csl(cls, data: dict[str, Any]) -> Name:
        if data.get("literal"):
            return cls(literal=str(data["literal"]))
        particle = " ".join(
            p for p in (data.get("dropping-particle"), data.get("non-dropping-particle")) if p
        )
        return cls(
            family=data.get("family") or None,
            given=data.get("given") or None,
            particle=particle or None,
            suffix=data.get("suffix") or None,
        )

    def display(self) -> str:
        """"van Beek, Gijs" style, for tables and search."""
        if self.literal:
            return self.literal
        family = " ".join(p for p in (self.particle, self.family) if p)
        head = ", ".join(p for p in (family, self.given) if p)
        return f"{head}, {self.suffix}" if self.suffix else head


@dataclass(slots=True)
class Contributor:
    name: Name
    role: str = "author"


@dataclass(slots=True)
class SourceRecord:
    """The record exactly as its file had it, for lossless export back to the same format.

    ``fields`` keeps field order and raw (undecoded) values, e.g. BibTeX with its LaTeX intact.
    """

    format: str  # "bibtex", "ris", "csljson"
    entry_type: str  # the format's own type: "article", "JOUR", "article-journal"
    fields: list[tuple[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Record:
    """One bibliographic work, independent of the file format it came from."""

    key: str
    type: str = "document"
    title: str | None = None
    contributors: list[Contributor] = field(default_factory=list)
    year: int | None = None
    #: The issued date as EDTF-ish text: "2019", "2019-05", "2019-05-03", "2019/2020".
    date: str | None = None
    container_title: str | None = None
    collection_title: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    edition: str | None = None
    publisher: str | None = None
    publisher_place: str | None = None
    genre: str | None = None
    doi: str | None = None
    url: str | None = None
    isbn: str | None = None
    issn: str | None = None
    abstract: str | None = None
    language: str | None = None
    note: str | None = None
    #: The date the URL was accessed (BibLaTeX ``urldate``), ISO text.
    accessed: str | None = None
    keywords: list[str] = field(default_factory=list)
    #: Fields the model does not have, verbatim, by their name in the source format.
    extra: dict[str, Any] = field(default_factory=dict)
    verification_status: str = "unknown"
    verification_note: str | None = None
    source: SourceRecord | None = None
    #: 1-based line in the file the record started on, for error messages.
    line: int | None = None

    def names(self, role: str = "author") -> list[Name]:
        return [c.name for c in self.contributors if c.role == role]

    def to_csl(self) -> dict[str, Any]:
        """The CSL-JSON item a citation processor or Zotero reads."""
        item: dict[str, Any] = {"id": self.key, "type": self.type}
        for role in ROLES:
            names = [n.to_csl() for n in self.names(role)]
            if names:
                item[role] = names
        for attr, var in SCALAR_FIELDS.items():
            value = getattr(self, attr)
            if value not in (None, ""):
                item[var] = value
        if self.doi:
            item["DOI"] = self.doi
        issued = date_parts(self.date) if self.date else None
        if issued is None and self.year is not None:
            issued = {"date-parts": [[self.year]]}
        if issued:
            item["issued"] = issued
        if self.accessed:
            accessed = date_parts(self.accessed)
            if accessed:
                item["accessed"] = accessed
        if self.keywords:
            item["keyword"] = ", ".join(self.keywords)
        return item


_DATE = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def date_parts(text: str) -> dict[str, Any] | None:
    """EDTF-ish "2019-05" or "2019/2020" -> CSL ``{"date-parts": [[2019, 5]]}``; None if unparsable."""
    parts = []
    for piece in text.strip().split("/")[:2]:
        m = _DATE.match(piece.strip())
        if not m:
            return {"literal": text.strip()} if text.strip() else None
        parts.append([int(g) for g in m.groups() if g is not None])
    return {"date-parts": parts}


_WORDS = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case, no accents, words only: for comparing titles and names."""
    text = text.casefold()
    if not text.isascii():  # most titles are ASCII: skip the per-character pass for them
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORDS.findall(text))


def match_key(title: str | None, year: int | None, first_family: str | None) -> str | None:
    """What makes two records without DOIs the same work: title, year and first author, folded.

    Case, accents, punctuation and LaTeX braces do not count, so "The {Online} Disinhibition Effect"
    and "The online disinhibition effect." match.
    """
    if not title:
        return None
    return f"{fold(title)[:200]}|{year or ''}|{fold(first_family or '')[:60]}"


def record_match_key(record: Record) -> str | None:
    people = record.names("author") or record.names("editor")
    first = (people[0].family or people[0].literal) if people else None
    return match_key(record.title, record.year, first)
