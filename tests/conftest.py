"""The Hypothesis profile of every test (no deadline), and the databases the tests of the
store and of the workbench run on, twice: a SQLite file and a throwaway PostgreSQL server
(tests/postgres.py: started once per session, a database per test). Shared by
tests/unit/store, tests/unit/web, tests/integration and tests/browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from hypothesis import settings

from accord.store import Store, open_store
from postgres import database, running_server

# No Hypothesis deadline anywhere: a test checks answers, never time (speed is measured in
# bench/), and on a shared 2-core machine one example can take 100 times another.
settings.register_profile("accord", deadline=None)
settings.load_profile("accord")

CHEAP = PasswordHasher.from_parameters(CHEAPEST)
"""argon2-cffi's cheapest parameters, made for tests (test_users checks the defaults)."""


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The session's throwaway PostgreSQL server (URL without a database)."""
    with running_server() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_template(postgres_server: str) -> Iterator[str]:
    """The name of a database migrated once, which each test's store copies."""
    with database(postgres_server) as url:
        open_store(url).close()  # closed: PostgreSQL copies only a database nobody is connected to
        yield url.rsplit("/", 1)[1]


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """Which database the test runs on."""
    name: str = request.param
    return name


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A new, empty database: a SQLite file, or a database on the throwaway server."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'workbench.db'}"
        return
    with database(request.getfixturevalue("postgres_server")) as url:
        yield url


@pytest.fixture
def store(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    """A store on a new database at the newest revision, hashing passwords cheaply."""
    if backend == "sqlite":
        opened = open_store(f"sqlite:///{tmp_path / 'workbench.db'}", hasher=CHEAP)
        yield opened
        opened.close()
        return
    server, template = request.getfixturevalue("postgres_server"), request.getfixturevalue("postgres_template")
    with database(server, template) as url:
        opened = open_store(url, hasher=CHEAP)
        yield opened
        opened.close()
