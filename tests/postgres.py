"""A throwaway PostgreSQL server for the tests of the store (and, later, the web layer).

:func:`running_server` starts Debian's PostgreSQL for one test session: ``initdb`` into a
temporary folder (as the ``postgres`` user when the tests run as root, since PostgreSQL
refuses to run as root), ``pg_ctl start`` listening on 127.0.0.1 and a free port only,
its Unix socket in that folder, password authentication with a random password; at the
end ``pg_ctl stop -m fast`` and the folder is deleted. :func:`database` makes a database on
it for one test (optionally a copy of a template) and drops it afterwards.

Without the server's programs the tests fail, saying how to install them (``make unit``
installs Debian's ``postgresql``): a skipped test would count as passed though it never ran.

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
from contextlib import contextmanager
from pathlib import Path

import pytest

SEARCH = ("/usr/local/bin", "/usr/lib/postgresql/*/bin")
"""Where the server's programs are looked for after PATH (Debian keeps them off PATH)."""
MISSING = (
    "PostgreSQL's server programs (initdb, pg_ctl) were not found on PATH, in /usr/local/bin or "
    "/usr/lib/postgresql/*/bin; the store's tests run on PostgreSQL too: install Debian's postgresql "
    "(apt-get install postgresql; `make unit` does it)"
)


def server_bin(search: tuple[str, ...] = SEARCH) -> Path:
    """The folder holding ``initdb`` and ``pg_ctl`` (on PATH, else the newest version under
    ``search``); fails the test when there is none."""
    found = shutil.which("initdb")
    candidates = [Path(found).parent] if found else []
    for pattern in search:
        candidates += sorted(Path("/").glob(pattern.lstrip("/")), key=_version, reverse=True)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    pytest.fail(MISSING, pytrace=False)


def _version(folder: Path) -> int:
    name = folder.parent.name
    return int(name) if name.isdigit() else 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _as_server_user(command: list[str]) -> list[str]:
    """``command`` run as ``postgres`` when we are root."""
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser") is None:
        pytest.fail("running as root, the PostgreSQL tests need runuser (util-linux) to start the server", False)
    return ["runuser", "-u", "postgres", "--", *command]


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        pytest.fail(f"{what} failed ({done.returncode}): {done.stdout}{done.stderr}", pytrace=False)


@contextmanager
def running_server() -> Iterator[str]:
    """A running throwaway server: the URL of it without a database name
    (``postgresql+psycopg://postgres:PASSWORD@127.0.0.1:PORT``)."""
    folder = server_bin()
    root = Path(tempfile.mkdtemp(prefix="accord-pg-"))
    data, password = root / "data", secrets.token_hex(16)
    (root / "pw").write_text(password)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(root / "pw", "postgres")
    root.chmod(0o700)
    port = _free_port()
    initdb = [str(folder / "initdb"), "-D", str(data), "-U", "postgres", "--pwfile", str(root / "pw")]
    pg_ctl = [str(folder / "pg_ctl"), "-D", str(data), "-w", "-t", "60"]
    options = f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c full_page_writes=off"
    try:
        _run(_as_server_user([*initdb, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C"]), "initdb")
        _run(_as_server_user([*pg_ctl, "-l", str(root / "log"), "-o", options, "start"]), "pg_ctl start")
        yield f"postgresql+psycopg://postgres:{password}@127.0.0.1:{port}"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(_as_server_user([*pg_ctl, "-m", "fast", "stop"]), capture_output=True, timeout=120)
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def database(server: str, template: str | None = None) -> Iterator[str]:
    """A new database on ``server`` (a copy of ``template`` when given), dropped at the end:
    its URL."""
    import psycopg

    name = f"accord_{secrets.token_hex(6)}"
    admin = server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    copy = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"{copy}'.encode())
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)'.encode())
