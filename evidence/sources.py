"""Curated evidence sets as plain files: load them into a database, dump a database back to them.

A set is a folder (``sources/<slug>/``) holding ``set.yaml``, ``topics.yaml``, ``claims.yaml`` and
``references.bib``; its format is documented in ``sources/README.md``. The files are the source of
truth and the unit of review, so:

* loading validates everything first and writes nothing if anything is wrong, naming file and line;
* loading is a sync: the set's topics and claims end up exactly as in the files, and loading the
  same files twice changes nothing (and logs no history);
* dumping writes a canonical layout with stable ordering, so load-then-dump gives back the same
  bytes and a curation change is a small, readable diff.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from evidence.errors import InvalidInput, NotFound, Problem
from evidence.formats import bibtex
from evidence.formats.textio import read_text
from evidence.models import (
    CERTAINTIES,
    CLAIM_KINDS,
    PROVENANCES,
    STANCES,
    STUDY_DESIGNS,
    Claim,
    ClaimTopic,
    Evidence,
    EvidenceSet,
    Reference,
    SetReference,
    Topic,
)
from evidence.records import Record
from evidence.refstore import PersonCache, apply_record, load_references, to_record
from evidence.store import Store, refresh_statistics

SET_FILE, TOPICS_FILE, CLAIMS_FILE, REFERENCES_FILE = (
    "set.yaml",
    "topics.yaml",
    "claims.yaml",
    "references.bib",
)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EVIDENCE_KEYS = (
    "ref", "stance", "locator", "quote", "study_design", "population", "setting", "sample_size",
    "certainty", "provenance", "rationale", "note", "added_by", "added_at",
)  # fmt: skip
CLAIM_KEYS = ("id", "kind", "topics", "statement", "note", "evidence")
TOPIC_KEYS = ("slug", "label", "description", "children")
SET_KEYS = ("slug", "title", "description", "source")


# --- reading YAML with line numbers -------------------------------------------------------------


class _Map(dict):
    """A YAML mapping that remembers the line it started on, for error messages."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    problems: list[Problem]
    source: str


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> _Map:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            loader.problems.append(
                Problem(
                    f"key {key!r} appears twice in this mapping (first on line {seen[key]})",
                    loader.source,
                    key_node.start_mark.line + 1,
                )
            )
        seen[key] = key_node.start_mark.line + 1
    out = _Map(loader.construct_mapping(node, deep=True))
    out.line = node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)


def _read_yaml(path: Path, problems: list[Problem]) -> Any:
    if not path.exists():
        problems.append(Problem(f"missing file {path.name}", str(path)))
        return None
    loader = _LineLoader(read_text(path))
    loader.problems, loader.source = problems, str(path)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as ex:
        mark = getattr(ex, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problems.append(Problem(f"not valid YAML: {getattr(ex, 'problem', ex)}", str(path), line))
        return None
    finally:
        loader.dispose()


# --- the parsed, validated set ------------------------------------------------------------------


@dataclass
class TopicSpec:
    slug: str
    label_nl: str
    label_en: str
    description_nl: str | None
    description_en: str | None
    parent: str | None
    position: int
    line: int


@dataclass
class EvidenceSpec:
    ref: str
    values: dict[str, Any]
    line: int


@dataclass
class ClaimSpec:
    slug: str
    kind: str | None
    topics: list[str]
    statement_nl: str
    statement_en: str
    note: str | None
    evidence: list[EvidenceSpec]
    position: int
    line: int


@dataclass
class SetSpec:
    slug: str
    title_nl: str | None
    title_en: str | None
    description_nl: str | None
    description_en: str | None
    source_key: str | None
    topics: list[TopicSpec] = field(default_factory=list)
    claims: list[ClaimSpec] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)


class _Checker:
    """Collects problems with file and line instead of stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def add(self, message: str, line: int | None, key: str | None = None) -> None:
        self.problems.append(Problem(message, self.source, line, key))

    def mapping(self, value: Any, what: str, line: int, allowed: tuple[str, ...]) -> _Map | None:
        if not isinstance(value, dict):
            self.add(f"{what} must be a mapping (key: value lines)", line)
            return None
        extra = [k for k in value if k not in allowed]
        if extra:
            self.add(
                f"unknown key(s) {', '.join(map(str, extra))} in {what}; "
                f"allowed: {', '.join(allowed)}",
                getattr(value, "line", line),
            )
        return value  # type: ignore[return-value]

    def text(self, m: _Map, key: str, what: str, *, required: bool = False) -> str | None:
        value = m.get(key)
        if value is None or value == "":
            if required:
                self.add(f"{what} needs '{key}'", m.line, m.get("slug") or m.get("id"))
            return None
        if isinstance(value, dt.date):
            return value.isoformat()
        if not isinstance(value, str | int | float):
            self.add(f"'{key}' in {what} must be text", m.line, m.get("slug") or m.get("id"))
            return None
        return str(value)

    def bilingual(
        self, m: _Map, key: str, what: str, *, required: bool
    ) -> tuple[str | None, str | None]:
        value = m.get(key)
        if value is None:
            if required:
                self.add(f"{what} needs '{key}' with nl and en", m.line, m.get("slug") or m.get("id"))
            return None, None
        inner = self.mapping(value, f"'{key}' of {what}", m.line, ("nl", "en"))
        if inner is None:
            return None, None
        nl = self.text(inner, "nl", f"'{key}' of {what}", required=required)
        en = self.text(inner, "en", f"'{key}' of {what}", required=required)
        return nl, en

    def choice(self, value: Any, allowed: tuple[str, ...], what: str, line: int,
               key: str | None) -> str | None:  # fmt: skip
        if value is None:
            return None
        if value not in allowed:
            self.add(f"{what} {value!r} is not one of: {', '.join(allowed)}", line, key)
            return None
        return str(value)


def read_set(path: Path) -> SetSpec:
    """Read and validate a set folder; raises :class:`InvalidInput` listing every problem."""
    path = Path(path)
    if not path.is_dir():
        raise NotFound(f"{path} is not a folder; give the folder of an evidence set (sources/<set>)")
    problems: list[Problem] = []

    # references.bib
    records: list[Record] = []
    bib_path = path / REFERENCES_FILE
    if bib_path.exists():
        parsed = bibtex.parse(read_text(bib_path), str(bib_path))
        problems.extend(parsed.problems)
        records = parsed.records
    citekeys = {r.key for r in records}

    # set.yaml
    check = _Checker(str(path / SET_FILE))
    raw_set = _read_yaml(path / SET_FILE, problems)
    spec = SetSpec(path.name, None, None, None, None, None, records=records)
    if raw_set is not None and check.mapping(raw_set, "the set", 1, SET_KEYS) is not None:
        spec.slug = check.text(raw_set, "slug", "the set", required=True) or path.name
        if not SLUG.match(spec.slug):
            check.add(f"set slug {spec.slug!r} must be lower-case words joined by '-'", 1)
        spec.title_nl, spec.title_en = check.bilingual(raw_set, "title", "the set", required=True)
        spec.description_nl, spec.description_en = check.bilingual(
            raw_set, "description", "the set", required=False
        )
        spec.source_key = check.text(raw_set, "source", "the set")
        if spec.source_key and spec.source_key not in citekeys:
            check.add(f"source {spec.source_key!r} is not in {REFERENCES_FILE}", raw_set.line)
    problems.extend(check.problems)

    # topics.yaml
    check = _Checker(str(path / TOPICS_FILE))
    raw_topics = _read_yaml(path / TOPICS_FILE, problems)
    seen_topics: dict[str, int] = {}

    def walk(items: Any, parent: str | None, line: int) -> None:
        if not isinstance(items, list):
            check.add("topics must be a list (lines starting with '- ')", line)
            return
        for position, item in enumerate(items):
            m = check.mapping(item, "a topic", line, TOPIC_KEYS)
            if m is None:
                continue
            slug = check.text(m, "slug", "a topic", required=True)
            if slug is None:
                continue
            if not SLUG.match(slug):
                check.add(f"topic slug {slug!r} must be lower-case words joined by '-'", m.line)
            if slug in seen_topics:
                check.add(f"topic {slug!r} is defined twice (first on line {seen_topics[slug]})",
                          m.line, slug)  # fmt: skip
                continue
            seen_topics[slug] = m.line
            label_nl, label_en = check.bilingual(m, "label", f"topic {slug!r}", required=True)
            desc_nl, desc_en = check.bilingual(m, "description", f"topic {slug!r}", required=False)
            spec.topics.append(
                TopicSpec(slug, label_nl or "", label_en or "", desc_nl, desc_en, parent, position,
                          m.line)
            )
            if m.get("children") is not None:
                walk(m["children"], slug, m.line)

    if raw_topics is not None:
        walk(raw_topics, None, 1)
    problems.extend(check.problems)

    # claims.yaml
    check = _Checker(str(path / CLAIMS_FILE))
    raw_claims = _read_yaml(path / CLAIMS_FILE, problems)
    seen_claims: dict[str, int] = {}
    if raw_claims is not None and not isinstance(raw_claims, list):
        check.add("claims must be a list (lines starting with '- ')", 1)
        raw_claims = None
    for position, item in enumerate(raw_claims or []):
        m = check.mapping(item, "a claim", 1, CLAIM_KEYS)
        if m is None:
            continue
        slug = check.text(m, "id", "a claim", required=True)
        if slug is None:
            continue
        if not SLUG.match(slug):
            check.add(f"claim id {slug!r} must be lower-case words joined by '-'", m.line, slug)
        if slug in seen_claims:
            check.add(f"claim {slug!r} is defined twice (first on line {seen_claims[slug]})",
                      m.line, slug)  # fmt: skip
            continue
        seen_claims[slug] = m.line
        kind = check.choice(m.get("kind"), CLAIM_KINDS, "kind", m.line, slug)
        topics = m.get("topics")
        if not isinstance(topics, list) or not topics:
            check.add("a claim needs 'topics': a list of one or more topic slugs", m.line, slug)
            topics = []
        for t in topics:
            if t not in seen_topics:
                check.add(f"unknown topic {t!r}; it must be defined in {TOPICS_FILE}", m.line, slug)
        nl, en = check.bilingual(m, "statement", f"claim {slug!r}", required=True)
        evidence: list[EvidenceSpec] = []
        raw_evidence = m.get("evidence") or []
        if not isinstance(raw_evidence, list):
            check.add("'evidence' must be a list", m.line, slug)
            raw_evidence = []
        for ev in raw_evidence:
            e = check.mapping(ev, f"evidence of claim {slug!r}", m.line, EVIDENCE_KEYS)
            if e is None:
                continue
            evidence.append(_read_evidence(check, e, slug, citekeys))
        spec.claims.append(
            ClaimSpec(slug, kind, [str(t) for t in topics], nl or "", en or "",
                      check.text(m, "note", f"claim {slug!r}"), evidence, position, m.line)
        )
    problems.extend(check.problems)

    if problems:
        raise InvalidInput(problems, f"the evidence set in {path} has {len(problems)} problem(s); "
                           "nothing was written")  # fmt: skip
    return spec


def _read_evidence(check: _Checker, e: _Map, claim: str, citekeys: set[str]) -> EvidenceSpec:
    what = f"evidence of claim {claim!r}"
    ref = check.text(e, "ref", what, required=True) or ""
    if ref and ref not in citekeys:
        check.add(f"unknown reference {ref!r}; add it to {REFERENCES_FILE}", e.line, claim)
    values: dict[str, Any] = {}
    stance = e.get("stance")
    if stance is None:
        check.add(f"{what} needs 'stance' ({', '.join(STANCES)})", e.line, claim)
    values["stance"] = check.choice(stance, STANCES, "stance", e.line, claim)
    provenance = e.get("provenance")
    if provenance is None:
        check.add(f"{what} needs 'provenance' ({', '.join(PROVENANCES)})", e.line, claim)
    values["provenance"] = check.choice(provenance, PROVENANCES, "provenance", e.line, claim)
    values["study_design"] = check.choice(e.get("study_design"), STUDY_DESIGNS, "study_design",
                                          e.line, claim)  # fmt: skip
    values["certainty"] = check.choice(e.get("certainty"), CERTAINTIES, "certainty", e.line, claim)
    size = e.get("sample_size")
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
        check.add(f"sample_size must be a whole number >= 0, not {size!r}", e.line, claim)
        size = None
    values["sample_size"] = size
    for key in ("locator", "quote", "population", "setting", "rationale", "note", "added_by",
                "added_at"):  # fmt: skip
        values[key] = check.text(e, key, what)
    if values["provenance"] == "curator-linked" and not values["rationale"]:
        check.add("curator-linked evidence needs a one-line 'rationale'", e.line, claim)
    return EvidenceSpec(ref, values, e.line)


# --- writing the set into a database ------------------------------------------------------------


@dataclass
class LoadReport:
    set_slug: str
    topics: int
    claims: int
    evidence: int
    references: int
    changed: bool


def _assign(obj: Any, **values: Any) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


def load_set(session: Session, path: Path) -> LoadReport:
    """Sync the database with the set in ``path``; validation failures raise before any write."""
    spec = read_set(path)
    changed = False

    evidence_set = session.scalar(select(EvidenceSet).where(EvidenceSet.slug == spec.slug))
    if evidence_set is None:
        evidence_set = EvidenceSet(slug=spec.slug)
        session.add(evidence_set)
        changed = True
    changed |= _assign(
        evidence_set,
        title_nl=spec.title_nl,
        title_en=spec.title_en,
        description_nl=spec.description_nl,
        description_en=spec.description_en,
        source_key=spec.source_key,
    )
    session.flush()

    # References: created or updated, never deleted (other sets or imports may cite them).
    people = PersonCache(session)
    people.preload(c.name for r in spec.records for c in r.contributors)
    refs = {r.citekey: r for r in load_references(session, (r.key for r in spec.records))}
    for record in spec.records:
        ref, ref_changed = apply_record(session, refs.get(record.key), record, people)
        refs[record.key] = ref
        changed |= ref_changed

    members = set(session.scalars(select(SetReference.reference_id)
                                  .where(SetReference.set_id == evidence_set.id)))  # fmt: skip
    session.flush()
    wanted_members = {refs[r.key].id for r in spec.records}
    for ref_id in sorted(wanted_members - members):
        session.add(SetReference(set_id=evidence_set.id, reference_id=ref_id))
        changed = True
    for ref_id in sorted(members - wanted_members):
        session.delete(session.get(SetReference, (evidence_set.id, ref_id)))
        changed = True

    # Topics: slugs are global, so a slug owned by another set is a conflict, not a move.
    existing_topics = {t.slug: t for t in session.scalars(select(Topic))}
    conflicts = [
        Problem(f"topic slug {t.slug!r} already belongs to another evidence set", str(
            Path(path) / TOPICS_FILE), t.line, t.slug)
        for t in spec.topics
        if t.slug in existing_topics and existing_topics[t.slug].set_id not in (None, evidence_set.id)
    ]
    existing_claims = {c.slug: c for c in session.scalars(select(Claim).options(
        selectinload(Claim.topic_links), selectinload(Claim.evidence)))}  # fmt: skip
    conflicts += [
        Problem(f"claim id {c.slug!r} already belongs to another evidence set",
                str(Path(path) / CLAIMS_FILE), c.line, c.slug)
        for c in spec.claims
        if c.slug in existing_claims and existing_claims[c.slug].set_id not in (None,
                                                                                 evidence_set.id)
    ]
    if conflicts:
        raise InvalidInput(conflicts)

    topics: dict[str, Topic] = {}
    for t in spec.topics:  # parents come before children in spec order
        topic = existing_topics.get(t.slug)
        if topic is None:
            topic = Topic(slug=t.slug)
            session.add(topic)
            changed = True
        changed |= _assign(
            topic,
            set_id=evidence_set.id,
            parent=topics[t.parent] if t.parent else None,
            position=t.position,
            label_nl=t.label_nl,
            label_en=t.label_en,
            description_nl=t.description_nl,
            description_en=t.description_en,
        )
        topics[t.slug] = topic
    session.flush()

    wanted_claims = {c.slug for c in spec.claims}
    for claim in existing_claims.values():
        if claim.set_id == evidence_set.id and claim.slug not in wanted_claims:
            session.delete(claim)
            changed = True

    for c in spec.claims:
        claim = existing_claims.get(c.slug)
        if claim is None:
            claim = Claim(slug=c.slug)
            session.add(claim)
            changed = True
        changed |= _assign(
            claim,
            set_id=evidence_set.id,
            position=c.position,
            kind=c.kind,
            statement_nl=c.statement_nl,
            statement_en=c.statement_en,
            note=c.note,
        )
        if [link.topic.slug for link in claim.topic_links] != c.topics:
            claim.topic_links.clear()
            session.flush()
            claim.topic_links.extend(
                ClaimTopic(topic=topics[slug], position=i) for i, slug in enumerate(c.topics)
            )
            changed = True
        for position, ev in enumerate(c.evidence):
            if position < len(claim.evidence):
                item = claim.evidence[position]
            else:
                item = Evidence(position=position)
                claim.evidence.append(item)
                changed = True
            changed |= _assign(item, reference=refs[ev.ref], position=position, **ev.values)
        while len(claim.evidence) > len(c.evidence):
            session.delete(claim.evidence.pop())
            changed = True
    session.flush()

    # Topics of this set that the files no longer have: children first.
    for topic in sorted(
        (t for t in existing_topics.values() if t.set_id == evidence_set.id and t.slug not in topics),
        key=lambda t: -_depth(t),
    ):
        session.delete(topic)
        changed = True
    session.flush()
    if changed:
        refresh_statistics(session)
    return LoadReport(
        spec.slug,
        len(spec.topics),
        len(spec.claims),
        sum(len(c.evidence) for c in spec.claims),
        len(spec.records),
        changed,
    )


def _depth(topic: Topic) -> int:
    depth = 0
    while topic.parent is not None:
        topic, depth = topic.parent, depth + 1
    return depth


# --- writing a database back to files -----------------------------------------------------------


def _bilingual(nl: str | None, en: str | None, *, short: bool = False) -> dict[str, str] | None:
    """``{nl, en}``; short texts (labels, titles) on one line, statements on a line per language."""
    if nl is None and en is None:
        return None
    out: dict[str, str] = _Flow() if short else {}
    if nl is not None:
        out["nl"] = nl
    if en is not None:
        out["en"] = en
    return out


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and v != []}


class _Flow(dict):
    """A mapping written on one line: ``{nl: ..., en: ...}`` pairs read best side by side."""


class _FlowList(list):
    """A list of short scalars written on one line: ``topics: [a, b]``."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as people write YAML by hand.
        return super().increase_indent(flow, False)


_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))
_Dumper.add_representer(
    _FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)


def _dump_yaml(data: Any) -> str:
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000,
                     default_flow_style=False, indent=2)  # fmt: skip
    # A blank line between top-level items, so each claim or root topic stands as a block.
    return re.sub(r"\n(?=- )", "\n\n", text)


def dump_set(session: Session, path: Path, set_slug: str | None = None) -> list[Path]:
    """Write the set (the only one, or ``set_slug``) to ``path`` in the canonical layout."""
    sets = session.scalars(select(EvidenceSet).order_by(EvidenceSet.slug)).all()
    if set_slug is not None:
        sets = [s for s in sets if s.slug == set_slug]
        if not sets:
            raise NotFound(f"no evidence set {set_slug!r} in the database; see `evidence stats`")
    if not sets:
        raise NotFound("the database holds no evidence set; load one with `evidence load PATH`")
    if len(sets) > 1:
        raise NotFound(
            "the database holds several evidence sets "
            f"({', '.join(s.slug for s in sets)}); choose one with --set"
        )
    evidence_set = sets[0]
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)

    set_doc = _clean(
        {
            "slug": evidence_set.slug,
            "title": _bilingual(evidence_set.title_nl, evidence_set.title_en, short=True),
            "description": _bilingual(evidence_set.description_nl, evidence_set.description_en),
            "source": evidence_set.source_key,
        }
    )

    all_topics = session.scalars(
        select(Topic).where(Topic.set_id == evidence_set.id).order_by(Topic.position, Topic.slug)
    ).all()
    children: dict[int | None, list[Topic]] = {}
    for topic in all_topics:
        children.setdefault(topic.parent_id, []).append(topic)

    def topic_doc(topic: Topic) -> dict[str, Any]:
        return _clean(
            {
                "slug": topic.slug,
                "label": _bilingual(topic.label_nl, topic.label_en, short=True),
                "description": _bilingual(topic.description_nl, topic.description_en),
                "children": [topic_doc(c) for c in children.get(topic.id, [])] or None,
            }
        )

    topics_doc = [topic_doc(t) for t in children.get(None, [])]

    claims = session.scalars(
        select(Claim)
        .where(Claim.set_id == evidence_set.id)
        .order_by(Claim.position, Claim.slug)
        .options(selectinload(Claim.topic_links).joinedload(ClaimTopic.topic),
                 selectinload(Claim.evidence).joinedload(Evidence.reference))
    ).all()
    claims_doc = []
    citekeys = {evidence_set.source_key} if evidence_set.source_key else set()
    for claim in claims:
        evidence_docs = []
        for ev in claim.evidence:
            citekeys.add(ev.reference.citekey)
            evidence_docs.append(
                _clean({"ref": ev.reference.citekey} | {k: getattr(ev, k) for k in EVIDENCE_KEYS[1:]})
            )
        claims_doc.append(
            _clean(
                {
                    "id": claim.slug,
                    "kind": claim.kind,
                    "topics": _FlowList(link.topic.slug for link in claim.topic_links),
                    "statement": _bilingual(claim.statement_nl, claim.statement_en),
                    "note": claim.note,
                    "evidence": evidence_docs,
                }
            )
        )

    citekeys |= set(session.scalars(
        select(Reference.citekey).join(SetReference, SetReference.reference_id == Reference.id)
        .where(SetReference.set_id == evidence_set.id)))  # fmt: skip
    records = [to_record(r) for r in load_references(session, citekeys)]
    outputs = {
        SET_FILE: _dump_yaml(set_doc),
        TOPICS_FILE: _dump_yaml(topics_doc),
        CLAIMS_FILE: _dump_yaml(claims_doc),
        REFERENCES_FILE: bibtex.write(records),
    }
    written = []
    for name, content in outputs.items():
        target = path / name
        target.write_text(content, encoding="utf-8", newline="\n")
        written.append(target)
    return written


def bundled_sets_dir() -> Path:
    """The curated sets that ship with evidence (``sources/``, installed as ``evidence/_sources``)."""
    return Path(__file__).resolve().parent / "_sources"


def bundled_sets() -> list[Path]:
    return sorted(p for p in bundled_sets_dir().iterdir() if (p / SET_FILE).is_file())


def ensure_bundled_set(store: Store, *, only_if_empty: bool = False) -> bool:
    """Load the bundled sets into a database that has no evidence set yet; True if it did.

    This is what makes the first run useful: a new user's empty default database shows the bundled
    evidence at once. A database that already holds any set is left alone, and with
    ``only_if_empty`` so is one holding any reference (a user's own library).
    """
    with store.session() as session:
        if session.scalar(select(EvidenceSet.id).limit(1)) is not None:
            return False
        if only_if_empty and session.scalar(select(Reference.id).limit(1)) is not None:
            return False
        for folder in bundled_sets():
            load_set(session, folder)
    return True

