"""Sampling preference profiles: the uncertain numbers and uncertain rules of a scenario.

Every uncertain number (:class:`accord.model.Uncertain`) is drawn independently: a uniform
range with ``Generator.uniform``, a normal by rejection, redrawing the values that fall
outside the number's valid interval (:func:`accord.model.support`) until none does, which
samples the truncated normal exactly. Every red line, link and interaction with a
probability ``p < 1`` holds in a sample with probability ``p``, independently. The numbers
are drawn first, in the order of the rated parties and of each party's ``uncertain`` list,
then the rules, so that a seed fixes every sample.

Samples come in blocks of :data:`BLOCK`; block ``b`` draws from its own stream, the child
``b`` of the master seed (``numpy.random.SeedSequence(seed).spawn``), so sample ``i`` is
the same whatever the number of samples asked for and whoever computes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from accord.analysis.common import FloatArray
from accord.model import Normal, Scenario, Uncertain, support

BLOCK = 8192
"""Samples per block of draws (a constant: sample ``i`` is in block ``i // BLOCK``)."""
MAX_REDRAWS = 10_000
"""Rounds of rejection before a normal is declared impossible to sample (never reached
when the mean lies inside the valid interval: each round keeps about half or more)."""

BoolArray = npt.NDArray[np.bool_]
RuleKind = Literal["red_line", "link", "interaction"]


@dataclass(frozen=True)
class Parameter:
    """One uncertain number of one party: what it is, its estimate and its valid interval."""

    party: str
    uncertain: Uncertain
    estimate: float
    low: float
    high: float

    @property
    def label(self) -> str:
        """``ru reservation``, ``ua weight of donbas``."""
        return f"{self.party} {self.uncertain.describe()}"

    def quantiles(self) -> tuple[float, float]:
        """The range shown for this number: ``[min, max]`` of a uniform range, the 5th to 95th
        percentile of a normal's (untruncated) distribution clipped to the valid interval."""
        d = self.uncertain.distribution
        if isinstance(d, Normal):
            return max(self.low, d.mean - 1.645 * d.sd), min(self.high, d.mean + 1.645 * d.sd)
        return d.low, d.high


@dataclass(frozen=True)
class Rule:
    """A red line, link or interaction of ``party`` that holds with ``probability``;
    ``index`` is its position in the party's list of that kind."""

    party: str
    kind: RuleKind
    index: int
    probability: float
    text: str

    @property
    def label(self) -> str:
        """``ua red line army-cap<600000``."""
        return f"{self.party} {self.kind.replace('_', ' ')} {self.text}"


@dataclass(frozen=True, eq=False)
class Draws:
    """One block of samples: ``values[s, k]`` is parameter ``k`` in sample ``s``,
    ``holds[s, r]`` whether rule ``r`` holds in it."""

    values: FloatArray
    holds: BoolArray

    def __len__(self) -> int:
        return int(self.values.shape[0])

    def take(self, rows: slice | npt.NDArray[np.int64]) -> Draws:
        """The samples ``rows`` of this block."""
        return Draws(self.values[rows], self.holds[rows])


@dataclass(frozen=True)
class Space:
    """Everything uncertain in a scenario's preferences, in drawing order."""

    parameters: tuple[Parameter, ...]
    rules: tuple[Rule, ...]

    @classmethod
    def of(cls, scenario: Scenario) -> Space:
        """The uncertain numbers and rules of every rated party."""
        params: list[Parameter] = []
        rules: list[Rule] = []
        for party in scenario.rated_parties:
            prefs = scenario.preferences[party]
            for u in prefs.uncertain:
                estimate = prefs.estimate(u)
                if estimate is None:  # the model refuses this; kept for the type checker
                    raise AssertionError(f"unchecked uncertain number {u!r}")
                low, high = support(u.kind, prefs.rating_scale)
                params.append(Parameter(party, u, estimate, low, high))
            for i, r in enumerate(prefs.red_lines):
                if r.probability < 1:
                    rules.append(Rule(party, "red_line", i, r.probability, r.describe()))
            for i, k in enumerate(prefs.links):
                if k.probability < 1:
                    rules.append(Rule(party, "link", i, k.probability, k.describe()))
            for i, t in enumerate(prefs.interactions):
                if t.probability < 1:
                    text = " and ".join(f"{p}={v}" for p, v in t.conditions) or "always"
                    rules.append(Rule(party, "interaction", i, t.probability, f"{text} (bonus {t.bonus:g})"))
        return cls(tuple(params), tuple(rules))

    def __bool__(self) -> bool:
        return bool(self.parameters or self.rules)

    def column(self, party: str, u: Uncertain) -> int | None:
        """The column of ``party``'s uncertain number ``u`` in :attr:`Draws.values`."""
        for k, p in enumerate(self.parameters):
            if p.party == party and p.uncertain.key == u.key:
                return k
        return None

    def rule(self, party: str, kind: RuleKind, index: int) -> int | None:
        """The column of a rule in :attr:`Draws.holds`; None when it surely holds."""
        for k, r in enumerate(self.rules):
            if r.party == party and r.kind == kind and r.index == index:
                return k
        return None

    def draw(self, seed: np.random.SeedSequence, n: int) -> Draws:
        """``n`` samples from the stream ``seed`` (module docstring)."""
        rng = np.random.default_rng(seed)
        values = np.empty((n, len(self.parameters)))
        for k, p in enumerate(self.parameters):
            values[:, k] = _draw(rng, p, n)
        holds = np.empty((n, len(self.rules)), dtype=bool)
        for k, r in enumerate(self.rules):
            holds[:, k] = rng.random(n) < r.probability
        return Draws(values, holds)

    def block(self, seed: int, b: int, n: int = BLOCK) -> Draws:
        """Block ``b`` of the samples of master ``seed`` (its first ``n`` samples)."""
        return self.draw(np.random.SeedSequence(seed, spawn_key=(b,)), n)

    def estimates(self) -> Draws:
        """One sample holding every estimate, every rule holding (the deterministic case)."""
        values = np.array([[p.estimate for p in self.parameters]], dtype=float).reshape(1, -1)
        return Draws(values, np.ones((1, len(self.rules)), dtype=bool))


def _draw(rng: np.random.Generator, p: Parameter, n: int) -> FloatArray:
    """``n`` values of the parameter ``p``."""
    d = p.uncertain.distribution
    if not isinstance(d, Normal):
        out: FloatArray = rng.uniform(d.low, d.high, n) if d.low < d.high else np.full(n, d.low)
        return out
    x = rng.normal(d.mean, d.sd, n)
    for _ in range(MAX_REDRAWS):
        bad = np.flatnonzero((x < p.low) | (x > p.high))
        if not len(bad):
            return x
        x[bad] = rng.normal(d.mean, d.sd, len(bad))
    raise AssertionError(f"could not sample {p.label} within [{p.low:g}, {p.high:g}]")
