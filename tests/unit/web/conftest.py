"""The fixtures of the workbench's web tests (the world itself is in world.py).

The web tests run on SQLite; a representative subset, marked ``BOTH`` (world.py), runs on
PostgreSQL too, as does a part of the confidentiality matrix (test_matrix.py). The world is
seeded once per database kind, and each test gets a copy of it (a copied SQLite file, a
PostgreSQL database made from it as a template)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from accord.store import open_store
from postgres import database
from unit.web.world import CHEAP, Seed, World, seed, serve


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    """Which database a web test runs on: SQLite, unless a test asks for both (``BOTH``)."""
    name: str = request.param
    return name


@pytest.fixture(scope="session")
def sqlite_seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Seed]:
    """A SQLite file holding the world, to copy."""
    folder = tmp_path_factory.mktemp("seed")
    store = open_store(f"sqlite:///{folder / 'workbench.db'}", hasher=CHEAP)
    seeded = seed(store, folder)
    store.close()
    return folder / "workbench.db", seeded


@pytest.fixture(scope="session")
def postgres_seed(
    postgres_server: str, postgres_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Seed]]:
    """A PostgreSQL database holding the world, to copy (nobody stays connected to it)."""
    with database(postgres_server, postgres_template) as url:
        store = open_store(url, hasher=CHEAP)
        seeded = seed(store, tmp_path_factory.mktemp("seed"))
        store.close()
        yield url.rsplit("/", 1)[1], seeded


@pytest.fixture
def world(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[World]:
    """A copy of the world for one test, default settings but cookies without ``Secure``
    (the test client speaks plain HTTP)."""
    if backend == "sqlite":
        path, seeded = request.getfixturevalue("sqlite_seed")
        shutil.copy(path, tmp_path / "workbench.db")
        store = open_store(f"sqlite:///{tmp_path / 'workbench.db'}", hasher=CHEAP)
        with serve(store, seeded, tmp_path) as opened:
            yield opened
        store.close()
        return
    name, seeded = request.getfixturevalue("postgres_seed")
    with database(request.getfixturevalue("postgres_server"), name) as url:
        store = open_store(url, hasher=CHEAP)
        with serve(store, seeded, tmp_path) as opened:
            yield opened
        store.close()


@pytest.fixture(scope="module", params=["sqlite"])
def shared_world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One world for a whole module (the confidentiality matrix makes hundreds of calls):
    its tests undo what they change, or change only what no other cell reads."""
    folder = tmp_path_factory.mktemp("world")
    if request.param == "sqlite":
        store = open_store(f"sqlite:///{folder / 'workbench.db'}", hasher=CHEAP)
        with serve(store, seed(store, folder, joins=True), folder) as opened:
            yield opened
        store.close()
        return
    server, template = request.getfixturevalue("postgres_server"), request.getfixturevalue("postgres_template")
    with database(server, template) as url:
        store = open_store(url, hasher=CHEAP)
        with serve(store, seed(store, folder, joins=True), folder) as opened:
            yield opened
        store.close()
