"""Connecting to the database and bringing its schema to the current version.

SQLite (the default, one file) is set up on every connection: foreign keys on (SQLite
leaves them off), write-ahead logging (readers do not block the writer, and a killed
process loses no committed transaction [SQLiteWAL]_), and a busy timeout. pysqlite's own
transaction handling is switched off and accord begins transactions itself (SQLAlchemy's
documented recipe for SQLite transactions): ``BEGIN IMMEDIATE`` for a transaction that
will write, so that it takes the write lock at its start and a second writer waits for it
instead of failing halfway (a deferred transaction that reads and then writes cannot wait:
SQLite answers ``SQLITE_BUSY`` at once), and a plain ``BEGIN`` for one that only reads.

PostgreSQL (``postgresql+psycopg://...``) needs no set-up; its default isolation, read
committed, is what the store's locks assume (:mod:`accord.store.changes`).

:func:`migrate` runs Alembic's migrations (``migrations/``) to the newest revision, under
a lock (PostgreSQL: an advisory lock; SQLite: the write lock), so that processes starting
together do not both create the tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

MIGRATIONS = Path(__file__).parent / "migrations"
WRITE = {"accord_write": True}
"""Execution options of a connection whose transactions write (SQLite: ``BEGIN IMMEDIATE``)."""
BUSY_TIMEOUT_SECONDS = 30.0
_MIGRATION_LOCK = 0x61636364  # an arbitrary 32-bit key for pg_advisory_xact_lock ("accd")


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (``sqlite:///FILE`` or ``postgresql+psycopg://...``), with
    SQLite's connections set up as the module docstring says."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, connection_record: Any) -> None:
    dbapi_connection.isolation_level = None  # accord emits BEGIN itself (_sqlite_begin)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
    finally:
        cursor.close()


def _sqlite_begin(connection: Any) -> None:
    immediate = connection.get_execution_options().get("accord_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def migrate(engine: Engine) -> None:
    """Upgrade the database of ``engine`` to the newest revision of ``migrations/``."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.execution_options(**WRITE).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def head_revision() -> str:
    """The newest revision of the migrations (what :func:`migrate` brings a database to)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    if head is None:
        raise AssertionError("the migrations have no head revision")
    return head
