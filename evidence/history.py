"""Change history for curated content, recorded as a side effect of every flush.

Curation must be reviewable ("who changed this claim's stance, and when?") whatever wrote the
change: the loader, a future editing page, or a notebook using the ORM. Hooking the session factory
means no writer can forget to log.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, sessionmaker

from evidence.models import Change, Claim, Evidence, Topic

TRACKED = (Claim, Evidence, Topic)
_SKIP = {"created_at", "updated_at"}


def current_actor() -> str:
    """Who is changing things: ``EVIDENCE_USER`` if set (shared servers), else the OS user."""
    try:
        return os.environ.get("EVIDENCE_USER") or getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return "unknown"


def _key(obj: Any) -> str:
    if isinstance(obj, Claim | Topic):
        return obj.slug
    if isinstance(obj, Evidence):
        claim = obj.claim.slug if obj.claim is not None else f"claim#{obj.claim_id}"
        ref = obj.reference.citekey if obj.reference is not None else f"ref#{obj.reference_id}"
        return f"{claim} <- {ref}"
    return str(getattr(obj, "id", "?"))


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _snapshot(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    return {
        attr.key: _plain(attr.value)
        for attr in state.attrs
        if attr.key in state.mapper.columns and attr.key not in _SKIP and attr.value is not None
    }


def _diff(obj: Any) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for attr in state.attrs:
        if attr.key not in state.mapper.columns or attr.key in _SKIP:
            continue
        hist = attr.history
        if hist.has_changes() and (hist.added or hist.deleted):
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                changes[attr.key] = [_plain(old), _plain(new)]
    return changes


def _after_flush(session: Session, _context: Any) -> None:
    actor = session.info.get("actor") or current_actor()
    rows: list[dict[str, Any]] = []

    def add(obj: Any, action: str, changes: dict[str, Any]) -> None:
        rows.append(
            {
                "actor": actor,
                "entity": type(obj).__tablename__,
                "entity_key": _key(obj)[:200],
                "action": action,
                "changes": changes,
            }
        )

    for obj in session.new:
        if isinstance(obj, TRACKED):
            add(obj, "insert", _snapshot(obj))
    for obj in session.dirty:
        if isinstance(obj, TRACKED) and session.is_modified(obj, include_collections=False):
            diff = _diff(obj)
            if diff:
                add(obj, "update", diff)
    for obj in session.deleted:
        if isinstance(obj, TRACKED):
            add(obj, "delete", _snapshot(obj))
    if rows:
        session.connection().execute(insert(Change), rows)


def install_history(factory: sessionmaker[Session]) -> None:
    if not event.contains(factory, "after_flush", _after_flush):
        event.listen(factory, "after_flush", _after_flush)
