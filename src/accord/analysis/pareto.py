"""The exact Pareto frontier of additive preferences, by Pareto-list merging.

Algorithm. A party's utility is a sum over points (over compound points once links and
interactions are grouped, :mod:`accord.analysis.compile`), so an agreement's utility vector
is a Minkowski sum of one contribution vector per group. An agreement whose choice on some
group is dominated there is dominated overall (swap in the dominating choice), and the
non-dominated part of ``A + B`` lies in ``nd(A) + nd(B)``. The frontier is therefore built
one group at a time: ``L_0 = {0}``, ``L_j = nd(L_{j-1} + nd(G_j))``: the Pareto-list dynamic
programme of Nemhauser & Ullmann (1969, "Discrete dynamic programming and capital
allocation", Management Science 15(9), the list-merging algorithm for knapsack problems).
Its cost follows the lists' sizes, not the number of agreements, and Beier & Voecking
(2004, "Random knapsack in expected polynomial time", JCSS 69(3)) show that the lists stay
polynomially small on random (smoothed) data. Each list entry keeps a back-pointer (its
parent entry and its choice on the group) so that one representative agreement is rebuilt
per frontier vector.

Non-dominated filters (:mod:`accord.analysis.nondominated`). Two parties: the sort-and-sweep
of Kung, Luccio & Preparata (1975); three or more: their multidimensional divide and
conquer (Bentley 1980), O(k log^(d-1) k) for a list of k vectors.

Reservation values. The individually rational part of the frontier equals the frontier of
the individually rational agreements: if ``a`` is rational (``u(a) >= d``) and some ``b``
dominates it, then ``u(b) >= u(a) >= d``, so ``b`` is rational too; hence ``a`` is
non-dominated among rational agreements exactly when it is non-dominated overall. So the
filter ``u >= d`` may run at the end. During the merge, a partial vector is dropped early
when even the best choices on the remaining groups leave some party more than 1e-9 below
``d_i``: none of its completions can be rational, and the end result does not change.

Exactness. Contributions are added group by group in document order starting from 0.0,
as :meth:`Preferences.utility` adds them point by point, so without links and interactions
every float equals :meth:`Scenario.utilities` of the agreement. Float addition is monotone,
so pruning on partial sums never drops a vector that a completion would make
non-dominated. The last step's candidates are rounded to 12 decimals (:data:`accord.analysis.common.DECIMALS`),
which absorbs the different summation order of compound points, before its filter, and
compared exactly: two agreements are one frontier point when their rounded vectors are
equal, and the frontier holds the rounded vectors. (Filtering the rounded candidates is
exact because rounding is monotone: an agreement weakly dominated by a candidate stays so
after rounding.)

Bounded time and memory. A list may hold at most :data:`MAX_LIST` vectors and a step may
form at most :data:`MAX_CANDIDATES` candidate values (vectors times parties) before
filtering; past either, FrontierTooLargeError says the frontier is too large to list (the
fair solutions can still be computed by the constraint solver). The clock is read between
steps and inside the maxima kernel (:mod:`accord.analysis.budget`); when the time limit
passes, TimeLimitError says how far the merge got and what to do instead. Nothing partial
is returned: a frontier cut short would hold dominated points.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import numpy.typing as npt

from accord.analysis.budget import TIME_LIMIT, Deadline, DeadlinePassed, Progress, TimeLimit, as_deadline, report
from accord.analysis.common import FloatArray, IntArray, checked_disagreement, resolve_disagreement, rounded_utilities
from accord.analysis.compile import CompiledProblem, compile_scenario
from accord.analysis.nondominated import lexicographic, nondominated
from accord.analysis.results import Frontier, Outcome
from accord.errors import AnalysisError, FrontierTooLargeError, TimeLimitError
from accord.model import Scenario, Value

Bound = Callable[[FloatArray, int], npt.NDArray[np.bool_]]
"""A branch-and-bound rule of :func:`merge`: ``bound(partial, j)`` says which of the
partial vectors formed at step ``j`` to keep."""

MAX_LIST = 50_000
"""Most vectors a Pareto list may hold; beyond it the frontier is not listed."""
MAX_CANDIDATES = 1 << 24
"""Most candidate values (vectors times parties, 128 MiB of floats) one merge step may form."""
MARGIN = 1e-9
"""Slack of the early rationality cut: far above float error, far below the rounding."""


def frontier(
    scenario: Scenario,
    disagreement: Sequence[float] | None = None,
    *,
    time_limit: TimeLimit = TIME_LIMIT,
    progress: Progress | None = None,
) -> Frontier:
    """The Pareto frontier of the individually rational agreements of ``scenario``.

    Pareto-list merge [Nemhauser & Ullmann 1969] over the points (compound points for tied
    ones), see the module docstring. ``disagreement`` defaults to each party's reservation
    value; an agreement is kept when ``u_i >= d_i`` for every party. The outcomes hold one
    representative agreement per distinct utility vector (rounded to 12 decimals), sorted
    by the first party's utility ascending, then the next parties'. An empty frontier means
    no agreement respects every red line, link and disagreement value.

    ``time_limit`` is in seconds (None: no limit) or a shared
    :class:`~accord.analysis.budget.Deadline`; ``progress(message, fraction)`` is called
    after each merge step. Raises AnalysisError when no party has preferences or
    ``disagreement`` has the wrong length, NeedsSolverError when tied points are too many to
    merge, FrontierTooLargeError when the frontier is too large to list (module docstring)
    and TimeLimitError when the time limit passes first.
    """
    problem = compile_scenario(scenario)
    d = resolve_disagreement(scenario, disagreement)
    rounded, picks = merge(problem, d, deadline=as_deadline(time_limit), progress=progress)
    best = _frontier_rows(rounded, d, antichain=True)
    chosen = agreements(problem, picks[best])
    # Outcome is a named tuple: built by tuple.__new__ directly, with no Python call per
    # outcome (a frontier may hold tens of thousands).
    pairs = zip(chosen, map(tuple, rounded[best].tolist()), strict=True)
    outcomes = tuple(map(tuple.__new__, itertools.repeat(Outcome), pairs))
    return Frontier(
        parties=problem.parties,
        disagreement=d,
        outcomes=outcomes,
        outcome_count=problem.outcome_count,
        method="merge",
    )


def frontier_from_outcomes(
    parties: Sequence[str],
    outcomes: Iterable[Outcome],
    disagreement: Sequence[float],
    *,
    outcome_count: int | None = None,
    method: str = "enumeration",
) -> Frontier:
    """The frontier of a given list of outcomes, under the same rules as :func:`frontier`.

    Utilities are rounded to 12 decimals, outcomes with ``u_i < d_i`` for some party are
    dropped, then the non-dominated ones are kept (the first of equal vectors) and sorted.
    ``outcome_count`` defaults to the number of outcomes given. Raises AnalysisError when an
    outcome's utilities or ``disagreement`` do not have one value per party.
    """
    given = list(outcomes)
    n = len(parties)
    if n == 0:
        raise AnalysisError("a frontier needs at least one party; name the parties")
    for o in given:
        if len(o.utilities) != n:
            raise AnalysisError(f"outcome {dict(o.agreement)!r} has {len(o.utilities)} utilities for {n} parties")
    d = checked_disagreement(tuple(parties), disagreement)
    rounded = rounded_utilities(np.array([o.utilities for o in given], dtype=float).reshape(-1, n))
    best = _frontier_rows(rounded, d)
    return Frontier(
        parties=tuple(parties),
        disagreement=d,
        outcomes=tuple(Outcome(agreement=given[i].agreement, utilities=tuple(rounded[i].tolist())) for i in best),
        outcome_count=len(given) if outcome_count is None else outcome_count,
        method=method,
    )


def _frontier_rows(rounded: FloatArray, disagreement: tuple[float, ...], *, antichain: bool = False) -> IntArray:
    """Rows of ``rounded`` on the frontier: rational (``u >= d``), non-dominated (first of
    equal rows), in frontier order. ``antichain`` says that the rows are already distinct
    and non-dominated (as :func:`merge` returns them), so that only the rationality filter
    is left."""
    rational = np.flatnonzero((rounded >= np.asarray(disagreement)).all(axis=1))
    best = rational if antichain else rational[nondominated(rounded[rational])]
    ordered: IntArray = best[lexicographic(rounded[best])]
    return ordered


def merge(
    problem: CompiledProblem,
    disagreement: Sequence[float],
    limit: int = MAX_LIST,
    *,
    deadline: Deadline | None = None,
    progress: Progress | None = None,
    bound: Bound | None = None,
) -> tuple[FloatArray, IntArray]:
    """Pareto-list merge [Nemhauser & Ullmann 1969] of the problem's groups.

    Returns the frontier's utility vectors, rounded (:func:`rounded_utilities`), distinct
    and non-dominated, one row each, and per row the chosen joint value of every group
    (back-pointers already followed); the disagreement point is not applied yet. Partial
    vectors that cannot reach ``disagreement`` are dropped early (module docstring). Raises
    FrontierTooLargeError as soon as a list holds more than ``limit`` vectors or a step
    would form more than :data:`MAX_CANDIDATES` candidate values, and TimeLimitError once
    ``deadline`` has passed (checked between steps and inside the maxima kernel).
    ``progress`` hears of every step.

    ``bound`` turns the merge into a branch and bound (Land & Doig 1960): at every step
    ``j`` it receives the partial vectors that pass the rationality cut (sums over groups
    ``0..j``) and returns which to keep; what it drops never reaches the result. It must be
    monotone (keeping a vector keeps every vector that dominates it), so that the rows
    returned stay non-dominated among all agreements; it is how
    :mod:`accord.analysis.robust.solve` finds one sample's solutions without listing its
    whole frontier.

    The lists hold exact (unrounded) partial sums; only the last step filters the rounded
    vectors. That is exact: every agreement's vector is weakly dominated by one of the last
    step's candidates, and rounding is monotone, so the rounded candidates' maxima are the
    rounded agreements' maxima.
    """
    n = len(problem.parties)
    groups = problem.groups
    if any(len(g.values) == 0 for g in groups):
        return np.zeros((0, n)), np.zeros((0, len(groups)), dtype=np.int64)
    reach, worst = _bounds(problem)
    floor = np.asarray(disagreement, dtype=float) - MARGIN
    cut = not bool((worst >= floor).all())
    lists: FloatArray = np.zeros((1, n))
    trail: list[tuple[IntArray, IntArray]] = []
    for j, group in enumerate(groups):
        keep = nondominated(group.gains)
        gains = group.gains[keep]
        _check_step(lists, gains, j, len(groups), deadline)
        candidates = (lists[:, None, :] + gains[None, :, :]).reshape(-1, n)
        alive = np.flatnonzero((candidates + reach[j + 1] >= floor).all(axis=1)) if cut else np.arange(len(candidates))
        if bound is not None:
            alive = alive[bound(candidates[alive], j)]
        if j == len(groups) - 1:
            candidates = rounded_utilities(candidates + problem.offset)
        try:
            chosen = alive[nondominated(candidates[alive], deadline=deadline)]
        except DeadlinePassed:
            raise _out_of_time(deadline, j, len(groups), f"while filtering {len(alive):,} candidate vectors") from None
        if len(chosen) > limit:
            raise FrontierTooLargeError(
                f"the Pareto frontier holds more than {limit:,} points ({len(chosen):,} after {j + 1} of "
                f"{len(groups)} points); it is too large to list, but the fair solutions can still be computed",
                limit=limit,
            )
        trail.append((chosen // len(gains), keep[chosen % len(gains)]))
        lists = candidates[chosen]
        report(progress, f"merged point {j + 1} of {len(groups)} ({len(lists):,} vectors)", (j + 1) / len(groups))
    if not groups:
        lists = rounded_utilities(lists + problem.offset)
    return lists, _backtrack(trail, len(lists))


def _check_step(lists: FloatArray, gains: FloatArray, j: int, total: int, deadline: Deadline | None) -> None:
    """Before merge step ``j``: TimeLimitError when ``deadline`` has passed, and
    FrontierTooLargeError when the step would form more than :data:`MAX_CANDIDATES`
    candidate values (its memory would not be bounded)."""
    if deadline is not None and deadline.expired():
        raise _out_of_time(deadline, j, total, f"with {len(lists):,} vectors kept so far")
    size = len(lists) * len(gains)
    if size * lists.shape[1] > MAX_CANDIDATES:
        raise FrontierTooLargeError(
            f"merging point {j + 1} of {total} would compare {size:,} candidate vectors ({len(lists):,} kept so far "
            f"times {len(gains):,} options), more than accord holds in memory at once; the frontier is too large to "
            "list, but the fair solutions can still be computed",
            limit=MAX_CANDIDATES // lists.shape[1],
        )


def _out_of_time(deadline: Deadline | None, j: int, total: int, where: str) -> TimeLimitError:
    """The TimeLimitError of a merge stopped at step ``j`` (``where``: what it was doing)."""
    seconds = 0.0 if deadline is None or deadline.seconds is None else deadline.seconds
    return TimeLimitError(
        f"the Pareto frontier could not be listed within the time limit of {seconds:g} s (stopped at point "
        f"{j + 1} of {total}, {where}); it is probably too large to list. Ask for the "
        "fair solutions only (the constraint solver finds them without the frontier), analyse fewer points or "
        "parties at a time, or give a longer time limit",
        seconds=seconds,
    )


def _bounds(problem: CompiledProblem) -> tuple[FloatArray, FloatArray]:
    """``reach[j]``: the most each party can still gain from groups ``j, j+1, ...`` plus the
    always-earned bonuses (an optimistic bound for the early rationality cut); and the least
    any agreement is worth to each party (when it clears the disagreement point, nothing can
    be cut)."""
    n = len(problem.parties)
    reach = np.zeros((len(problem.groups) + 1, n))
    reach[-1] = problem.offset
    worst = problem.offset.copy()
    for j in range(len(problem.groups) - 1, -1, -1):
        gains = problem.groups[j].gains
        reach[j] = reach[j + 1] + gains.max(axis=0)
        worst = worst + gains.min(axis=0)
    return reach, worst


def _backtrack(trail: Sequence[tuple[IntArray, IntArray]], size: int) -> IntArray:
    """Follow the back-pointers from the last list to the first: the choice index on every
    group for each of the ``size`` final entries."""
    picks = np.zeros((size, len(trail)), dtype=np.int64)
    entry = np.arange(size)
    for j in range(len(trail) - 1, -1, -1):
        parent, pick = trail[j]
        picks[:, j] = pick[entry]
        entry = parent[entry]
    return picks


def agreements(problem: CompiledProblem, picks: IntArray) -> list[dict[str, Value]]:
    """The agreements that pick joint value ``picks[r, g]`` on group ``g``, one per row of
    ``picks``, each with its points in document order."""
    if not problem.point_ids:
        return [{} for _ in range(len(picks))]
    columns: dict[str, list[Value]] = {}
    for g, group in enumerate(problem.groups):
        for k, point in enumerate(group.points):
            values = np.empty(len(group.values), dtype=object)
            values[:] = [joint[k] for joint in group.values]
            columns[point] = values[picks[:, g]].tolist()
    rows = zip(*(columns[p] for p in problem.point_ids), strict=True)
    return list(map(dict, map(zip, itertools.repeat(problem.point_ids), rows)))
