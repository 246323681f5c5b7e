"""Exact frontier and bargaining solutions by constraint programming (OR-Tools CP-SAT).

This is the path for scenarios whose linked or interacting points form groups too large to
merge into compound points (:mod:`accord.analysis.pareto` merges the small ones). The
model, its integer scale and what "exact" means are described in
:mod:`accord.analysis.cpsat_model`; the solutions in :mod:`accord.analysis.cpsat_solutions`.

Frontier. The Pareto frontier of the individually rational agreements (``u_i >= d_i``),
one agreement per distinct utility vector:

- two parties: the lexicographic epsilon-constraint sweep (Haimes, Lasdon & Wismer 1971;
  Ehrgott 2005, "Multicriteria Optimization", sec. 4.1 and 5.1). With ``eps`` the lowest
  utility of party 1, maximise ``U_2`` subject to ``U_1 >= eps``, then maximise ``U_1``
  subject to ``U_2`` at that maximum; the pair is a frontier point, and the next ``eps`` is
  one integer unit above its ``U_1``. Two solves per frontier point, none wasted.
- any other number of parties: the disjunctive-constraint method of Klein & Hannan (1982,
  "An algorithm for the multiple objective integer linear programming problem", EJOR 9) in
  the form of Sylva & Crema (2004, "A method for finding the set of non-dominated vectors
  for multiple objective integer linear programs", EJOR 158): maximise ``sum_i U_i`` over
  the agreements not weakly dominated by any frontier point found so far (one clause per
  found point: some party gets strictly more; Kirlik & Sayin 2014 refine the regions).
  Each maximiser is non-dominated, because whatever dominated it would lie in the same
  region with a larger sum, and every frontier point stays in the region until found, so
  one solve per frontier point plus one lists it all. The clauses accumulate, so each solve
  is slower than the last: this path suits frontiers of hundreds of points, not tens of
  thousands.

The vectors are compared as scaled integers; with the exact scale that is exact rational
arithmetic. With the rounded scale (utilities off by at most 5e-7 per term) the recomputed
float vectors are filtered once more so that the output holds no float-dominated vector.

Time limit (:mod:`accord.analysis.budget`): one budget for the whole call, 60 s by default.
The solutions, when it passes, name the best agreement found with ``optimal=False``
(:func:`accord.analysis.cpsat_solutions.best_found`). The frontier raises TimeLimitError
instead of returning the points found so far, since a Frontier says nothing of being
incomplete and its missing points would change every answer drawn from it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed

import numpy as np
from ortools.sat.python import cp_model

from accord.analysis.budget import TIME_LIMIT, Deadline, DeadlinePassed, Progress, TimeLimit, as_deadline, report
from accord.analysis.common import require_rated_parties, resolve_disagreement
from accord.analysis.cpsat_model import (
    AgreementModel,
    Found,
    build_model,
    solve,
    solve_required,
)
from accord.analysis.cpsat_solutions import best_found, egalitarian, kalai_smorodinsky, nash, utilitarian
from accord.analysis.nondominated import THREADS
from accord.analysis.results import SOLUTION_LABELS, Frontier, Outcome, Solution, solution_name
from accord.errors import AnalysisError, TimeLimitError
from accord.model import Scenario

SOLVERS: dict[str, Callable[[AgreementModel, Sequence[float]], Solution | None]] = {
    "nash": nash,
    "kalai_smorodinsky": kalai_smorodinsky,
    "egalitarian": egalitarian,
    "utilitarian": utilitarian,
}
"""The solutions :func:`optimum_cpsat` knows, by the names of :class:`Solutions`' fields."""


def frontier_cpsat(
    scenario: Scenario,
    disagreement: Sequence[float] | None = None,
    *,
    max_points: int = 10_000,
    time_limit: TimeLimit = TIME_LIMIT,
    progress: Progress | None = None,
) -> Frontier:
    """The exact Pareto frontier of the individually rational agreements, by CP-SAT.

    Two parties: lexicographic epsilon-constraint sweep [Haimes 1971]; otherwise
    disjunctive cuts around the points found [Klein & Hannan 1982; Sylva & Crema 2004] (see
    the module docstring). ``disagreement`` defaults to the reservation values. Utilities are
    recomputed with :meth:`Scenario.utilities` and rounded to 12 decimals, as the merge path
    reports them. ``time_limit``: seconds for the whole sweep, a shared Deadline, or None;
    ``progress(message, fraction)`` hears of every point found (two parties: the share of
    party 1's range swept; more: the share of the time limit or of ``max_points`` used).
    Raises AnalysisError when no party has preferences, when ``disagreement`` has the wrong
    length, or when the frontier has more than ``max_points`` points, and TimeLimitError
    when the time limit passes before the sweep ends.
    """
    if max_points < 1:
        raise AnalysisError(f"max_points must be at least 1, not {max_points}")
    d = resolve_disagreement(scenario, disagreement)
    require_rated_parties(scenario)
    deadline = as_deadline(time_limit)
    am = build_model(scenario, d, deadline=deadline)
    found: list[Found] = []
    sweep = _sweep if len(am.utility) == 2 else _regions
    try:
        sweep(am, max_points, found, progress)
    except DeadlinePassed:
        raise TimeLimitError(
            f"the Pareto frontier could not be completed within the time limit of {deadline.described()}: the "
            f"constraint solver had found {len(found):,} of its points; give a longer time limit, ask for the fair "
            "solutions only (each is one optimisation), or analyse fewer points or parties at a time",
            seconds=deadline.seconds or 0.0,
        ) from None
    outcomes = [am.outcome(f) for f in found]
    if not am.scale.exact:
        outcomes = _float_filter(outcomes)
    return Frontier(
        parties=scenario.rated_parties,
        disagreement=d,
        outcomes=tuple(sorted(outcomes, key=lambda o: o.utilities)),
        outcome_count=scenario.outcome_count(),
        method="cpsat",
    )


def optimum_cpsat(
    scenario: Scenario,
    kind: str,
    disagreement: Sequence[float] | None = None,
    *,
    time_limit: TimeLimit = TIME_LIMIT,
) -> Solution | None:
    """The bargaining solution ``kind`` (``nash``, ``kalai_smorodinsky``, ``egalitarian`` or
    ``utilitarian``) by CP-SAT, exact in the model's integer scale; None when no individually
    rational agreement exists (for Nash: none with every gain positive).

    Definitions and algorithms: :mod:`accord.analysis.cpsat_solutions` [Nash 1950; Kalai &
    Smorodinsky 1975; Kalai 1977; Harsanyi 1955]. Ties go to the solution first in Frontier
    order. ``Solution.score`` is the product of gains (Nash), the smallest share of the ideal
    gain (Kalai-Smorodinsky), the smallest gain (egalitarian) or the sum of utilities
    (utilitarian), computed on the recomputed float utilities.

    ``time_limit`` (seconds, a shared Deadline, or None): when it passes, the best agreement
    found so far comes back with ``optimal=False``; TimeLimitError when none was found.
    """
    return optima_cpsat(scenario, [kind], disagreement, time_limit=time_limit)[kind]


def optima_cpsat(
    scenario: Scenario,
    kinds: Sequence[str],
    disagreement: Sequence[float] | None = None,
    threads: int = THREADS,
    *,
    time_limit: TimeLimit = TIME_LIMIT,
    progress: Progress | None = None,
    unsolved: list[str] | None = None,
) -> dict[str, Solution | None]:
    """:func:`optimum_cpsat` for each of ``kinds``, solved side by side in up to ``threads``
    threads, started in the order given (so put the slowest first). Each runs on its own
    model with one deterministic worker, so the answers are those of one after the other;
    CP-SAT leaves Python's lock while it searches.

    ``time_limit`` is one budget for all of them (wall-clock), shared fairly: a solution
    that starts gets the time left times the threads it may use over the solutions not yet
    done, so a slow one cannot starve those queued behind it (:class:`_Shares`). Past its
    share each unfinished solution is its best agreement found, ``optimal=False``,
    and TimeLimitError is raised when one found none, unless ``unsolved`` is a list: then
    the kinds that found none are appended to it and answered None, so that the others are
    not lost. ``progress(message, fraction)`` is called, in the calling thread, as each
    solution is done.
    """
    for kind in kinds:
        if kind not in SOLVERS:
            raise AnalysisError(f'unknown solution "{kind}"; use one of {", ".join(SOLVERS)}')
    d = resolve_disagreement(scenario, disagreement)
    require_rated_parties(scenario)
    shares = _Shares(as_deadline(time_limit), len(kinds), max(1, threads))

    def one(kind: str) -> Solution | None:
        try:
            return _optimum(scenario, kind, d, shares.start())
        except TimeLimitError:
            if unsolved is None:
                raise
            unsolved.append(kind)
            return None
        finally:
            shares.done()

    if threads <= 1 or len(kinds) <= 1:
        results = {}
        for done, kind in enumerate(kinds, 1):
            results[kind] = one(kind)
            report(progress, _done_message(kind), done / len(kinds))
        return results
    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = {pool.submit(one, kind): kind for kind in kinds}
        for done, future in enumerate(as_completed(futures), 1):
            report(progress, _done_message(futures[future]), done / len(kinds))
        by_kind = {kind: future for future, kind in futures.items()}
        return {kind: by_kind[kind].result() for kind in kinds}


class _Shares:
    """Fair shares of one deadline among ``count`` solves run ``threads`` at a time: a solve
    that starts with ``T`` seconds left and ``n`` solves not yet done gets
    ``T * min(threads, n) / n`` (all of ``T`` when it is the last, or without a limit)."""

    def __init__(self, deadline: Deadline, count: int, threads: int) -> None:
        self.deadline = deadline
        self.pending = count
        self.threads = threads
        self.lock = threading.Lock()

    def start(self) -> Deadline:
        """The deadline of a solve that starts now."""
        with self.lock:
            if self.pending <= 1 or self.deadline.seconds is None:
                return self.deadline
            left = self.deadline.remaining() or 0.0
            share = left * min(self.threads, self.pending) / self.pending
            return Deadline(min(left, share), clock=self.deadline.clock)

    def done(self) -> None:
        """A solve has ended."""
        with self.lock:
            self.pending -= 1


def _optimum(scenario: Scenario, kind: str, d: tuple[float, ...], deadline: Deadline) -> Solution | None:
    """One solution on its own model; the best found (``optimal=False``) past ``deadline``."""
    am = build_model(scenario, d, deadline=deadline)
    try:
        return SOLVERS[kind](am, d)
    except DeadlinePassed:
        return best_found(solution_name(kind), am, d)


def _done_message(kind: str) -> str:
    """The progress message of a finished solution."""
    return f"{SOLUTION_LABELS[solution_name(kind)]} solution done"


def _record(found: list[Found], new: Found, max_points: int) -> None:
    """Append ``new``; raise AnalysisError past ``max_points``."""
    found.append(new)
    if len(found) > max_points:
        raise AnalysisError(
            f"the frontier has more than {max_points:,} points; raise max_points or analyse fewer points at a time"
        )


def _sweep(am: AgreementModel, max_points: int, found: list[Found], progress: Progress | None) -> None:
    """Two parties: lexicographic epsilon-constraint sweep over party 1's utility; the
    points go to ``found`` as they come."""
    (u1, u2), ((lo1, hi1), (lo2, hi2)) = am.utility, am.bounds
    eps = lo1
    while eps <= hi1:
        u1.with_domain(cp_model.Domain(eps, hi1))
        am.model.maximize(u2)
        top = solve(am)
        if top is None:
            break
        u2.with_domain(cp_model.Domain(top.levels[1], hi2))
        am.model.maximize(u1)
        point = solve_required(am)
        u2.with_domain(cp_model.Domain(lo2, hi2))
        _record(found, point, max_points)
        eps = point.levels[0] + 1
        report(progress, f"{len(found):,} frontier points found", (eps - lo1) / (hi1 - lo1 + 1))


def _regions(am: AgreementModel, max_points: int, found: list[Found], progress: Progress | None) -> None:
    """Any number of parties: maximise the sum outside the region the found points
    dominate; the points go to ``found`` as they come."""
    am.model.maximize(sum(am.utility))
    while (point := solve(am)) is not None:
        _record(found, point, max_points)
        am.exclude_dominated(point.levels)
        used = am.deadline.used() if am.deadline is not None else 0.0
        report(progress, f"{len(found):,} frontier points found", max(used, len(found) / max_points))


def _float_filter(outcomes: list[Outcome]) -> list[Outcome]:
    """Drop outcomes whose float utilities equal an earlier one's or are dominated."""
    if not outcomes:
        return outcomes
    u = np.array([o.utilities for o in outcomes], dtype=float)
    keep = []
    for i, row in enumerate(u):
        ge = np.all(u >= row, axis=1)
        dominated = ge & np.any(u > row, axis=1)
        duplicate = ge & np.all(u == row, axis=1)
        if not dominated.any() and not duplicate[:i].any():
            keep.append(outcomes[i])
    return keep
