"""The migrations build exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

from argparse import Namespace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from sqlalchemy import inspect, text
from sqlalchemy.dialects import sqlite

from accord.store import Store, open_store
from accord.store.engine import MIGRATIONS, head_revision, make_engine, migrate
from accord.store.schema import Base, UTCDateTime

CHEAP = PasswordHasher.from_parameters(CHEAPEST)
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
    "tokens",
    "invitations",
    "shares",
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
    first = open_store(database_url, hasher=CHEAP)
    user = first.create_user("envoy", "a long passphrase")
    first.close()
    again = open_store(database_url, hasher=CHEAP)
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


def _command_line(url: str | None) -> Config:
    """Alembic's configuration as its command line makes it for ``-x url=URL``."""
    config = Config(cmd_opts=Namespace(x=[f"url={url}"] if url else []))
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def test_alembic_upgrade_and_check_on_the_command_line(database_url: str) -> None:
    """`alembic -x url=URL upgrade head`, then `alembic check` (no pending autogenerate diff)."""
    command.upgrade(_command_line(database_url), "head")
    command.check(_command_line(database_url))
    engine = make_engine(database_url)
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head_revision()
    engine.dispose()


def test_alembic_on_the_command_line_needs_the_url() -> None:
    with pytest.raises(SystemExit, match="-x url="):
        command.upgrade(_command_line(None), "head")


def test_timestamps_are_aware_utc_both_ways() -> None:
    column = UTCDateTime()
    dialect = sqlite.dialect()
    assert column.process_bind_param(None, dialect) is None
    assert column.process_result_value(None, dialect) is None
    with pytest.raises(ValueError, match="aware"):
        column.process_bind_param(datetime(2026, 1, 1), dialect)
    paris = timezone(timedelta(hours=1))
    assert column.process_bind_param(datetime(2026, 1, 1, 12, tzinfo=paris), dialect) == datetime(
        2026, 1, 1, 11, tzinfo=UTC
    )
    assert column.process_result_value(datetime(2026, 1, 1, 11), dialect) == datetime(2026, 1, 1, 11, tzinfo=UTC)
    assert column.process_result_value(datetime(2026, 1, 1, 12, tzinfo=paris), dialect).tzinfo is UTC
