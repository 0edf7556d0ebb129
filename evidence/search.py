"""Full-text search over claims, quotes, titles and abstracts: one interface, two engines.

SQLite uses FTS5 tables (``search_claim``, ``search_evidence``, ``search_reference``, kept in step by
triggers); PostgreSQL uses a stored generated column ``search_tsv`` per table (``to_tsvector('simple',
...)`` of the text in :data:`PG_DOCUMENTS`) with a GIN index. Both are created by migrations;
``search_tsv`` is not in the ORM models, only the SQL here names it. The ``simple`` configuration and
FTS5's ``unicode61 remove_diacritics`` are used because the text is bilingual: stemming for one
language would mangle the other.

User input never reaches either query syntax as written: :func:`parse_query` keeps words and quoted
phrases and drops every operator character, so an unbalanced quote, ``*``, ``NEAR`` or SQL is just
text to look for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Select, bindparam, column, func, literal_column, or_, select, text, union
from sqlalchemy.orm import Session

from evidence.errors import InvalidQuery
from evidence.models import Evidence

MAX_QUERY_LENGTH = 500
_WORD = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')

# (table, PostgreSQL text expression) for each searchable thing: the text whose ``to_tsvector`` the
# migrations store in ``<table>.search_tsv``, and from which ts_headline cuts snippets.
PG_DOCUMENTS = {
    "claim": ("claim", "coalesce(statement_nl, '') || ' ' || coalesce(statement_en, '')"),
    "evidence": ("evidence", "coalesce(quote, '') || ' ' || coalesce(locator, '')"),
    "reference": ("reference", "coalesce(title, '') || ' ' || coalesce(abstract, '')"),
}


@dataclass(frozen=True)
class ParsedQuery:
    """Words (each matched as a prefix) and phrases, all of which must occur."""

    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    def fts5(self) -> str:
        parts = [f'"{w}"*' for w in self.words]
        parts += ['"' + " ".join(p) + '"' for p in self.phrases]
        return " AND ".join(parts)

    def tsquery(self) -> str:
        parts = [f"{w}:*" for w in self.words]
        parts += ["(" + " <-> ".join(p) + ")" for p in self.phrases]
        return " & ".join(parts)


def parse_query(query: str) -> ParsedQuery:
    """Split user input into safe words and phrases; raise :class:`InvalidQuery` if none remain."""
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidQuery(
            f"the search text is {len(query):,} characters long; use at most {MAX_QUERY_LENGTH}"
        )
    phrases = []
    for match in _PHRASE.finditer(query):
        words = tuple(w.lower() for w in _WORD.findall(match.group(1)))
        if len(words) > 1:
            phrases.append(words)
    rest = _PHRASE.sub(lambda m: " " if len(_WORD.findall(m.group(1))) > 1 else m.group(1), query)
    words = tuple(dict.fromkeys(w.lower() for w in _WORD.findall(rest.replace("_", " "))))
    if not words and not phrases:
        raise InvalidQuery(
            f"nothing to search for in {query[:60]!r}: type one or more words "
            '(use "double quotes" for an exact phrase)'
        )
    return ParsedQuery(words, tuple(phrases))


def _matching_ids(session: Session, kind: str, parsed: ParsedQuery) -> Select:
    """A SELECT of the ids of ``kind`` rows matching the query."""
    if session.get_bind().dialect.name == "sqlite":
        table = f"search_{kind}"
        return (
            select(literal_column("rowid").label("id"))
            .select_from(text(table))
            .where(text(f"{table} MATCH :q_{kind}").bindparams(bindparam(f"q_{kind}",
                                                                        parsed.fts5())))
        )  # fmt: skip
    # The words go into the SQL as a literal, so each search is planned for its own words: as a
    # parameter, psycopg prepares the statement after five runs and PostgreSQL then keeps one
    # generic plan for every text (planned for "online", a word found 1,000 times took 110 ms, 20 ms
    # planned for itself). parse_query leaves only words; SQLAlchemy quotes the literal.
    table, _ = PG_DOCUMENTS[kind]
    return (
        select(column("id"))
        .select_from(text(table))
        .where(
            text(f"search_tsv @@ to_tsquery('simple', :q_{kind})").bindparams(
                bindparam(f"q_{kind}", parsed.tsquery(), literal_execute=True)
            )
        )
    )


def evidence_ids_matching(session: Session, query: str) -> Select:
    """Evidence links whose claim, quote or reference (title, abstract) matches ``query``."""
    parsed = parse_query(query)
    claims = _matching_ids(session, "claim", parsed).subquery()
    quotes = _matching_ids(session, "evidence", parsed).subquery()
    refs = _matching_ids(session, "reference", parsed).subquery()
    return union(
        select(Evidence.id).where(Evidence.claim_id.in_(select(claims.c.id))),
        select(quotes.c.id),
        select(Evidence.id).where(Evidence.reference_id.in_(select(refs.c.id))),
    )


def evidence_condition(session: Session, query: str, *, ordered: bool = False, joined: bool = False) -> Any:
    """A condition selecting the links :func:`evidence_ids_matching` selects.

    ``ordered`` is for a page walked in index order. A common term ("online" is in a third of all
    titles and abstracts at 100,000 references) then tests each row as the walk reaches it, so the
    page stops after its rows: at L, 410 -> 10 ms on SQLite, 903 -> 24 ms on PostgreSQL. A rare
    term keeps the list of matching ids, which is small, where walking would read every link to
    find a handful (82 ms). ``joined`` says the query joins ``claim`` and ``reference``: when many
    references match, PostgreSQL then tests the joined reference's stored ``search_tsv`` instead of
    first listing them (37,000 ids cost 60 ms to list).
    """
    parsed = parse_query(query)
    counts = _match_counts(session, parsed) if ordered else None
    if counts is None or not counts.common:
        return Evidence.id.in_(evidence_ids_matching(session, query))
    claims = (Evidence.claim_id + 0).in_(_matching_ids(session, "claim", parsed))
    references = (Evidence.reference_id + 0).in_(_matching_ids(session, "reference", parsed))
    if session.get_bind().dialect.name == "sqlite":  # "+ 0": tested per row, never driving the query
        return or_(claims, references, (Evidence.id + 0).in_(_matching_ids(session, "evidence", parsed)))
    if joined and counts.references >= MANY_REFERENCES * counts.reference_rows:
        references = _row_matches("reference", parsed)
    return or_(claims, references, _row_matches("evidence", parsed))


#: Counting stops here: enough to tell a common term from a rare one.
_COUNT_CAP = 2000
#: Below this many links either way takes a few milliseconds.
_SMALL = 10_000
#: PostgreSQL: the share of references matching above which a walk tests the joined row.
MANY_REFERENCES = 0.03


@dataclass(frozen=True)
class _MatchCounts:
    reference_rows: int
    references: int  # matching, counted up to a cap
    common: bool


def _match_counts(session: Session, parsed: ParsedQuery) -> _MatchCounts | None:
    """How common the term is: whether walking the links in order finds a page sooner than
    listing every match would (None for a small database, where either takes milliseconds).

    Walking costs about page / density rows, listing about density * links rows; they meet near a
    density of sqrt(page / links) (1.4% at 500,000 links). Matches are counted up to a cap from
    the full-text indexes (well under a millisecond each on SQLite, a few on PostgreSQL) and
    spread over links by the average number of links per reference and per claim.
    """
    sizes = session.execute(text(
        "SELECT (SELECT max(id) FROM evidence), (SELECT max(id) FROM reference), (SELECT max(id) FROM claim)"
    )).one()  # fmt: skip
    links, refs, claims = (n or 0 for n in sizes)
    if links < _SMALL:
        return None
    found: dict[str, int] = {}
    for kind, cap in (("reference", max(_COUNT_CAP, int(MANY_REFERENCES * refs) + 1)),
                      ("claim", _COUNT_CAP), ("evidence", _COUNT_CAP)):  # fmt: skip
        capped = _matching_ids(session, kind, parsed).limit(cap).subquery()
        found[kind] = session.scalar(select(func.count()).select_from(capped)) or 0
    matched = (found["reference"] * links / max(refs, 1) + found["claim"] * links / max(claims, 1)
               + found["evidence"])  # fmt: skip
    return _MatchCounts(refs, found["reference"], matched / links >= (100 / links) ** 0.5)


def _row_matches(table: str, parsed: ParsedQuery) -> Any:
    """PostgreSQL: ``table``'s row in the query matches (its stored ``search_tsv``)."""
    return text(f"{table}.search_tsv @@ to_tsquery('simple', :q_{table}_row)").bindparams(
        bindparam(f"q_{table}_row", parsed.tsquery(), literal_execute=True)
    )


def search(session: Session, query: str, *, limit: int = 50) -> pd.DataFrame:
    """Ranked hits with highlighted snippets (``<mark>...</mark>``), best first.

    Columns: kind (claim, evidence, reference), id, rank (lower is better), snippet.
    """
    parsed = parse_query(query)
    rows: list[dict[str, Any]] = []
    sqlite = session.get_bind().dialect.name == "sqlite"
    for kind in ("claim", "evidence", "reference"):
        if sqlite:
            table = f"search_{kind}"
            sql = text(
                f"SELECT rowid AS id, bm25({table}) AS rank, "
                f"snippet({table}, -1, '<mark>', '</mark>', '…', 16) AS snippet "
                f"FROM {table} WHERE {table} MATCH :q ORDER BY rank LIMIT :limit"
            )
            params = {"q": parsed.fts5(), "limit": limit}
        else:
            # Rank and cut to the limit first; ts_headline (which re-parses the whole text) runs only
            # for the rows kept, not for every match.
            table, expr = PG_DOCUMENTS[kind]
            sql = text(
                f"SELECT t.id, hit.rank, ts_headline('simple', {expr}, hit.q, 'StartSel=<mark>, "
                f"StopSel=</mark>, MaxWords=30, MinWords=10') AS snippet "
                f"FROM (SELECT id, -ts_rank(search_tsv, q) AS rank, q "
                f"FROM {table}, to_tsquery('simple', :q) AS q WHERE search_tsv @@ q "
                f"ORDER BY rank, id LIMIT :limit) AS hit JOIN {table} AS t ON t.id = hit.id "
                f"ORDER BY hit.rank, t.id"
            )
            params = {"q": parsed.tsquery(), "limit": limit}
        for row in session.execute(sql, params).mappings():
            rows.append({"kind": kind, "id": row["id"], "rank": float(row["rank"]),
                         "snippet": row["snippet"]})  # fmt: skip
    frame = pd.DataFrame(rows, columns=["kind", "id", "rank", "snippet"])
    return frame.sort_values("rank", kind="stable").head(limit).reset_index(drop=True)
