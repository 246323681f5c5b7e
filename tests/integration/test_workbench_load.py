"""Many delegates writing at once against a real ``accord serve`` (tests/server.py), on
SQLite and on PostgreSQL: no acknowledged write is lost, none is counted twice, and a write
made on a version that moved is answered 409, never overwritten.

Twenty clients (five users in each of the flagship's four delegations) wait for each
other, then run :data:`ROUNDS` rounds of read-then-write: a stance on one of
:data:`POINTS` (shared by the five users of a delegation, so that they collide), naming the
``your_version`` it read on the draft's page, and its party's preferences with a new
reservation value, naming the version it read. On 409 it reads again and retries. Every
write answered 201 or 200 is noted with the version the server gave it; the record, the
preferences and the audit log are then read through the store and compared with those
notes (the optimistic concurrency control of :mod:`accord.store.changes`).

The clients' API tokens are made through the store with the accounts: a sign-in hashes
the password with argon2's defaults, most of a second of CPU on purpose, which twenty at
once would spend of the test's time (test_workbench_crash signs in through the API).
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2

from accord.store import open_store
from accord.views import Viewer
from flagship_table import PARTIES, Table, seat
from server import Server, serving

USERS_PER_PARTY = 5
ROUNDS = 3
POINTS = ("donbas", "znpp", "ceasefire")
"""The points every delegate states stances on (some have stances from the import)."""
KINDS = ("accept", "amend", "criticise", "unacceptable")
RETRIES = 200
"""Attempts of one write before the test gives up (each 409 costs one)."""
ANALYST = Viewer()


@dataclass
class Delegate:
    """One logged-in client: every status it got, and its acknowledged writes."""

    http: httpx2.Client
    party: str
    statuses: Counter[int] = field(default_factory=Counter)
    stances: list[tuple[str, int, str]] = field(default_factory=list)  # (point, version, note)
    preferences: list[tuple[int, float]] = field(default_factory=list)  # (version, reservation)

    def call(self, method: str, path: str, **kwargs: Any) -> httpx2.Response:
        response = self.http.request(method, path, **kwargs)
        self.statuses[response.status_code] += 1
        return response

    def read(self, path: str) -> Any:
        response = self.call("GET", path)
        assert response.status_code == 200, response.text
        return response.json()


@contextmanager
def delegate(server: Server, party: str, token: str) -> Iterator[Delegate]:
    """A client of ``party`` sending the API ``token``."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx2.Client(base_url=server.url, headers=headers, timeout=60) as http:
        yield Delegate(http, party)


def state(client: Delegate, n: Table, point: str, kind: str, note: str) -> None:
    """Read the draft's page, then record a stance on ``point`` naming the version read;
    again on 409."""
    for _ in range(RETRIES):
        page = client.read(f"/api/negotiations/{n.nid}/drafts/{n.draft}")
        version = next(p["your_version"] for p in page["points"] if p["id"] == point)
        body = {"stance": kind, "point": point, "draft": n.draft, "expected_version": version, "note": note}
        response = client.call("POST", f"/api/negotiations/{n.nid}/stances", json=body)
        if response.status_code == 201:
            assert response.json()["version"] == version + 1
            client.stances.append((point, version + 1, note))
            return
        assert response.status_code == 409, response.text
        error = response.json()["error"]
        assert error["code"] == "conflict", error
        assert error["details"]["expected"] == version, error
    raise AssertionError(f"{note}: still in conflict after {RETRIES} attempts")


def set_reservation(client: Delegate, n: Table, reservation: float) -> None:
    """Read the party's preferences, then write them with a new reservation value naming
    the version read; again on 409."""
    path = f"/api/negotiations/{n.nid}/preferences/{client.party}"
    for _ in range(RETRIES):
        got = client.read(path)
        body = {"expected_version": got["version"], "preferences": {**got["preferences"], "reservation": reservation}}
        response = client.call("PUT", path, json=body)
        if response.status_code == 200:
            assert response.json()["version"] == got["version"] + 1
            client.preferences.append((got["version"] + 1, reservation))
            return
        assert response.status_code == 409, response.text
        assert response.json()["error"]["code"] == "conflict"
    raise AssertionError(f"{client.party}'s preferences: still in conflict after {RETRIES} attempts")


def work(server: Server, n: Table, index: int, start: threading.Barrier) -> Delegate:
    """One delegate's rounds (seeded by its index)."""
    name, party, token = n.users[index]
    rng = random.Random(index)
    with delegate(server, party, token) as client:
        start.wait(timeout=120)
        for r in range(ROUNDS):
            note = f"{name} round {r}"
            state(client, n, rng.choice(POINTS), rng.choice(KINDS), note)
            # a value of its own for each write, close to the imported one (the flagship's
            # reservation values carry ranges that must hold them)
            set_reservation(client, n, round(n.reservations[party] + (index * ROUNDS + r - 100) / 10_000, 6))
        return client


def test_concurrent_writers_lose_nothing(database_url: str, tmp_path: Path) -> None:
    n = seat(database_url, USERS_PER_PARTY)
    store = open_store(database_url)
    try:
        slots = {(p, point): store.stance_version(n.nid, p, n.draft, point) for p in PARTIES for point in POINTS}
        before = {p: store.preferences(n.nid, p, ANALYST).version for p in PARTIES}
        revision = store.revision(n.nid)
    finally:
        store.close()

    with serving(database_url, tmp_path / "server.log") as server:
        start = threading.Barrier(len(n.users))
        with ThreadPoolExecutor(len(n.users)) as pool:
            futures = [pool.submit(work, server, n, i, start) for i in range(len(n.users))]
            clients = [f.result() for f in futures]
        log = server.log.read_text()

    statuses = sum((c.statuses for c in clients), Counter[int]())
    assert not [s for s in statuses if s >= 500], f"{statuses}\n{log}"
    assert statuses[409] > 0, f"no write collided: {statuses}"

    store = open_store(database_url)
    try:
        record = store.export_scenario(n.nid, ANALYST)
        events = store.audit(n.nid, ANALYST)
        prefs = {p: store.preferences(n.nid, p, ANALYST) for p in PARTIES}
        assert store.revision(n.nid) == revision + sum(len(c.stances) + len(c.preferences) for c in clients)
    finally:
        store.close()

    # the record: each slot holds the stances of the import, then the acknowledged ones in
    # the order of their versions, each once
    for (party, point), known in slots.items():
        acked = sorted((v, note) for c in clients if c.party == party for p, v, note in c.stances if p == point)
        held = [s.note for s in record.stances if (s.party, s.draft, s.point) == (party, n.draft, point)]
        assert [v for v, _ in acked] == list(range(known + 1, known + len(acked) + 1)), (party, point)
        assert held[known:] == [note for _, note in acked], (party, point)
    assert sum(len(c.stances) for c in clients) == len(n.users) * ROUNDS

    # the preferences: one version per acknowledged write, the last write's value kept
    for party in PARTIES:
        acked_prefs = sorted(w for c in clients if c.party == party for w in c.preferences)
        assert [v for v, _ in acked_prefs] == list(range(before[party] + 1, before[party] + len(acked_prefs) + 1))
        assert prefs[party].version == before[party] + len(acked_prefs)
        assert prefs[party].value is not None
        assert prefs[party].value.reservation == acked_prefs[-1][1]

    # the audit log: one event per acknowledged write (and the import's preferences)
    stance_events = [e.after["note"] for e in events if e.action == "stance.record"]
    assert sorted(stance_events) == sorted(note for c in clients for _, _, note in c.stances)
    pref_events = Counter(e.target for e in events if e.action == "preferences.set")
    assert pref_events == {
        f"the preferences of {p}": 1 + sum(len(c.preferences) for c in clients if c.party == p) for p in PARTIES
    }
    for party in PARTIES:
        written = [e.after["reservation"] for e in events if e.target == f"the preferences of {party}"][1:]
        assert written == [r for _, r in sorted(w for c in clients if c.party == party for w in c.preferences)]
