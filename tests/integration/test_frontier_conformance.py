"""ANAC domains: accord's frontier equals brute force under GENIUS semantics.

Every imported GENIUS domain of at most LIMIT agreements is enumerated in full, each
agreement scored by the independent evaluator of test_conformance_genius (written from
the GENIUS definition, not from accord's model); the non-dominated vectors of the
individually rational agreements must be exactly accord's frontier (to 1e-9).
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest

from accord.analysis.bargaining import solutions
from accord.analysis.pareto import frontier
from accord.formats.genius_xml import read_genius
from integration.test_conformance_genius import (
    IMPORTED,
    _domain_issues,
    _id,
    _over_one,
    _parse,
    _weight_sum,
    genius_utility,
)

LIMIT = 5_000
SMALL = [f for f in IMPORTED if read_genius(f).scenario.outcome_count() <= LIMIT]


def _nondominated(vectors: set[tuple[float, ...]]) -> list[tuple[float, ...]]:
    return sorted(
        u for u in vectors if not any(v != u and all(a >= b for a, b in zip(v, u, strict=True)) for v in vectors)
    )


def test_enough_domains_are_checked() -> None:
    assert len(SMALL) >= 20 or not IMPORTED


@pytest.mark.shared_data
@pytest.mark.parametrize("folder", SMALL, ids=_id)
def test_frontier_equals_brute_force(folder: Path) -> None:
    scenario = read_genius(folder).scenario
    domain = _domain_issues(folder)
    profiles = [_parse(folder / f"{p}.xml") for p in scenario.rated_parties]
    # a profile whose best agreement is worth more than 1 is read with its weights divided by their sum
    scale = [_weight_sum(pr) if _over_one(pr, domain) else 1.0 for pr in profiles]
    reservation = [scenario.preferences[p].reservation for p in scenario.rated_parties]
    vectors = set()
    for values in itertools.product(*(p.values() for p in scenario.points)):
        agreement = dict(zip(scenario.point_ids, values, strict=True))
        u = tuple(round(genius_utility(pr, domain, agreement) / k, 9) for pr, k in zip(profiles, scale, strict=True))
        if all(a >= r - 1e-12 for a, r in zip(u, reservation, strict=True)):
            vectors.add(u)
    expected = _nondominated(vectors)
    result = frontier(scenario)
    got = [o.utilities for o in result.outcomes]
    assert len(got) == len(expected)
    for u in got:  # equal up to the rounding of the last decimal
        assert any(max(abs(a - b) for a, b in zip(u, v, strict=True)) < 2e-9 for v in expected), u
    best_nash = max((_product(u, reservation) for u in expected), default=0.0)
    nash = solutions(result).nash
    if best_nash > 0:
        assert nash is not None
        assert _product(nash.outcome.utilities, reservation) == pytest.approx(best_nash, abs=1e-9)
    else:
        assert nash is None


def _product(u: tuple[float, ...], d: list[float]) -> float:
    gains = [a - b for a, b in zip(u, d, strict=True)]
    return math.prod(gains) if all(g > 0 for g in gains) else 0.0
