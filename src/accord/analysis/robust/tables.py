"""A party's preferences over a block of samples: weights, ratings and contributions.

The additive model of :mod:`accord.model.preferences` with every uncertain number replaced
by its column of draws: the contribution of value ``v`` of point ``p`` in sample ``s`` is
``w_p[s] / W[s] * r_p(v)[s] / S``. The operations are those of
:func:`accord.analysis.compile._contributions` (the weight sum formed left to right in the
order of the weights, then ``w / W``, times the rating, over the scale), so a sample that
holds every estimate gives the same floats as the deterministic analysis, bit for bit.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from accord.analysis.common import FloatArray
from accord.analysis.robust.sampling import Draws, Space
from accord.model import CategoricalRating, PiecewiseLinear, Preferences, Value


@dataclass(frozen=True, eq=False)
class PartyTables:
    """One party's sampled numbers over a block: ``weights[p]`` and ``reservation`` are
    columns of ``n`` values; ``ratings`` maps ``(point, value)`` of an uncertain rating to
    its column."""

    prefs: Preferences
    n: int
    reservation: FloatArray
    weights: dict[str, FloatArray]
    total: FloatArray | float
    ratings: dict[tuple[str, Value], FloatArray]
    cache: dict[tuple[str, tuple[Value, ...]], FloatArray] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, prefs: Preferences, space: Space, draws: Draws) -> PartyTables:
        """The party's numbers in the samples of ``draws``."""
        n = len(draws)
        weights: dict[str, FloatArray] = {}
        ratings: dict[tuple[str, Value], FloatArray] = {}
        reservation = np.full(n, float(prefs.reservation))
        for u in prefs.uncertain:
            col = space.column(prefs.party, u)
            if col is None:
                continue
            column = draws.values[:, col]
            if u.kind == "reservation":
                reservation = column
            elif u.kind == "weight" and u.point is not None:
                weights[u.point] = column
            elif u.point is not None and u.value is not None:
                ratings[(u.point, u.value)] = column
        total: FloatArray | float = prefs.weight_sum()
        if prefs.weight_total is None and weights:
            acc: FloatArray = np.zeros(n)
            for point, w in prefs.weights.items():
                acc = acc + weights.get(point, w)
            total = acc
        return cls(prefs, n, reservation, weights, total, ratings)

    def contributions(self, point: str, values: Sequence[Value]) -> FloatArray:
        """``(n, len(values))``: what each value of ``point`` adds to the party's utility in
        each sample (0 where the party gives the point no weight or no rating); ``(1,
        len(values))`` when it does not vary across the samples (it broadcasts). Computed
        once per point and values; the array returned is shared, never to be written."""
        key = (point, tuple(values))
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self._contributions(point, values)
        return found

    def _contributions(self, point: str, values: Sequence[Value]) -> FloatArray:
        prefs = self.prefs
        rating = prefs.ratings.get(point)
        if rating is None or point not in prefs.weights:
            return np.zeros((1, len(values)))
        share = self.share(point)
        scores = self._scores(point, rating, values)
        out: FloatArray = share[:, None] * scores / prefs.rating_scale
        if out.ndim == 1:
            out = out[None, :]
        return out

    def least(self, point: str, values: Sequence[Value]) -> FloatArray:
        """The least of :meth:`contributions` over ``values``, per sample: ``share * min(r)
        / S`` when the ratings do not vary (the product is monotone in ``r``, so this is
        the same float), without forming the table."""
        prefs = self.prefs
        rating = prefs.ratings.get(point)
        if rating is None or point not in prefs.weights:
            return np.zeros(1)
        scores = self._scores(point, rating, values)
        if scores.ndim == 2:
            least: FloatArray = self.contributions(point, values).min(axis=1)
            return least
        return np.asarray(self.share(point) * float(scores.min()) / prefs.rating_scale, dtype=float)

    def share(self, point: str) -> FloatArray:
        """The point's weight over the sum of the weights (0 where the sum is 0): one value
        per sample, ``(n,)``, or ``(1,)`` when neither varies across the samples."""
        key = (point, ())
        found = self.cache.get(key)
        if found is not None:
            column: FloatArray = np.asarray(found[:, 0], dtype=float)
            return column
        prefs = self.prefs
        weight = np.atleast_1d(np.asarray(self.weights.get(point, prefs.weights.get(point, 0.0)), dtype=float))
        total = np.atleast_1d(np.asarray(self.total, dtype=float))
        weight, total = np.broadcast_arrays(weight, total)
        live = (total > 0) & (weight != 0)
        share: FloatArray = np.divide(weight, total, out=np.zeros(len(weight)), where=live)
        self.cache[key] = share[:, None]
        return share

    def _scores(self, point: str, rating: CategoricalRating | PiecewiseLinear, values: Sequence[Value]) -> FloatArray:
        """The ratings of ``values``: one row when none is uncertain, else ``(n, V)``."""
        if isinstance(rating, CategoricalRating):
            base = np.array([rating(v) for v in values], dtype=float)
            uncertain = [(j, self.ratings[(point, v)]) for j, v in enumerate(values) if (point, v) in self.ratings]
            if not uncertain:
                return base
            table = np.broadcast_to(base, (self.n, len(values))).copy()
            for j, column in uncertain:
                table[:, j] = column
            return table
        xs = [x for x, _ in rating.breakpoints]
        ys = [self.ratings.get((point, x), y) for x, y in rating.breakpoints]
        if not any(isinstance(y, np.ndarray) for y in ys):
            return np.array([rating(v) for v in values], dtype=float)
        table = np.zeros((self.n, len(values)))
        for j, v in enumerate(values):
            table[:, j] = _interpolate(xs, ys, v)
        return table


def _interpolate(xs: list[float], ys: list[float | FloatArray], value: Value) -> FloatArray | float:
    """:meth:`PiecewiseLinear.__call__` with columns of ratings at the breakpoints."""
    if isinstance(value, str) or not xs:
        return 0.0
    x = float(value)
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    i = bisect.bisect_right(xs, x)
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


def tables(space: Space, draws: Draws, preferences: dict[str, Preferences] | None = None) -> dict[str, PartyTables]:
    """:class:`PartyTables` of every party of ``preferences``."""
    return {party: PartyTables.of(prefs, space, draws) for party, prefs in (preferences or {}).items()}
