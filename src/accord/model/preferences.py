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
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from accord.errors import ModelError
from accord.model.checks import fail, finite, finite_values, require_id
from accord.model.point import Number, Value, format_value
from accord.model.uncertainty import Normal, Uncertain, check_probability, support


@dataclass(frozen=True)
class CategoricalRating:
    """A rating per option id."""

    scores: Mapping[str, float]

    def __post_init__(self) -> None:
        finite_values("CategoricalRating", "scores", self.scores)

    def values(self) -> tuple[float, ...]:
        """Every rating this table holds."""
        return tuple(self.scores.values())

    def __call__(self, value: Value) -> float:
        """Rating of ``value``; 0 for an option the party did not rate."""
        return self.scores.get(value, 0.0) if isinstance(value, str) else 0.0


@dataclass(frozen=True)
class PiecewiseLinear:
    """A rating over a numeric range, linear between breakpoints, flat outside them."""

    breakpoints: tuple[tuple[float, float], ...]

    def __post_init__(self) -> None:
        previous = -math.inf
        for i, (x, y) in enumerate(self.breakpoints):
            finite("PiecewiseLinear", f"breakpoints[{i}]", x)
            finite("PiecewiseLinear", f"breakpoints[{i}]", y)
            if x < previous:
                fail("PiecewiseLinear", f"breakpoints[{i}]", (x, y), "list the breakpoints by increasing number")
            previous = x

    def values(self) -> tuple[float, ...]:
        """The ratings at the breakpoints (the curve's extremes are among them)."""
        return tuple(y for _, y in self.breakpoints)

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
    numbers ``below`` / ``above`` a bound. ``probability``: how likely the red line is
    real (1: surely; the robustness analysis samples it, every other analysis treats it as
    holding).
    """

    point: str
    option: Value | None = None
    below: Number | None = None
    above: Number | None = None
    probability: float = 1.0

    def __post_init__(self) -> None:
        require_id("RedLine", "point", self.point)
        where = f"red line on {self.point!r}"
        check_probability(where, self.probability)
        if self.option is None and self.below is None and self.above is None:
            raise ModelError(f"{where}: names no option and no bound; give option=, below= or above=")
        for name in ("below", "above"):
            if getattr(self, name) is not None:
                finite(where, name, getattr(self, name))
        if isinstance(self.option, float):
            finite(where, "option", self.option)

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
    ``requires_point`` to take one of ``requires`` ("a referendum only with a ceasefire").
    ``probability``: as for :class:`RedLine`."""

    point: str
    value: Value
    requires_point: str
    requires: tuple[Value, ...]
    probability: float = 1.0

    def __post_init__(self) -> None:
        require_id("Link", "point", self.point)
        require_id("Link", "requires_point", self.requires_point)
        check_probability(f"link on {self.point!r}", self.probability)

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
    ``(point, value)`` condition holds. ``probability``: how likely the bonus is real (as
    for :class:`RedLine`)."""

    conditions: tuple[tuple[str, Value], ...]
    bonus: float
    probability: float = 1.0

    def __post_init__(self) -> None:
        finite("Interaction", "bonus", self.bonus)
        check_probability("Interaction", self.probability)
        for point, _ in self.conditions:
            require_id("Interaction", "conditions point", point)

    def applies(self, agreement: Mapping[str, Value]) -> bool:
        """Whether every condition holds in ``agreement``."""
        return all(agreement.get(p) == v for p, v in self.conditions)


@dataclass(frozen=True)
class Preferences:
    """One party's confidential preferences.

    ``reservation`` is the utility of no deal (BATNA), in [0, 1] in accord files (GENIUS
    and GeniusWeb files may give any finite number); ``discount`` a time discount factor
    carried over from formats that define one (GENIUS), else None. ``uncertain``: the
    weights, ratings and reservation value known only as a range (:mod:`accord.model.uncertainty`);
    the numbers above are their estimates.

    Checked on construction (ModelError): weights finite and not negative, every rating
    finite and in ``[0, rating_scale]`` (to 1e-9 of the scale), ``rating_scale`` and ``weight_total`` (when given)
    finite and positive, ``reservation`` and ``discount`` finite.
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
    uncertain: tuple[Uncertain, ...] = ()

    def __post_init__(self) -> None:
        require_id("Preferences", "party", self.party)
        where = f"Preferences of {self.party!r}"
        if finite(where, "rating_scale", self.rating_scale) <= 0:
            fail(where, "rating_scale", self.rating_scale, "give a positive scale (100 for accord files)")
        if self.weight_total is not None and finite(where, "weight_total", self.weight_total) <= 0:
            fail(where, "weight_total", self.weight_total, "give a positive total, or None for the sum of the weights")
        finite(where, "reservation", self.reservation)
        if self.discount is not None:
            finite(where, "discount", self.discount)
        finite_values(where, "weights", self.weights)
        for point, weight in self.weights.items():
            if weight < 0:
                fail(where, f"weights[{point!r}]", weight, "give a weight of 0 or more (0: the party does not care)")
        slack = self.rating_scale * 1e-9  # float noise of formats that rescale (GENIUS round trips)
        for point, rating in self.ratings.items():
            values = rating.values()
            if values and (min(values) < -slack or max(values) > self.rating_scale + slack):
                bad = next(v for v in values if not -slack <= v <= self.rating_scale + slack)
                fail(where, f"a rating on {point!r}", bad, f"give ratings in [0, {self.rating_scale:g}] (the scale)")
        self._check_uncertain(where)

    def _check_uncertain(self, where: str) -> None:
        """Each uncertain number names a weight, rating or the reservation value this party
        has, once; a range lies in the number's valid interval and holds its estimate."""
        seen: set[tuple[str, str | None, Value | None]] = set()
        for u in self.uncertain:
            at = f"{where}: the range of the {u.describe()}"
            if u.key in seen:
                raise ModelError(f"{at} is given twice; keep one")
            seen.add(u.key)
            estimate = self.estimate(u)
            if estimate is None:
                raise ModelError(f"{at} names a number the party does not give; give the {u.describe()} first")
            low, high = support(u.kind, self.rating_scale)
            d = u.distribution
            if isinstance(d, Normal):
                if not low <= d.mean <= high:
                    raise ModelError(f"{at}: the mean {d.mean:g} lies outside [{low:g}, {high:g}]; move it inside")
                continue
            if d.low < low or d.high > high:
                raise ModelError(f"{at}: {d.describe()} reaches outside [{low:g}, {high:g}]; narrow it")
            if not d.low <= estimate <= d.high:
                raise ModelError(f"{at}: the estimate {estimate:g} lies outside {d.describe()}; widen the range")

    def estimate(self, u: Uncertain) -> float | None:
        """The single value (estimate) of the uncertain number ``u``; None when the party
        gives no such number."""
        if u.kind == "reservation":
            return self.reservation
        if u.point is None:
            return None
        if u.kind == "weight":
            return self.weights.get(u.point)
        rating = self.ratings.get(u.point)
        if isinstance(rating, CategoricalRating):
            return rating.scores.get(u.value) if isinstance(u.value, str) else None
        if isinstance(rating, PiecewiseLinear) and not isinstance(u.value, str) and u.value is not None:
            return next((y for x, y in rating.breakpoints if x == u.value), None)
        return None

    @property
    def is_uncertain(self) -> bool:
        """Whether any number is a range or any red line, link or interaction has a
        probability below 1 (the robustness analysis has something to sample)."""
        rules: tuple[RedLine | Link | Interaction, ...] = (*self.red_lines, *self.links, *self.interactions)
        return bool(self.uncertain) or any(r.probability < 1 for r in rules)

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
