"""A real ``accord serve`` (tests/server.py) killed with SIGKILL while delegates write, on
SQLite and on PostgreSQL: every write it acknowledged is in the record afterwards, with
its audit event, and nothing is half-written.

Eight delegates (two per party of the flagship) sign in through the API and record stances
as fast as they can, each with a note of its own, naming the version they read. Once some
writes have been acknowledged the server is killed mid-load. A stance answered 201 before
that must be in the record, in the place its version says; a stance whose request was cut
off may be there or not, but whole: with its audit event and the revision's step, since the
store makes the change, its event and the revision in one transaction
(:mod:`accord.store.changes`). The database must then open and migrate, and the server
start again on it and take new writes (the API tokens survive the restart).
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2

from accord.store import open_store
from accord.views import Viewer
from flagship_table import PASSWORD, Table, seat
from server import Server, serving

USERS_PER_PARTY = 2
POINTS = ("donbas", "znpp", "ceasefire")
KINDS = ("accept", "amend", "criticise", "unacceptable")
ACKNOWLEDGED_BEFORE_KILL = 40
"""Acknowledged stances to wait for before the kill (or :data:`MAX_LOAD_SECONDS`)."""
MAX_LOAD_SECONDS = 90.0
"""The longest the writers run before the kill, when the machine is too busy to reach the count sooner."""
ANALYST = Viewer()


@dataclass
class Writer:
    """One delegate: its token, its acknowledged stances, the one cut off, what else it got."""

    name: str
    party: str
    token: str
    acknowledged: list[tuple[str, int, str]] = field(default_factory=list)  # (point, version, note)
    cut_off: str | None = None
    statuses: Counter[int] = field(default_factory=Counter)
    failure: BaseException | None = None


def sign_in(server: Server, name: str, party: str) -> Writer:
    """A writer signed in through ``POST /api/login``."""
    with httpx2.Client(base_url=server.url, timeout=60) as http:
        login = http.post("/api/login", json={"name": name, "password": PASSWORD})
    assert login.status_code == 200, login.text
    return Writer(name, party, login.json()["token"])


def client(server: Server, writer: Writer) -> httpx2.Client:
    return httpx2.Client(base_url=server.url, headers={"Authorization": f"Bearer {writer.token}"}, timeout=60)


def stance_body(n: Table, point: str, kind: str, version: int, note: str) -> dict[str, Any]:
    return {"stance": kind, "point": point, "draft": n.draft, "expected_version": version, "note": note}


def your_version(http: httpx2.Client, n: Table, point: str) -> int:
    page = http.get(f"/api/negotiations/{n.nid}/drafts/{n.draft}")
    assert page.status_code == 200, page.text
    found: int = next(p["your_version"] for p in page.json()["points"] if p["id"] == point)
    return found


def write(server: Server, n: Table, writer: Writer, seed: int, stop: threading.Event) -> None:
    """Record stances until ``stop`` or the server goes away; a request cut off by the kill
    is noted as such, anything else unexpected is kept for the test to raise."""
    rng = random.Random(seed)
    try:
        with client(server, writer) as http:
            for i in range(10_000):
                if stop.is_set():
                    return
                point, note = rng.choice(POINTS), f"{writer.name} stance {i}"
                try:
                    version = your_version(http, n, point)
                except httpx2.TransportError:
                    return  # nothing was sent
                body = stance_body(n, point, rng.choice(KINDS), version, note)
                try:
                    response = http.post(f"/api/negotiations/{n.nid}/stances", json=body)
                except httpx2.TransportError:
                    writer.cut_off = note
                    return
                writer.statuses[response.status_code] += 1
                if response.status_code == 201:
                    writer.acknowledged.append((point, response.json()["version"], note))
                else:
                    assert response.status_code == 409, response.text
    except BaseException as err:  # raised by the test's thread
        writer.failure = err


def check_record(url: str, n: Table, writers: list[Writer], revision: int) -> list[str]:
    """Open (and migrate) the database after the kill and check the record there; the
    notes of the test's stances it holds, in order."""
    store = open_store(url)
    try:
        record = store.export_scenario(n.nid, ANALYST)
        events = store.audit(n.nid, ANALYST)
        after = store.revision(n.nid)
    finally:
        store.close()
    speakers = {name: party for name, party, _ in n.users}
    ours = [s for s in record.stances if s.source is not None and s.source.speaker in speakers]
    held = [s.note for s in ours]
    assert len(set(held)) == len(held), "a stance recorded twice"
    acknowledged = {note for w in writers for _, _, note in w.acknowledged}
    cut_off = {w.cut_off for w in writers if w.cut_off is not None}
    assert acknowledged <= set(held), f"acknowledged but lost: {sorted(acknowledged - set(held))}"
    assert set(held) <= acknowledged | cut_off, f"never sent: {sorted(set(held) - acknowledged - cut_off)}"
    for s in ours:  # whole: each field as the writer sent it
        assert s.source is not None
        assert s.party == speakers[s.source.speaker]
        assert s.note.startswith(s.source.speaker)
        assert (s.draft, s.stance.value, s.source.outlet) in {(n.draft, k, "accord workbench") for k in KINDS}
        assert s.point in POINTS
    for w in writers:  # each acknowledged stance where its version puts it in its slot
        for point, version, note in w.acknowledged:
            slot = [s.note for s in record.stances if (s.party, s.draft, s.point) == (w.party, n.draft, point)]
            assert slot.index(note) + 1 == version, (note, version, slot)
    # one event and one revision step for each stance there, none for one that is not
    assert sorted(e.after["note"] for e in events if e.action == "stance.record") == sorted(held)
    assert after == revision + len(held)
    return held


def test_acknowledged_writes_survive_a_kill(database_url: str, tmp_path: Path) -> None:
    n = seat(database_url, USERS_PER_PARTY)
    store = open_store(database_url)
    revision = store.revision(n.nid)
    store.close()

    with serving(database_url, tmp_path / "server.log") as server:
        writers = [sign_in(server, name, party) for name, party, _ in n.users]
        stop = threading.Event()
        threads = [
            threading.Thread(target=write, args=(server, n, w, i, stop), name=f"writer-{w.name}")
            for i, w in enumerate(writers)
        ]
        for t in threads:
            t.start()
        deadline = time.monotonic() + MAX_LOAD_SECONDS
        while sum(len(w.acknowledged) for w in writers) < ACKNOWLEDGED_BEFORE_KILL and time.monotonic() < deadline:
            time.sleep(0.05)
        server.kill()
        stop.set()
        for t in threads:
            t.join(60)
        for w in writers:
            if w.failure is not None:
                raise w.failure
        statuses = sum((w.statuses for w in writers), Counter[int]())
        assert not [s for s in statuses if s >= 500], f"{statuses}\n{server.log.read_text()}"
        assert sum(len(w.acknowledged) for w in writers) > 0, server.log.read_text()

        held = check_record(database_url, n, writers, revision)

        server.restart()
        with client(server, writers[0]) as http:
            audit = http.get(f"/api/negotiations/{n.nid}/audit")
            assert audit.status_code == 200, audit.text
            assert sorted(e["after"]["note"] for e in audit.json() if e["action"] == "stance.record") == sorted(held)
        for w in writers:  # the tokens survived; each slot takes the next version
            with client(server, w) as http:
                version = your_version(http, n, "donbas")
                body = stance_body(n, "donbas", "accept", version, f"{w.name} after the restart")
                response = http.post(f"/api/negotiations/{n.nid}/stances", json=body)
                assert response.status_code == 201, response.text
                assert response.json()["version"] == version + 1
