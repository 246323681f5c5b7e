"""The migrations build exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from accord.store import Store, open_store
from accord.store.engine import head_revision, make_engine, migrate
from accord.store.schema import Base

TABLES = {
    "users",
    "negotiations",
    "memberships",
    "parties",
    "points",
    "options",
    "drafts",
    "draft_parents",
    "stances",
    "preferences",
    "comments",
    "audit_events",
}


def test_a_fresh_database_is_brought_to_the_newest_revision(store: Store) -> None:
    with store.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head_revision()
        assert set(inspect(connection).get_table_names()) == TABLES | {"alembic_version"}


def test_the_migrated_schema_is_the_models_schema(store: Store) -> None:
    """What `alembic check` checks: autogenerate finds nothing to add, drop or alter."""
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_opening_again_migrates_nothing_and_keeps_the_data(database_url: str) -> None:
    first = open_store(database_url)
    user = first.create_user("envoy", "a long passphrase")
    first.close()
    again = open_store(database_url)
    assert again.verify_password("envoy", "a long passphrase") == user
    again.close()


def test_migrate_is_idempotent(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine)
    migrate(engine)
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head_revision()
    engine.dispose()


def test_sqlite_has_foreign_keys_on_and_writes_ahead(tmp_path: pytest.TempPathFactory) -> None:
    store = open_store(f"sqlite:///{tmp_path}/w.db")
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    store.close()
