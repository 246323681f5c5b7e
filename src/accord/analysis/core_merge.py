"""Which options some acceptable Pareto-optimal agreement uses, by a merge that keeps ties.

For :mod:`accord.analysis.core`. The frontier of :mod:`accord.analysis.pareto` keeps one
representative agreement per utility vector, so the options read off the representatives
miss those used only by an agreement tied with one: two options every bargainer rates
alike, or changes on several points that cancel out. :func:`merge_frontier_options` finds
them all: the Pareto-list merge of Nemhauser & Ullmann (1969, "Discrete dynamic
programming and capital allocation", Management Science 15(9)), as in
:mod:`accord.analysis.pareto`, with two changes:

1. *Integers.* The groups' contribution vectors, the bonuses earned always and the
   disagreement point are read as multiples of one unit: the least common multiple of
   their denominators when each is a rational with denominator at most 10**6 (the reading
   of :func:`accord.analysis.cpsat_model.rational`) and every partial sum stays below
   2**50, so that the integers *are* the rational utilities and float64 adds them without
   error; otherwise 10**12 units per utility unit (each contribution rounded to 12
   decimals, the resolution at which :mod:`accord.analysis.pareto` tells vectors apart).
   A sum of integers does not depend on the order of its terms, so two agreements with
   equal utilities get equal vectors, which float sums formed in different orders do not
   guarantee.
2. *Every tie kept.* Each step keeps the distinct non-dominated vectors
   ``L_j = nd(L_{j-1} + G_j)``, and each kept vector remembers every (parent vector,
   joint value) pair that forms it, not only the first. A group's joint values strictly
   dominated inside the group are dropped (an agreement using one is dominated: swap in
   the better one); values equal to a kept one are kept. Partial vectors that cannot
   reach the disagreement point are dropped early, as in :mod:`accord.analysis.pareto`.

Then the remembered pairs are walked back from the acceptable final vectors (the
frontier). Every prefix of a Pareto-optimal agreement is non-dominated among the prefixes
(a dominating prefix would give a dominating agreement) and can still reach the
disagreement point, so it is a kept vector and its pair is remembered; every path walked
back is an agreement whose vector is on the frontier. The joint values on the paths are
therefore exactly those of the acceptable Pareto-optimal agreements. Cost: the frontier's
merge plus one sort per step (to find equal vectors); the same limits
(FrontierTooLargeError past :data:`accord.analysis.pareto.MAX_LIST` vectors, the time
limit between steps and inside the maxima kernel).

For frontiers too large to list, :mod:`accord.analysis.core_search` decides each option
with the solver instead, after :func:`dominated_options` has set aside, at the cost of one
filter per group, the options whose every joint value is strictly dominated inside its
group (on integers as above): an agreement using one is strictly dominated by the same
agreement with the better joint value, which respects the same red lines and links.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from accord.analysis.budget import Deadline, Progress, report
from accord.analysis.common import FloatArray, IntArray
from accord.analysis.compile import CompiledProblem
from accord.analysis.cpsat_model import rational
from accord.analysis.nondominated import BoolArray, lexicographic, nondominated
from accord.analysis.pareto import MAX_CANDIDATES, MAX_LIST
from accord.errors import FrontierTooLargeError
from accord.model import Value

EXACT_LIMIT = 2**50
"""Largest partial sum (in units) for which the exact integer scale is used."""
FINE_UNIT = 10**12
"""Units per utility unit when the exact scale does not apply (12 decimals)."""

Options = dict[str, set[Value]]
"""Values by point id."""
Pair = tuple[str, Value]
"""One option: (point id, value)."""
Edges = tuple[IntArray, IntArray, IntArray]
"""One merge step's remembered pairs: kept row, parent row, joint value."""


def integer_scale(problem: CompiledProblem, disagreement: Sequence[float]) -> tuple[int, bool]:
    """The unit and whether it is exact (module docstring, step 1)."""
    values = {float(x) for g in problem.groups for x in g.gains.ravel().tolist()}
    values |= {float(x) for x in problem.offset.tolist()} | {float(x) for x in disagreement}
    span = 1.0 + float(np.abs(problem.offset).max(initial=0.0)) + max((abs(x) for x in disagreement), default=0.0)
    span += sum(float(np.abs(g.gains).max(initial=0.0)) for g in problem.groups)
    unit = 1
    for x in values:
        f = rational(x)
        if f is None:
            break
        unit = math.lcm(unit, f.denominator)
        if unit * span > EXACT_LIMIT:
            break
    else:
        return unit, True
    return min(FINE_UNIT, int(EXACT_LIMIT / span)), False


def _levels(values: FloatArray, unit: int, exact: bool) -> FloatArray:
    """``values`` in integer units (held in float64, exact below 2**53)."""
    if not exact:
        out: FloatArray = np.round(values * unit)
        return out
    table: dict[float, float] = {}
    for x in values.ravel().tolist():
        if x not in table:
            f = rational(x)
            table[x] = float(f.numerator * (unit // f.denominator)) if f is not None else round(x * unit)
    flat = np.array([table[x] for x in values.ravel().tolist()], dtype=float)
    return flat.reshape(values.shape)


def merge_frontier_options(
    problem: CompiledProblem,
    disagreement: Sequence[float],
    *,
    deadline: Deadline | None = None,
    progress: Progress | None = None,
) -> tuple[Options, int]:
    """Every value of every point that some acceptable Pareto-optimal agreement uses, and
    how many frontier vectors there are, by the merge that keeps every tie (module
    docstring). Raises FrontierTooLargeError when the frontier is too large to list and
    DeadlinePassed when ``deadline`` passes."""
    out: Options = {p: set() for p in problem.point_ids}
    if any(len(g.values) == 0 for g in problem.groups):
        return out, 0
    unit, exact = integer_scale(problem, disagreement)
    gains = [_levels(g.gains, unit, exact) for g in problem.groups]
    offset = _levels(problem.offset, unit, exact)
    floor = _levels(np.asarray(disagreement, dtype=float), unit, exact) - offset
    reach = np.zeros((len(gains) + 1, len(floor)))
    for j in range(len(gains) - 1, -1, -1):
        reach[j] = reach[j + 1] + gains[j].max(axis=0)
    lists: FloatArray = np.zeros((1, len(floor)))
    steps: list[Edges] = []
    sizes = [1]
    for j, levels in enumerate(gains):
        lists, edges = _step(lists, levels, reach[j + 1], floor, deadline)
        steps.append(edges)
        sizes.append(len(lists))
        report(progress, f"frontier options: merged point {j + 1} of {len(gains)}", (j + 1) / len(gains))
    alive: BoolArray = np.all(lists >= floor, axis=1)
    count = int(alive.sum())
    for j in range(len(gains) - 1, -1, -1):
        row, parent, choice = steps[j]
        used = alive[row]
        group = problem.groups[j]
        for k in np.unique(choice[used]).tolist():
            for point, value in zip(group.points, group.values[k], strict=True):
                out[point].add(value)
        alive = np.zeros(sizes[j], dtype=bool)
        alive[parent[used]] = True
    return out, count


def dominated_options(problem: CompiledProblem, disagreement: Sequence[float]) -> Options:
    """The values of each point that no Pareto-optimal agreement uses because every joint
    value of its group that has them is strictly dominated inside the group (module
    docstring); values red lines remove are not listed."""
    unit, exact = integer_scale(problem, disagreement)
    out: Options = {p: set() for p in problem.point_ids}
    for group in problem.groups:
        if not group.values:
            continue
        kept = _maxima(_levels(group.gains, unit, exact), None)[0] >= 0
        for k, point in enumerate(group.points):
            useful = {joint[k] for joint, keep in zip(group.values, kept.tolist(), strict=True) if keep}
            out[point] |= {joint[k] for joint in group.values} - useful
    return out


def _step(
    lists: FloatArray, group: FloatArray, reach: FloatArray, floor: FloatArray, deadline: Deadline | None
) -> tuple[FloatArray, Edges]:
    """One merge step with every tie remembered (module docstring, step 2)."""
    if deadline is not None:
        deadline.check()
    useful = np.flatnonzero(_maxima(group, deadline)[0] >= 0)
    n = lists.shape[1]
    if len(lists) * len(useful) * n > MAX_CANDIDATES:
        raise FrontierTooLargeError(
            f"listing the frontier's options would compare {len(lists) * len(useful):,} candidate vectors at once; "
            "the frontier is too large to list",
            limit=MAX_CANDIDATES // n,
        )
    candidates = (lists[:, None, :] + group[useful][None, :, :]).reshape(-1, n)
    alive = np.flatnonzero((candidates + reach >= floor).all(axis=1))
    rows = candidates[alive]
    row, kept = _maxima(rows, deadline)
    if len(kept) > MAX_LIST:
        raise FrontierTooLargeError(
            f"the Pareto frontier holds more than {MAX_LIST:,} points; it is too large to list its options",
            limit=MAX_LIST,
        )
    tied = row >= 0
    edges = (row[tied], alive[tied] // len(useful), useful[alive[tied] % len(useful)])
    return rows[kept], edges


def _maxima(rows: FloatArray, deadline: Deadline | None) -> tuple[IntArray, IntArray]:
    """For each row, the index of the distinct maximal vector it equals (-1 when it is
    strictly dominated), and the first row of each distinct maximal vector."""
    order = lexicographic(rows)
    ranked = rows[order]
    fresh = np.ones(len(ranked), dtype=bool)
    fresh[1:] = (ranked[1:] != ranked[:-1]).any(axis=1)
    firsts = order[fresh]
    keep = nondominated(rows[firsts], deadline=deadline)
    kept_of = np.full(len(firsts), -1, dtype=np.int64)
    kept_of[keep] = np.arange(len(keep))
    distinct = np.empty(len(rows), dtype=np.int64)
    distinct[order] = np.cumsum(fresh) - 1
    index: IntArray = kept_of[distinct]
    return index, firsts[keep]
