"""The CP-SAT model of a scenario, shared by :mod:`accord.analysis.cpsat` and
:mod:`accord.analysis.feasibility`.

Variables. One Boolean ``x[p, v]`` per point ``p`` and value ``v``, with exactly one true per
point (the usual 0-1 encoding of a finite domain). Each interaction term ``k`` gets an
AND-literal ``y_k <-> x[p1, v1] & x[p2, v2] & ...``. The utility of rated party ``i`` is an
integer variable ``U_i = sum c_ipv x[p, v] + sum b_ik y_k`` (see *Scale*). Red lines forbid
their values (``x[p, v] = 0``), links are clauses (``x[p, v] -> OR x[q, w]``) and a
reservation cut is ``U_i >= D_i``; each may be guarded by an enforcement literal so that the
feasibility diagnosis can relax it.

Scale. The solver works on integers. Every coefficient (a point's contribution
``w_p / W * r / S``, a bonus, a disagreement value) is read as the rational it stands for:
``Fraction.limit_denominator(10**6)``, accepted within 1e-14 (relative) of the float, which
covers the few ulps of float arithmetic that produced it. The unit is the least common
multiple of the denominators, so ``U_i / unit`` *is* the rational utility and comparisons,
sums, products and ratios of the integers are exact. Accord files with whole weights and
ratings and decimal reservations and bonuses get this exact scale whenever the common
denominator stays under the bound below (it divides the product of ``W * S``, the
breakpoint spacings and the decimal denominators; typically thousands). When a coefficient is not
such a rational, or the exact unit would let a utility exceed 2**30 units, the unit is 10**6
per utility unit and each coefficient is rounded: a utility is then off by at most
(points + interactions) / 2 * 10**-6, and agreements closer than that may be ordered
wrongly. Reported utilities are always recomputed in floats with :meth:`Scenario.utilities`
on the chosen agreement, then rounded to 12 decimals as the merge path reports them
(:mod:`accord.analysis.pareto`).

Time. A model may carry a :class:`~accord.analysis.budget.Deadline`: every solve gets the
time left as CP-SAT's ``max_time_in_seconds``, and a solve that the limit ends raises
:class:`Stopped` (with the solution CP-SAT had found, if any) instead of passing off a
solution that is not proven optimal. Every solution any solve returns is kept in
``AgreementModel.seen``, so the callers can name the best agreement found so far.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import partial

import numpy as np
from ortools.sat.python import cp_model

from accord.analysis.budget import Deadline, DeadlinePassed
from accord.analysis.common import rounded_utilities
from accord.analysis.results import Outcome, RelaxationKind
from accord.errors import AnalysisError
from accord.model import Point, Preferences, Scenario, Value, format_value, tidy_number

ROUNDED_UNIT = 10**6
"""Integer units per utility unit when the exact scale does not apply."""
MAX_DENOMINATOR = 10**6
"""Largest denominator the exact scale reads a float as."""
MAX_LEVEL = 2**30
"""Largest absolute scaled utility; keeps every product the algorithms form inside int64."""
WORKERS = 1
"""CP-SAT search workers: one keeps every answer deterministic and each small solve cheap."""


@dataclass(frozen=True)
class Scale:
    """Integer units per utility unit; ``exact`` when the integers are the rationals."""

    unit: int
    exact: bool

    def level(self, x: float) -> int:
        """``x`` in integer units (exact for the values the scale was chosen for)."""
        if self.exact:
            f = rational(x)
            if f is not None:
                return round(f * self.unit)
        return round(x * self.unit)


@functools.lru_cache(maxsize=1 << 16)
def rational(x: float) -> Fraction | None:
    """The rational with denominator <= 10**6 that ``x`` stands for, or None (remembered:
    a scale and its model ask for the same coefficients)."""
    f = Fraction(x).limit_denominator(MAX_DENOMINATOR)
    return f if abs(float(f) - x) <= 1e-14 * max(1.0, abs(x)) else None


def choose_scale(values: Sequence[float], span: float) -> Scale:
    """The exact scale for ``values`` if it keeps ``span`` utility units under 2**30, else
    10**6 per unit. Raises AnalysisError when even that overflows or a value is not finite."""
    for v in values:
        if not math.isfinite(v):
            raise AnalysisError(f"utility coefficient {v!r} is not a finite number; fix the weights and ratings")
    unit = 1
    for v in values:
        f = rational(v)
        if f is None:
            break
        unit = math.lcm(unit, f.denominator)
        if unit * span > MAX_LEVEL:  # no exact scale fits: stop looking (a large model has 10^5 values)
            break
    else:
        return Scale(unit, True)
    if ROUNDED_UNIT * span > MAX_LEVEL:
        raise AnalysisError(
            f"utilities span {span:g} units, more than the solver's integer scale allows; "
            "keep ratings and interaction bonuses within [-1, 1] of a utility unit"
        )
    return Scale(ROUNDED_UNIT, False)


@dataclass(frozen=True)
class Guard:
    """One relaxable constraint of the model and the literal that enforces it."""

    party: str
    kind: RelaxationKind
    description: str
    literal: cp_model.IntVar


@dataclass(frozen=True)
class Found:
    """A solution: the agreement and its scaled integer utilities."""

    agreement: dict[str, Value]
    levels: tuple[int, ...]


class Stopped(DeadlinePassed):
    """A solve ended by the model's deadline: ``found`` is the solution CP-SAT had found by
    then (not proven optimal), or None."""

    def __init__(self, found: Found | None) -> None:
        super().__init__()
        self.found = found


PRESOLVE_LIMIT = 2_000
"""Models with more value literals than this are solved without CP-SAT's presolve."""


@dataclass
class AgreementModel:
    """A scenario as a CP-SAT model (see the module docstring)."""

    scenario: Scenario
    scale: Scale
    model: cp_model.CpModel
    choices: dict[str, tuple[tuple[Value, cp_model.IntVar], ...]]
    utility: tuple[cp_model.IntVar, ...]
    bounds: tuple[tuple[int, int], ...]
    disagreement: tuple[int, ...]
    guards: tuple[Guard, ...] = ()
    deadline: Deadline | None = None
    seen: list[Found] = field(default_factory=list)

    @property
    def size(self) -> int:
        """How many value literals the model has (one per value of every point)."""
        return sum(len(row) for row in self.choices.values())

    def literals(self, point_id: str, keep: Callable[[Value], bool]) -> list[cp_model.IntVar]:
        """The literals of the values of ``point_id`` that ``keep`` accepts (none for a point
        the scenario does not have, as the model's ``agreement.get(point)`` finds nothing)."""
        return [lit for value, lit in self.choices.get(point_id, ()) if keep(value)]

    def found(self, solver: cp_model.CpSolver) -> Found:
        """The agreement and integer utilities of the solver's current solution."""
        agreement: dict[str, Value] = {}
        for point_id, row in self.choices.items():
            for value, lit in row:
                if solver.boolean_value(lit):
                    agreement[point_id] = value
        return Found(agreement, tuple(int(solver.value(u)) for u in self.utility))

    def outcome(self, found: Found) -> Outcome:
        """``found`` as an Outcome: the float utilities of :meth:`Scenario.utilities`, rounded
        to 12 decimals as every Frontier reports them (:func:`common.rounded_utilities`)."""
        agreement = self.scenario.ordered(found.agreement)
        exact = np.array([self.scenario.utilities(agreement)], dtype=float)
        return Outcome(agreement, tuple(float(x) for x in rounded_utilities(exact)[0]))

    def exclude_dominated(self, levels: Sequence[int]) -> None:
        """Forbid every utility vector weakly dominated by ``levels``: some party must get
        more (one clause of reified bounds, as in Kirlik & Sayin 2014's search regions)."""
        better = []
        for u, (_, hi), level in zip(self.utility, self.bounds, levels, strict=True):
            if level < hi:
                b = self.model.new_bool_var("")
                self.model.add(u >= level + 1).only_enforce_if(b)
                better.append(b)
        self.model.add_bool_or(better)

    def fix(self, index: int, level: int) -> None:
        """Restrict party ``index``'s utility to ``level``."""
        self.utility[index].with_domain(cp_model.Domain(level, level))

    def lowest(self, found: Found) -> Found:
        """Among the optima of the model (``found`` is one), the first in Frontier order:
        minimise U_1, fix it, then U_2, and so on (lexicographic optimisation, Ehrgott 2005,
        "Multicriteria Optimization", sec. 5.1)."""
        for i, u in enumerate(self.utility):
            self.model.minimize(u)
            found = solve_required(self)
            self.fix(i, found.levels[i])
        return found


def _coefficients(prefs: Preferences, points: Sequence[Point]) -> list[list[float]]:
    """Each point's contribution to the party's utility, value by value."""
    return [[prefs.contribution(p.id, v) for v in p.values()] for p in points]


def _scale(scenario: Scenario, disagreement: Sequence[float]) -> Scale:
    """The scale for every party's coefficients, bonuses and disagreement value."""
    values: list[float] = list(disagreement)
    span = 0.0
    for party, d in zip(scenario.rated_parties, disagreement, strict=True):
        prefs = scenario.preferences[party]
        rows = _coefficients(prefs, scenario.points)
        bonuses = [k.bonus for k in prefs.interactions]
        values += [c for row in rows for c in row] + bonuses
        top = sum(max((abs(c) for c in row), default=0.0) for row in rows)
        span = max(span, top + sum(abs(b) for b in bonuses) + abs(d))
    return choose_scale(values, span)


def build_model(
    scenario: Scenario,
    disagreement: Sequence[float],
    *,
    relaxable: bool = False,
    deadline: Deadline | None = None,
) -> AgreementModel:
    """The CP-SAT model of ``scenario``: hard red lines, links and reservation cuts
    ``U_i >= d_i``, or, with ``relaxable``, each guarded by a literal listed in ``guards``;
    its solves end by ``deadline`` (module docstring)."""
    model = cp_model.CpModel()
    choices = {}
    for point in scenario.points:
        row = tuple((v, model.new_bool_var(f"{point.id}={v}")) for v in point.values())
        model.add_exactly_one(lit for _, lit in row)
        choices[point.id] = row
    scale = _scale(scenario, disagreement)
    am = AgreementModel(
        scenario,
        scale,
        model,
        choices,
        (),
        (),
        tuple(scale.level(d) for d in disagreement),
        deadline=deadline,
    )
    _add_utilities(am)
    am.guards = tuple(_add_limits(am, disagreement, relaxable))
    return am


def _add_utilities(am: AgreementModel) -> None:
    """Create ``U_i`` for every rated party, with interaction terms as AND-literals."""
    conjunctions: dict[tuple[int, ...], cp_model.IntVar] = {}
    utility, bounds = [], []
    totals = [[0] * len(row) for row in am.choices.values()]  # every party's level of each value, summed
    for party in am.scenario.rated_parties:
        prefs = am.scenario.preferences[party]
        terms: list[cp_model.LinearExprT] = []
        lo = hi = 0
        rows = zip(am.choices.values(), _coefficients(prefs, am.scenario.points), totals, strict=True)
        for row, coefs, total in rows:
            levels = [am.scale.level(c) for c in coefs]
            terms += [level * lit for level, (_, lit) in zip(levels, row, strict=True)]
            lo, hi = lo + min(levels, default=0), hi + max(levels, default=0)
            for j, level in enumerate(levels):
                total[j] += level
        for k in prefs.interactions:
            bonus = am.scale.level(k.bonus)
            lits = [am.literals(p, partial(operator.eq, v)) for p, v in k.conditions]
            if bonus == 0 or not all(lits):
                continue
            y = _conjunction(am.model, [ls[0] for ls in lits], conjunctions)
            terms.append(bonus * y)
            lo, hi = lo + min(bonus, 0), hi + max(bonus, 0)
        u = am.model.new_int_var(lo, hi, f"U[{party}]")
        am.model.add(u == sum(terms))
        utility.append(u)
        bounds.append((lo, hi))
    am.utility, am.bounds = tuple(utility), tuple(bounds)
    _hint(am, totals)


def _hint(am: AgreementModel, totals: list[list[int]]) -> None:
    """Hint the agreement that takes, point by point, the value of the largest total
    utility (the utilitarian choice, before red lines and links): a first agreement for the
    search of every solution, so that a large model has one to improve within its time
    limit. A hint steers the search only; the answers stay the proven optima."""
    for row, total in zip(am.choices.values(), totals, strict=True):
        best = max(range(len(row)), key=total.__getitem__, default=0)
        for j, (_, lit) in enumerate(row):
            am.model.add_hint(lit, j == best)


def _conjunction(
    model: cp_model.CpModel,
    lits: list[cp_model.IntVar],
    cache: dict[tuple[int, ...], cp_model.IntVar],
) -> cp_model.IntVar:
    """A literal equal to the AND of ``lits`` (shared between parties through ``cache``)."""
    key = tuple(sorted({lit.index for lit in lits}))
    if key not in cache:
        y = model.new_bool_var("and")
        for lit in lits:
            model.add_implication(y, lit)
        model.add_bool_or([y, *(~lit for lit in lits)])
        cache[key] = y
    return cache[key]


def _add_limits(am: AgreementModel, disagreement: Sequence[float], relaxable: bool) -> list[Guard]:
    """Red lines, links and reservation cuts of every rated party, in party order."""
    guards: list[Guard] = []
    model = am.model

    def guard(party: str, kind: RelaxationKind, text: str) -> list[cp_model.IntVar]:
        if not relaxable:
            return []
        g = Guard(party, kind, text, model.new_bool_var(f"{party}: {text}"))
        guards.append(g)
        return [g.literal]

    for i, party in enumerate(am.scenario.rated_parties):
        prefs = am.scenario.preferences[party]
        for r in prefs.red_lines:
            on = guard(party, RelaxationKind.RED_LINE, r.describe())
            model.add_bool_and([~lit for lit in am.literals(r.point, r.excludes)]).only_enforce_if(on)
        for k in prefs.links:
            on = guard(party, RelaxationKind.LINK, k.describe())
            clause = [~lit for lit in am.literals(k.point, partial(operator.eq, k.value))]
            clause += am.literals(k.requires_point, k.requires.__contains__)
            model.add_bool_or(clause).only_enforce_if(on)
        text = f"reservation {format_value(tidy_number(disagreement[i]))}"
        on = guard(party, RelaxationKind.RESERVATION, text)
        model.add(am.utility[i] >= am.disagreement[i]).only_enforce_if(on)
    return guards


def solve(am: AgreementModel) -> Found | None:
    """Solve ``am`` to optimality; None when it is infeasible. Raises Stopped when the
    model's deadline ends the solve first (or has passed before it starts)."""
    if am.deadline is not None and am.deadline.expired():
        raise Stopped(None)
    solver = make_solver(am.deadline, size=am.size)
    status = solver.solve(am.model)
    if status == cp_model.INFEASIBLE:
        return None
    if status in (cp_model.FEASIBLE, cp_model.UNKNOWN) and am.deadline is not None and am.deadline.seconds is not None:
        found = am.found(solver) if status == cp_model.FEASIBLE else None
        if found is not None:
            am.seen.append(found)
        raise Stopped(found)
    check_status(solver, status)
    found = am.found(solver)
    am.seen.append(found)
    return found


def solve_required(am: AgreementModel) -> Found:
    """Solve a model known to be feasible (a previous solution still satisfies it)."""
    found = solve(am)
    if found is None:
        raise AssertionError("CP-SAT lost a solution that satisfies the model")
    return found


def make_solver(deadline: Deadline | None = None, *, size: int = 0) -> cp_model.CpSolver:
    """A CP-SAT solver with accord's parameters (deterministic, single worker), limited to
    the time ``deadline`` leaves. A model of more than :data:`PRESOLVE_LIMIT` value literals
    (``size``) is solved without CP-SAT's presolve: on 200 points of 30 values for 12 parties
    the presolve alone took over 20 s, and the search without it proves the utilitarian
    optimum in about 5 s. Presolve changes the speed, never the answer."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = WORKERS
    if size > PRESOLVE_LIMIT:
        solver.parameters.cp_model_presolve = False
    left = None if deadline is None else deadline.remaining()
    if left is not None:
        solver.parameters.max_time_in_seconds = left
    return solver


def check_status(solver: cp_model.CpSolver, status: cp_model.CpSolverStatus) -> None:
    """Raise AnalysisError unless the solve ended OPTIMAL."""
    if status != cp_model.OPTIMAL:
        raise AnalysisError(
            f"the constraint solver stopped with status {solver.status_name(status)}; "
            "the model may be too large for exact analysis"
        )
