"""The flagship at the workbench's table, for the tests and the benchmark that load a real
server: a database holding examples/ukraine-2025.yaml, imported by a mediator, with
delegates spread over its four rated parties, each with an API token, all made through the
store before the server starts (passwords hashed cheaply here: a sign-in through the
server hashes them again, with its defaults)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST

import accord
from accord.store import open_store

FLAGSHIP = Path(__file__).parents[1] / "examples" / "ukraine-2025.yaml"
PASSWORD = "a long passphrase 1"
PARTIES = ("us", "ru", "ua", "eu")


@dataclass(frozen=True)
class Table:
    """The negotiation: its id, its current draft, each delegate's ``(name, party, API
    token)``, and each party's reservation value as imported."""

    nid: int
    draft: str
    users: tuple[tuple[str, str, str], ...]
    reservations: dict[str, float]


def seat(url: str, per_party: int, *, token_ttl: timedelta = timedelta(days=1)) -> Table:
    """The flagship in the database at ``url`` with ``per_party`` delegates per party
    (named ``us-0``, ``us-1``, ...)."""
    store = open_store(url, hasher=PasswordHasher.from_parameters(CHEAPEST))
    try:
        mediator = store.create_user("mediator", PASSWORD)
        scenario = accord.load(FLAGSHIP).scenario
        nid = store.import_scenario(scenario, mediator.id)
        users = []
        for party in PARTIES:
            for i in range(per_party):
                user = store.create_user(f"{party}-{i}", PASSWORD)
                store.add_member(nid, user.id, "party", party=party, by_user=mediator.id)
                token, _ = store.create_token(user.id, "api", token_ttl)
                users.append((user.name, party, token))
        reservations = {p: prefs.reservation for p, prefs in scenario.preferences.items()}
        return Table(nid, scenario.drafts[-1].id, tuple(users), reservations)
    finally:
        store.close()
