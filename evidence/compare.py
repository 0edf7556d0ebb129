"""Two to four topics or claims side by side: what evidence each has, and which references they share.

Every number is counted in SQL, one grouped query per compared item plus one for the reference overlap,
so a comparison of topics with hundreds of thousands of evidence links never loads them into pandas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import pandas as pd
from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import Session

from evidence.errors import InvalidQuery, NotFound
from evidence.models import CERTAINTIES, STANCES, STUDY_DESIGNS, Claim, Evidence, Reference
from evidence.queries import (
    EvidenceFilter,
    Lang,
    TopicIndex,
    author_lines,
    check_lang,
    evidence_select,
    filter_conditions,
    topic_index,
)

Kind = Literal["topic", "claim"]
KINDS: tuple[Kind, ...] = ("topic", "claim")
MIN_ITEMS, MAX_ITEMS = 2, 4
#: Shown for links without a study design or certainty.
NONE = "(none)"

SUMMARY_COLUMNS = ["item", "label", "claims", "evidence", "references"]
REFERENCE_COLUMNS = ["reference_key", "authors", "year", "title", "shared_by"]


@dataclass
class Comparison:
    """The compared items and their counts; every frame has one row (or column) per item, in order.

    - ``summary``: item, label, claims (with matching evidence), evidence (links), references.
    - ``stances`` / ``designs`` / ``certainty``: index item, one column per value (evidence links);
      designs and certainty only list values that occur, plus ``(none)`` for links without one.
    - ``years``: long form, columns item, year, evidence.
    - ``overlap``: one row per combination of items that share references: items (tuple of slugs),
      references (how many references are cited by exactly that combination).
    - ``references``: reference_key, authors, year, title, shared_by, then one boolean column per item;
      shared references first, at most ``reference_limit`` rows (``references_total`` says how many
      there are in all).
    """

    kind: Kind
    items: list[str]
    labels: dict[str, str]
    summary: pd.DataFrame
    stances: pd.DataFrame
    designs: pd.DataFrame
    certainty: pd.DataFrame
    years: pd.DataFrame
    overlap: pd.DataFrame
    references: pd.DataFrame
    references_total: int

    def shared(self) -> int:
        """References cited by every compared item."""
        full = tuple(self.items)
        rows = self.overlap[self.overlap["items"].map(lambda t: tuple(t) == full)]
        return int(rows["references"].sum()) if len(rows) else 0


def item_filter(kind: Kind, slug: str, within: EvidenceFilter | None = None) -> EvidenceFilter:
    """The evidence of one compared item (narrowed by ``within``, e.g. a year range)."""
    base = within or EvidenceFilter()
    return replace(base, topics=(slug,)) if kind == "topic" else replace(base, claims=(slug,))


def union_filter(kind: Kind, slugs: Sequence[str], within: EvidenceFilter | None = None) -> EvidenceFilter:
    """The evidence of all compared items together: what an export of the comparison contains."""
    base = within or EvidenceFilter()
    return replace(base, topics=tuple(slugs)) if kind == "topic" else replace(base, claims=tuple(slugs))


def _labels(session: Session, kind: Kind, slugs: list[str], lang: Lang, index: TopicIndex) -> dict[str, str]:
    if kind == "topic":
        return {s: index.path(index.resolve(s).id, lang) for s in slugs}
    rows = session.execute(
        select(Claim.slug, Claim.statement_nl, Claim.statement_en).where(Claim.slug.in_(slugs))
    ).all()
    found = {
        r.slug: ((r.statement_nl or r.statement_en) if lang == "nl" else (r.statement_en or r.statement_nl))
        or r.slug
        for r in rows
    }
    missing = [s for s in slugs if s not in found]
    if missing:
        raise NotFound(f"no claim {', '.join(map(repr, missing))}; pick claims from the list")
    return {s: found[s] for s in slugs}


def check_items(kind: str, slugs: Sequence[str]) -> list[str]:
    """The distinct slugs in the order given; raises :class:`InvalidQuery` unless 2 to 4 remain."""
    if kind not in KINDS:
        raise InvalidQuery(f"cannot compare {kind!r}; compare topics or claims")
    items = list(dict.fromkeys(s for s in slugs if s))
    if not MIN_ITEMS <= len(items) <= MAX_ITEMS:
        raise InvalidQuery(f"choose {MIN_ITEMS} to {MAX_ITEMS} {kind}s to compare ({len(items)} chosen)")
    return items


def compare(
    session: Session,
    kind: Kind,
    slugs: Sequence[str],
    *,
    lang: Lang = "en",
    within: EvidenceFilter | None = None,
    reference_limit: int = 200,
) -> Comparison:
    """Compare 2 to 4 topics (subtopics included) or claims; see :class:`Comparison`."""
    check_lang(lang)
    items = check_items(kind, slugs)
    index = topic_index(session)
    labels = _labels(session, kind, items, lang, index)

    summary_rows, detail_rows = [], []
    conds_by_item = {}
    for slug in items:
        flt = item_filter(kind, slug, within)
        conds = filter_conditions(session, flt, index)
        conds_by_item[slug] = (flt, conds)
        claims, links, refs = session.execute(
            evidence_select(
                func.count(func.distinct(Evidence.claim_id)),
                func.count(),
                func.count(func.distinct(Evidence.reference_id)),
            ).where(*conds)
        ).one()
        summary_rows.append(
            {
                "item": slug,
                "label": labels[slug],
                "claims": int(claims or 0),
                "evidence": int(links or 0),
                "references": int(refs or 0),
            }
        )
        grouped = (
            evidence_select(
                Evidence.stance,
                Evidence.study_design,
                Evidence.certainty,
                Reference.year,
                func.count(),
                reference=True,
            )
            .where(*conds)
            .group_by(Evidence.stance, Evidence.study_design, Evidence.certainty, Reference.year)
        )
        for stance, design, certainty, year, count in session.execute(grouped):
            detail_rows.append(
                {
                    "item": slug,
                    "stance": stance,
                    "design": design or NONE,
                    "certainty": certainty or NONE,
                    "year": year,
                    "n": int(count),
                }
            )

    detail = pd.DataFrame(detail_rows, columns=["item", "stance", "design", "certainty", "year", "n"])
    summary = pd.DataFrame(summary_rows, columns=SUMMARY_COLUMNS)
    overlap, references, total = _overlap(session, items, conds_by_item, reference_limit)
    years = (
        detail.dropna(subset=["year"])
        .groupby(["item", "year"], as_index=False)["n"]
        .sum()
        .rename(columns={"n": "evidence"})
    )
    years["year"] = years["year"].astype(int)
    years["item"] = pd.Categorical(years["item"], categories=items, ordered=True)
    years = years.sort_values(["item", "year"]).reset_index(drop=True)
    years["item"] = years["item"].astype(str)
    return Comparison(
        kind=kind,  # type: ignore[arg-type]
        items=items,
        labels=labels,
        summary=summary,
        stances=_pivot(detail, "stance", items, STANCES, keep_all=True),
        designs=_pivot(detail, "design", items, (*STUDY_DESIGNS, NONE)),
        certainty=_pivot(detail, "certainty", items, (*CERTAINTIES, NONE)),
        years=years[["item", "year", "evidence"]],
        overlap=overlap,
        references=references,
        references_total=total,
    )


def _pivot(
    detail: pd.DataFrame, column: str, items: list[str], order: Sequence[str], keep_all: bool = False
) -> pd.DataFrame:
    """Items (rows) by values of ``column`` (in vocabulary order), counts of links."""
    counts = detail.groupby(["item", column])["n"].sum() if len(detail) else pd.Series(dtype=int)
    present = set(detail[column]) if len(detail) else set()
    values = [v for v in order if keep_all or v in present]
    table = pd.DataFrame(0, index=pd.Index(items, name="item"), columns=values, dtype=int)
    for (item, value), n in counts.items():
        if value in table.columns:
            table.loc[item, value] = int(n)
    return table


def _overlap(
    session: Session, items: list[str], conds_by_item: dict[str, tuple[EvidenceFilter, list]], limit: int
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Which references each item cites, as a bit per item, grouped in SQL."""
    per_item = [
        evidence_select(Evidence.reference_id.label("reference_id"), literal(1 << i).label("bit"))
        .where(*conds)
        .distinct()
        for i, (flt, conds) in enumerate(conds_by_item[slug] for slug in items)
    ]
    cited = union_all(*per_item).subquery("cited")
    by_ref = (
        select(
            cited.c.reference_id,
            func.sum(cited.c.bit).label("mask"),
            func.count().label("shared_by"),
        )
        .group_by(cited.c.reference_id)
        .subquery("by_ref")
    )
    patterns = session.execute(
        select(by_ref.c.mask, func.count()).group_by(by_ref.c.mask).order_by(by_ref.c.mask)
    ).all()

    def members(mask: int) -> tuple[str, ...]:
        return tuple(s for i, s in enumerate(items) if int(mask) & (1 << i))

    overlap = pd.DataFrame(
        [{"items": members(mask), "references": int(n)} for mask, n in patterns],
        columns=["items", "references"],
    )
    if len(overlap):
        overlap = (
            overlap.assign(size=overlap["items"].map(len))
            .sort_values(["size", "references"], ascending=[False, False], kind="stable")
            .drop(columns="size")
            .reset_index(drop=True)
        )
    total = int(overlap["references"].sum()) if len(overlap) else 0
    rows = session.execute(
        select(
            by_ref.c.reference_id,
            by_ref.c.mask,
            by_ref.c.shared_by,
            Reference.citekey,
            Reference.year,
            Reference.title,
        )
        .join(Reference, Reference.id == by_ref.c.reference_id)
        .order_by(by_ref.c.shared_by.desc(), Reference.citekey)
        .limit(limit)
    ).all()
    authors = author_lines(session, [r.reference_id for r in rows])
    data = [
        {
            "reference_key": r.citekey,
            "authors": authors.get(r.reference_id, ""),
            "year": r.year,
            "title": r.title,
            "shared_by": int(r.shared_by),
            **{slug: bool(int(r.mask) & (1 << i)) for i, slug in enumerate(items)},
        }
        for r in rows
    ]
    references = pd.DataFrame(data, columns=[*REFERENCE_COLUMNS, *items])
    references["year"] = references["year"].astype("Int64")
    return overlap, references, total


def claim_options(session: Session, lang: Lang = "en", *, limit: int = 5000) -> pd.DataFrame:
    """Claims to pick from, in curated order: claim (slug), statement (in ``lang``), kind.

    Capped at ``limit`` rows: a pick-list of more claims is no use to anyone; search instead.
    """
    check_lang(lang)
    first, second = (
        (Claim.statement_nl, Claim.statement_en) if lang == "nl" else (Claim.statement_en, Claim.statement_nl)
    )
    rows = session.execute(
        select(Claim.slug, func.coalesce(first, second, Claim.slug), Claim.kind)
        .order_by(Claim.position, Claim.id)
        .limit(limit)
    ).all()
    return pd.DataFrame(rows, columns=["claim", "statement", "kind"])
