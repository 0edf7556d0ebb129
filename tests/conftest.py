"""Shared fixtures: real databases on both engines, the bundled set, the shared corpus.

PostgreSQL tests use the server named by ``EVIDENCE_TEST_POSTGRES_URL`` (an admin URL, e.g.
``postgresql+psycopg://postgres@127.0.0.1:5432/test``). Each test gets its own database cloned from
a migrated template, so tests are isolated and the migration chain runs once per session. When
``EVIDENCE_REQUIRE_POSTGRES=1`` (CI) a missing server fails the run instead of skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from evidence.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "sources" / "online-social-work"
CORPUS = ROOT.parent / "shared" / "corpus"
PG_ENV = "EVIDENCE_TEST_POSTGRES_URL"


def _pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("EVIDENCE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{PG_ENV} is not set but EVIDENCE_REQUIRE_POSTGRES=1")
        return None
    return url


class PostgresServer:
    """Creates and drops throw-away databases on the test server."""

    def __init__(self, admin_url: str) -> None:
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.base = make_url(admin_url)
        self.prefix = f"evidence_t{uuid.uuid4().hex[:8]}"
        self.template: str | None = None
        self.created: list[str] = []

    def url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        name = f"{self.prefix}_{len(self.created)}"
        clause = f" TEMPLATE {template}" if template else ""
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        self.created.append(name)
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def migrated_template(self) -> str:
        if self.template is None:
            name = self.create()
            store = open_store(self.url(name))
            store.close()
            self.template = name
        return self.template

    def close(self) -> None:
        for name in reversed(self.created):
            self.drop(name)
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer | None]:
    url = _pg_admin_url()
    if url is None:
        yield None
        return
    try:
        server = PostgresServer(url)
        with server.admin.connect():
            pass
    except Exception as ex:
        if os.environ.get("EVIDENCE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL at {url} is required but unreachable: {ex}")
        pytest.skip(f"PostgreSQL unreachable: {ex}")
    yield server
    server.close()


@pytest.fixture
def pg_url(pg_server: PostgresServer | None) -> Iterator[str]:
    """A fresh, empty (unmigrated) PostgreSQL database."""
    if pg_server is None:
        pytest.skip(f"{PG_ENV} not set")
    name = pg_server.create()
    yield pg_server.url(name)
    pg_server.drop(name)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'evidence.sqlite'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def db_url(engine_name: str, tmp_path: Path, pg_server: PostgresServer | None) -> Iterator[str]:
    """A fresh migrated database on each engine (the test runs once per engine)."""
    if engine_name == "sqlite":
        yield f"sqlite:///{tmp_path / 'evidence.sqlite'}"
        return
    if pg_server is None:
        pytest.skip(f"{PG_ENV} not set")
    name = pg_server.create(template=pg_server.migrated_template())
    yield pg_server.url(name)
    pg_server.drop(name)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    yield s
    s.close()


@pytest.fixture
def bundled_store(store: Store) -> Store:
    """A database holding the bundled online social work evidence set."""
    from evidence.sources import load_set

    with store.session() as session:
        load_set(session, BUNDLED)
    return store
