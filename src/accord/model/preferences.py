"""A party's confidential valuation of the points, and its hard limits.

Utility of a complete agreement ``a`` for a party (additive value model, Keeney & Raiffa
1976, ch. 3)::

    u(a) = sum_p  w_p / W * r_p(a_p) / S  +  sum_k  bonus_k * [a satisfies interaction k]

where ``w_p`` is the weight of point ``p``, ``W`` the sum of weights (or ``weight_total``
when a source format fixes it, as GENIUS does), ``r_p`` the rating of the chosen value and
``S`` the rating scale (100 for accord files). With ratings in [0, S] and no interactions,
``u`` lies in [0, 1].
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field

from accord.model.point import Number, Value, format_value


@dataclass(frozen=True)
class CategoricalRating:
    """A rating per option id."""

    scores: Mapping[str, float]

    def __call__(self, value: Value) -> float:
        """Rating of ``value``; 0 for an option the party did not rate."""
        return self.scores.get(value, 0.0) if isinstance(value, str) else 0.0


@dataclass(frozen=True)
class PiecewiseLinear:
    """A rating over a numeric range, linear between breakpoints, flat outside them."""

    breakpoints: tuple[tuple[float, float], ...]

    def __call__(self, value: Value) -> float:
        """Interpolated rating of the number ``value``."""
        if isinstance(value, str) or not self.breakpoints:
            return 0.0
        xs = [x for x, _ in self.breakpoints]
        x = float(value)
        if x <= xs[0]:
            return self.breakpoints[0][1]
        if x >= xs[-1]:
            return self.breakpoints[-1][1]
        i = bisect.bisect_right(xs, x)
        (x0, y0), (x1, y1) = self.breakpoints[i - 1], self.breakpoints[i]
        return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


Rating = CategoricalRating | PiecewiseLinear


@dataclass(frozen=True)
class RedLine:
    """Values of one point a party will never accept.

    Either one value ``option`` (an option id, or one number of a numeric point), or the
    numbers ``below`` / ``above`` a bound.
    """

    point: str
    option: Value | None = None
    below: Number | None = None
    above: Number | None = None

    def excludes(self, value: Value) -> bool:
        """Whether this red line rules ``value`` of its point out."""
        if self.option is not None:
            return value == self.option
        if isinstance(value, str):
            return False
        if self.below is not None and value < self.below:
            return True
        return self.above is not None and value > self.above

    def describe(self) -> str:
        """``territory=recognise``, ``army-cap<600,000`` or ``army-cap>800,000``."""
        if self.option is not None:
            return f"{self.point}={format_value(self.option)}"
        parts = []
        if self.below is not None:
            parts.append(f"{self.point}<{format_value(self.below)}")
        if self.above is not None:
            parts.append(f"{self.point}>{format_value(self.above)}")
        return " or ".join(parts)


@dataclass(frozen=True)
class Link:
    """A condition between points: choosing ``value`` of ``point`` requires
    ``requires_point`` to take one of ``requires`` ("a referendum only with a ceasefire")."""

    point: str
    value: Value
    requires_point: str
    requires: tuple[Value, ...]

    def satisfied(self, agreement: Mapping[str, Value]) -> bool:
        """Whether ``agreement`` (complete on both points) respects the link."""
        if agreement.get(self.point) != self.value:
            return True
        return agreement.get(self.requires_point) in self.requires

    def describe(self) -> str:
        """``referendum=held requires ceasefire in {60-days, permanent}``."""
        want = ", ".join(format_value(v) for v in self.requires)
        return f"{self.point}={format_value(self.value)} requires {self.requires_point} in {{{want}}}"


@dataclass(frozen=True)
class Interaction:
    """A package-deal bonus (or penalty, when negative) in utility units, earned when every
    ``(point, value)`` condition holds."""

    conditions: tuple[tuple[str, Value], ...]
    bonus: float

    def applies(self, agreement: Mapping[str, Value]) -> bool:
        """Whether every condition holds in ``agreement``."""
        return all(agreement.get(p) == v for p, v in self.conditions)


@dataclass(frozen=True)
class Preferences:
    """One party's confidential preferences.

    ``reservation`` is the utility of no deal (BATNA) in [0, 1]; ``discount`` a time
    discount factor carried over from formats that define one (GENIUS), else None.
    """

    party: str
    weights: Mapping[str, float] = field(default_factory=dict)
    ratings: Mapping[str, Rating] = field(default_factory=dict)
    reservation: float = 0.0
    red_lines: tuple[RedLine, ...] = ()
    links: tuple[Link, ...] = ()
    interactions: tuple[Interaction, ...] = ()
    weight_total: float | None = None
    rating_scale: float = 100.0
    discount: float | None = None

    def weight_sum(self) -> float:
        """The divisor of the weights: ``weight_total`` or the sum of the weights."""
        if self.weight_total is not None:
            return self.weight_total
        return sum(self.weights.values())

    def contribution(self, point: str, value: Value) -> float:
        """What choosing ``value`` on ``point`` adds to this party's utility."""
        total = self.weight_sum()
        weight = self.weights.get(point, 0.0)
        rating = self.ratings.get(point)
        if total <= 0 or weight == 0 or rating is None:
            return 0.0
        return weight / total * rating(value) / self.rating_scale

    def utility(self, agreement: Mapping[str, Value]) -> float:
        """Utility of an agreement; points it leaves open add nothing."""
        u = 0.0
        for point, value in agreement.items():
            u += self.contribution(point, value)
        for k in self.interactions:
            if k.applies(agreement):
                u += k.bonus
        return u

    def violations(self, agreement: Mapping[str, Value]) -> list[str]:
        """The red lines and links ``agreement`` already breaks on the points it decides
        (a draft may leave points open), described."""
        out = [r.describe() for r in self.red_lines if r.point in agreement and r.excludes(agreement[r.point])]
        out += [k.describe() for k in self.links if k.requires_point in agreement and not k.satisfied(agreement)]
        return out
