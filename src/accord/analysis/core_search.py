"""The solver's searches for the core of the deal (:mod:`accord.analysis.core`), all on the
CP-SAT model of :mod:`accord.analysis.cpsat_model`.

**Acceptable agreements** (:class:`Acceptable`): an agreement acceptable to every party,
with one option fixed or none. On the solver's exact scale the integers are the rational
utilities. On its rounded scale (10**-6 per utility unit, for coefficients that are no
such rationals) a utility may be off by half a unit per term; each reservation cut is
loosened by that much (:func:`loosened`), so that no acceptable agreement is cut off, and
every agreement found is checked in floats with the frontier's own test
(:meth:`Scenario.utilities` rounded to 12 decimals, at least the disagreement value); one
that fails is forbidden and the search repeated. Either way "none" is exact.

**Frontier options** (:func:`solver_frontier_options`), for frontiers too large to list
(:mod:`accord.analysis.core_merge` lists the others). For an option ``p = v``: maximise
the sum of utilities over the acceptable agreements with ``p = v`` outside the regions
cut so far; the maximiser ``a`` is Pareto-optimal overall exactly when no agreement with
``U >= U(a)`` has a larger sum (the test of Benson 1978, "Existence of efficient
solutions for vector maximization problems", JOTA 26(4)). If it is, the option is on the
frontier. If not, the agreement ``b`` of that test is Pareto-optimal (anything dominating
it would dominate ``a`` with a larger sum); the region ``b`` strictly dominates is cut for
every later search (one disjunction, as in the method of Klein & Hannan 1982, "An
algorithm for the multiple objective integer linear programming problem", EJOR 9), which
removes ``a``, and the search goes on. No agreement left means the option is on no
Pareto-optimal agreement. Each round finds a new frontier point, so the loop ends, but it
may take as many rounds as the frontier has points near the option: each option gets a
fair share of the time limit, and those not decided within it are returned as such.
Exact in the solver's integer scale (the rationals themselves for whole and decimal
numbers; else within 10**-6 per term).

**What frees a fixed point** (:func:`freeing`): the minimal correction sets of the
relaxable model with "this point takes another option" added as a hard constraint,
enumerated as the feasibility diagnosis does
(:func:`accord.analysis.feasibility.minimal_corrections`; Liffiton & Sakallah 2008).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from functools import partial
from typing import Literal

from ortools.sat.python import cp_model

from accord.analysis.budget import Deadline, DeadlinePassed, Progress, report
from accord.analysis.core_merge import Options, Pair
from accord.analysis.cpsat_model import AgreementModel, Found, build_model, make_solver, solve
from accord.analysis.feasibility import minimal_corrections
from accord.analysis.results import Relaxation
from accord.model import Scenario, Value

Freeing = Literal["", "complete", "capped", "cut short", "rounding"]
"""What ``PointCore.freed_by`` holds: nothing (the point is not fixed), every minimal set,
the ``max_sets`` smallest of more, those found before the time limit, or none because the
solver's rounded scale finds the point free (within its tolerance)."""
Sets = tuple[tuple[Relaxation, ...], ...]
"""Freeing sets, each a tuple of relaxations."""


def solver_frontier_options(
    scenario: Scenario,
    disagreement: Sequence[float],
    candidates: Sequence[Pair],
    *,
    deadline: Deadline,
    progress: Progress | None = None,
) -> tuple[Options, list[Pair]]:
    """Which of ``candidates`` (acceptable options) some Pareto-optimal acceptable
    agreement uses, by the solver (module docstring): the values found on the frontier by
    point (those of every frontier agreement met on the way, candidates or not), and the
    candidates left undecided when their share of ``deadline`` passed (each gets the time left
    over the candidates still to do, and those cut short are taken up again with the time
    the others left)."""
    region = build_model(scenario, disagreement)
    region.model.maximize(sum(region.utility))
    check = build_model(scenario, disagreement)
    check.model.maximize(sum(check.utility))
    on: Options = {p: set() for p in scenario.point_ids}
    undecided = list(candidates)
    while undecided and not deadline.expired():  # again with the time the decided ones left
        pending, undecided = undecided, []
        for done, (point, value) in enumerate(pending):
            if value not in on[point]:
                left = deadline.remaining()
                share = None if left is None else Deadline(left / (len(pending) - done), clock=deadline.clock)
                region.deadline = check.deadline = share
                try:
                    _decide(region, check, point, value, on)
                except DeadlinePassed:
                    undecided.append((point, value))
            report(progress, f"frontier options: {done + 1} of {len(pending)} checked", (done + 1) / len(pending))
    return on, [(point, value) for point, value in undecided if value not in on[point]]


def _decide(region: AgreementModel, check: AgreementModel, point: str, value: Value, on: Options) -> None:
    """Search the agreements with ``point = value`` until one is Pareto-optimal (its values
    join ``on``) or none is left; every frontier agreement met joins ``on`` too."""
    (literal,) = region.literals(point, partial(operator.eq, value))
    literal.with_domain(cp_model.Domain(1, 1))
    try:
        while value not in on[point]:
            a = solve(region)
            if a is None:
                return
            b = _dominating(check, a)
            _mark(on, b or a)
            if b is not None:
                _cut(region, b.levels)
    finally:
        literal.with_domain(cp_model.Domain(0, 1))


def _dominating(check: AgreementModel, a: Found) -> Found | None:
    """An agreement with a larger sum and every utility at least ``a``'s (Pareto-optimal:
    it has the largest sum among them), or None when ``a`` is Pareto-optimal [Benson 1978]."""
    for u, level, (_, hi) in zip(check.utility, a.levels, check.bounds, strict=True):
        u.with_domain(cp_model.Domain(level, hi))
    try:
        b = solve(check)
    finally:
        for u, (lo, hi) in zip(check.utility, check.bounds, strict=True):
            u.with_domain(cp_model.Domain(lo, hi))
    if b is None:
        raise AssertionError("CP-SAT lost an agreement that satisfies the model")
    return b if sum(b.levels) > sum(a.levels) else None


def _cut(am: AgreementModel, levels: Sequence[int]) -> None:
    """Forbid the utility vectors that ``levels`` strictly dominates: some party must get
    more, or every party exactly as much."""
    model = am.model
    better = []
    for u, (_, hi), level in zip(am.utility, am.bounds, levels, strict=True):
        if level < hi:
            b = model.new_bool_var("")
            model.add(u >= level + 1).only_enforce_if(b)
            better.append(b)
    same = model.new_bool_var("")
    for u, level in zip(am.utility, levels, strict=True):
        model.add(u >= level).only_enforce_if(same)
    model.add_bool_or([*better, same])


def _mark(on: Options, found: Found) -> None:
    """Every value of a frontier agreement is on the frontier."""
    for point, value in found.agreement.items():
        on[point].add(value)


class CutShort(Exception):
    """The time limit ended a freeing enumeration; ``found`` holds the sets found."""

    def __init__(self, found: Sets) -> None:
        super().__init__()
        self.found = found


class Acceptable:
    """A CP-SAT search for acceptable agreements, exact in floats (module docstring)."""

    def __init__(self, scenario: Scenario, d: tuple[float, ...], deadline: Deadline) -> None:
        self.d = d
        am = build_model(scenario, d, deadline=deadline)
        self.verify = not am.scale.exact
        if self.verify:
            am = build_model(scenario, loosened(scenario, d, am.scale.unit), deadline=deadline)
        self.am = am

    def find(self, point: str | None, value: Value | None) -> Found | None:
        """An acceptable agreement with ``point = value`` (any, for None), or None."""
        fixed = [] if point is None else self.am.literals(point, partial(operator.eq, value))
        for literal in fixed:
            literal.with_domain(cp_model.Domain(1, 1))
        try:
            while (found := solve(self.am)) is not None:
                utilities = self.am.outcome(found).utilities
                if not self.verify or all(u >= x for u, x in zip(utilities, self.d, strict=True)):
                    return found
                chosen = [
                    lit for p, v in found.agreement.items() for lit in self.am.literals(p, partial(operator.eq, v))
                ]
                self.am.model.add_bool_or([~lit for lit in chosen])  # off by the rounding: forbid it, search again
            return None
        finally:
            for literal in fixed:
                literal.with_domain(cp_model.Domain(0, 1))


def loosened(scenario: Scenario, d: tuple[float, ...], unit: int) -> tuple[float, ...]:
    """Disagreement values lowered by the most the rounded scale can lower a utility: half a
    unit per term (one per point, one per interaction) and for the cut itself, one unit
    more, and 1e-12 for the float rounding of the test (module docstring)."""
    points = len(scenario.points)
    out = []
    for party, x in zip(scenario.rated_parties, d, strict=True):
        terms = points + len(scenario.preferences[party].interactions) + 1
        out.append(x - (terms / 2 + 1) / unit - 1e-12)
    return tuple(out)


def freeing(
    scenario: Scenario, d: tuple[float, ...], point: str, value: Value, max_sets: int, deadline: Deadline
) -> tuple[Sets, Freeing]:
    """The minimal sets of constraints to relax so that ``point`` can take another option
    than ``value`` (module docstring); CutShort when the time limit passes."""
    am = build_model(scenario, d, relaxable=True, deadline=deadline)
    for literal in am.literals(point, partial(operator.eq, value)):
        literal.with_domain(cp_model.Domain(0, 0))
    selectors = [g.literal for g in am.guards]
    am.model.add_assumptions(selectors)
    solver = make_solver(deadline)
    status = solver.solve(am.model)
    am.model.clear_assumptions()
    if status == cp_model.OPTIMAL:
        return (), "rounding"
    if status != cp_model.INFEASIBLE:
        raise CutShort(())
    found: list[tuple[int, ...]] = []

    def named() -> Sets:
        guards = am.guards
        return tuple(
            tuple(Relaxation(guards[i].party, guards[i].kind, guards[i].description) for i in s) for s in found
        )

    core = set(solver.sufficient_assumptions_for_infeasibility())
    if not core:
        return (), "complete"
    try:
        every = minimal_corrections(am, core, max_sets, found)
    except DeadlinePassed:
        raise CutShort(named()) from None
    return named(), "complete" if every else "capped"
