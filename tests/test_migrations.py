"""Migrations: empty -> head, head -> base -> head with data present, models agree with migrations."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text

from evidence.models import Base, Claim, Evidence, Reference
from evidence.search import search
from evidence.store import current_revision, downgrade, head_revision, make_engine, migrate


def _seed(engine) -> None:
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        ref = Reference(citekey="suler2004", entry_type="article-journal",
                        title="The online disinhibition effect")
        claim = Claim(slug="anonymity", statement_nl="Anonimiteit", statement_en="Anonymity")
        claim.evidence.append(Evidence(reference=ref, stance="supports",
                                       provenance="curator-linked", quote="disinhibition"))
        session.add(claim)
        session.commit()


def test_upgrade_downgrade_upgrade_with_data(db_url: str) -> None:
    engine = make_engine(db_url)
    assert current_revision(engine) in (None, head_revision())
    migrate(engine)
    assert current_revision(engine) == head_revision()
    _seed(engine)

    downgrade(engine, "base")
    assert current_revision(engine) is None
    tables = set(inspect(engine).get_table_names())
    assert not tables & {"reference", "claim", "evidence", "search_claim"}

    migrate(engine)
    assert current_revision(engine) == head_revision()
    _seed(engine)  # the schema works again, search triggers included
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        assert session.scalar(select(Claim.slug)) == "anonymity"
        hits = search(session, "disinhib")
        assert set(hits["kind"]) == {"evidence", "reference"}
    engine.dispose()


def test_downgrade_of_search_keeps_data(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    _seed(engine)
    downgrade(engine, "-1")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM evidence")).scalar() == 1
    migrate(engine)
    from sqlalchemy.orm import Session

    with Session(engine) as session:  # the rebuilt index finds rows written before it existed
        assert len(search(session, "anonymity")) == 1
    engine.dispose()


def test_models_and_migrations_agree(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate(engine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_object": lambda obj, name, *a: not (name or "").startswith("search_"),
            },
        )
        diffs = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    assert diffs == []


def test_contributor_rebuild_keeps_people_and_the_role_check(db_url: str) -> None:
    # c3a1d8e5f702 rebuilds contributor on SQLite (WITHOUT ROWID, the role check as an OR chain).
    from sqlalchemy.exc import IntegrityError

    engine = make_engine(db_url)
    migrate(engine, "b0e0b2410e2e")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO reference (id, citekey, entry_type, keywords, extra, "
                          "verification_status) VALUES (1, 'k', 'book', '[]', '{}', 'unknown')"))
        conn.execute(text("INSERT INTO person (id, family, name_key) VALUES (1, 'Suler', 'p:1'), "
                          "(2, 'Beek', 'p:2')"))
        conn.execute(text("INSERT INTO contributor VALUES (1, 'author', 0, 1), (1, 'editor', 0, 2)"))
    for revision in ("head", "b0e0b2410e2e", "head"):
        if revision == "head":
            migrate(engine)
        else:
            downgrade(engine, revision)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT reference_id, role, position, person_id FROM contributor "
                                     "ORDER BY role")).all()
        assert [tuple(r) for r in rows] == [(1, "author", 0, 1), (1, "editor", 0, 2)]
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text("INSERT INTO contributor VALUES (1, 'ghostwriter', 0, 1)"))
    engine.dispose()


def test_search_columns_downgrade_restores_the_expression_indexes(pg_url: str) -> None:
    # PostgreSQL: e5a3c7f1b9d2 replaces the GIN expression indexes with stored search_tsv columns,
    # f6b2d8a4c1e7 keeps those in the row. Down and up again, with rows written in between.
    from sqlalchemy.orm import Session

    def search_columns(engine) -> tuple[dict[str, str], dict[str, str]]:
        with engine.connect() as conn:
            indexes = conn.execute(text("SELECT tablename, indexdef FROM pg_indexes "
                                        "WHERE indexname LIKE 'search_%'")).all()
            storage = conn.execute(text("SELECT c.relname, a.attstorage FROM pg_attribute a "
                                        "JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r' "
                                        "WHERE a.attname = 'search_tsv' AND NOT a.attisdropped")).all()
        return dict(indexes), dict(storage)  # fmt: skip

    tables = {"claim", "evidence", "reference"}
    engine = make_engine(pg_url)
    migrate(engine)
    _seed(engine)
    indexes, storage = search_columns(engine)
    assert set(indexes) == tables and all("USING gin (search_tsv)" in d for d in indexes.values())
    assert storage == dict.fromkeys(tables, "m")
    downgrade(engine, "e5a3c7f1b9d2")
    assert search_columns(engine)[1] == dict.fromkeys(tables, "x")
    downgrade(engine, "a4d7e9c2f6b3")
    indexes, storage = search_columns(engine)
    assert set(indexes) == tables and not storage
    assert all("to_tsvector('simple'" in d for d in indexes.values())
    with engine.begin() as conn:  # the expression index serves the query form of that revision
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = "\n".join(r[0] for r in conn.exec_driver_sql(
            "EXPLAIN SELECT id FROM reference WHERE to_tsvector('simple', coalesce(title, '') || ' ' "
            "|| coalesce(abstract, '')) @@ to_tsquery('simple', 'disinhib:*')"))  # fmt: skip
    assert "search_reference_tsv" in plan
    with engine.begin() as conn:
        conn.execute(text("UPDATE reference SET title = 'Anonymity and the online disinhibition effect'"))
    migrate(engine)
    assert search_columns(engine)[1] == dict.fromkeys(tables, "m")
    with Session(engine) as session:  # rows written before the columns existed are found
        assert set(search(session, "disinhib")["kind"]) == {"evidence", "reference"}
        assert set(search(session, "anonymity")["kind"]) == {"claim", "reference"}
    engine.dispose()
