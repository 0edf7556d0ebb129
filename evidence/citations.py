"""APA 7 in-text citations and reference lists, formatted by pandoc's citeproc.

Why pandoc: its citeproc implements the CSL disambiguation APA needs (year suffixes 2020a/2020b over
the whole reference list, added initials, "&", et al., sorted reference lists), and pypandoc-binary
ships it as one binary, so nothing is fetched at run time. The CSL style and locales are vendored in
``evidence/csl/`` (see the README there); pandoc's built-in copies are never used.

How a run works: the items go into the document's metadata as ``references`` made of plain strings
(not a CSL-JSON file, whose strings pandoc reads as HTML-like markup), so titles are taken literally:
``*``, ``_``, ``<i>``, ``[@x]`` are text. The document body is pandoc's JSON AST with one paragraph per
citation, so no citekey is parsed as Markdown either. ``nocite: @*`` puts every item in the reference
list and in disambiguation, cited or not. Pandoc returns the AST, rendered here to plain text, HTML
and Markdown in one pass. Large sets are split over a few runs (see "splitting the work" below).

APA rules the processor or the style gets wrong, as pinned in tests/test_citations.py:

* Narrative citations: CSL has no narrative form, so pandoc writes "Sheombar & van Beek (2019)", and a
  narrative citation of several works comes out garbled. :func:`citations` fixes both: "and"/"en" by
  a style variant (see ``_style_xml``), several works by citing each alone and joining them.
* Several works of one author and year in one parenthetical citation keep the order given
  ("2019b, 2019a"): the style sorts by author and year only. :func:`citations` puts them in title
  order first, the order of their suffixes.
* A web page without date and without access date gets "Retrieved URL": patched (``_patch_retrieved``).
* Given-name disambiguation ignores particles: "Beek, A." (2010) and "van Beek, B." (2011) are cited
  "(A. Beek, 2010)" and "(B. van Beek, 2011)", though APA adds initials only for the same surname.
* When disambiguation has to add names to an "et al." citation, pandoc also lists those names in the
  reference entry (more than 20 authors then appear in full instead of 19, ..., last).
* The reference list's "et al." for 21+ authors is "…" (one character); APA prints ". . .".
* Titles are printed as stored: APA's sentence case for article and book titles is not applied (CSL
  cannot lowercase reliably), so records should hold titles in sentence case.
* The vendored nl-NL locale uses a hyphen for page ranges ("109-160"); en-US uses an en dash.
* Names with a lowercase particle sort by the particle as written ("van Beek" under V, "de Vries"
  under D): the style sets ``demote-non-dropping-particle="never"``. APA defers to the name's
  language and the author's own usage; Dutch practice sorts "van Beek" under B, which this style
  cannot do.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path
from typing import Any, Literal

from evidence.errors import EvidenceError

Format = Literal["text", "html", "markdown"]

CSL_DIR = Path(__file__).resolve().parent / "csl"
#: Style name -> CSL file in ``CSL_DIR``.
STYLES: dict[str, str] = {"apa": "apa.csl"}
#: Locale -> CSL locale file in ``CSL_DIR``.
LOCALES: dict[str, str] = {"en-US": "locales-en-US.xml", "nl-NL": "locales-nl-NL.xml"}
FORMATS: tuple[Format, ...] = ("text", "html", "markdown")

#: CSL-JSON variables no APA reference prints; dropped so that large corpora stay cheap to send.
_UNUSED_VARIABLES = frozenset({"abstract", "keyword"})
#: A run takes seconds at most; this only stops a hung process.
_TIMEOUT_SECONDS = 300


class CitationError(EvidenceError):
    """Citations cannot be formatted: unknown style, locale or key, bad items, or pandoc failed."""


@dataclass(frozen=True)
class BibEntry:
    """One formatted reference-list entry, in each rendering."""

    key: str
    text: str
    html: str
    markdown: str

    def render(self, fmt: Format) -> str:
        return {"text": self.text, "html": self.html, "markdown": self.markdown}[_check_format(fmt)]


# --- public API -----------------------------------------------------------------------------------


def bibliography(items: Sequence[dict], *, style: str = "apa", locale: str = "en-US") -> list[BibEntry]:
    """The reference list for ``items`` (CSL-JSON dicts with ``id``), sorted as the style sorts it."""
    _, entries = _format(
        _prepare(items), [], style=style, locale=locale, narrative=False, with_bibliography=True
    )
    return entries


def citations(
    items: Sequence[dict],
    keys: Sequence[str | Sequence[str]],
    *,
    style: str = "apa",
    locale: str = "en-US",
    narrative: bool = False,
    fmt: Format = "text",
) -> list[str]:
    """One in-text citation per element of ``keys``; an element may be several keys cited together.

    Parenthetical ("(Barak et al., 2008)") or, with ``narrative``, "Barak et al. (2008)".
    Disambiguation (year suffixes, added initials) is computed over all ``items``, so it matches
    :func:`bibliography` over the same items.
    """
    _check_format(fmt)
    groups = [list(dict.fromkeys([k] if isinstance(k, str) else k)) for k in keys]
    if any(not group for group in groups):
        raise CitationError("an empty group of citekeys cannot be cited")
    clean = _prepare(items)
    if not narrative:
        # The style sorts a group by author and year only, so two works of one author and year keep
        # the order given: put them in title order, the order their suffixes a, b follow.
        titles = {item["id"]: str(item.get("title") or "").casefold() for item in clean}
        groups = [sorted(group, key=lambda k: titles.get(k, "")) for group in groups]
        cites, _ = _format(
            clean, groups, style=style, locale=locale, narrative=False, with_bibliography=False
        )
        return [getattr(rendered, fmt) for rendered in cites]
    # Pandoc formats a narrative citation of one work only ("@a"); a group would come out garbled,
    # so each work is cited on its own and the group joined as a sentence would join them.
    singles = [[key] for group in groups for key in group]
    cites, entries = _format(
        clean, singles, style=style, locale=locale, narrative=True, with_bibliography=True
    )
    order = {entry.key: n for n, entry in enumerate(entries)}
    rendered = iter(getattr(r, fmt) for r in cites)
    and_word = _and_word(locale)
    return [
        _join_narrative([(next(rendered), order.get(key, 0)) for key in group], and_word) for group in groups
    ]


def cite_all(
    items: Sequence[dict], *, style: str = "apa", locale: str = "en-US", fmt: Format = "text"
) -> tuple[dict[str, str], list[BibEntry]]:
    """Every item's parenthetical citation by key, and the reference list, in one go."""
    _check_format(fmt)
    clean = _prepare(items)
    groups = [[item["id"]] for item in clean]
    cites, entries = _format(
        clean, groups, style=style, locale=locale, narrative=False, with_bibliography=True
    )
    return {group[0]: getattr(rendered, fmt) for group, rendered in zip(groups, cites, strict=True)}, entries


def supported() -> str:
    """Human-readable list of styles and locales, for messages and ``--help``."""
    return f"styles: {', '.join(STYLES)}; locales: {', '.join(LOCALES)}"


_NARRATIVE = re.compile(r"^(?P<who>.+) \((?P<when>[^()]*)\)$", re.DOTALL)


def _join_narrative(parts: list[tuple[str, int]], and_word: str) -> str:
    """Join narrative citations: "A (2019b)", "B (2020)", "A (2019a)" -> "A (2019a, 2019b) and B (2020)".

    ``parts`` are (narrative citation, position in the reference list): works of the same authors
    are merged in reference-list order, which is APA's order (no date first, then by year, a, b).
    """
    by_who: dict[str, list[tuple[int, str]]] = {}
    for text, position in parts:
        m = _NARRATIVE.match(text)
        who, when = (m["who"], m["when"]) if m else (text, "")
        by_who.setdefault(who, []).append((position, when))
    merged = []
    for who, whens in by_who.items():
        years = [when for _, when in sorted(whens) if when]
        merged.append(f"{who} ({', '.join(years)})" if years else who)
    if len(merged) <= 2:
        return f" {and_word} ".join(merged)
    # APA's serial comma in English; Dutch puts no comma before "en".
    serial = "," if and_word == "and" else ""
    return f"{', '.join(merged[:-1])}{serial} {and_word} {merged[-1]}"


def _check_format(fmt: str) -> Format:
    if fmt not in FORMATS:
        raise CitationError(f"unknown citation format {fmt!r}; use one of: {', '.join(FORMATS)}")
    return fmt  # type: ignore[return-value]


def _prepare(items: Sequence[dict]) -> list[dict]:
    """Items with a string ``id`` each, unique; variables no reference prints are dropped."""
    out: list[dict] = []
    seen: set[str] = set()
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict) or item.get("id") in (None, ""):
            raise CitationError(f"item {n} has no 'id'; every CSL-JSON item needs its citekey as id")
        key = str(item["id"])
        if key in seen:
            raise CitationError(f"citekey {key!r} occurs more than once in the items")
        seen.add(key)
        clean = {k: v for k, v in item.items() if k not in _UNUSED_VARIABLES and v is not None}
        clean["id"] = key
        out.append(clean)
    return out


# --- splitting the work ---------------------------------------------------------------------------
#
# Pandoc's citeproc disambiguates given names ("A. Beek" vs "B. Beek", which APA requires) in time
# that grows with the square of the number of distinct first authors in a document: 1,000 items in
# one run took 49 s, 400 items 2 s, 100 items 0.3 s. Disambiguation only ever relates works whose
# first names (the authors, or what the style puts in their place) share a family name, so the items
# are split into such clusters. Works alone in their cluster need no disambiguation and are formatted
# in one run with it switched off (linear: about 1.5 ms an item); that run over all items also gives
# the reference-list order, which disambiguation never changes. Clusters of two or more works are
# formatted with the full style in runs of about _BATCH_ITEMS items, in parallel. The output is the
# same as from one run over everything; tests/test_citations.py checks that.

_BATCH_ITEMS = 100
_DISAMBIGUATION_ATTRIBUTES = re.compile(r'\sdisambiguate-add-(?:givenname|names|year-suffix)="true"')


@dataclass(frozen=True)
class _Rendered:
    text: str
    html: str
    markdown: str


@dataclass
class _Job:
    """One pandoc run."""

    items: list[dict]
    groups: list[tuple[int, list[str]]]  # (index in the caller's groups, keys)
    disambiguate: bool  # with the style's disambiguation, or without (for works alone in a cluster)
    bibliography: bool
    lists_all: bool = False  # its reference list has every item, in the final order
    cluster_ids: set[int] = field(default_factory=set)


def _format(
    items: list[dict],
    groups: list[list[str]],
    *,
    style: str,
    locale: str,
    narrative: bool,
    with_bibliography: bool,
) -> tuple[list[_Rendered], list[BibEntry]]:
    """Citations for ``groups`` and (if asked) the reference list, over all ``items``."""
    style_xml = _style_xml(style, locale, narrative)
    known = {item["id"] for item in items}
    unknown = sorted({key for group in groups for key in group} - known)
    if unknown:
        raise CitationError(f"no item with citekey {', '.join(map(repr, unknown))} among the items given")
    if not items:
        return [_Rendered("", "", "") for _ in groups], []

    jobs = _plan(items, groups, with_bibliography, need_order=with_bibliography or narrative)
    plain_xml = _DISAMBIGUATION_ATTRIBUTES.sub("", style_xml)
    pandoc, api_version = _pandoc()
    with tempfile.TemporaryDirectory(prefix="evidence-csl-") as tmp:
        full_path, plain_path = Path(tmp) / "style.csl", Path(tmp) / "style-plain.csl"
        full_path.write_text(style_xml, encoding="utf-8")
        plain_path.write_text(plain_xml, encoding="utf-8")

        def run(job: _Job) -> tuple[list[_Rendered], list[BibEntry]]:
            path = full_path if job.disambiguate else plain_path
            doc = _document(job, path, locale, narrative, api_version)
            return _read_result(_call_pandoc(pandoc, doc), len(job.groups), {i["id"] for i in job.items})

        if len(jobs) == 1:
            results = [run(jobs[0])]
        else:
            with ThreadPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 2)) as pool:
                results = list(pool.map(run, jobs))

    rendered: list[_Rendered | None] = [None] * len(groups)
    plain: dict[str, BibEntry] = {}
    disambiguated: dict[str, BibEntry] = {}
    order: list[str] = []
    for job, (cites, entries) in zip(jobs, results, strict=True):
        for (index, _keys), cite in zip(job.groups, cites, strict=True):
            rendered[index] = cite
        (disambiguated if job.disambiguate else plain).update((e.key, e) for e in entries)
        if job.lists_all:
            order = [e.key for e in entries]
    if not order:  # only citations were asked: the order within each cluster is all that counts
        order = list(plain) + list(disambiguated)
    entries = [disambiguated.get(key) or plain[key] for key in order]
    return [r or _Rendered("", "", "") for r in rendered], entries


def _plan(
    items: list[dict], groups: list[list[str]], with_bibliography: bool, need_order: bool
) -> list[_Job]:
    indexed = list(enumerate(groups))
    if len(items) <= _BATCH_ITEMS:
        return [_Job(items, indexed, disambiguate=True, bibliography=need_order, lists_all=with_bibliography)]
    cluster_of = _clusters(items, groups)
    members: dict[int, list[dict]] = {}
    for item in items:
        members.setdefault(cluster_of[item["id"]], []).append(item)
    cited = {cluster_of[group[0]] for group in groups}
    alone = {c for c, its in members.items() if len(its) == 1}

    batches: list[_Job] = []
    for c, its in members.items():
        if c in alone or not (with_bibliography or c in cited):
            continue
        if not batches or len(batches[-1].items) + len(its) > _BATCH_ITEMS:
            batches.append(_Job([], [], disambiguate=True, bibliography=need_order))
        batches[-1].items.extend(its)
        batches[-1].cluster_ids.add(c)
    for batch in batches:
        batch.groups = [(i, g) for i, g in indexed if cluster_of[g[0]] in batch.cluster_ids]
    plain_items = items if with_bibliography else [members[c][0] for c in sorted(cited & alone)]
    if not plain_items:
        return batches
    plain_groups = [(i, g) for i, g in indexed if cluster_of[g[0]] in alone]
    plain = _Job(plain_items, plain_groups, False, with_bibliography, lists_all=with_bibliography)
    return [plain, *batches]


def _clusters(items: list[dict], groups: list[list[str]]) -> dict[str, int]:
    """Cluster id by citekey: works that disambiguation could relate, and works cited together.

    Two works are related when the first names of any of their name lists end in the same word
    (pandoc ignores particles when it compares family names), or, for works without author (the style
    then shows the title), when their titles start with the same word. Errs on the side of joining.
    """
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    index = {item["id"]: n for n, item in enumerate(items)}
    owner: dict[str, int] = {}
    for n, item in enumerate(items):
        for token in _relation_tokens(item):
            if token in owner:
                union(n, owner[token])
            else:
                owner[token] = n
    for group in groups:
        for key in group[1:]:
            union(index[group[0]], index[key])
    return {item["id"]: find(n) for n, item in enumerate(items)}


def _relation_tokens(item: dict) -> set[str]:
    """What a work's citation could share with another's: the first name of each name list, by the
    last word of its family name (so "van Beek", "Van Beek" and "Beek" meet), and for works without
    author the first word of the title."""
    tokens: set[str] = set()
    for value in item.values():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            first = value[0]
            words = str(first.get("family") or first.get("literal") or first.get("given") or "").split()
            if words:
                tokens.add("name:" + words[-1].casefold())
    if not item.get("author"):
        for variable in ("title", "title-short"):
            words = str(item.get(variable) or "").casefold().split()
            tokens.add("title:" + (words[0].strip(".,:;!?\"'()[]") if words else ""))
    return tokens


def _call_pandoc(pandoc: str, doc: dict[str, Any]) -> list[dict]:
    try:
        proc = subprocess.run(
            [pandoc, "--from=json", "--to=json", "--citeproc"],
            input=json.dumps(doc, ensure_ascii=False).encode("utf-8"),
            capture_output=True,
            timeout=_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as ex:
        raise CitationError(f"pandoc could not format the citations: {ex}") from ex
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip() or f"exit status {proc.returncode}"
        raise CitationError(f"pandoc could not format the citations: {message}")
    return json.loads(proc.stdout.decode("utf-8"))["blocks"]


def _document(
    job: _Job, csl_path: Path, locale: str, narrative: bool, api_version: list[int]
) -> dict[str, Any]:
    mode = "AuthorInText" if narrative else "NormalCitation"
    blocks = [
        {"t": "Para", "c": [{"t": "Cite", "c": [[_citation(key, mode, n) for key in group], []]}]}
        for n, (_index, group) in enumerate(job.groups, start=1)
    ]
    meta = {
        "references": _meta(job.items),
        "csl": _meta(str(csl_path)),
        "lang": _meta(locale),
        # Every item is in the reference list (and so in disambiguation), cited or not.
        "nocite": {
            "t": "MetaInlines",
            "c": [{"t": "Cite", "c": [[_citation("*", "NormalCitation", 0)], []]}],
        },
        "link-citations": _meta(False),
        "link-bibliography": _meta(True),
        "suppress-bibliography": _meta(not job.bibliography),
    }
    return {"pandoc-api-version": api_version, "meta": meta, "blocks": blocks}


def _citation(key: str, mode: str, note: int) -> dict[str, Any]:
    return {
        "citationId": key,
        "citationPrefix": [],
        "citationSuffix": [],
        "citationMode": {"t": mode},
        "citationNoteNum": note,
        "citationHash": 0,
    }


def _meta(value: Any) -> dict[str, Any]:
    """A JSON value as pandoc metadata. Strings stay ``MetaString``: literal text, never parsed."""
    if isinstance(value, bool):
        return {"t": "MetaBool", "c": value}
    if isinstance(value, dict):
        return {"t": "MetaMap", "c": {str(k): _meta(v) for k, v in value.items() if v is not None}}
    if isinstance(value, list | tuple):
        return {"t": "MetaList", "c": [_meta(v) for v in value if v is not None]}
    return {"t": "MetaString", "c": str(value)}


def _read_result(
    blocks: list[dict], n_groups: int, known: set[str]
) -> tuple[list[_Rendered], list[BibEntry]]:
    rendered: list[_Rendered] = []
    entries: list[BibEntry] = []
    for block in blocks:
        if block["t"] == "Para" and len(rendered) < n_groups:
            inlines = [i for i in block["c"] if i["t"] == "Cite"]
            rendered.append(_render(_runs(inlines[0]["c"][1] if inlines else block["c"])))
        elif block["t"] == "Div" and block["c"][0][0] == "refs":
            for child in block["c"][1]:
                if child["t"] != "Div":
                    continue
                ident = child["c"][0][0]
                key = ident[4:] if ident.startswith("ref-") else ident
                if key not in known:
                    raise CitationError(f"pandoc returned a reference entry {ident!r} for no known item")
                inlines = [i for b in child["c"][1] if b["t"] in ("Para", "Plain") for i in b["c"]]
                out = _render(_runs(inlines))
                entries.append(BibEntry(key, out.text, out.html, out.markdown))
    if len(rendered) != n_groups:
        raise CitationError(f"pandoc returned {len(rendered)} citations for {n_groups} asked")
    return rendered, entries


# --- the style and locale as pandoc gets them ------------------------------------------------------


def _check_style_locale(style: str, locale: str) -> None:
    if style not in STYLES:
        raise CitationError(f"unknown citation style {style!r}; supported {supported()}")
    if locale not in LOCALES:
        raise CitationError(f"unknown citation locale {locale!r}; supported {supported()}")


@functools.lru_cache(maxsize=16)
def _style_xml(style: str, locale: str, narrative: bool) -> str:
    """The vendored style with the vendored locale inside it, so pandoc's built-in locale never wins.

    The locale goes in as a ``<locale>`` without ``xml:lang``: CSL ranks that below the style's own
    ``<locale xml:lang="en">`` / ``"nl"`` overrides and above any locale file, which is exactly
    where the vendored locale file belongs. For narrative citations a ``<locale>`` for the exact
    language (ranked first) makes the symbol "and" the word ("and", "en").
    """
    _check_style_locale(style, locale)
    style_text = (CSL_DIR / STYLES[style]).read_text(encoding="utf-8")
    locale_text = (CSL_DIR / LOCALES[locale]).read_text(encoding="utf-8")
    body = re.search(r"<locale\b[^>]*>(.*)</locale>", locale_text, re.DOTALL)
    if body is None:
        raise CitationError(f"{LOCALES[locale]} is not a CSL locale file")
    inner = re.sub(r"<info>.*?</info>", "", body.group(1), count=1, flags=re.DOTALL)
    injected = f"<locale>{inner}</locale>"
    if narrative:
        injected = (
            f'<locale xml:lang="{locale}"><terms><term name="and" form="symbol">{_and_word(locale)}'
            f"</term></terms></locale>{injected}"
        )
    head, sep, tail = style_text.partition("</info>")
    if not sep:
        raise CitationError(f"{STYLES[style]} is not a CSL style (no <info>)")
    return _patch_retrieved(f"{head}{sep}\n  {injected}{tail}")


# APA 7 (9.16) writes "Retrieved March 5, 2021, from URL" only when there is a retrieval date; the
# style prints "Retrieved URL" for an undated page without one. Grouping the term with the date lets
# CSL's group suppression drop it. Matches the vendored apa.csl; a new version is checked by tests.
_RETRIEVED = re.compile(
    r'(<text term="retrieved" text-case="capitalize-first"/>\s*<group delimiter=", ">\s*'
    r'<date form="text" variable="accessed"/>\s*<text term="from"/>\s*</group>)'
)


def _patch_retrieved(style_xml: str) -> str:
    return _RETRIEVED.sub(r'<group delimiter=" ">\1</group>', style_xml)


@functools.lru_cache(maxsize=8)
def _and_word(locale: str) -> str:
    """The locale's word for "and" ("and", "en"), as APA writes it in narrative citations."""
    _check_style_locale("apa", locale)
    text = (CSL_DIR / LOCALES[locale]).read_text(encoding="utf-8")
    word = re.search(r'<term name="and">([^<]*)</term>', text)
    return word.group(1) if word else "and"


@functools.lru_cache(maxsize=1)
def _pandoc() -> tuple[str, list[int]]:
    """The pandoc binary (pypandoc-binary's own first) and the JSON API version it speaks."""
    path: str | None = None
    try:
        import pypandoc

        bundled = Path(pypandoc.__file__).resolve().parent / "files" / "pandoc"
        if bundled.is_file() and os.access(bundled, os.X_OK):
            path = str(bundled)
        else:
            path = pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        path = shutil.which("pandoc")
    if not path:
        raise CitationError(
            "pandoc is not installed; install evidence with its dependencies (pypandoc-binary)"
        )
    try:
        probe = subprocess.run(
            [path, "--from=markdown", "--to=json"], input=b"", capture_output=True, timeout=60, check=True
        )
        version = json.loads(probe.stdout)["pandoc-api-version"]
    except (OSError, subprocess.SubprocessError, ValueError, KeyError) as ex:
        raise CitationError(f"pandoc at {path} does not work: {ex}") from ex
    return path, version


# --- rendering pandoc's inlines -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Run:
    text: str
    italic: bool = False
    bold: bool = False
    small_caps: bool = False
    sup: bool = False
    sub: bool = False
    href: str | None = None

    def style(self) -> tuple[bool, bool, bool, bool, bool, str | None]:
        return (self.italic, self.bold, self.small_caps, self.sup, self.sub, self.href)


_QUOTES = {"DoubleQuote": ("\u201c", "\u201d"), "SingleQuote": ("\u2018", "\u2019")}


def _runs(inlines: Iterable[dict], style: _Run = _Run("")) -> Iterator[_Run]:
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            yield replace(style, text=content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            yield replace(style, text=" ")
        elif kind == "Emph":
            yield from _runs(content, replace(style, italic=not style.italic))
        elif kind == "Strong":
            yield from _runs(content, replace(style, bold=True))
        elif kind == "SmallCaps":
            yield from _runs(content, replace(style, small_caps=True))
        elif kind == "Superscript":
            yield from _runs(content, replace(style, sup=True))
        elif kind == "Subscript":
            yield from _runs(content, replace(style, sub=True))
        elif kind in ("Underline", "Strikeout"):
            yield from _runs(content, style)
        elif kind == "Quoted":
            left, right = _QUOTES.get(content[0]["t"], ('"', '"'))
            yield replace(style, text=left)
            yield from _runs(content[1], style)
            yield replace(style, text=right)
        elif kind == "Span":
            classes = content[0][1]
            inner = style
            if "csl-no-emph" in classes:
                inner = replace(inner, italic=False)
            if "csl-no-strong" in classes:
                inner = replace(inner, bold=False)
            if "csl-no-smallcaps" in classes:
                inner = replace(inner, small_caps=False)
            yield from _runs(content[1], inner)
        elif kind == "Link":
            yield from _runs(content[1], replace(style, href=content[2][0]))
        elif kind == "Cite":
            yield from _runs(content[1], style)
        elif kind in ("Code", "Math"):
            yield replace(style, text=content[1])
        # RawInline, Note and Image carry nothing a citation should show.


def _merge(runs: Iterable[_Run]) -> list[_Run]:
    """Whitespace collapsed, neighbours with the same style joined, ends trimmed."""
    out: list[_Run] = []
    for run in runs:
        text = re.sub(r"[ \t\r\n]+", " ", run.text)
        if (not out or out[-1].text.endswith(" ")) and text.startswith(" "):
            text = text[1:]
        if not text:
            continue
        if out and out[-1].style() == run.style():
            out[-1] = replace(out[-1], text=out[-1].text + text)
        else:
            out.append(replace(run, text=text))
    while out and out[-1].text.endswith(" "):
        last = out.pop()
        if last.text.rstrip(" "):
            out.append(replace(last, text=last.text.rstrip(" ")))
            break
    return out


def _render(runs: Iterable[_Run]) -> _Rendered:
    merged = _merge(runs)
    return _Rendered(
        text="".join(r.text for r in merged),
        html=_html(merged),
        markdown=_markdown(merged),
    )


def _html(runs: list[_Run]) -> str:
    parts: list[str] = []
    for run in runs:
        body = escape(run.text, quote=False)
        if run.sup:
            body = f"<sup>{body}</sup>"
        if run.sub:
            body = f"<sub>{body}</sub>"
        if run.small_caps:
            body = f'<span style="font-variant:small-caps">{body}</span>'
        if run.bold:
            body = f"<b>{body}</b>"
        if run.italic:
            body = f"<i>{body}</i>"
        if run.href:
            body = f'<a href="{escape(run.href)}">{body}</a>'
        parts.append(body)
    return "".join(parts)


# Backslash-escaping every character Markdown (CommonMark, GFM, pandoc, Streamlit) could read as
# markup keeps titles literal; CommonMark allows a backslash before any ASCII punctuation.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~^$@])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*$")


def _md_escape(text: str) -> str:
    return _MD_ENTITY.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", text))


def _markdown(runs: list[_Run]) -> str:
    parts: list[str] = []
    i = 0
    while i < len(runs):
        href = runs[i].href
        j = i
        while j < len(runs) and runs[j].href == href:
            j += 1
        group = runs[i:j]
        if href and _MD_URL.match(href):
            label = "".join(r.text for r in group)
            if label == href and not any(r.italic or r.bold for r in group):
                parts.append(f"<{href}>")
            else:
                parts.append(f"[{_md_styled(group)}](<{href}>)")
        else:
            parts.append(_md_styled(group))
        i = j
    return "".join(parts)


def _md_styled(runs: list[_Run]) -> str:
    parts: list[str] = []
    for run in runs:
        body = _md_escape(run.text)
        if run.sup:
            body = f"<sup>{body}</sup>"
        if run.sub:
            body = f"<sub>{body}</sub>"
        marks = ("*" if run.italic else "") + ("**" if run.bold else "")
        if marks and body.strip():
            # Emphasis markers must touch the text: spaces go outside them.
            lead = body[: len(body) - len(body.lstrip(" "))]
            trail = body[len(body.rstrip(" ")) :]
            body = f"{lead}{marks}{body.strip(' ')}{marks[::-1]}{trail}"
        parts.append(body)
    return "".join(parts)
