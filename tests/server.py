"""A real workbench server for the tests that need one (concurrency, crash safety, the
browser): ``accord serve`` in its own process on 127.0.0.1 and a free port, stopped (or
killed) by the test.

:func:`serving` yields a :class:`Server` once the server answers; leaving the block stops
it (SIGTERM, then SIGKILL after 10 s). :meth:`Server.kill` sends SIGKILL at once, for the
crash tests; :meth:`Server.restart` starts it again on the same port and database.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

STARTUP_SECONDS = 180.0
"""How long a server may take to start (imports and migrations; minutes on a machine busy with other work)."""


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    """A running ``accord serve``: its URL, database, log file and process."""

    db: str
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start the server and wait until it answers (its log is in the failure message)."""
        command = [
            sys.executable,
            "-m",
            "accord",
            "serve",
            "--db",
            self.db,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
        ]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"accord serve exited with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/me", timeout=2):
                    pass
            except urllib.error.HTTPError as err:
                if err.code == 401:  # it answers
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise AssertionError(f"accord serve did not answer within {STARTUP_SECONDS:g} s:\n{self.log.read_text()}")

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not stopped within 10 s."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """SIGKILL: the server stops mid-work, as in a crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def restart(self) -> None:
        """Start again on the same port and database."""
        self.start()


@contextmanager
def serving(db: str, log: Path) -> Iterator[Server]:
    """A server on ``db`` for the block."""
    server = Server(db, free_port(), log)
    server.start()
    try:
        yield server
    finally:
        server.stop()
