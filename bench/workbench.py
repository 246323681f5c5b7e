"""Load on the workbench: a real ``accord serve`` under many party clients at once, on
SQLite and on PostgreSQL.

Usage: ``python bench/workbench.py [--parties 50] [--seconds 20] [--think 1] [--db sqlite|postgresql|both]
[--markdown]`` (also a table of ``make bench``).

For each database the benchmark makes a new one (a SQLite file in a temporary folder; a
database on a throwaway PostgreSQL server, tests/postgres.py), imports the flagship
(examples/ukraine-2025.yaml) with ``--parties`` delegates spread over its four parties, and
starts ``accord serve`` on it in its own process (tests/server.py). The delegates' API tokens
are made through the store, as a sign-in would make them (a sign-in spends most of a second
of argon2 on purpose; it is not what is measured). Then every delegate, one keep-alive
connection each (httpx2's AsyncClient on one event loop), runs the same mix for
``--seconds``, waiting ``--think`` seconds on average (exponentially distributed) between two
requests, as a person reads a page before the next click (0: back to back, which measures
the server's saturation throughput rather than the latency people see):

* 70% ``GET /api/negotiations/N/drafts/CURRENT``, the current draft's page;
* 20% ``POST /api/negotiations/N/stances``, a stance on one of a few shared points naming the
  ``your_version`` of its last page read (409 when a colleague's stance came first);
* 10% its party's preferences: ``GET``, or ``PUT`` with a new reservation value naming the
  version of its last read (409 when it moved).

The analysis endpoints are left out: they answer 202 at once and compute in the background.

The table gives, per kind of request and overall, the requests completed, requests per
second, the 50th, 95th and 99th percentiles of the latency seen by the client, the errors
(any status but 2xx and 409) and the 409s, and whether the 99th percentile meets the
target, 100 ms; then the server's CPU time per request (user + system, from /proc). The
clients run on the same machine as the server (and PostgreSQL): on a shared or small
machine every number is an upper bound on what a dedicated server gives.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(HERE))

import httpx2  # noqa: E402
import pytest  # noqa: E402

from flagship_table import PARTIES, Table, seat  # noqa: E402
from server import Server, serving  # noqa: E402
from tables import render  # noqa: E402

POINTS = ("donbas", "znpp", "ceasefire", "sanctions", "elections")
KINDS = ("accept", "amend", "criticise", "unacceptable")
MIX = (("draft page", 0.70), ("stance", 0.20), ("preferences read", 0.05), ("preferences write", 0.05))
TARGET_MS = 100.0
THINK = 1.0
"""Mean seconds between two requests of one delegate (a very busy person: one click a second)."""
"""The 99th percentile of every kind of request the workbench aims for."""


@dataclass
class Tally:
    """What the clients saw: each request's latency (seconds) and status, by kind."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def add(self, kind: str, seconds: float, status: int) -> None:
        self.latencies[kind].append(seconds)
        self.statuses[kind].append(status)


class Delegate:
    """One party client: what it read last (the versions its writes name)."""

    def __init__(self, http: httpx2.AsyncClient, n: Table, party: str, seed: int, tally: Tally) -> None:
        self.http, self.n, self.party, self.tally = http, n, party, tally
        self.rng = random.Random(seed)
        self.versions: dict[str, int] = {}
        self.preferences: dict[str, Any] | None = None
        self.preferences_version = 0

    async def call(self, kind: str, method: str, path: str, body: Any = None) -> httpx2.Response:
        started = time.perf_counter()
        response = await self.http.request(method, path, json=body)
        self.tally.add(kind, time.perf_counter() - started, response.status_code)
        return response

    async def read_draft(self) -> None:
        response = await self.call("draft page", "GET", f"/api/negotiations/{self.n.nid}/drafts/{self.n.draft}")
        if response.status_code == 200:
            self.versions = {p["id"]: p["your_version"] for p in response.json()["points"]}

    async def state(self) -> None:
        point = self.rng.choice(POINTS)
        body = {
            "stance": self.rng.choice(KINDS),
            "point": point,
            "draft": self.n.draft,
            "expected_version": self.versions.get(point, 0),
            "note": f"load {self.rng.random():.6f}",
        }
        response = await self.call("stance", "POST", f"/api/negotiations/{self.n.nid}/stances", body)
        if response.status_code == 201:
            self.versions[point] = response.json()["version"]

    async def read_preferences(self) -> None:
        response = await self.call("preferences read", "GET", self.preferences_path)
        if response.status_code == 200:
            got = response.json()
            self.preferences, self.preferences_version = got["preferences"], got["version"]

    async def write_preferences(self) -> None:
        if self.preferences is None:
            await self.read_preferences()
            return
        reservation = round(self.n.reservations[self.party] + self.rng.uniform(-0.02, 0.02), 4)
        body = {
            "expected_version": self.preferences_version,
            "preferences": {**self.preferences, "reservation": reservation},
        }
        response = await self.call("preferences write", "PUT", self.preferences_path, body)
        if response.status_code == 200:
            self.preferences_version = response.json()["version"]

    @property
    def preferences_path(self) -> str:
        return f"/api/negotiations/{self.n.nid}/preferences/{self.party}"

    async def run(self, until: float, think: float = 0.0) -> None:
        kinds, weights = zip(*MIX, strict=True)
        steps = {
            "draft page": self.read_draft,
            "stance": self.state,
            "preferences read": self.read_preferences,
            "preferences write": self.write_preferences,
        }
        while time.perf_counter() < until:
            await steps[self.rng.choices(kinds, weights)[0]]()
            if think > 0:  # a person reads before the next click: exponential, mean `think`
                await asyncio.sleep(self.rng.expovariate(1 / think))


async def load(server: Server, n: Table, seconds: float, think: float) -> tuple[Tally, float]:
    """Every delegate runs the mix for ``seconds`` (after one page read each, untimed)."""
    warm_up = Tally()
    tally = Tally()
    limits = httpx2.Limits(max_connections=1, max_keepalive_connections=1)
    clients = [
        httpx2.AsyncClient(
            base_url=server.url, headers={"Authorization": f"Bearer {token}"}, limits=limits, timeout=120
        )
        for _, _, token in n.users
    ]
    try:
        delegates = [
            Delegate(c, n, party, i, warm_up) for i, (c, (_, party, _)) in enumerate(zip(clients, n.users, strict=True))
        ]
        await asyncio.gather(*(d.read_draft() for d in delegates))
        for d in delegates:
            d.tally = tally
        started = time.perf_counter()
        await asyncio.gather(*(d.run(started + seconds, think) for d in delegates))
        return tally, time.perf_counter() - started
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))


def percentile(sorted_seconds: list[float], q: float) -> float:
    """The ``q``-th percentile (nearest rank) in milliseconds."""
    rank = max(0, min(len(sorted_seconds) - 1, round(q / 100 * len(sorted_seconds) + 0.5) - 1))
    return sorted_seconds[rank] * 1000


def rows_of(backend: str, tally: Tally, elapsed: float) -> list[list[str]]:
    rows = []
    kinds = [k for k, _ in MIX if k in tally.latencies]
    for kind in [*kinds, "all"]:
        picked = kinds if kind == "all" else [kind]
        latencies = sorted(x for k in picked for x in tally.latencies[k])
        statuses = [s for k in picked for s in tally.statuses[k]]
        errors = sum(1 for s in statuses if not 200 <= s < 300 and s != 409)
        p99 = percentile(latencies, 99)
        rows.append(
            [
                backend,
                kind,
                f"{len(latencies):,}",
                f"{len(latencies) / elapsed:,.1f}",
                f"{percentile(latencies, 50):,.0f}",
                f"{percentile(latencies, 95):,.0f}",
                f"{p99:,.0f}",
                f"{errors}",
                f"{statuses.count(409)}",
                "yes" if p99 < TARGET_MS else "no",
            ]
        )
    return rows


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of process ``pid`` so far (Linux), else None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    """A new database of ``backend``: its URL."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'workbench.db'}"
        return
    from postgres import database as new_database
    from postgres import running_server

    with running_server() as server, new_database(server) as url:
        yield url


def measure(backend: str, parties: int, seconds: float, think: float) -> tuple[list[list[str]], str]:
    """One backend's rows, and a line on the server's CPU time."""
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as tmp, database(backend, Path(tmp)) as url:
        seated = seat(url, -(-parties // len(PARTIES)))
        n = replace(seated, users=seated.users[:parties])  # spread over the parties, `parties` in all
        with serving(url, Path(tmp) / "server.log") as server:
            assert server.process is not None
            before = cpu_seconds(server.process.pid)
            tally, elapsed = asyncio.run(load(server, n, seconds, think))
            after = cpu_seconds(server.process.pid)
    total = sum(len(v) for v in tally.latencies.values())
    cpu = (
        ""
        if before is None or after is None
        else f"{(after - before) / total * 1000:.1f} ms of server CPU per request, "
    )
    return rows_of(backend, tally, elapsed), f"{backend}: {cpu}{total:,} requests in {elapsed:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parties", type=int, default=50, help="concurrent party clients (default 50)")
    parser.add_argument("--seconds", type=float, default=20.0, help="duration of the load per database (default 20)")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both", help="the database(s)")
    parser.add_argument(
        "--think",
        type=float,
        default=THINK,
        help=f"mean seconds a delegate waits between requests (default {THINK:g}; 0: back to back, the saturation)",
    )
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    backends = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    rows, notes = [], []
    for backend in backends:
        try:
            found, note = measure(backend, args.parties, args.seconds, args.think)
        except pytest.fail.Exception as err:  # tests/postgres.py found no PostgreSQL server programs
            notes.append(f"{backend}: not measured: {err}")
            continue
        rows += found
        notes.append(note)
    if not rows:
        sys.exit("\n".join(notes))
    load_average = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        render(
            f"The workbench under {args.parties} party clients for {args.seconds:g} s, "
            f"{args.think:g} s between a client's requests "
            f"({os.cpu_count()} CPUs, load average {load_average}; latencies in ms; target: p99 < {TARGET_MS:g} ms)",
            ["database", "requests of", "requests", "per second", "p50", "p95", "p99", "errors", "409", "p99 < 100 ms"],
            rows,
            args.markdown,
        )
    )
    print("\n".join(notes), flush=True)


if __name__ == "__main__":
    main()
