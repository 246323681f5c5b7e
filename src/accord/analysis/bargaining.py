"""The four classic bargaining solutions, read off an exact Pareto frontier.

Each is a maximiser over the individually rational agreements (``u >= d``, with ``d`` the
frontier's disagreement point), and each maximiser can be taken on the frontier:

- Nash (1950, "The bargaining problem", Econometrica 18(2)): the largest product of gains
  ``prod_i (u_i - d_i)`` over the agreements with *every* gain strictly positive. If ``b``
  dominates such an ``a``, every gain of ``b`` is positive too and its product is strictly
  larger, so the maximiser is never dominated.
- Kalai-Smorodinsky (Kalai & Smorodinsky 1975, "Other solutions to Nash's bargaining
  problem", Econometrica 43(3)): the largest smallest share ``min_i (u_i - d_i) /
  (I_i - d_i)`` of the ideal gain, ``I_i`` being party ``i``'s best utility on the
  frontier; ties go to the larger sum of utilities. Parties with ``I_i = d_i`` (nothing to
  gain anywhere) are left out of the minimum; with none left every score is 0. A dominating
  agreement has a share at least as large and a strictly larger sum.
- Egalitarian (Kalai 1977, "Proportional solutions to bargaining situations",
  Econometrica 45(7); the maximin principle of Rawls 1971): the largest smallest gain
  ``min_i (u_i - d_i)``, ties by leximin (the sorted gains compared lexicographically). A
  dominating agreement has sorted gains at least as large everywhere and larger somewhere.
- Utilitarian (Harsanyi 1955): the largest sum of utilities ``sum_i u_i``; a dominating
  agreement has a strictly larger sum.

Ties. Scores are compared exactly (the frontier's utilities are rounded to 12 decimals),
and among equal scores the solution is the outcome with the lowest index in the frontier's
order, i.e. the smallest utility for the first party (then the next). Sums and products are
formed left to right in party order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from accord.analysis.common import FloatArray, IntArray
from accord.analysis.results import SOLUTION_NAMES, Frontier, Solution, SolutionName, Solutions


def solutions(frontier: Frontier) -> Solutions:
    """The Nash, Kalai-Smorodinsky, egalitarian and utilitarian solutions of ``frontier``
    [Nash 1950; Kalai & Smorodinsky 1975; Kalai 1977; Harsanyi 1955]; each is None when no
    outcome qualifies (an empty frontier; for Nash, no outcome with every gain positive).
    Their utilities are named by the frontier's parties."""
    return Solutions(
        nash=nash(frontier),
        kalai_smorodinsky=kalai_smorodinsky(frontier),
        egalitarian=egalitarian(frontier),
        utilitarian=utilitarian(frontier),
        parties=frontier.parties,
    )


def nash(frontier: Frontier) -> Solution | None:
    """The outcome with the largest product of gains over the disagreement point, among
    those with every gain strictly positive [Nash 1950]. Score: the product. Ties go to the
    lowest index. None when no outcome gives every party more than its disagreement value."""
    gains = _gains(frontier)
    if not len(gains):
        return None
    eligible = np.flatnonzero((gains > 0).all(axis=1))
    if not len(eligible):
        return None
    product = _fold(gains[eligible], np.multiply)
    best = int(eligible[_first_max(product)])
    return _solution(frontier, "nash", best, float(product.max()))


def kalai_smorodinsky(frontier: Frontier, ideal: Sequence[float] | None = None) -> Solution | None:
    """The outcome with the largest smallest share of the ideal gain, ``min_i (u_i - d_i) /
    (I_i - d_i)`` with ``I_i`` the best utility of party ``i`` on the frontier [Kalai &
    Smorodinsky 1975]; ties by the largest sum of utilities, then the lowest index. Parties
    that can gain nothing (``I_i = d_i``) are left out of the minimum. None on an empty
    frontier. ``ideal`` gives ``I`` when ``frontier`` holds only part of the frontier (the
    robustness analysis keeps only the points that can be solutions)."""
    gains = _gains(frontier)
    if not len(gains):
        return None
    span = None if ideal is None else np.asarray(ideal, dtype=float) - np.asarray(frontier.disagreement, dtype=float)
    share = _shares(gains, span)
    total = _fold(_utilities(frontier), np.add)
    best = _lexmax([share, total])
    return _solution(frontier, "kalai_smorodinsky", best, float(share[best]))


def egalitarian(frontier: Frontier) -> Solution | None:
    """The outcome with the largest smallest gain ``min_i (u_i - d_i)``, ties by leximin
    (sorted gains compared lexicographically) and then the lowest index [Kalai 1977; Rawls
    1971]. Score: the smallest gain. None on an empty frontier."""
    gains = _gains(frontier)
    if not len(gains):
        return None
    ranked = np.sort(gains, axis=1)
    best = _lexmax([ranked[:, c] for c in range(ranked.shape[1])])
    return _solution(frontier, "egalitarian", best, float(ranked[best, 0]))


def utilitarian(frontier: Frontier) -> Solution | None:
    """The outcome with the largest sum of utilities [Harsanyi 1955]; ties to the lowest
    index. Score: the sum. None on an empty frontier."""
    if not frontier.outcomes:
        return None
    total = _fold(_utilities(frontier), np.add)
    best = _first_max(total)
    return _solution(frontier, "utilitarian", best, float(total[best]))


def scores(frontier: Frontier) -> dict[str, FloatArray]:
    """Every frontier outcome's score under each solution, by the definitions above: the Nash
    product (0 unless every gain is positive), the Kalai-Smorodinsky share, the smallest gain
    and the sum of utilities. The solutions are the maximisers of these (with their ties)."""
    gains = _gains(frontier)
    if not len(gains):
        return {k: np.zeros(0) for k in SOLUTION_NAMES}
    positive = (gains > 0).all(axis=1)
    return {
        "nash": np.where(positive, _fold(gains, np.multiply), 0.0),
        "kalai_smorodinsky": _shares(gains),
        "egalitarian": gains.min(axis=1),
        "utilitarian": _fold(_utilities(frontier), np.add),
    }


def _shares(gains: FloatArray, span: FloatArray | None = None) -> FloatArray:
    """The smallest share of the ideal gain (``span``: the ideal gains, by default the
    largest of ``gains``), over the parties that can gain at all (0 when none can)."""
    if span is None:
        span = gains.max(axis=0)
    movable = np.flatnonzero(span > 0)
    if not len(movable):
        return np.zeros(len(gains))
    return _fold(gains[:, movable] / span[movable], np.minimum)


def _utilities(frontier: Frontier) -> FloatArray:
    """The frontier's utilities as a matrix (rows: outcomes, columns: parties)."""
    n = len(frontier.parties)
    return np.array([o.utilities for o in frontier.outcomes], dtype=float).reshape(-1, n)


def _gains(frontier: Frontier) -> FloatArray:
    """Each outcome's gain over the disagreement point, per party."""
    gains: FloatArray = _utilities(frontier) - np.asarray(frontier.disagreement, dtype=float)
    return gains


def _fold(columns: FloatArray, op: np.ufunc) -> FloatArray:
    """``op`` applied left to right across the columns (fixes the float summation order)."""
    acc: FloatArray = columns[:, 0].copy()
    for c in range(1, columns.shape[1]):
        acc = op(acc, columns[:, c])
    return acc


def _first_max(values: FloatArray) -> int:
    """Index of the first largest value."""
    return int(np.argmax(values))


def _lexmax(keys: list[FloatArray]) -> int:
    """Index of the lexicographically largest key tuple (``keys[0]`` first); ties to the
    lowest index."""
    order: IntArray = np.lexsort([np.arange(len(keys[0]))] + [-k for k in reversed(keys)])
    return int(order[0])


def _solution(frontier: Frontier, name: SolutionName, index: int, score: float) -> Solution:
    """The solution ``name`` picking the frontier's outcome ``index``."""
    return Solution(name=name, outcome=frontier.outcomes[index], score=score)
