"""Turning format-neutral records into reference rows and back.

The only place that knows both :class:`evidence.records.Record` and the ORM, so importers, the
curated-set loader and exporters agree on what a reference is.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from evidence.models import Contributor, Person, Reference
from evidence.records import (
    SCALAR_FIELDS,
    Name,
    Record,
    SourceRecord,
    normalise_doi,
    record_match_key,
)
from evidence.records import (
    Contributor as RecordContributor,
)

#: Reference columns filled from the record field of the same name.
_COPIED = (*SCALAR_FIELDS, "year", "date", "accessed")


def name_key(name: Name) -> str:
    """One string per distinct name, so the same person shares one row across references."""
    parts = [name.literal] if name.literal else [name.particle, name.family, name.given, name.suffix]
    # Case is kept: folding it would give "LaBrake" and "Labrake" one row and one spelling, and an
    # export would then change how someone's name is written.
    text = "|".join((p or "").strip() for p in parts)
    prefix = "org:" if name.literal else "person:"
    return (prefix + unicodedata.normalize("NFC", text))[:600]


class PersonCache:
    """Finds or creates people by name key, with one query per batch rather than per name."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._by_key: dict[str, Person] = {}

    def preload(self, names: Iterable[Name]) -> None:
        keys = {name_key(n) for n in names} - self._by_key.keys()
        keys_list = sorted(keys)
        for start in range(0, len(keys_list), 500):
            chunk = keys_list[start : start + 500]
            for person in self.session.scalars(select(Person).where(Person.name_key.in_(chunk))):
                self._by_key[person.name_key] = person

    def get(self, name: Name) -> Person:
        key = name_key(name)
        person = self._by_key.get(key)
        if person is None:
            person = self.session.scalar(select(Person).where(Person.name_key == key))
        if person is None:
            person = Person(
                family=name.family,
                given=name.given,
                particle=name.particle,
                suffix=name.suffix,
                literal=name.literal,
                name_key=key,
            )
            self.session.add(person)
        self._by_key[key] = person
        return person


def record_columns(record: Record) -> dict[str, Any]:
    """The reference row's column values for ``record``."""
    values: dict[str, Any] = {attr: getattr(record, attr) for attr in _COPIED}
    values["doi"] = normalise_doi(record.doi)
    values["entry_type"] = record.type
    values["keywords"] = list(record.keywords)
    values["extra"] = dict(record.extra)
    values["source_record"] = (
        {
            "format": record.source.format,
            "entry_type": record.source.entry_type,
            "fields": [[k, v] for k, v in record.source.fields],
        }
        if record.source is not None
        else None
    )
    values["verification_status"] = record.verification_status or "unknown"
    values["verification_note"] = record.verification_note
    values["match_key"] = record_match_key(record)
    return values


def apply_record(
    session: Session, ref: Reference | None, record: Record, people: PersonCache | None = None
) -> tuple[Reference, bool]:
    """Create ``ref`` from ``record`` or bring an existing one in line with it.

    Returns the reference and whether anything changed, so that loading the same data twice
    writes nothing (and logs nothing).
    """
    people = people or PersonCache(session)
    changed = False
    if ref is None:
        ref = Reference(citekey=record.key)
        session.add(ref)
        changed = True
    for attr, value in record_columns(record).items():
        if getattr(ref, attr) != value:
            setattr(ref, attr, value)
            changed = True
    wanted = [
        (c.role, pos, c.name)
        for role in dict.fromkeys(c.role for c in record.contributors)
        for pos, c in enumerate(c for c in record.contributors if c.role == role)
    ]
    current = sorted((c.role, c.position, c.person.name_key) for c in ref.contributors)
    if current != sorted((role, pos, name_key(n)) for role, pos, n in wanted):
        ref.contributors.clear()
        session.flush()  # the old (reference, role, position) keys must be gone before reuse
        for role, pos, name in wanted:
            ref.contributors.append(Contributor(role=role, position=pos, person=people.get(name)))
        changed = True
    return ref, changed


def to_record(ref: Reference) -> Record:
    """The reference as a neutral record, ready for any exporter or the citation formatter."""
    source = None
    if ref.source_record:
        source = SourceRecord(
            format=ref.source_record["format"],
            entry_type=ref.source_record["entry_type"],
            fields=[(k, v) for k, v in ref.source_record["fields"]],
        )
    contributors = [
        RecordContributor(
            name=Name(
                family=c.person.family,
                given=c.person.given,
                particle=c.person.particle,
                suffix=c.person.suffix,
                literal=c.person.literal,
            ),
            role=c.role,
        )
        for c in ref.contributors
    ]
    values = {attr: getattr(ref, attr) for attr in _COPIED}
    return Record(
        key=ref.citekey,
        type=ref.entry_type,
        contributors=contributors,
        keywords=list(ref.keywords or []),
        extra=dict(ref.extra or {}),
        verification_status=ref.verification_status,
        verification_note=ref.verification_note,
        source=source,
        **values,
    )


def load_references(session: Session, citekeys: Iterable[str]) -> list[Reference]:
    """References by citekey with their contributors, in one round trip per 500 keys."""
    keys = sorted(set(citekeys))
    out: list[Reference] = []
    for start in range(0, len(keys), 500):
        out.extend(
            session.scalars(
                select(Reference)
                .where(Reference.citekey.in_(keys[start : start + 500]))
                .options(selectinload(Reference.contributors))
            )
        )
    return sorted(out, key=lambda r: r.citekey)
