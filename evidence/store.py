"""Opening a database: where it is, how to connect, and bringing its schema up to date.

Every entry point (CLI, dashboard, notebooks, tests) opens the database through :func:`open_store`,
so migrations run in exactly one place and a database written by a newer evidence is refused before
anything touches it.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from evidence.errors import ConfigError, SchemaTooNew

T = TypeVar("T")

ENV_VAR = "EVIDENCE_DATABASE_URL"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "_migrations"


def default_database_path() -> Path:
    """The embedded database: one SQLite file in the user's data directory, no set-up needed."""
    return Path(user_data_dir("evidence", appauthor=False)) / "evidence.sqlite"


def resolve_url(url: str | None = None) -> str:
    """``--db URL`` wins, then ``EVIDENCE_DATABASE_URL``, then the default SQLite file.

    A bare file path is accepted as a SQLite database, because that is what people type.
    """
    chosen = url or os.environ.get(ENV_VAR) or ""
    if not chosen:
        path = default_database_path()
        return f"sqlite:///{path}"
    if "://" not in chosen:
        return f"sqlite:///{Path(chosen).expanduser().resolve()}"
    if chosen.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
        chosen = "postgresql+psycopg://" + chosen.split("://", 1)[1]
    return chosen


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")  # SQLite ignores foreign keys unless asked
    cursor.execute("PRAGMA journal_mode=WAL")  # readers (the dashboard) do not block a loader
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as ex:
        raise ConfigError(
            f"cannot use database URL {url!r}: {ex}. Use e.g. sqlite:///path/to/file.sqlite or "
            "postgresql+psycopg://user@host:5432/dbname"
        ) from ex
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"database {parsed.get_backend_name()!r} is not supported; use SQLite or PostgreSQL"
        )
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(parsed, pool_pre_ping=parsed.get_backend_name() == "postgresql")
    except NoSuchModuleError as ex:
        raise ConfigError(f"no driver for {url!r}: {ex}") from ex
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; refuses databases from a newer evidence."""
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    if current is not None:
        try:
            script.get_revision(current)
        except Exception as ex:  # alembic raises several kinds for an unknown revision
            raise SchemaTooNew(
                f"the database at {engine.url.render_as_string(hide_password=True)} has schema "
                f"revision {current}, which this version of evidence does not know: it was written "
                "by a newer evidence. Upgrade evidence (pip install -U evidence); nothing was changed."
            ) from ex
        if revision == "head" and current == script.get_current_head():
            return
    cfg = alembic_config(engine)
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()


def downgrade(engine: Engine, revision: str) -> None:
    cfg = alembic_config(engine)
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
        conn.commit()


def refresh_statistics(session: Session) -> None:
    """Update the query planner's statistics after a large change (an import, a set load).

    Without them SQLite guessed that "stance IN (supports, mixed)" was selective and scanned 70% of
    500,000 links instead of starting from a topic's claims (141 ms -> 20 ms for a filtered page).
    ANALYZE takes about 0.1 s at that size; PostgreSQL's autovacuum would get there later.
    """
    session.execute(text("ANALYZE"))


def data_revision(session: Session) -> int:
    """A token that changes, to a value it never had before, whenever evidence, claims, topics,
    sets or the reference fields filters use change (database triggers; migration d9f4a2b6c8e1).

    Caches of derived data key on it, so that no writer, not even a user's own SQL, can leave
    them stale. On PostgreSQL the read also re-arms the trigger for this transaction, which bumps
    the token once per transaction until it is read again (migration a4d7e9c2f6b3).
    """
    # Through the connection, one statement object: asked on every page, the ORM's layer cost
    # more than the query.
    connection = session.connection()
    statement = _REVISION_SQLITE if connection.dialect.name == "sqlite" else _REVISION_POSTGRESQL
    return connection.execute(statement).scalar_one()


_REVISION_SQLITE = text("SELECT n FROM data_revision WHERE id = 1")
_REVISION_POSTGRESQL = text(
    "SELECT n FROM data_revision, set_config('evidence.revision_bumped', '', true) WHERE id = 1"
)


class RevisionCache(Generic[T]):
    """Per database, one value derived from its data, rebuilt when the data revision moves.

    Shared by all sessions on the same database in this process (the dashboard's users); at most
    ``databases`` databases are kept, least recently used dropped first.
    """

    def __init__(self, build: Callable[[Session], T], databases: int = 4) -> None:
        self._build = build
        self._databases = databases
        self._values: OrderedDict[str, tuple[int, T]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _key(session: Session) -> str:
        return session.get_bind().url.render_as_string(hide_password=False)

    def get(self, session: Session) -> T:
        revision = data_revision(session)
        key = self._key(session)
        with self._lock:
            found = self._values.get(key)
            if found is not None and found[0] == revision:
                self._values.move_to_end(key)
                return found[1]
            value = self._build(session)
            self._values[key] = (revision, value)
            while len(self._values) > self._databases:
                self._values.popitem(last=False)
            return value

    def forget(self, session: Session | None = None) -> None:
        """Drop the value of ``session``'s database (every database when None)."""
        with self._lock:
            if session is None:
                self._values.clear()
            else:
                self._values.pop(self._key(session), None)


@dataclass
class Store:
    """An open database: the engine and a session factory bound to it."""

    engine: Engine
    sessionmaker: sessionmaker[Session]

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends normally, rolled back on any error."""
        with self.sessionmaker() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None, *, migrate_schema: bool = True) -> Store:
    """Open (and by default create and migrate) the database named by ``url``.

    See :func:`resolve_url` for how the URL is chosen when ``url`` is None.
    """
    from evidence.history import install_history  # imported here: it imports the models

    engine = make_engine(resolve_url(url))
    try:
        if migrate_schema:
            migrate(engine)
    except OperationalError as ex:
        engine.dispose()
        raise ConfigError(
            f"cannot open the database at {engine.url.render_as_string(hide_password=True)}: "
            f"{ex.orig}. Check the URL (--db or {ENV_VAR}) and that the server is running."
        ) from ex
    except BaseException:
        engine.dispose()
        raise
    factory = sessionmaker(engine, expire_on_commit=False)
    install_history(factory)
    return Store(engine=engine, sessionmaker=factory)
