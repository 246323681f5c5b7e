"""Brute-force oracle in exact fractions for the CP-SAT and feasibility tests (their random
scenarios: strategies.exact_scenarios).

Utilities here are exact rationals computed independently of the code under test, from the
definition in accord.model.preferences: sum_p w_p / W * rating / 100 + bonuses.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction

from accord.model import (
    CategoricalRating,
    Preferences,
    RedLine,
    Scenario,
    Value,
)

Vector = tuple[Fraction, ...]


def exact_rating(prefs: Preferences, point: str, value: Value) -> Fraction:
    """The rating of ``value`` as an exact rational (from the floats as they are stored)."""
    rating = prefs.ratings.get(point)
    if isinstance(rating, CategoricalRating):
        return Fraction(rating.scores.get(str(value), 0))
    if rating is None or not rating.breakpoints:
        return Fraction(0)
    pts = [(Fraction(x), Fraction(y)) for x, y in rating.breakpoints]
    x = Fraction(value)
    if x <= pts[0][0]:
        return pts[0][1]
    if x >= pts[-1][0]:
        return pts[-1][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        if x0 <= x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    raise AssertionError("breakpoints not sorted")


def exact_utility(prefs: Preferences, agreement: dict[str, Value]) -> Fraction:
    """The party's utility of ``agreement`` as an exact rational."""
    total = sum((Fraction(w) for w in prefs.weights.values()), Fraction(0))
    u = Fraction(0)
    for point, value in agreement.items():
        w = Fraction(prefs.weights.get(point, 0))
        if total > 0 and w:
            u += w / total * exact_rating(prefs, point, value) / 100
    for k in prefs.interactions:
        if k.applies(agreement):
            u += Fraction(str(k.bonus))
    return u


def vector(scenario: Scenario, agreement: dict[str, Value]) -> Vector:
    """Exact utilities of ``agreement`` for every rated party."""
    return tuple(exact_utility(scenario.preferences[p], agreement) for p in scenario.rated_parties)


def exact_d(scenario: Scenario) -> Vector:
    """The reservation values as exact rationals."""
    return tuple(Fraction(str(scenario.preferences[p].reservation)) for p in scenario.rated_parties)


def agreements(scenario: Scenario) -> Iterator[dict[str, Value]]:
    """Every complete agreement."""
    ids = scenario.point_ids
    for values in itertools.product(*(p.values() for p in scenario.points)):
        yield dict(zip(ids, values, strict=True))


def respects(scenario: Scenario, agreement: dict[str, Value]) -> bool:
    """Whether ``agreement`` breaks no red line and no link."""
    return not any(scenario.preferences[p].violations(agreement) for p in scenario.rated_parties)


def rational_outcomes(scenario: Scenario, d: Vector) -> dict[Vector, dict[str, Value]]:
    """Distinct exact vectors of the individually rational agreements, one agreement each."""
    out: dict[Vector, dict[str, Value]] = {}
    for a in agreements(scenario):
        if respects(scenario, a):
            v = vector(scenario, a)
            if all(x >= di for x, di in zip(v, d, strict=True)):
                out.setdefault(v, a)
    return out


def dominates(a: Vector, b: Vector) -> bool:
    """Pareto dominance."""
    return all(x >= y for x, y in zip(a, b, strict=True)) and a != b


def pareto(vectors: set[Vector]) -> set[Vector]:
    """The non-dominated vectors."""
    return {v for v in vectors if not any(dominates(w, v) for w in vectors)}


def best(vectors: set[Vector], key: Callable[[Vector], object]) -> Vector | None:
    """The vector with the largest key, ties to the lowest vector (Frontier order)."""
    top = None
    for v in sorted(vectors):
        if top is None or key(v) > key(top):  # type: ignore[operator]
            top = v
    return top


def solution(kind: str, vectors: set[Vector], d: Vector) -> Vector | None:
    """The oracle's solution ``kind`` over the individually rational ``vectors``."""
    if kind == "utilitarian":
        return best(vectors, sum)
    if kind == "egalitarian":
        return best(vectors, lambda v: sorted(x - di for x, di in zip(v, d, strict=True)))
    if kind == "nash":
        positive = {v for v in vectors if all(x > di for x, di in zip(v, d, strict=True))}
        return best(positive, lambda v: math.prod(x - di for x, di in zip(v, d, strict=True)))
    ideal = [max((v[i] for v in vectors), default=Fraction(0)) for i in range(len(d))]
    active = [i for i in range(len(d)) if ideal[i] > d[i]]

    def ks(v: Vector) -> tuple[Fraction, Fraction]:
        shares = [(v[i] - d[i]) / (ideal[i] - d[i]) for i in active]
        return (min(shares, default=Fraction(1)), sum(v, Fraction(0)))

    return best(vectors, ks)


@dataclass(frozen=True)
class Limit:
    """One relaxable constraint: (party, kind, description) and its test."""

    key: tuple[str, str, str]
    holds: Callable[[dict[str, Value]], bool]


def limits(scenario: Scenario, d: Vector) -> list[Limit]:
    """Every red line, link and reservation cut, independently of the code under test."""
    out = []
    for i, party in enumerate(scenario.rated_parties):
        prefs = scenario.preferences[party]
        for r in prefs.red_lines:
            out.append(Limit((party, "red_line", r.describe()), _red_line_test(r)))
        for k in prefs.links:
            out.append(Limit((party, "link", k.describe()), k.satisfied))
        text = f"reservation {float(d[i]):g}"
        out.append(Limit((party, "reservation", text), _reservation(prefs, d[i])))
    return out


def _red_line_test(r: RedLine) -> Callable[[dict[str, Value]], bool]:
    return lambda a: r.point not in a or not r.excludes(a[r.point])


def _reservation(prefs: Preferences, d: Fraction) -> Callable[[dict[str, Value]], bool]:
    return lambda a: exact_utility(prefs, a) >= d


def correction_sets(scenario: Scenario, d: Vector) -> set[frozenset[tuple[str, str, str]]]:
    """Every minimal correction set, by enumerating subsets of constraints."""
    cons = limits(scenario, d)
    all_agreements = list(agreements(scenario))
    passing = [frozenset(i for i, c in enumerate(cons) if c.holds(a)) for a in all_agreements]
    everything = frozenset(range(len(cons)))
    correcting = [
        frozenset(s)
        for size in range(len(cons) + 1)
        for s in itertools.combinations(range(len(cons)), size)
        if any(everything - frozenset(s) <= p for p in passing)
    ]
    minimal = [s for s in correcting if not any(t < s for t in correcting)]
    return {frozenset(cons[i].key for i in s) for s in minimal}
