"""One sample's bargaining solutions, exactly, without listing its whole frontier.

A sample's frontier can hold tens of thousands of points (41,271 in the flagship case)
while each solution is one of them. The Pareto-list merge of
:mod:`accord.analysis.pareto` runs as a branch and bound (Land & Doig 1960): an
*incumbent* (the best score that some feasible agreement of the sample already reaches:
the estimates' solutions and frontier points, re-scored in the sample) gives each
solution a threshold, and a partial vector is dropped as soon as even its optimistic
completion (the most each party can still gain) cannot reach any threshold:

- Nash: the product of the optimistic gains below the incumbent product, or the tangent
  bound (:func:`_tangent`) below it;
- egalitarian: the smallest optimistic gain, or the most the mean gain can reach, below
  the incumbent's (the smallest gain is at most the mean);
- utilitarian: the most the sum can reach (per-group maxima of the sum) below the
  incumbent's;
- Kalai-Smorodinsky needs each party's ideal (its best utility on the frontier): the
  first pass also keeps every vector that could exceed a party's best known utility, so
  the best of the kept rows and the incumbents is the exact ideal; a second pass keeps
  the vectors whose optimistic share of the ideal gains could reach the incumbent share.

Every rule is monotone, so the vectors kept are non-dominated among all agreements, and
the thresholds are lowered by 1e-9 (relative for the product) so that every agreement
tied with the best survives; the solutions are then read off the kept frontier points by
:mod:`accord.analysis.bargaining`, with its tie rules, which are preserved on a subset of
the frontier (frontier order is kept). The answer equals that of the full frontier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis import bargaining, pareto
from accord.analysis.common import FloatArray, IntArray, rounded_utilities
from accord.analysis.compile import CompiledProblem
from accord.analysis.results import Frontier, Outcome, SolutionName, Solutions
from accord.analysis.robust.sampling import BoolArray

TOLERANCE = 1e-9
"""Slack of the thresholds (far above float error, far below the 12-decimal rounding)."""


@dataclass(frozen=True)
class SampleSolutions:
    """One sample's answer: whether any agreement is acceptable to every bargainer, and the
    solutions asked for (None where none exists)."""

    deal: bool
    solutions: Solutions


def solve(
    problem: CompiledProblem, d: FloatArray, incumbents: FloatArray, names: Sequence[SolutionName]
) -> SampleSolutions:
    """The solutions ``names`` of one sample (module docstring). ``incumbents`` holds the
    utilities (rows) of agreements known to be allowed in the sample; rows that are not
    individually rational are ignored."""
    if any(len(g.values) == 0 for g in problem.groups):  # a group every value of which is ruled out
        return SampleSolutions(False, Solutions(None, None, None, None, parties=problem.parties))
    rational = incumbents[(incumbents >= d).all(axis=1)] if len(incumbents) else incumbents
    point = tuple(d.tolist())
    reach, _ = pareto._bounds(problem)
    rows, picks = pareto.merge(problem, point, bound=_first_pass(problem, reach, rational, d, names))
    ideal = None
    if "kalai_smorodinsky" in names:
        ideal = _ideal(rows, rational, d)
        if ideal is not None:
            more, more_picks = pareto.merge(problem, point, bound=_ks_pass(problem, reach, rational, rows, d, ideal))
            rows = np.vstack([rows, more])
            picks = np.vstack([picks, more_picks])
    best = pareto._frontier_rows(rows, point)
    if not len(best):
        return SampleSolutions(False, Solutions(None, None, None, None, parties=problem.parties))
    chosen = pareto.agreements(problem, picks[best])
    frontier = Frontier(
        parties=problem.parties,
        disagreement=point,
        outcomes=tuple(Outcome(a, tuple(u)) for a, u in zip(chosen, rows[best].tolist(), strict=True)),
        outcome_count=problem.outcome_count,
        method="merge",
    )
    found = bargaining.solutions(frontier)
    return SampleSolutions(
        True,
        Solutions(
            nash=found.nash if "nash" in names else None,
            kalai_smorodinsky=bargaining.kalai_smorodinsky(frontier, ideal.tolist()) if ideal is not None else None,
            egalitarian=found.egalitarian if "egalitarian" in names else None,
            utilitarian=found.utilitarian if "utilitarian" in names else None,
            parties=problem.parties,
        ),
    )


def _first_pass(
    problem: CompiledProblem, reach: FloatArray, rational: FloatArray, d: FloatArray, names: Sequence[SolutionName]
) -> pareto.Bound:
    """Keep a vector that could beat (or tie) the incumbent of a solution asked for, or,
    when Kalai-Smorodinsky is asked for, reach some party's best known utility."""
    known = len(rational) > 0
    gains = rational - d
    nash = float(_product(np.maximum(gains, 0.0)).max()) if known else 0.0
    egal = float(gains.min(axis=1).max()) if known else -np.inf
    util = float(rational.sum(axis=1).max()) if known else -np.inf
    best = rational.max(axis=0) if known else np.full(len(d), -np.inf)
    tangent = _tangent(problem, rational, d) if known and nash > 0 else None
    n = len(d)
    mean = _linear(problem, np.full(n, 1.0 / n))
    total = _linear(problem, np.ones(n))

    def keep(partial: FloatArray, j: int) -> BoolArray:
        optimistic = partial + reach[j + 1]
        g = optimistic - d
        out = np.zeros(len(g), dtype=bool)
        if "nash" in names:
            could = _product(np.maximum(g, 0.0)) >= nash * (1 - TOLERANCE)
            if tangent is not None:
                weights, suffix = tangent
                weighted = (partial - d) @ weights + suffix[j + 1]
                could &= (np.maximum(weighted, 0.0) / n) ** n / np.prod(weights) >= nash * (1 - TOLERANCE)
            out |= could
        if "egalitarian" in names:  # the smallest gain is at most the mean gain
            average = (partial - d).mean(axis=1) + mean[j + 1]
            out |= (g.min(axis=1) >= egal - TOLERANCE) & (average >= egal - TOLERANCE)
        if "utilitarian" in names:
            out |= partial.sum(axis=1) + total[j + 1] >= util - TOLERANCE
        if "kalai_smorodinsky" in names:
            out |= (optimistic > best).any(axis=1)
        return out

    return keep


def _tangent(problem: CompiledProblem, rational: FloatArray, d: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The weights ``w_i = 1 / g_i`` at the best incumbent's gains ``g`` and, per step, the
    most the remaining groups can add to ``w . u``. By the inequality of arithmetic and
    geometric means, ``prod_i g_i <= (w . g / n)^n / prod_i w_i`` for gains ``g >= 0``,
    and ``w . g`` is separable, so its maximum over the completions is a sum of per-group
    maxima: a bound on the Nash product that is tight at the incumbent (the tangent
    hyperplane of the Nash product's level set)."""
    gains = rational - d
    best = gains[int(np.argmax(_product(np.maximum(gains, 0.0))))]
    weights: FloatArray = 1.0 / best
    return weights, _linear(problem, weights)


def _linear(problem: CompiledProblem, weights: FloatArray) -> FloatArray:
    """``suffix[j]``: the most groups ``j, j+1, ...`` and the always-earned bonuses can add
    to ``weights . u`` (a sum of per-group maxima, since ``weights . u`` is separable)."""
    suffix = np.zeros(len(problem.groups) + 1)
    suffix[-1] = float(problem.offset @ weights)
    for j in range(len(problem.groups) - 1, -1, -1):
        suffix[j] = suffix[j + 1] + float((problem.groups[j].gains @ weights).max())
    return suffix


def _ideal(rows: FloatArray, rational: FloatArray, d: FloatArray) -> FloatArray | None:
    """Each party's best utility over the rational rows kept and the incumbents (None: no
    rational agreement)."""
    ok = np.vstack([rows[(rows >= d).all(axis=1)], rational])
    if not len(ok):
        return None
    ideal: FloatArray = ok.max(axis=0)
    return ideal


def _ks_pass(
    problem: CompiledProblem,
    reach: FloatArray,
    rational: FloatArray,
    rows: FloatArray,
    d: FloatArray,
    ideal: FloatArray,
) -> pareto.Bound:
    """Keep a vector whose optimistic smallest share of the ideal gains could reach the best
    share known (over the incumbents and the first pass's rational rows)."""
    span = ideal - d
    movable = np.flatnonzero(span > 0)
    pool = np.vstack([rational, rows[(rows >= d).all(axis=1)]])
    incumbent = float(_share(pool - d, span, movable).max()) if len(pool) and len(movable) else -np.inf
    weights = np.zeros(len(d))
    weights[movable] = 1.0 / (len(movable) * span[movable]) if len(movable) else 0.0
    mean = _linear(problem, weights)

    def keep(partial: FloatArray, j: int) -> BoolArray:
        optimistic = partial + reach[j + 1]
        if not len(movable):
            return np.ones(len(optimistic), dtype=bool)
        average = (partial - d) @ weights + mean[j + 1]  # the smallest share is at most the mean share
        result: BoolArray = (_share(optimistic - d, span, movable) >= incumbent - TOLERANCE) & (
            average >= incumbent - TOLERANCE
        )
        return result

    return keep


def _share(gains: FloatArray, span: FloatArray, movable: IntArray) -> FloatArray:
    """The smallest share ``g_i / span_i`` over the movable parties."""
    shares: FloatArray = (gains[:, movable] / span[movable]).min(axis=1)
    return shares


def _product(gains: FloatArray) -> FloatArray:
    """Row products, left to right."""
    acc: FloatArray = gains[:, 0].copy()
    for c in range(1, gains.shape[1]):
        acc = acc * gains[:, c]
    return acc


def utilities(gains: Sequence[FloatArray], offset: FloatArray, picks: IntArray) -> FloatArray:
    """``(len(picks), parties)``: the utilities of agreements given as one row per group
    (``gains[g]`` is one sample's ``(rows, parties)``), rounded as on a frontier."""
    total: FloatArray = np.zeros((len(picks), len(offset)))
    for g, table in enumerate(gains):
        total = total + table[picks[:, g]]
    return rounded_utilities(total + offset)
