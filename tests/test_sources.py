"""Curated sets: load, idempotence, byte-identical dump, and all-or-nothing validation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from evidence.errors import InvalidInput
from evidence.models import Change, Claim, Evidence, EvidenceSet, Reference, Topic
from evidence.sources import dump_set, load_set
from evidence.store import Store
from tests.conftest import BUNDLED

FILES = ("set.yaml", "topics.yaml", "claims.yaml", "references.bib")


def _counts(store: Store) -> dict[str, int]:
    with store.session() as session:
        return {
            m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0
            for m in (EvidenceSet, Topic, Claim, Evidence, Reference, Change)
        }


def _topic_slugs(items: list[dict]) -> list[str]:
    out = []
    for item in items:
        out.append(item["slug"])
        out.extend(_topic_slugs(item.get("children", [])))
    return out


def test_bundled_set_loads_completely(bundled_store: Store) -> None:
    claims = yaml.safe_load((BUNDLED / "claims.yaml").read_text(encoding="utf-8"))
    topics = _topic_slugs(yaml.safe_load((BUNDLED / "topics.yaml").read_text(encoding="utf-8")))
    counts = _counts(bundled_store)
    assert counts["claim"] == len(claims)
    assert counts["topic"] == len(topics)
    assert counts["evidence"] == sum(len(c["evidence"]) for c in claims)
    with bundled_store.session() as session:
        roots = session.scalars(select(Topic.slug).where(Topic.parent_id.is_(None))
                                .order_by(Topic.position)).all()
        assert roots == ["blended-social-work", "forms-of-online-social-work", "advantages",
                         "disadvantages", "ict-topics"]
        dropout = session.scalar(select(Claim).where(Claim.slug == "dropout-higher-online"))
        assert dropout is not None
        assert dropout.statement_nl.startswith("Uitval komt bij online hulpverlening meer voor")
        assert any(ev.reference.citekey == "sheombar2019samenvatting" and ev.stance == "supports"
                   for ev in dropout.evidence)


def test_loading_twice_changes_nothing(bundled_store: Store) -> None:
    before = _counts(bundled_store)
    with bundled_store.session() as session:
        report = load_set(session, BUNDLED)
    assert report.changed is False
    assert _counts(bundled_store) == before  # no rows, and no history entries either


def test_load_then_dump_is_byte_identical(bundled_store: Store, tmp_path: Path) -> None:
    with bundled_store.session() as session:
        dump_set(session, tmp_path / "out")
    for name in FILES:
        assert (tmp_path / "out" / name).read_bytes() == (BUNDLED / name).read_bytes(), name


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "set"
    shutil.copytree(BUNDLED, target)
    return target


def _break(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace the first ``old`` in the file; return the 1-based line where it was."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("claims.yaml", "stance: supports", "stance: proves", "stance 'proves' is not one of"),
        ("claims.yaml", "topics: [dropout-and-adherence]", "topics: [drop-out]",
         "unknown topic 'drop-out'"),
        ("claims.yaml", "ref: sheombar2019samenvatting", "ref: nobody2020",
         "unknown reference 'nobody2020'"),
        ("topics.yaml", "label:", "label: [", "not valid YAML"),
    ],
)
def test_broken_files_are_reported_with_place_and_change_nothing(
    bundled_store: Store, tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    folder = _copy(tmp_path)
    # Also make a valid change, to prove that nothing at all is written when anything is wrong.
    _break(folder / "claims.yaml", "Dropout is more common", "Drop-out is more common")
    line = _break(folder / file, old, new)
    before = _counts(bundled_store)
    with pytest.raises(InvalidInput) as info, bundled_store.session() as session:
        load_set(session, folder)
    text = str(info.value)
    assert message in text
    assert f"{folder / file}:" in text
    located = [p for p in info.value.problems if p.source == str(folder / file)]
    assert located and all(p.line is not None for p in located)
    if file == "claims.yaml":  # errors inside a claim point at the item they are in
        assert any(abs(p.line - line) <= 12 for p in located)
    assert _counts(bundled_store) == before
    with bundled_store.session() as session:
        assert session.scalar(select(Claim.statement_en).where(
            Claim.slug == "dropout-higher-online")).startswith("Dropout")


def test_every_problem_is_listed_not_just_the_first(tmp_path: Path, store: Store) -> None:
    folder = _copy(tmp_path)
    text = (folder / "claims.yaml").read_text(encoding="utf-8")
    (folder / "claims.yaml").write_text(
        text.replace("stance: supports", "stance: maybe"), encoding="utf-8"
    )
    with pytest.raises(InvalidInput) as info, store.session() as session:
        load_set(session, folder)
    assert len(info.value.problems) == text.count("stance: supports")
    assert _counts(store)["claim"] == 0


def test_edits_sync_and_are_recorded_in_history(bundled_store: Store, tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    claims = yaml.safe_load((folder / "claims.yaml").read_text(encoding="utf-8"))
    removed = claims.pop()["id"]
    target = next(c for c in claims if c["id"] == "dropout-higher-online")
    target["evidence"][0]["stance"] = "mixed"
    (folder / "claims.yaml").write_text(yaml.safe_dump(claims, allow_unicode=True, sort_keys=False),
                                        encoding="utf-8")
    with bundled_store.session() as session:
        assert load_set(session, folder).changed
    with bundled_store.session() as session:
        assert session.scalar(select(Claim).where(Claim.slug == removed)) is None
        changes = session.scalars(select(Change).where(Change.action == "update")).all()
        assert any(c.entity == "evidence" and c.changes.get("stance") == ["supports", "mixed"]
                   and c.entity_key.startswith("dropout-higher-online") for c in changes)
        deleted = session.scalars(select(Change).where(Change.action == "delete")).all()
        assert any(c.entity == "claim" and c.entity_key == removed for c in deleted)
        # References are never deleted by a sync, even when no claim cites them any more.
        assert session.scalar(select(func.count()).select_from(Reference)) == _counts(
            bundled_store)["reference"]
