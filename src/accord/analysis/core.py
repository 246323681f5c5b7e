"""The core of the deal: what every acceptable agreement has in common, and what stays open.

An agreement is *acceptable* when it respects every bargaining party's red lines and links
and gives each at least its disagreement value (its reservation value by default): the
set the Pareto frontier is drawn from. For each point:

- its *feasible* options, those some acceptable agreement uses;
- its *frontier* options, those some acceptable Pareto-optimal agreement uses;
- *fixed*: the one option when only one is feasible (every acceptable agreement has it);
- for a fixed point, what *frees* it: the minimal sets of red lines, links and
  reservation values whose relaxation lets an agreement that respects the rest take
  another option there.

How (exact at any size: each answer is a check of the definition, never a sample):

- *Feasible options*: one CP-SAT satisfaction problem per option not yet known to be
  feasible, with that option fixed (:class:`accord.analysis.core_search.Acceptable`,
  exact in floats on either of the solver's scales). Every agreement found marks every
  option it uses, and the frontier's options are feasible already, so there are far
  fewer solves than options.
- *Frontier options*: the Pareto-list merge keeping every tie
  (:mod:`accord.analysis.core_merge`), or, for frontiers too large to list, one search
  per option with Benson's test (:func:`accord.analysis.core_search.solver_frontier_options`).
- *What frees a fixed point*: the minimal correction sets (Liffiton & Sakallah 2008) of
  the relaxable model with "this point takes another option" as a hard constraint
  (:func:`accord.analysis.core_search.freeing`), at most ``max_sets`` per point.

Time limit (:mod:`accord.analysis.budget`): one budget for the whole call, spent on the
frontier's options, then the feasible options, then what frees each fixed point. Nothing
cut short is passed off as decided: options whose standing was not decided are listed as
``undecided`` or ``frontier_undecided``, :attr:`Core.complete` is False and
:attr:`Core.notes` says what was cut short.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from accord.analysis.budget import TIME_LIMIT, Deadline, DeadlinePassed, Progress, TimeLimit, as_deadline, report
from accord.analysis.common import require_rated_parties, resolve_disagreement
from accord.analysis.compile import compile_scenario
from accord.analysis.core_merge import Options, Pair, dominated_options, merge_frontier_options
from accord.analysis.core_search import Acceptable, CutShort, Freeing, Sets, freeing, solver_frontier_options
from accord.analysis.cpsat_model import Found
from accord.analysis.results import Frontier
from accord.display import Shown, Table, plural
from accord.errors import AnalysisError, FrontierTooLargeError, NeedsSolverError, UnknownIdError
from accord.model import Scenario, Value


@dataclass(frozen=True)
class PointCore:
    """The core of the deal on one point (values in the point's order).

    ``undecided``: options whose feasibility the time limit left open;
    ``frontier_undecided``: feasible options whose place on the frontier it left open;
    ``drafted``: options some draft chooses; ``freed_by``: for a fixed point, the minimal
    sets of constraints to relax to free it (``freeing`` says whether they are all).
    """

    point: str
    options: tuple[Value, ...]
    feasible: tuple[Value, ...] = ()
    frontier: tuple[Value, ...] = ()
    undecided: tuple[Value, ...] = ()
    frontier_undecided: tuple[Value, ...] = ()
    drafted: tuple[Value, ...] = ()
    freed_by: Sets = ()
    freeing: Freeing = ""

    @property
    def fixed(self) -> Value | None:
        """The option every acceptable agreement has, or None (several, none, or undecided)."""
        return self.feasible[0] if len(self.feasible) == 1 and not self.undecided else None

    @property
    def excluded(self) -> tuple[Value, ...]:
        """The options no acceptable agreement uses."""
        return tuple(v for v in self.options if v not in self.feasible and v not in self.undecided)

    @property
    def in_drafts(self) -> bool:
        """Whether some draft chooses the fixed option (a point not fixed: a feasible one)."""
        chosen = (self.fixed,) if self.fixed is not None else self.feasible
        return any(v in self.drafted for v in chosen)


@dataclass(frozen=True, repr=False)
class Core(Shown):
    """The core of the deal (module docstring), point by point in the scenario's order.

    ``feasible``: whether some agreement is acceptable to every bargaining party (None:
    not decided within the time limit). ``method``: how the frontier options were found,
    ``merge`` or ``solver``. ``notes``: what the time limit cut short, in words.
    """

    parties: tuple[str, ...]
    disagreement: tuple[float, ...]
    points: tuple[PointCore, ...]
    feasible: bool | None
    method: str = "merge"
    notes: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether every option's standing and every fixed point's freeing sets are known."""
        return self.feasible is not None and not any(
            p.undecided or p.frontier_undecided or p.freeing == "cut short" for p in self.points
        )

    def point(self, point_id: str) -> PointCore:
        """The core on one point; UnknownIdError for a point the scenario does not have."""
        for p in self.points:
            if p.point == point_id:
                return p
        raise UnknownIdError("point", point_id, [p.point for p in self.points])

    def fixed(self) -> dict[str, Value]:
        """The fixed points and their options: what every acceptable agreement has."""
        return {p.point: p.fixed for p in self.points if p.fixed is not None}

    def _table(self, limit: int) -> Table:
        rows = tuple(
            (p.point, p.fixed, f"{len(p.feasible)}/{len(p.options)}", f"{len(p.frontier)}/{len(p.options)}", _sets(p))
            for p in self.points[:limit]
        )
        state = "complete" if self.complete else "incomplete"
        if self.feasible is False:
            summary = "no acceptable agreement"
        else:
            opened = sum(len(p.feasible) > 1 for p in self.points)
            summary = f"{plural(len(self.fixed()), 'fixed point')}, {opened} open of {len(self.points)}; {state}"
        headers = ("point", "fixed", "feasible", "frontier", "freed by")
        return Table("Core", f"{summary}; {self.method}", headers, rows, len(self.points))


def _sets(p: PointCore) -> str | None:
    """A point's freeing sets in short."""
    if not p.freed_by:
        return None
    return " | ".join(" + ".join(f"{r.party} {r.description}" for r in s) for s in p.freed_by)


def core(
    scenario: Scenario,
    disagreement: Sequence[float] | None = None,
    frontier: Frontier | None = None,
    *,
    max_sets: int = 10,
    method: Literal["auto", "merge", "solver"] = "auto",
    search_frontier: bool = True,
    time_limit: TimeLimit = TIME_LIMIT,
    progress: Progress | None = None,
) -> Core:
    """The core of the deal of ``scenario`` (every rated party bargains: pass the bargaining
    view, :func:`accord.analysis.bargainers.bargaining_view`); algorithms and exactness in
    the module docstring.

    ``disagreement`` defaults to the reservation values. ``frontier``, when given, is the
    listed frontier of the same parties and disagreement point (AnalysisError otherwise):
    its options seed the search, and its being empty settles it. ``method``: ``merge``
    lists the frontier options by the merge (FrontierTooLargeError or NeedsSolverError when
    it cannot), ``solver`` by the solver, ``auto`` by the merge when it can;
    ``search_frontier=False`` skips the solver's search (the options it would decide stay
    undecided, and the notes say so: the search may take the whole time limit).
    ``max_sets``: most freeing sets per fixed point.
    ``time_limit``: seconds, a shared Deadline or None; what it cuts short is marked, never
    raised (module docstring). Raises AnalysisError for no rated party, a wrong
    ``disagreement`` or ``max_sets`` < 1.
    """
    if max_sets < 1:
        raise AnalysisError(f"max_sets must be at least 1, not {max_sets}")
    if method not in ("auto", "merge", "solver"):
        raise AnalysisError(f"unknown method {method!r}; use auto, merge or solver")
    require_rated_parties(scenario)
    d = resolve_disagreement(scenario, disagreement)
    if frontier is not None and (frontier.parties, tuple(frontier.disagreement)) != (scenario.rated_parties, d):
        raise AnalysisError(
            f"the frontier given is that of parties {', '.join(frontier.parties)} at disagreement point "
            f"{frontier.disagreement}, not of {', '.join(scenario.rated_parties)} at {d}; pass the frontier of the "
            "same scenario and disagreement point, or none"
        )
    deadline = as_deadline(time_limit)
    work = _Work(scenario, d, deadline)
    if frontier is not None and not frontier.outcomes:
        return work.result(False, "solver" if method == "solver" else "merge")
    merged: Options | None = None
    problem = None
    try:
        problem = compile_scenario(scenario)
    except NeedsSolverError:
        if method == "merge":
            raise
    if method != "solver" and problem is not None:
        try:
            merged, count = merge_frontier_options(problem, d, deadline=deadline, progress=progress)
        except FrontierTooLargeError:
            if method == "merge":
                raise
        except DeadlinePassed:
            cut = "the frontier's options were not listed within the time limit"
            return work.result(None if frontier is None else True, "merge", cut)
        if merged is not None and count == 0:
            return work.result(False, "merge")
    used = "solver" if merged is None else "merge"
    if merged is not None:
        work.frontier = merged
    elif frontier is not None:
        work.frontier = _used(frontier)
    feasible = work.feasible_options(progress)
    if not feasible:
        return work.result(feasible, used)
    work.free(max_sets)
    if merged is None:
        off = {} if problem is None else dominated_options(problem, d)
        work.solver_frontier(off, progress if search_frontier else None, search=search_frontier)
    return work.result(True, used)


def _used(frontier: Frontier) -> Options:
    """The values the frontier's representative agreements use, by point."""
    out: Options = {}
    for o in frontier.outcomes:
        for point, value in o.agreement.items():
            out.setdefault(point, set()).add(value)
    return out


class _Work:
    """The state of one computation of the core: what is known so far, point by point."""

    def __init__(self, scenario: Scenario, d: tuple[float, ...], deadline: Deadline) -> None:
        self.scenario, self.d, self.deadline = scenario, d, deadline
        self.feasible: Options = {p: set() for p in scenario.point_ids}
        self.excluded: Options = {p: set() for p in scenario.point_ids}
        self.frontier: Options = {p: set() for p in scenario.point_ids}
        self.frontier_undecided: list[Pair] = []
        self.freed: dict[str, tuple[Sets, Freeing]] = {}
        self.notes: list[str] = []

    def feasible_options(self, progress: Progress | None) -> bool | None:
        """Decide each option's feasibility (module docstring); whether any agreement is
        acceptable (None: not decided in time)."""
        for point, values in self.frontier.items():
            self.feasible[point] |= values
        search = Acceptable(self.scenario, self.d, self.deadline)
        pairs = [(p.id, v) for p in self.scenario.points for v in p.values()]
        try:
            if not any(self.feasible.values()) and not self._mark(search.find(None, None)):
                return False
            for done, (point, value) in enumerate(pairs):
                if value not in self.feasible[point] and not self._mark(search.find(point, value)):
                    self.excluded[point].add(value)
                report(progress, f"feasible options: {done + 1} of {len(pairs)} checked", (done + 1) / len(pairs))
        except DeadlinePassed:
            self.notes.append("the feasibility of some options was not decided within the time limit")
            return True if any(self.feasible.values()) else None
        return True

    def _mark(self, found: Found | None) -> bool:
        """Mark the options of an acceptable agreement as feasible; whether there was one."""
        if found is None:
            return False
        for point, value in found.agreement.items():
            self.feasible[point].add(value)
        return True

    def solver_frontier(self, off: Options, progress: Progress | None, *, search: bool) -> None:
        """The frontier options the merge could not list, by the solver (without ``search``:
        left undecided), except those ``off`` the frontier already
        (:func:`accord.analysis.core_merge.dominated_options`)."""
        candidates = [
            (p.id, v)
            for p in self.scenario.points
            for v in p.values()
            if v in self.feasible[p.id] and v not in self.frontier[p.id] and v not in off.get(p.id, ())
        ]
        if not search:
            self.frontier_undecided = candidates
            if candidates:
                self.notes.append(
                    f"the frontier is too large to list, and whether {plural(len(candidates), 'feasible option')} "
                    "lie on it was not searched (search_frontier=False)"
                )
            return
        on, undecided = solver_frontier_options(
            self.scenario, self.d, candidates, deadline=self.deadline, progress=progress
        )
        for point, values in on.items():
            self.frontier[point] |= values
        self.frontier_undecided = undecided
        if undecided:
            self.notes.append(
                f"whether {plural(len(undecided), 'feasible option')} lie on the frontier was not decided within "
                "the time limit"
            )

    def free(self, max_sets: int) -> None:
        """The freeing sets of every fixed point, until the time limit."""
        for point in self.scenario.points:
            values = self.feasible[point.id]
            undecided = len(values) + len(self.excluded[point.id]) < len(point.values())
            if len(values) != 1 or undecided:
                continue
            (value,) = values
            try:
                self.freed[point.id] = freeing(self.scenario, self.d, point.id, value, max_sets, self.deadline)
            except CutShort as stop:
                self.freed[point.id] = (stop.found, "cut short")
                self.notes.append(f"what frees point {point.id} was not all found within the time limit")

    def result(self, feasible: bool | None, method: str, *notes: str) -> Core:
        """The Core of what is known."""
        points = []
        for p in self.scenario.points:
            ok, out = self.feasible[p.id], self.excluded[p.id]
            if feasible is False:
                ok, out = set(), set(p.values())
            late = {v for q, v in self.frontier_undecided if q == p.id}
            freed_by, freeing = self.freed.get(p.id, ((), ""))
            points.append(
                PointCore(
                    point=p.id,
                    options=p.values(),
                    feasible=tuple(v for v in p.values() if v in ok),
                    frontier=tuple(v for v in p.values() if v in self.frontier[p.id] and v in ok),
                    undecided=tuple(v for v in p.values() if v not in ok and v not in out),
                    frontier_undecided=tuple(v for v in p.values() if v in late),
                    drafted=tuple(v for v in p.values() if any(d.choices.get(p.id) == v for d in self.scenario.drafts)),
                    freed_by=freed_by,
                    freeing=freeing,
                )
            )
        return Core(self.scenario.rated_parties, self.d, tuple(points), feasible, method, (*self.notes, *notes))
