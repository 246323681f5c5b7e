"""Seeded random domains for the benchmark: accord scenarios and their NegMAS twins.

A domain has ``points`` categorical points of ``options`` options each and ``parties``
parties; each party weighs every point with a whole number in 1..100 and rates every option
with a whole number in 0..100 (the shape of ANAC linear-additive profiles). The NegMAS twin
holds the same numbers as ``LinearAdditiveUtilityFunction`` objects, so both tools see the
same utilities.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from accord.model import CategoricalRating, Option, Party, Point, Preferences, Scenario


@dataclass(frozen=True)
class Spec:
    """The shape of one synthetic domain."""

    points: int
    options: int
    parties: int
    seed: int = 0

    @property
    def outcomes(self) -> int:
        """Number of complete agreements."""
        return int(self.options**self.points)

    @property
    def name(self) -> str:
        """``synthetic-<points>x<options>-<parties>p``."""
        return f"synthetic {self.points}x{self.options} {self.parties}p"


@dataclass(frozen=True)
class Numbers:
    """The raw numbers of a domain: weights[party][point], ratings[party][point][option]."""

    weights: list[list[int]]
    ratings: list[list[list[int]]]


def numbers(spec: Spec) -> Numbers:
    """The seeded weights and ratings of ``spec``."""
    rng = random.Random(spec.seed * 1_000_003 + spec.points * 1009 + spec.options * 31 + spec.parties)
    weights = [[rng.randint(1, 100) for _ in range(spec.points)] for _ in range(spec.parties)]
    ratings = [
        [[rng.randint(0, 100) for _ in range(spec.options)] for _ in range(spec.points)] for _ in range(spec.parties)
    ]
    return Numbers(weights, ratings)


def scenario(spec: Spec) -> Scenario:
    """The accord scenario of ``spec``."""
    nums = numbers(spec)
    points = tuple(
        Point(id=f"i{p}", options=tuple(Option(id=f"v{o}") for o in range(spec.options))) for p in range(spec.points)
    )
    prefs = {
        f"a{i}": Preferences(
            party=f"a{i}",
            weights={f"i{p}": float(nums.weights[i][p]) for p in range(spec.points)},
            ratings={
                f"i{p}": CategoricalRating({f"v{o}": float(nums.ratings[i][p][o]) for o in range(spec.options)})
                for p in range(spec.points)
            },
        )
        for i in range(spec.parties)
    }
    parties = tuple(Party(id=f"a{i}", name=f"Agent {i}") for i in range(spec.parties))
    return Scenario(title=spec.name, parties=parties, points=points, preferences=prefs)


def negmas_ufuns(spec: Spec) -> tuple[list[Any], list[Any]]:
    """The NegMAS issues and one ``LinearAdditiveUtilityFunction`` per party of ``spec``:
    ``u = sum_p (w_p / W) * (r_po / 100)``, the same numbers accord uses."""
    from negmas.outcomes import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction

    nums = numbers(spec)
    issues = [make_issue([f"v{o}" for o in range(spec.options)], f"i{p}") for p in range(spec.points)]
    ufuns = []
    for i in range(spec.parties):
        total = sum(nums.weights[i])
        values = [{f"v{o}": nums.ratings[i][p][o] / 100 for o in range(spec.options)} for p in range(spec.points)]
        weights = [w / total for w in nums.weights[i]]
        ufuns.append(LinearAdditiveUtilityFunction(values=values, weights=weights, issues=issues, reserved_value=0.0))
    return issues, ufuns
