"""The evidence map: topics (rows) by stance or study design (columns), each cell a count of references.

A topic's row covers its subtopics too. Rolling distinct counts up a tree cannot be done by adding up
the children (one reference under two subtopics would count twice), so the tree's ancestor-descendant
pairs are built in SQL with a recursive CTE and every cell is one ``COUNT(DISTINCT ...)`` in a single
grouped query, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from evidence.errors import InvalidQuery
from evidence.models import (
    CERTAINTIES,
    STANCES,
    STUDY_DESIGNS,
    ClaimTopic,
    Evidence,
    Topic,
)
from evidence.queries import (
    EvidenceFilter,
    Lang,
    TopicIndex,
    check_lang,
    evidence_select,
    filter_conditions,
    topic_index,
)

By = Literal["stance", "design", "certainty"]
#: column kind -> (SQL column, vocabulary order, EvidenceFilter field a cell narrows)
COLUMNS: dict[str, tuple[Any, tuple[str, ...], str]] = {
    "stance": (Evidence.stance, STANCES, "stances"),
    "design": (Evidence.study_design, STUDY_DESIGNS, "designs"),
    "certainty": (Evidence.certainty, CERTAINTIES, "certainties"),
}
#: The column for links that leave the value open (no study design recorded, say).
NONE = "(none)"
CELL_COLUMNS = ["topic", "value", "references", "evidence", *STANCES, "balance"]
ROW_COLUMNS = ["topic", "label", "depth", "parent", "references", "evidence"]


@dataclass
class EvidenceMap:
    """The map as data.

    - ``rows``: one per topic in tree order: topic (slug), label, depth, parent, references and
      evidence (links) in the topic and its subtopics, across all columns.
    - ``columns``: the column values, in vocabulary order; only values that occur, except that the
      stance map always has all four stances. ``(none)`` (links without a value) comes last.
    - ``cells``: long form, one row per non-empty cell: topic, value, references (distinct),
      evidence (links), supports / contradicts / mixed / mentions (links), balance.

    ``balance`` is (supporting - contradicting) / (supporting + contradicting + mixed) links, from
    -1 (all contradict) to 1 (all support); NaN when the cell only has mentions.
    """

    by: str
    rows: pd.DataFrame
    columns: list[str]
    cells: pd.DataFrame

    def matrix(self, measure: str = "references") -> pd.DataFrame:
        """Topics (index: slug, in tree order) by column values; ``measure`` is a ``cells`` column."""
        if measure not in CELL_COLUMNS[2:]:
            raise InvalidQuery(f"no measure {measure!r}; use one of {', '.join(CELL_COLUMNS[2:])}")
        fill = float("nan") if measure == "balance" else 0
        table = (
            self.cells.pivot(index="topic", columns="value", values=measure)
            if len(self.cells)
            else pd.DataFrame()
        )
        table = table.reindex(index=list(self.rows["topic"]), columns=self.columns).fillna(fill)
        if measure != "balance":
            table = table.astype(int)
        table.index.name, table.columns.name = "topic", None
        return table


def cell_filter(by: str, topic: str, value: str, within: EvidenceFilter | None = None) -> EvidenceFilter:
    """The evidence behind one cell, to open it in the evidence table (``(none)`` cannot be filtered
    on: it narrows to the topic only)."""
    if by not in COLUMNS:
        raise InvalidQuery(f"cannot map by {by!r}; use one of {', '.join(COLUMNS)}")
    base = replace(within or EvidenceFilter(), topics=(topic,))
    if value == NONE:
        return base
    return replace(base, **{COLUMNS[by][2]: (value,)})


def _closure(topic_ids: list[int] | None):
    """(ancestor, descendant) for every topic and each of its descendants, itself included."""
    start = select(Topic.id.label("ancestor"), Topic.id.label("descendant"))
    if topic_ids is not None:
        start = start.where(Topic.id.in_(topic_ids))
    closure = start.cte("closure", recursive=True)
    return closure.union_all(
        select(closure.c.ancestor, Topic.id).join(Topic, Topic.parent_id == closure.c.descendant)
    )


def _grouped(
    session: Session, flt: EvidenceFilter, index: TopicIndex, topic_ids: list[int] | None, column: Any | None
) -> list[Any]:
    closure = _closure(topic_ids)
    # Each claim once per ancestor topic (a claim may sit under two subtopics of one topic), so
    # that every evidence row counts once per row of the map and only references need DISTINCT.
    pairs = (
        select(closure.c.ancestor, ClaimTopic.claim_id)
        .join(closure, closure.c.descendant == ClaimTopic.topic_id)
        .distinct()
        .subquery("pairs")
    )
    conds = filter_conditions(session, flt, index)
    counts = [
        func.count(func.distinct(Evidence.reference_id)).label("references"),
        func.count().label("evidence"),
        *[func.sum(case((Evidence.stance == s, 1), else_=0)).label(s) for s in STANCES],
    ]
    keys = [pairs.c.ancestor] + ([column.label("value")] if column is not None else [])
    q = (
        evidence_select(*keys, *counts)
        .join(pairs, pairs.c.claim_id == Evidence.claim_id)
        .where(*conds)
        .group_by(*keys)
    )
    return session.execute(q).mappings().all()


def _balance(row: dict[str, Any]) -> float:
    sup, con, mix = (int(row[s] or 0) for s in ("supports", "contradicts", "mixed"))
    directed = sup + con + mix
    return (sup - con) / directed if directed else float("nan")


def evidence_map(
    session: Session,
    by: str = "stance",
    flt: EvidenceFilter | None = None,
    *,
    lang: Lang = "en",
    max_depth: int | None = None,
) -> EvidenceMap:
    """Count the references per topic and stance (or study design, or certainty).

    ``flt`` narrows the evidence first (its topic choice limits the rows to those topics and their
    subtopics); ``max_depth`` leaves out deeper topics (0: root topics only).
    """
    check_lang(lang)
    if by not in COLUMNS:
        raise InvalidQuery(f"cannot map by {by!r}; use one of {', '.join(COLUMNS)}")
    flt = flt or EvidenceFilter()
    index = topic_index(session)
    nodes = index.ordered()
    if flt.topics:
        keep = index.subtree(flt.topics)
        nodes = [n for n in nodes if n.id in keep]
    if max_depth is not None:
        nodes = [n for n in nodes if n.depth <= max_depth]
    ids = [n.id for n in nodes]
    by_id = {n.id: n for n in nodes}
    column, vocabulary, _ = COLUMNS[by]

    totals = {r["ancestor"]: r for r in _grouped(session, flt, index, ids, None)} if ids else {}
    rows = pd.DataFrame(
        [
            {
                "topic": n.slug,
                "label": n.label(lang),
                "depth": n.depth,
                "parent": index.nodes[n.parent_id].slug if n.parent_id is not None else None,
                "references": int(totals[n.id]["references"]) if n.id in totals else 0,
                "evidence": int(totals[n.id]["evidence"]) if n.id in totals else 0,
            }
            for n in nodes
        ],
        columns=ROW_COLUMNS,
    )
    cells = []
    for r in _grouped(session, flt, index, ids, column) if ids else []:
        value = r["value"] if r["value"] is not None else NONE
        cells.append(
            {
                "topic": by_id[r["ancestor"]].slug,
                "value": value,
                "references": int(r["references"]),
                "evidence": int(r["evidence"]),
                **{s: int(r[s] or 0) for s in STANCES},
                "balance": _balance(r),
            }
        )
    cell_frame = pd.DataFrame(cells, columns=CELL_COLUMNS)
    present = set(cell_frame["value"])
    columns = [v for v in vocabulary if by == "stance" or v in present]
    columns += [NONE] if NONE in present else []
    rank = {slug: i for i, slug in enumerate(rows["topic"])}
    rank_value = {v: i for i, v in enumerate(columns)}
    cell_frame = (
        cell_frame.assign(_t=cell_frame["topic"].map(rank), _v=cell_frame["value"].map(rank_value))
        .sort_values(["_t", "_v"])
        .drop(columns=["_t", "_v"])
        .reset_index(drop=True)
    )
    return EvidenceMap(by=by, rows=rows, columns=columns, cells=cell_frame)


def topic_reference_counts(session: Session, flt: EvidenceFilter | None = None) -> dict[str, int]:
    """Topic slug -> distinct references on the evidence of its claims, subtopics included.

    One grouped query for the whole tree, under any filter; ``queries.topic_tree`` has the same
    counts for the unfiltered tree from the in-memory facet index.
    """
    flt = flt or EvidenceFilter()
    index = topic_index(session)
    rows = _grouped(session, flt, index, None, None)
    counts = {index.nodes[r["ancestor"]].slug: int(r["references"]) for r in rows}
    return {n.slug: counts.get(n.slug, 0) for n in index.ordered()}
