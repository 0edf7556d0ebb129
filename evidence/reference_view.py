"""Read views for the detail pages: one reference as people cite it, pick-lists, and search hits
resolved to the claims and references they belong to.

Functions take a session and return plain data (dicts and DataFrames); formatting a citation is
delegated to :mod:`evidence.citations` and BibTeX to :mod:`evidence.formats`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from evidence import citations, exporting
from evidence.errors import NotFound
from evidence.formats import FORMATS
from evidence.models import STANCES, Claim, Contributor, Evidence, Person, Reference
from evidence.queries import Lang, author_lines, check_lang
from evidence.refstore import to_record
from evidence.search import search

CHOICE_COLUMNS = ["reference_key", "authors", "year", "title"]
HIT_COLUMNS = ["kind", "rank", "snippet", "claim", "statement", "reference_key", "reference", "title"]


def get_reference(session: Session, citekey: str) -> Reference:
    """The reference with this citekey, its contributors loaded; :class:`NotFound` with suggestions."""
    ref = session.scalar(
        select(Reference).where(Reference.citekey == citekey).options(selectinload(Reference.contributors))
    )
    if ref is None:
        needle = citekey.strip()[:40]
        close = (
            session.scalars(
                select(Reference.citekey).where(Reference.citekey.contains(needle, autoescape=True)).limit(5)
            ).all()
            if needle
            else []
        )
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise NotFound(f"no reference {citekey[:80]!r}.{hint}")
    return ref


def doi_url(doi: str | None) -> str | None:
    return f"https://doi.org/{doi}" if doi else None


def reference_detail(session: Session, citekey: str, lang: Lang = "en") -> dict[str, Any]:
    """Everything the reference page shows except the formatted citation.

    Keys: citekey, entry_type, title, authors (display line), editors, year, date, container_title,
    volume, issue, pages, publisher, doi, doi_url, url, isbn, abstract, language, keywords,
    verification_status, verification_note, claims (distinct claims it bears on), evidence (links),
    balance (links per stance), csl (the CSL-JSON item).
    """
    check_lang(lang)
    ref = get_reference(session, citekey)
    balance = {s: 0 for s in STANCES}
    for stance, n in session.execute(
        select(Evidence.stance, func.count()).where(Evidence.reference_id == ref.id).group_by(Evidence.stance)
    ):
        balance[stance] = int(n)
    claims = session.scalar(
        select(func.count(func.distinct(Evidence.claim_id))).where(Evidence.reference_id == ref.id)
    )
    record = to_record(ref)
    return {
        "citekey": ref.citekey,
        "entry_type": ref.entry_type,
        "title": ref.title,
        "authors": author_lines(session, [ref.id]).get(ref.id, ""),
        "editors": ", ".join(n.display() for n in record.names("editor")),
        "year": ref.year,
        "date": ref.date,
        "container_title": ref.container_title,
        "volume": ref.volume,
        "issue": ref.issue,
        "pages": ref.pages,
        "publisher": ref.publisher,
        "doi": ref.doi,
        "doi_url": doi_url(ref.doi),
        "url": ref.url,
        "isbn": ref.isbn,
        "abstract": ref.abstract,
        "language": ref.language,
        "keywords": list(ref.keywords or []),
        "verification_status": ref.verification_status,
        "verification_note": ref.verification_note,
        "claims": int(claims or 0),
        "evidence": sum(balance.values()),
        "balance": balance,
        "csl": record.to_csl(),
    }


@dataclass(frozen=True)
class Citation:
    """One reference as people cite it: APA 7 in-text citation and reference-list entry, and BibTeX."""

    citation: str
    text: str
    html: str
    markdown: str
    bibtex: str


def reference_citation(session: Session, citekey: str, lang: Lang = "en") -> Citation:
    """The reference's APA 7 entry and in-text citation in ``lang``, and its BibTeX."""
    check_lang(lang)
    record = to_record(get_reference(session, citekey))
    cites, entries = citations.cite_all([record.to_csl()], locale=exporting.LOCALES[lang])
    entry = entries[0]
    return Citation(
        citation=cites.get(record.key, record.key),
        text=entry.text,
        html=entry.html,
        markdown=entry.markdown,
        bibtex=FORMATS["bibtex"].write([record]),
    )


def reference_choices(session: Session, query: str | None = None, *, limit: int = 100) -> pd.DataFrame:
    """References to pick from: those whose title or abstract match ``query`` (best first), or whose
    citekey or author contains it; without a query the first ``limit`` by citekey.

    Columns: reference_key, authors, year, title. Raises :class:`InvalidQuery` for unusable input.
    """
    ids: list[int] = []
    if query and query.strip():
        hits = search(session, query, limit=limit)
        ids = [int(i) for i in hits.loc[hits["kind"] == "reference", "id"]]
        needle = query.strip()[:100]
        by_name = (
            select(Contributor.reference_id)
            .join(Person, Person.id == Contributor.person_id)
            .where(
                or_(
                    Person.family.contains(needle, autoescape=True),
                    Person.literal.contains(needle, autoescape=True),
                )
            )
        )
        ids += [
            i
            for i in session.scalars(
                select(Reference.id)
                .where(or_(Reference.citekey.contains(needle, autoescape=True), Reference.id.in_(by_name)))
                .order_by(Reference.citekey)
                .limit(limit)
            )
            if i not in ids
        ]
        ids = ids[:limit]
        rows = (
            {
                r.id: r
                for r in session.execute(
                    select(Reference.id, Reference.citekey, Reference.year, Reference.title).where(
                        Reference.id.in_(ids)
                    )
                )
            }
            if ids
            else {}
        )
        ordered = [rows[i] for i in ids if i in rows]
    else:
        ordered = list(
            session.execute(
                select(Reference.id, Reference.citekey, Reference.year, Reference.title)
                .order_by(Reference.citekey)
                .limit(limit)
            )
        )
    authors = author_lines(session, [r.id for r in ordered])
    frame = pd.DataFrame(
        [
            {"reference_key": r.citekey, "authors": authors.get(r.id, ""), "year": r.year, "title": r.title}
            for r in ordered
        ],
        columns=CHOICE_COLUMNS,
    )
    frame["year"] = frame["year"].astype("Int64")
    return frame


def _statement(lang: Lang):
    return (
        func.coalesce(Claim.statement_nl, Claim.statement_en)
        if lang == "nl"
        else func.coalesce(Claim.statement_en, Claim.statement_nl)
    )


def search_hits(session: Session, query: str, *, lang: Lang = "en", limit: int = 20) -> pd.DataFrame:
    """Ranked search hits with highlighted snippets, each tied to what a reader can open.

    Columns: kind (claim, evidence, reference), rank (lower is better), snippet (``<mark>`` around
    matches), claim (slug, or None for a reference hit), statement (in ``lang``), reference_key,
    reference ("Authors (year)"), title (of the reference). Raises :class:`InvalidQuery` for input
    with nothing to search for.
    """
    check_lang(lang)
    hits = search(session, query, limit=limit)
    ids = {
        kind: [int(i) for i in hits.loc[hits["kind"] == kind, "id"]]
        for kind in ("claim", "evidence", "reference")
    }
    claims = (
        {
            r.id: r
            for r in session.execute(
                select(Claim.id, Claim.slug, _statement(lang).label("statement")).where(
                    Claim.id.in_(ids["claim"])
                )
            )
        }
        if ids["claim"]
        else {}
    )
    links = (
        {
            r.id: r
            for r in session.execute(
                select(Evidence.id, Evidence.reference_id, Claim.slug, _statement(lang).label("statement"))
                .join(Claim, Claim.id == Evidence.claim_id)
                .where(Evidence.id.in_(ids["evidence"]))
            )
        }
        if ids["evidence"]
        else {}
    )
    ref_ids = set(ids["reference"]) | {r.reference_id for r in links.values()}
    refs = (
        {
            r.id: r
            for r in session.execute(
                select(Reference.id, Reference.citekey, Reference.year, Reference.title).where(
                    Reference.id.in_(ref_ids)
                )
            )
        }
        if ref_ids
        else {}
    )
    authors = author_lines(session, sorted(ref_ids))

    def short(ref_id: int | None) -> str | None:
        if ref_id is None or ref_id not in refs:
            return None
        who = authors.get(ref_id) or refs[ref_id].citekey
        return f"{who} ({refs[ref_id].year or 'n.d.'})"

    rows = []
    for kind, hit_id, rank, snippet in hits.itertuples(index=False):
        claim = statement = ref_id = None
        if kind == "claim" and hit_id in claims:
            claim, statement = claims[hit_id].slug, claims[hit_id].statement
        elif kind == "evidence" and hit_id in links:
            link = links[hit_id]
            claim, statement, ref_id = link.slug, link.statement, link.reference_id
        elif kind == "reference" and hit_id in refs:
            ref_id = hit_id
        else:
            continue  # deleted since the index was read
        rows.append(
            {
                "kind": kind,
                "rank": rank,
                "snippet": snippet,
                "claim": claim,
                "statement": statement,
                "reference_key": refs[ref_id].citekey if ref_id in refs else None,
                "reference": short(ref_id),
                "title": refs[ref_id].title if ref_id in refs else None,
            }
        )
    return pd.DataFrame(rows, columns=HIT_COLUMNS)
