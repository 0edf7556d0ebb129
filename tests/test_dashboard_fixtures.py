"""Databases for the dashboard and read-side tests: the bundled set, built once and shared.

The dashboard and the read functions behind it never write, so tests share one database (per test
session for the AppTests, per module and engine for the library tests) instead of loading the set
for every test; each AppTest starts with empty Streamlit caches so it never sees another's results.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evidence.sources import load_set
from evidence.store import Store, open_store
from tests.conftest import BUNDLED, PostgresServer

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"


def build_database(path: Path) -> str:
    """A SQLite database at ``path`` holding the bundled evidence set; returns its URL."""
    url = f"sqlite:///{path}"
    store = open_store(url)
    with store.session() as session:
        load_set(session, BUNDLED)
    store.close()
    return url


@pytest.fixture(scope="session")
def bundled_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_database(tmp_path_factory.mktemp("dashboard") / "bundled.sqlite")


@pytest.fixture
def app_env(bundled_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The bundled database named in EVIDENCE_DATABASE_URL, with Streamlit's caches emptied."""
    import streamlit as st

    monkeypatch.setenv("EVIDENCE_DATABASE_URL", bundled_url)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield bundled_url
    st.cache_data.clear()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_bundled_store(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    pg_server: PostgresServer | None,
) -> Iterator[Store]:
    """The bundled set on each engine, loaded once per test module: for tests that only read."""
    name = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('read-only') / 'bundled.sqlite'}"
    else:
        if pg_server is None:
            pytest.skip("EVIDENCE_TEST_POSTGRES_URL not set")
        name = pg_server.create(template=pg_server.migrated_template())
        url = pg_server.url(name)
    store = open_store(url)
    with store.session() as session:
        load_set(session, BUNDLED)
    yield store
    store.close()
    if name is not None and pg_server is not None:
        pg_server.drop(name)
