"""Every store test runs twice: on a SQLite file and on a throwaway PostgreSQL server.

The server (session-scoped) is Debian's PostgreSQL started for this run only: ``initdb``
into a temporary folder (as the ``postgres`` user when the tests run as root, which
PostgreSQL requires), ``pg_ctl start`` listening on 127.0.0.1 and a free port only, its
socket in that folder, password authentication; each test gets a database of its own,
dropped afterwards; the server is stopped and its folder deleted at the end. Without the
server's programs the PostgreSQL tests fail, saying how to install them (``make unit``
installs Debian's ``postgresql``): a skipped test would pass for a test that never ran.

The server runs with ``fsync=off``: these tests check what the store does, not what
survives a power cut.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from accord.store import Store, open_store

_SEARCH = ("/usr/local/bin", "/usr/lib/postgresql/*/bin")


def postgres_bin() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl`` (the newest PostgreSQL found); fails
    the test when there is none."""
    found = shutil.which("initdb")
    candidates = [Path(found).parent] if found else []
    for pattern in _SEARCH:
        folders = sorted(Path("/").glob(pattern.lstrip("/")), key=lambda p: _version(p), reverse=True)
        candidates += folders
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    pytest.fail(
        "PostgreSQL's server programs (initdb, pg_ctl) were not found on PATH, in /usr/local/bin or "
        "/usr/lib/postgresql/*/bin; the store's tests need them: install Debian's postgresql "
        "(apt-get install postgresql; `make unit` does it)",
        pytrace=False,
    )


def _version(folder: Path) -> tuple[int, ...]:
    digits = folder.parent.name
    return (int(digits),) if digits.isdigit() else (0,)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _as_server_user(command: list[str]) -> list[str]:
    """``command`` run as ``postgres`` when we are root (PostgreSQL refuses to run as root)."""
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser") is None:
        pytest.fail("running as root, the PostgreSQL tests need runuser (util-linux) to start the server", False)
    return ["runuser", "-u", "postgres", "--", *command]


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        pytest.fail(f"{what} failed ({done.returncode}): {done.stdout}{done.stderr}", pytrace=False)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A running throwaway PostgreSQL server: the URL of its ``postgres`` database, without
    the database name (``postgresql+psycopg://postgres:PASSWORD@127.0.0.1:PORT``)."""
    folder = postgres_bin()
    root = Path(tempfile.mkdtemp(prefix="accord-pg-"))
    data, password = root / "data", secrets.token_hex(16)
    (root / "pw").write_text(password)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(root / "pw", "postgres")
    root.chmod(0o700)
    port = _free_port()
    initdb = [str(folder / "initdb"), "-D", str(data), "-U", "postgres", "--pwfile", str(root / "pw")]
    _run(_as_server_user([*initdb, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C"]), "initdb")
    options = f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c full_page_writes=off"
    start = [str(folder / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-t", "60", "-o", options]
    try:
        _run(_as_server_user([*start, "start"]), "pg_ctl start")
        yield f"postgresql+psycopg://postgres:{password}@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_server_user([str(folder / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            capture_output=True,
            timeout=120,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """The URL of a new, empty database on the throwaway server, dropped after the test."""
    import psycopg

    name = f"accord_{secrets.token_hex(6)}"
    admin = postgres_server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"{postgres_server}/{name}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database: a SQLite file, or a database on the throwaway server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'workbench.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A store on a new database, migrated to the newest revision."""
    opened = open_store(database_url)
    yield opened
    opened.close()
