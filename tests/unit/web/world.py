"""The world of the workbench's web tests: a tiny three-party negotiation whose private numbers are
sentinels (a leak shows up as one of these strings in a response body), its members in
every role, and one helper that makes a request as a role.

Roles: ``anonymous``, ``mediator``, ``a`` and ``b`` (party delegations), ``observer``, and
``outsider`` (the mediator of another negotiation, ``other``, and of nothing else). Party
``c`` has no delegation: nobody at the table may see its numbers."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from fastapi.testclient import TestClient

import accord
from accord.analysis.drafts import draft_utilities
from accord.store import Store, User, codec
from accord.views import Viewer
from accord.web import Settings, create_app

CHEAP = PasswordHasher.from_parameters(CHEAPEST)
PASSWORD = "correct horse battery staple"
ROLES = ("anonymous", "mediator", "a", "b", "observer", "outsider")
PARTY_OF = {"a": "a", "b": "b"}
BASE = "http://127.0.0.1"

SCENARIO = """\
accord: 1
title: Sentinel accord
description: A tiny three-party scenario whose private numbers are sentinels.
parties:
  - {id: a, name: Alphaland}
  - {id: b, name: Betaland}
  - {id: c, name: Gammaland}
points:
  - id: p1
    title: Border
    options:
      - {id: x, text: "Line x."}
      - {id: y, text: "Line y."}
      - {id: z, text: "Line z."}
  - id: p2
    title: Trade
    options:
      - {id: u, text: "Tariff u."}
      - {id: v, text: "Tariff v."}
  - id: p3
    title: Troops
    range: {min: 0, max: 10, step: 1}
drafts:
  - {id: d1, title: First text, date: 2026-01-05, choices: {p1: x, p2: u, p3: 5}}
  - {id: d2, title: Second text, date: 2026-01-12, parent: d1, choices: {p1: y, p2: v, p3: 4}}
stances:
  - {party: a, draft: d1, point: p1, stance: amend, proposal: y, note: Closer to y.}
  - {party: b, draft: d1, point: p2, stance: accept}
  - {party: c, draft: d2, stance: criticise, note: Too early.}
preferences:
  a:
    reservation: 0.271693
    weights: {p1: 0.123457, p2: 0.654321, p3: 0.222613}
    ratings:
      p1: {x: 11.1317, y: 57.2113, z: 93.7109}
      p2: {u: 21.3917, v: 88.1719}
      p3: {0: 3.27183, 10: 96.4813}
    red_lines: [p3<1.41753]
  b:
    reservation: 0.163827
    weights: {p1: 0.318467, p2: 0.147329, p3: 0.534204}
    ratings:
      p1: {x: 92.6173, y: 41.8811, z: 7.38217}
      p2: {u: 77.3219, v: 12.9371}
      p3: {0: 94.6731, 10: 6.07129}
    red_lines: [p3>8.61937]
  c:
    reservation: 0.105737
    weights: {p1: 0.432771, p2: 0.298213, p3: 0.269016}
    ratings:
      p1: {x: 36.7411, y: 66.9173, z: 28.1937}
      p2: {u: 45.6327, v: 63.2947}
      p3: {0: 52.7183, 10: 47.1913}
    red_lines: [p1=z]
"""

SENTINELS: dict[str, tuple[str, ...]] = {
    "a": (
        "0.123457",
        "0.654321",
        "0.222613",
        "11.1317",
        "57.2113",
        "93.7109",
        "21.3917",
        "88.1719",
        "3.27183",
        "96.4813",
        "0.271693",
        "1.41753",
    ),
    "b": (
        "0.318467",
        "0.147329",
        "0.534204",
        "92.6173",
        "41.8811",
        "7.38217",
        "77.3219",
        "12.9371",
        "94.6731",
        "6.07129",
        "0.163827",
        "8.61937",
    ),
    "c": (
        "0.432771",
        "0.298213",
        "0.269016",
        "36.7411",
        "66.9173",
        "28.1937",
        "45.6327",
        "63.2947",
        "52.7183",
        "47.1913",
        "0.105737",
    ),
}
"""Each party's private numbers as they appear in JSON and YAML: three weights, five ratings
of options, two of a number, the reservation value, the red line (c's is ``p1=z``)."""

SHOWN = {p: s[:8] + s[10:11] for p, s in SENTINELS.items()}
"""The numbers the "my preferences" page shows: weights, ratings of options, reservation."""


def scenario_file(folder: Path) -> Path:
    """The sentinel scenario, written to ``folder``."""
    path = folder / "sentinel.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


BOTH = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
"""Run a test on PostgreSQL too (the web tests run on SQLite unless marked so)."""


def utility_sentinels(path: Path) -> dict[str, tuple[str, ...]]:
    """Each party's utility of each draft, as the first eight characters of its JSON form
    (only utilities with six decimals or more: distinctive enough to search for)."""
    found: dict[str, list[str]] = {"a": [], "b": [], "c": []}
    for row in draft_utilities(accord.load(path).scenario):
        for party, (low, high) in row.by_party().items():
            found[party] += [repr(v)[:8] for v in (low, high) if len(repr(v)) >= 8]
    return {p: tuple(v) for p, v in found.items()}


def leaks(body: str, hidden: set[str], private: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The sentinels of the ``hidden`` parties that ``body`` contains."""
    return [f"{p}:{s}" for p in sorted(hidden) for s in private[p] if s in body]


@dataclass
class World:
    """One negotiation (``main``) with a member in every role, another one (``other``) of
        which only the outsider is a member, two (``joins``) of which no role is a member, to
    accept invitations to, and a client that speaks as any role."""

    store: Store
    client: TestClient
    main: int
    other: int
    users: dict[str, User]
    bearer: dict[str, str]
    sessions: dict[str, tuple[str, str]]
    joins: dict[str, int] = field(default_factory=dict)
    private: dict[str, tuple[str, ...]] = field(default_factory=dict)
    folder: Path = Path(".")

    def call(
        self,
        role: str,
        method: str,
        url: str,
        *,
        via: str = "bearer",
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> Any:
        """``method url`` as ``role``: a bearer token (``via="bearer"``), or the session
        cookie (``via="cookie"``) with its CSRF header on the API; cookies go in one
        header (the client's jar is emptied around each request)."""
        sent = dict(headers or {})
        jar = dict(cookies or {})
        if role != "anonymous" and via == "bearer":
            sent.setdefault("Authorization", f"Bearer {self.bearer[role]}")
        if role != "anonymous" and via == "cookie":
            raw, csrf = self.sessions[role]
            jar.setdefault("accord_session", raw)
            if url.startswith("/api/"):
                sent.setdefault("X-CSRF-Token", csrf)
        if jar:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        self.client.cookies.clear()
        try:
            return self.client.request(method, url, headers=sent, follow_redirects=False, **kwargs)
        finally:
            self.client.cookies.clear()

    def csrf(self, role: str) -> str:
        """The CSRF token of ``role``'s session."""
        return self.sessions[role][1]

    def hidden(self, role: str) -> set[str]:
        """The parties whose numbers ``role`` may not see (nobody shared anything)."""
        return {"a", "b", "c"} - ({PARTY_OF[role]} if role in PARTY_OF else set())

    def current(self, negotiation: int) -> str:
        """The id of the negotiation's current draft."""
        return self.store.snapshot(negotiation)[0].drafts[-1].id

    def encoded(self, negotiation: int, party: str) -> tuple[int, dict[str, Any]]:
        """A party's preferences document and version, as its delegation reads them."""
        got = self.store.preferences(negotiation, party, Viewer("analyst"))
        assert got.value is not None
        return got.version, codec.encode(got.value)

    def wait(self, role: str, url: str, *, via: str = "bearer") -> Any:
        """The answer to GET ``url`` once the analysis is ready (202 or a "computing" page
        until then)."""
        deadline = time.monotonic() + 60
        while True:
            r = self.call(role, "GET", url, via=via)
            computing = r.status_code == 202 or "The engine is computing" in r.text
            if not computing or time.monotonic() > deadline:
                return r
            time.sleep(0.05)


@dataclass(frozen=True)
class Seed:
    """What :func:`seed` put in a database: the negotiations, the users and their tokens."""

    main: int
    other: int
    users: dict[str, User]
    bearer: dict[str, str]
    sessions: dict[str, tuple[str, str]]
    joins: dict[str, int]
    private: dict[str, tuple[str, ...]]


def seed(store: Store, folder: Path, *, joins: bool = False) -> Seed:
    """Fill ``store`` with the world: the users of every role, the main negotiation and the
    outsider's, tokens valid for a day; with ``joins``, the two negotiations no role is a
    member of (the matrix's invitations)."""
    path = scenario_file(folder)
    scenario = accord.load(path).scenario
    users = {role: store.create_user(f"user-{role}", PASSWORD) for role in ROLES if role != "anonymous"}
    mediator = users["mediator"].id
    main = store.import_scenario(scenario, mediator)
    other = store.import_scenario(scenario, users["outsider"].id)
    store.add_member(main, users["a"].id, "party", party="a", by_user=mediator)
    store.add_member(main, users["b"].id, "party", party="b", by_user=mediator)
    store.add_member(main, users["observer"].id, "observer", by_user=mediator)
    host = store.create_user("user-host", PASSWORD).id if joins else 0  # mediates where roles accept invitations
    joined = {where: store.import_scenario(scenario, host) for where in ("api", "page")} if joins else {}
    bearer = {r: store.create_token(u.id, "api", DAY)[0] for r, u in users.items()}
    sessions = {}
    for role, user in users.items():
        raw, token = store.create_token(user.id, "session", DAY)
        sessions[role] = (raw, token.csrf)
    private = {p: SENTINELS[p] + extra for p, extra in utility_sentinels(path).items()}
    return Seed(main, other, users, bearer, sessions, joined, private)


DAY = timedelta(days=1)


@contextmanager
def serve(store: Store, seeded: Seed, folder: Path, settings: Settings | None = None) -> Iterator[World]:
    """The world ``seeded`` in ``store``, its client open (the application's lifespan
    running)."""
    scenario_file(folder)
    app = create_app(store, settings or Settings(secure_cookies=False))
    with TestClient(app, base_url=BASE) as client:
        yield World(
            store,
            client,
            seeded.main,
            seeded.other,
            seeded.users,
            seeded.bearer,
            seeded.sessions,
            seeded.joins,
            seeded.private,
            folder,
        )


@contextmanager
def open_world(store: Store, folder: Path, settings: Settings | None = None) -> Iterator[World]:
    """``with open_world(store, folder, settings) as world``: a world with other settings,
    seeded in the empty ``store``."""
    with serve(store, seed(store, folder), folder, settings) as world:
        yield world


def error_shape(body: Any) -> None:
    """Fail unless ``body`` is exactly ``{"error": {"code", "message", "details"}}``, with
    no traceback in it."""
    assert isinstance(body, dict), body
    assert set(body) == {"error"}, body
    err = body["error"]
    assert isinstance(err, dict), body
    assert set(err) == {"code", "message", "details"}, body
    assert isinstance(err["code"], str), body
    assert err["code"], body
    assert isinstance(err["message"], str), body
    assert err["message"], body
    assert isinstance(err["details"], dict), body
    assert "Traceback" not in str(body), body
    assert 'File "' not in str(body), body
