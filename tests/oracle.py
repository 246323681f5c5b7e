"""Brute-force oracle: enumerate every agreement, the way the definitions read.

Every agreement is built with itertools.product, those that break any party's red line or
link are dropped, utilities come from :meth:`Scenario.utilities`, are rounded to 12 decimals
(the rule of accord.analysis.pareto) and kept when ``u_i >= d_i`` for every party; the
frontier is what no other vector weakly dominates. The solutions are maximised over *all*
individually rational agreements (not only the frontier), with the tie rules of
accord.analysis.bargaining: ties go to the lexicographically smallest utility vector, which
is the lowest index in frontier order.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from accord.model import Scenario, Value

Vector = tuple[float, ...]


def agreements(scenario: Scenario) -> Iterator[dict[str, Value]]:
    """Every complete agreement, red lines and links included."""
    for values in itertools.product(*(p.values() for p in scenario.points)):
        yield dict(zip(scenario.point_ids, values, strict=True))


def feasible(scenario: Scenario) -> list[tuple[dict[str, Value], Vector]]:
    """The agreements no party's red line or link rules out, with their raw utilities."""
    out = []
    for a in agreements(scenario):
        if any(prefs.violations(a) for prefs in scenario.preferences.values()):
            continue
        out.append((a, scenario.utilities(a)))
    return out


def disagreement_of(scenario: Scenario, disagreement: Sequence[float] | None) -> Vector:
    """Reservation values by default."""
    if disagreement is None:
        return tuple(scenario.preferences[p].reservation for p in scenario.rated_parties)
    return tuple(float(x) for x in disagreement)


def rational_vectors(scenario: Scenario, disagreement: Sequence[float] | None = None) -> list[Vector]:
    """Distinct rounded utility vectors of the individually rational agreements, sorted."""
    d = disagreement_of(scenario, disagreement)
    found = feasible(scenario)
    if not found:
        return []
    rounded = np.round(np.array([u for _, u in found], dtype=float), 12) + 0.0
    vectors = {tuple(row) for row in rounded.tolist()}
    return sorted(v for v in vectors if all(x >= y for x, y in zip(v, d, strict=True)))


def pareto_vectors(vectors: Sequence[Vector]) -> list[Vector]:
    """The vectors no other vector of the list weakly dominates (input distinct)."""
    if not vectors:
        return []
    arr = np.array(vectors, dtype=float)
    keep = []
    for i, v in enumerate(arr):
        ge = (arr >= v).all(axis=1)
        ge[i] = False
        if not ge.any():
            keep.append(vectors[i])
    return sorted(keep)


def frontier_vectors(scenario: Scenario, disagreement: Sequence[float] | None = None) -> list[Vector]:
    """The frontier, as sorted utility vectors."""
    return pareto_vectors(rational_vectors(scenario, disagreement))


def _best(candidates: Sequence[Vector], key: object) -> Vector | None:
    """The candidate with the largest key; ties to the lexicographically smallest vector."""
    best: Vector | None = None
    best_key = None
    for v in sorted(candidates):
        k = key(v)  # type: ignore[operator]
        if best_key is None or k > best_key:
            best, best_key = v, k
    return best


def solutions(scenario: Scenario, disagreement: Sequence[float] | None = None) -> dict[str, Vector | None]:
    """Utility vectors of the four solutions, maximised over every rational agreement."""
    d = disagreement_of(scenario, disagreement)
    vectors = rational_vectors(scenario, disagreement)
    n = len(d)

    def gains(v: Vector) -> list[float]:
        return [v[i] - d[i] for i in range(n)]

    positive = [v for v in vectors if all(g > 0 for g in gains(v))]
    ideal = [max(v[i] for v in vectors) for i in range(n)] if vectors else []
    spread = [i for i in range(n) if vectors and ideal[i] - d[i] > 0]

    def ks(v: Vector) -> tuple[float, float]:
        ratios = [(v[i] - d[i]) / (ideal[i] - d[i]) for i in spread]
        return (min(ratios) if ratios else 0.0, _sum(v))

    def egalitarian(v: Vector) -> tuple[float, ...]:
        return tuple(sorted(gains(v)))

    return {
        "nash": _best(positive, lambda v: math.prod(gains(v))),
        "kalai_smorodinsky": _best(vectors, ks),
        "egalitarian": _best(vectors, egalitarian),
        "utilitarian": _best(vectors, _sum),
    }


def _sum(v: Vector) -> float:
    """Left-to-right sum."""
    total = 0.0
    for x in v:
        total += x
    return total


def random_agreements(scenario: Scenario, seed: str, count: int = 100) -> list[dict[str, Value]]:
    """``count`` agreements drawn uniformly, reproducibly from ``seed``."""
    rng = random.Random(seed)
    return [{p.id: rng.choice(p.values()) for p in scenario.points} for _ in range(count)]


def assert_loads_within_the_model_or_names_it(folder: Path) -> None:
    """A folder from the field either loads, with utilities and reservations in [0, 1] and a
    note naming which profile became which party, or is refused by a message naming it."""
    from accord.errors import AccordError
    from accord.formats.detect import load

    try:
        imported = load(folder)
    except AccordError as err:
        assert str(folder) in str(err)
        return
    scenario = imported.scenario
    assert any("parties read from profiles" in n for n in imported.notes)
    for agreement in random_agreements(scenario, folder.name, 20):
        for party in scenario.rated_parties:
            assert -1e-12 <= scenario.utility(party, agreement) <= 1 + 1e-12
    assert all(0 <= scenario.preferences[p].reservation <= 1 for p in scenario.rated_parties)
