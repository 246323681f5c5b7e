"""The fixtures of the workbench's web tests (the world itself is in world.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from accord.store import Store, open_store
from postgres import database
from unit.web.world import CHEAP, World, build_world


@pytest.fixture
def world(store: Store, tmp_path: Path) -> Iterator[World]:
    """The world on a fresh store (SQLite and PostgreSQL), default settings but cookies
    without ``Secure`` (the test client speaks plain HTTP)."""
    yield from build_world(store, tmp_path)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One world for a whole module (the confidentiality matrix makes hundreds of calls):
    its tests undo what they change, or change only what no other cell reads."""
    folder = tmp_path_factory.mktemp("world")
    if request.param == "sqlite":
        store = open_store(f"sqlite:///{folder / 'workbench.db'}", hasher=CHEAP)
        yield from build_world(store, folder)
        store.close()
        return
    server, template = request.getfixturevalue("postgres_server"), request.getfixturevalue("postgres_template")
    with database(server, template) as url:
        store = open_store(url, hasher=CHEAP)
        yield from build_world(store, folder)
        store.close()
