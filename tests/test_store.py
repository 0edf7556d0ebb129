"""The store: where the database is, constraints enforced by the database itself, migrations."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select, text
from sqlalchemy.exc import IntegrityError

from evidence.errors import ConfigError, SchemaTooNew
from evidence.models import Claim, Evidence, Reference
from evidence.store import ENV_VAR, Store, default_database_path, open_store, resolve_url


def test_url_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert resolve_url(None) == f"sqlite:///{default_database_path()}"
    monkeypatch.setenv(ENV_VAR, "sqlite:///from-env.sqlite")
    assert resolve_url(None) == "sqlite:///from-env.sqlite"
    assert resolve_url("sqlite:///given.sqlite") == "sqlite:///given.sqlite"
    # A plain path is a SQLite file; a plain postgresql:// URL gets the driver we ship.
    assert resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_unsupported_url_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="not supported"):
        open_store("mysql://root@localhost/x")
    with pytest.raises(ConfigError, match="cannot use database URL"):
        open_store("::not a url::/x://")


def test_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="cannot open the database"):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")


def _ref(session, key: str, doi: str | None = None) -> Reference:
    ref = Reference(citekey=key, entry_type="article-journal", title=key, doi=doi)
    session.add(ref)
    session.flush()
    return ref


def _claim_with_evidence(store: Store) -> tuple[int, int]:
    with store.session() as session:
        ref = _ref(session, "a2020")
        claim = Claim(slug="c", statement_en="x", statement_nl="x")
        claim.evidence.append(Evidence(reference=ref, stance="supports", provenance="curator-linked"))
        session.add(claim)
        session.flush()
        return claim.id, ref.id


def test_database_rejects_unknown_stance(store: Store) -> None:
    claim_id, ref_id = _claim_with_evidence(store)
    with pytest.raises(IntegrityError), store.session() as session:
        # Straight SQL, bypassing the ORM: the rule must hold for every writer.
        session.execute(insert(Evidence).values(claim_id=claim_id, reference_id=ref_id,
                                                stance="proves", provenance="curator-linked"))


def test_database_rejects_duplicate_citekey_and_doi(store: Store) -> None:
    with store.session() as session:
        _ref(session, "a", doi="10.1/x")
        _ref(session, "b", doi=None)
        _ref(session, "c", doi=None)  # several references without a DOI are fine
    with pytest.raises(IntegrityError), store.session() as session:
        _ref(session, "a")
    with pytest.raises(IntegrityError), store.session() as session:
        _ref(session, "d", doi="10.1/x")


def test_deleting_a_claim_deletes_its_evidence_but_never_a_reference(store: Store) -> None:
    claim_id, ref_id = _claim_with_evidence(store)
    with store.session() as session:
        # Core delete: the database's ON DELETE CASCADE does the work, not the ORM.
        session.execute(delete(Claim).where(Claim.id == claim_id))
    with store.session() as session:
        assert session.scalar(select(Evidence.id)) is None
        assert session.get(Reference, ref_id) is not None


def test_a_reference_with_evidence_cannot_be_deleted(store: Store) -> None:
    _claim_with_evidence(store)
    with pytest.raises(IntegrityError), store.session() as session:
        session.execute(delete(Reference))


def test_database_from_a_newer_version_is_refused_untouched(store: Store, db_url: str) -> None:
    _claim_with_evidence(store)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    store.close()
    with pytest.raises(SchemaTooNew, match="newer evidence"):
        open_store(db_url)
    again = open_store(db_url, migrate_schema=False)
    with again.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "ffffffffffff"
        )
        # The refusal touched nothing: the data written before is all still there.
        assert conn.execute(select(Reference.citekey)).scalars().all() == ["a2020"]
        assert conn.execute(select(Claim.slug)).scalars().all() == ["c"]
        assert conn.execute(select(Evidence.stance)).scalars().all() == ["supports"]
    again.close()


def test_reopening_is_cheap_and_keeps_data(store: Store, db_url: str) -> None:
    _claim_with_evidence(store)
    store.close()
    again = open_store(db_url)
    with again.session() as session:
        assert session.scalar(select(Claim.slug)) == "c"
    again.close()
