"""Database setup: one engine and session factory per service process, a constraint naming
convention, SQLite made fit for several processes (WAL, busy timeout), and the Flask binding
that gives each request one session which the view commits once."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import Flask, g
from sqlalchemy import DateTime, Engine, MetaData, Table, TypeDecorator, create_engine, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from . import crypto
from .config import Settings

T = TypeVar("T")

#: Constraint names Alembic can find again on every database (Indico, microblog).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator):
    """A point in time, stored in UTC and always read back time-zone aware (SQLite forgets the
    zone of ``DateTime(timezone=True)``; this type puts it back). Naive values are refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a naive datetime cannot be stored; give it a time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def make_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


def is_sqlite(url_or_engine: str | Engine) -> bool:
    url = str(url_or_engine.url) if isinstance(url_or_engine, Engine) else url_or_engine
    return url.startswith("sqlite")


def conflict_insert(dialect: str, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An ``INSERT`` into ``table`` that takes ``ON CONFLICT`` clauses, in the dialect named
    (``"postgresql"``; anything else: SQLite's, the embedded mode's)."""
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def _use_wal(cursor, attempts: int = 300) -> None:
    """Put the file in WAL mode. The mode is stored in the file, so every connection after the
    first only reads it; switching needs an exclusive lock, and SQLite answers "database is
    locked" at once instead of waiting for it, so the switch is retried for up to 30 s."""
    for _ in range(attempts):
        if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
            return
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.1)
    raise sqlite3.OperationalError("the database file stayed locked; WAL mode could not be set")


def make_engine(url: str, **kwargs) -> Engine:
    if is_sqlite(url):
        # Web, relay and consumer processes share one file: WAL lets readers and the writer
        # overlap, the busy timeout turns "database is locked" into a short wait.
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            dbapi_connection.isolation_level = None  # let SQLAlchemy's BEGIN below take over
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA busy_timeout=30000")
            _use_wal(cursor)
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            # Deleted and overwritten rows are zeroed, not left in free pages: an erasure or
            # a rotated key leaves nothing readable in the file.
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection):
            # BEGIN IMMEDIATE takes the write lock up front, so two writers queue instead of
            # failing with a deadlock when both upgrade from a read.
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def checkpoint(engine: Engine) -> None:
    """SQLite: copy the write-ahead log into the database file and empty it, so that the earlier
    versions of erased rows leave the log too (the file's own pages are zeroed by
    ``secure_delete``). Nothing to do elsewhere."""
    if not is_sqlite(engine):
        return
    connection = engine.raw_connection()
    try:
        connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


class Database:
    """The engine and session factory of one service process. Every session carries the
    process's settings (``settings_of(session)``), so a use case reaches them through its unit
    of work instead of reading the environment again."""

    def __init__(self, url: str, settings: Settings | None = None, **engine_kwargs) -> None:
        self.url = url
        self.settings = settings
        self.engine = make_engine(url, **engine_kwargs)
        self.sessions = sessionmaker(
            self.engine, expire_on_commit=False, info={"settings": settings}
        )

    @classmethod
    def of(cls, settings: Settings, **engine_kwargs) -> Database:
        """The service's own database, as its settings name it (and the process's data keys,
        which its encrypted columns need, set from the same settings)."""
        crypto.use_keys(settings.data_keys)
        return cls(settings.database_url, settings, **engine_kwargs)

    @contextmanager
    def transaction(self, dry_run: bool = False) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls back if it raises. A dry run
        rolls back at the end too: it counts what the work would change, and changes nothing."""
        if not dry_run:
            with self.sessions.begin() as session:
                yield session
            return
        with self.sessions() as session:
            yield session
            session.rollback()

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()

    # Flask binding: one session per request, closed (never committed) at teardown.
    def init_app(self, app: Flask) -> None:
        app.extensions["dialog_db"] = self
        app.teardown_appcontext(self._close_request_session)

    @staticmethod
    def _close_request_session(_exc: BaseException | None) -> None:
        session = g.pop("dialog_session", None)
        if session is not None:
            session.close()


def get_one(
    session: Session,
    model: type[T],
    key: Any,
    missing: Exception,
    *,
    lock: bool = False,
    where: Callable[[T], bool] | None = None,
) -> T:
    """The row of ``model`` with primary key ``key``, or raise ``missing`` (a domain error that
    says in a sentence what is not there); also when the row is not what ``where`` asks (one of
    another parent's: ``lambda row: row.case_id == case_id``). ``lock`` reads it fresh and
    ``FOR UPDATE`` until the transaction ends (PostgreSQL; SQLite's writers queue anyway), so
    changes of it take turns."""
    row = session.get(model, key, with_for_update=lock or None, populate_existing=lock)
    if row is None or (where is not None and not where(row)):
        raise missing
    return row


def attributes_of(row: Any, names: Iterable[str]) -> dict[str, Any]:
    """The named attributes of ``row``, by name: what an export or a message shows of it."""
    return {name: getattr(row, name) for name in names}


def settings_of(session: Session) -> Settings:
    """The settings of the process this session belongs to."""
    settings = session.info.get("settings")
    if settings is None:
        raise RuntimeError("this session's Database was made without settings (Database.of)")
    return settings


def current_database() -> Database:
    from flask import current_app

    return current_app.extensions["dialog_db"]


def committed(operation: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A view's whole work: run one use case in the request's session (it comes first among
    the arguments) and commit once; its result is the view's answer."""
    session = request_session()
    result = operation(session, *args, **kwargs)
    session.commit()
    return result


def request_session() -> Session:
    """The session of the current request; the view commits it once when its work is done."""
    session = g.get("dialog_session")
    if session is None:
        session = g.dialog_session = current_database().sessions()
    return session
