"""Good incumbents for the branch and bound: coordinate ascent from the best candidate.

The bounds of :mod:`accord.analysis.robust.solve` prune in proportion to how good the
incumbent is. Before a sample is solved, each score (the Nash product, the smallest gain,
the sum, each party's utility) is improved from its best candidate by coordinate ascent
(one group at a time, the best allowed joint value of that group with the others fixed,
until no group changes): a local optimum among the individually rational agreements,
usually the optimum itself. It only speeds the search up: the answer is exact either way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from accord.analysis.common import FloatArray, IntArray
from accord.analysis.robust.sampling import BoolArray

SWEEPS = 20
"""Most passes over the groups."""

Score = Callable[[FloatArray], FloatArray]
"""Scores of utility rows; -inf for rows that are not individually rational."""


def scores(d: FloatArray, names: Sequence[str]) -> list[Score]:
    """The scores the solutions ``names`` need: the Nash product, the smallest gain, the
    sum, and for Kalai-Smorodinsky each party's utility (its ideal)."""

    def rational(u: FloatArray) -> BoolArray:
        ok: BoolArray = np.asarray((u >= d).all(axis=1), dtype=bool)
        return ok

    def nash(u: FloatArray) -> FloatArray:
        g = u - d
        out: FloatArray = np.where((g > 0).all(axis=1), np.prod(np.maximum(g, 0.0), axis=1), -np.inf)
        return out

    def egalitarian(u: FloatArray) -> FloatArray:
        out: FloatArray = np.where(rational(u), (u - d).min(axis=1), -np.inf)
        return out

    def utilitarian(u: FloatArray) -> FloatArray:
        out: FloatArray = np.where(rational(u), u.sum(axis=1), -np.inf)
        return out

    def party(i: int) -> Score:
        def score(u: FloatArray) -> FloatArray:
            out: FloatArray = np.where(rational(u), u[:, i], -np.inf)
            return out

        return score

    chosen: dict[str, list[Score]] = {"nash": [nash], "egalitarian": [egalitarian], "utilitarian": [utilitarian]}
    out: list[Score] = [score for name in names for score in chosen.get(name, [])]
    if "kalai_smorodinsky" in names:
        out += [party(i) for i in range(len(d))]
    return out


def slack(d: FloatArray) -> Score:
    """The smallest gain over the disagreement point, rational or not: climbing it finds an
    individually rational agreement when no candidate is one."""

    def score(u: FloatArray) -> FloatArray:
        out: FloatArray = (u - d).min(axis=1)
        return out

    return score


def improve(
    gains: Sequence[FloatArray], offset: FloatArray, allowed: Sequence[BoolArray], start: IntArray, score: Score
) -> tuple[FloatArray, IntArray] | None:
    """The utilities and rows of the agreement reached by coordinate ascent on ``score``
    from the rows ``start`` (one per group, every one allowed); None when ``start`` scores
    -inf."""
    picks = start.copy()
    total = offset + sum((g[r] for g, r in zip(gains, picks.tolist(), strict=True)), np.zeros_like(offset))
    best = float(score(total[None, :])[0])
    if best == -np.inf:
        return None
    for _ in range(SWEEPS):
        moved = False
        for j, (table, ok) in enumerate(zip(gains, allowed, strict=True)):
            rows = np.flatnonzero(ok)
            trial = total - table[picks[j]] + table[rows]
            values = score(trial)
            k = int(np.argmax(values))
            if values[k] > best + 1e-12:
                best = float(values[k])
                picks[j] = rows[k]
                total = trial[k]
                moved = True
        if not moved:
            break
    return total, picks
