"""The notebook facade: ``accord.load(path)`` and the methods of :class:`Case`.

A Case holds one scenario and hands every question to :mod:`accord.analysis`, as
Nashpy's ``Game`` hands its calls to ``nashpy.algorithms``; it holds no loop of its own.
It caches the frontier per disagreement point, since every other answer starts from it.

>>> import accord
>>> case = accord.load("examples/tutorial-labour.yaml")
>>> len(case.frontier().outcomes) > 0
True
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from accord.analysis import bargainers as _bargainers
from accord.analysis import bargaining, pareto, proposals, standing
from accord.analysis.budget import TIME_LIMIT, Deadline, Progress, TimeLimit, as_deadline
from accord.analysis.consensus import ConsensusMap, consensus_map
from accord.analysis.diff import DraftDiff
from accord.analysis.diff import diff as draft_diff
from accord.analysis.drafts import DraftDistance, DraftUtility, distances, draft_utilities, draft_utility
from accord.analysis.results import SOLUTION_NAMES, Diagnosis, Frontier, SolutionName, Solutions, solution_name
from accord.api_types import Analysis as Analysis
from accord.errors import AnalysisError, FrontierTooLargeError, NeedsSolverError, TimeLimitError, UnknownIdError
from accord.formats.detect import load as _detect_load
from accord.model import Said, Scenario
from accord.model.record import record as stance_record

if TYPE_CHECKING:  # the core's solver loads when a core is asked for
    from accord.analysis.core import Core
    from accord.analysis.robust.result import Robustness

_SOLVER_ORDER: tuple[SolutionName, ...] = ("egalitarian", "kalai_smorodinsky", "nash", "utilitarian")
"""The four solutions, slowest to solve first (they run side by side on the solver path)."""

Disagreement = Literal["reservation", "zero"] | Sequence[float]
"""``"reservation"`` (each party's reservation value), ``"zero"``, or explicit values (one
per bargaining party, or one per rated party)."""


def _half(deadline: Deadline) -> Deadline:
    """A deadline at half the time ``deadline`` has left (the same one when it has no limit)."""
    left = deadline.remaining()
    return deadline if left is None else Deadline(left / 2)


def load(path: str | Path, *, profiles: Sequence[str] | None = None, bargainers: Sequence[str] | None = None) -> Case:
    """Read an accord scenario file or a GENIUS / GeniusWeb folder.

    ``profiles`` picks, in a folder holding several alternative profiles per side, the
    profiles to read as parties (file names without extension); None reads them all. What
    the reader noted (repairs, normalisations, which profile became which party) is in
    ``case.notes``. ``bargainers``: see :class:`Case`.
    """
    imported = _detect_load(path, profiles=profiles)
    return Case(imported.scenario, imported.notes, bargainers=bargainers)


class Case:
    """One scenario and the analyses of it.

    ``bargainers`` (a list of rated party ids; by default the scenario's ``bargainers``,
    else its rated signatories and guarantors) are the parties the frontier, the solutions,
    the diagnosis and the proposals bargain over; the other rated parties' utilities are
    reported beside them, not maximised, and their red lines, links and reservation values
    do not constrain the agreement (:mod:`accord.analysis.bargainers`). The resolved tuple
    is :attr:`bargainers`; an id that is not a rated party raises UnknownIdError.

    ``time_limit`` bounds each question asked (seconds of wall-clock time; None: no limit;
    60 s by default): an optimisation cut short answers with the best agreement found,
    marked ``optimal=False``; anything else cut short raises TimeLimitError saying what it
    could not do and what to try instead. ``progress(message, fraction)``, when given,
    hears how far long computations have got (the command line draws a bar with it).
    """

    def __init__(
        self,
        scenario: Scenario,
        notes: tuple[str, ...] = (),
        *,
        bargainers: Sequence[str] | None = None,
        time_limit: float | None = TIME_LIMIT,
        progress: Progress | None = None,
    ) -> None:
        if isinstance(bargainers, str):
            raise AnalysisError(f"bargainers takes a list of party ids, such as [{bargainers!r}], not a string")
        try:
            self.bargainers: tuple[str, ...] = scenario.bargaining_parties(bargainers)
        except UnknownIdError as err:
            where = "bargainers" if bargainers is not None else f"{scenario.source or scenario.title}: bargainers"
            raise UnknownIdError(err.kind, err.id, err.known, where=where) from None
        self._chosen_by = (
            "explicit" if bargainers is not None else "file" if scenario.bargainers is not None else "roles"
        )
        self._view: Scenario | None = None
        self.scenario = scenario
        self.notes = notes
        self.time_limit = time_limit
        self.progress = progress
        self._frontiers: dict[tuple[float, ...], Frontier] = {}
        self._unlisted: dict[tuple[float, ...], FrontierTooLargeError | TimeLimitError] = {}
        self._diagnoses: dict[tuple[float, ...], Diagnosis] = {}
        self._cores: dict[tuple[float, ...], Core] = {}

    def __repr__(self) -> str:
        return (
            f"<Case {self.scenario.title!r}: {len(self.scenario.parties)} parties, {len(self.scenario.points)} points>"
        )

    @property
    def reported_parties(self) -> tuple[str, ...]:
        """The rated parties who do not bargain: their utilities are reported, not maximised."""
        return _bargainers.others(self.scenario, self.bargainers)

    def _bargain(self) -> Scenario:
        """The scenario the bargain is analysed on: the bargainers' preferences only
        (AnalysisError when no rated party bargains)."""
        if self._view is None:
            self._view = _bargainers.bargaining_view(self.scenario, self.bargainers, chosen_by=self._chosen_by)
        return self._view

    def disagreement(self, disagreement: Disagreement = "reservation") -> tuple[float, ...]:
        """The disagreement point, one value per bargaining party."""
        values = self.no_deal(disagreement)
        return tuple(values[p] for p in self.bargainers)

    def no_deal(self, disagreement: Disagreement = "reservation") -> dict[str, float]:
        """Every rated party's no-deal value: its reservation value, zero, or the numbers
        given (one per bargaining party, the others keeping their reservation values, or one
        per rated party). The bargainers' values are the disagreement point; the others'
        say only who would rather have no deal than a draft."""
        numbers = None
        if isinstance(disagreement, str):
            if disagreement == "zero":
                return dict.fromkeys(self.scenario.rated_parties, 0.0)
            if disagreement != "reservation":
                raise AnalysisError(f"unknown disagreement {disagreement!r}; use 'reservation', 'zero' or numbers")
        else:
            numbers = disagreement
        return _bargainers.no_deal(self.scenario, self.bargainers, numbers)

    def _limit(self, limit: TimeLimit | None) -> Deadline:
        """The deadline of one question: the one given (shared by the steps of a larger
        question), else a new one of ``time_limit`` seconds."""
        return as_deadline(self.time_limit) if limit is None else as_deadline(limit)

    def frontier(self, disagreement: Disagreement = "reservation", *, time_limit: TimeLimit | None = None) -> Frontier:
        """The Pareto frontier of the agreements every bargaining party prefers to no deal,
        with the other rated parties' utilities of each (``reported``).

        The Pareto-list merge answers whenever tied points are few enough to merge;
        otherwise CP-SAT does: for two parties the lexicographic epsilon-constraint sweep, for
        three or more the disjunctive-constraint method of Klein & Hannan (1982) as refined by
        Sylva & Crema (2004). A frontier too large to list, or not listed within the time
        limit, raises FrontierTooLargeError or TimeLimitError, and the Case remembers it (a
        new Case with a longer ``time_limit`` tries again).
        """
        d = self.disagreement(disagreement)
        if d in self._unlisted:
            raise self._unlisted[d]
        if d not in self._frontiers:
            deadline = self._limit(time_limit)
            view = self._bargain()
            try:
                found = pareto.frontier(view, d, time_limit=deadline, progress=self.progress)
            except NeedsSolverError:
                from accord.analysis import cpsat  # OR-Tools loads in about 0.7 s: only when needed

                found = cpsat.frontier_cpsat(view, d, time_limit=deadline, progress=self.progress)
            except (FrontierTooLargeError, TimeLimitError) as err:
                self._unlisted[d] = err  # remembered: the merge is not run twice to fail twice
                raise
            self._frontiers[d] = _bargainers.with_reported_frontier(self.scenario, found, self.reported_parties)
        return self._frontiers[d]

    def solutions(
        self, disagreement: Disagreement = "reservation", *, time_limit: TimeLimit | None = None
    ) -> Solutions:
        """Nash, Kalai-Smorodinsky, egalitarian and utilitarian solutions.

        From the frontier when it can be listed within half the time limit; otherwise each
        one by the constraint solver in the time left (a solution the limit cut short is the
        best found, with ``optimal=False``).
        """
        deadline = self._limit(time_limit)
        try:
            found = bargaining.solutions(self.frontier(disagreement, time_limit=_half(deadline)))
        except (FrontierTooLargeError, TimeLimitError):
            return self._solved(self.disagreement(disagreement), deadline)
        return _bargainers.with_reported_solutions(self.scenario, found, self.reported_parties)

    def _solved(self, d: tuple[float, ...], deadline: Deadline) -> Solutions:
        """The four solutions by the constraint solver, side by side; those that found no
        agreement within the time limit are None and named in ``unsolved``."""
        from accord.analysis import cpsat

        missing: list[str] = []
        view = self._bargain()
        found = cpsat.optima_cpsat(
            view, _SOLVER_ORDER, d, time_limit=deadline, progress=self.progress, unsolved=missing
        )
        unsolved = tuple(n for n in SOLUTION_NAMES if n in missing)
        solved = Solutions(**found, parties=view.rated_parties, unsolved=unsolved)
        return _bargainers.with_reported_solutions(self.scenario, solved, self.reported_parties)

    def diagnose(self, disagreement: Disagreement = "reservation", *, time_limit: TimeLimit | None = None) -> Diagnosis:
        """Whether any agreement respects every bargaining party's red lines, links and
        reservation value; if not, the minimal correction sets.

        Computed once per disagreement point (the correction-set enumeration is the costly part)."""
        from accord.analysis import feasibility

        d = self.disagreement(disagreement)
        if d not in self._diagnoses:
            deadline = self._limit(time_limit)
            self._diagnoses[d] = feasibility.diagnose(self._bargain(), d, time_limit=deadline, progress=self.progress)
        return self._diagnoses[d]

    def core(self, disagreement: Disagreement = "reservation", *, time_limit: TimeLimit | None = None) -> Core:
        """The core of the deal: per point, the options of some agreement every bargaining
        party accepts and of some Pareto-optimal one, the points fixed to one option and what
        frees each (:mod:`accord.analysis.core`). Exact; what the time limit cuts short is
        marked (``Core.complete``), not raised. A complete core is kept per disagreement point."""
        return self._core(self.disagreement(disagreement), self._limit(time_limit))

    def _core(self, d: tuple[float, ...], deadline: Deadline, *, search: bool = True) -> Core:
        """:meth:`core`; without ``search``, a frontier too large to list leaves its options
        undecided (the solver's search for them may take the whole time limit)."""
        from accord.analysis.core import core

        if d not in self._cores:
            try:
                listed: Frontier | None = self.frontier(d, time_limit=_half(deadline))
            except (FrontierTooLargeError, TimeLimitError):
                listed = None
            method: Literal["auto", "solver"] = "auto" if listed is not None else "solver"
            view, progress = self._bargain(), self.progress
            found = core(view, d, listed, method=method, search_frontier=search, time_limit=deadline, progress=progress)
            if not found.complete:
                return found
            self._cores[d] = found
        return self._cores[d]

    def ties(self, disagreement: Disagreement = "reservation") -> dict[SolutionName, int]:
        """For the Nash and utilitarian solutions, how many frontier outcomes share the best
        score, where several do (the solution shown is the first in frontier order)."""
        return standing.ties(self.frontier(disagreement), self.solutions(disagreement))

    def breaks(self, draft: str) -> dict[str, list[str]]:
        """Per rated party (bargaining or not): the red lines and links that ``draft``'s
        decided points break."""
        return standing.breaks(self.scenario, draft)

    def acceptable_to(self, draft: str, disagreement: Disagreement = "reservation") -> tuple[str, ...]:
        """The rated parties (bargaining or not) that accept ``draft`` however its open points
        are filled: their utility is at least their no-deal value (:meth:`no_deal`)."""
        utility = draft_utility(self.scenario, self.scenario.draft(draft))  # this draft only, not all of them
        values = self.no_deal(disagreement)
        return standing.acceptable_to(utility, utility.parties, [values[p] for p in utility.parties])

    def analyze(self, disagreement: Disagreement = "reservation") -> Analysis:
        """The whole analysis: frontier (or why it is too large), the four solutions, each
        draft's standing, the core of the deal, and, when no agreement exists, the diagnosis
        in sentences."""
        started = time.perf_counter()
        d = self.disagreement(disagreement)
        no_deal = self.no_deal(disagreement)
        deadline = self._limit(None)  # one budget: the frontier may take half, the solver the rest
        frontier: Frontier | None
        try:
            frontier, too_large = self.frontier(d, time_limit=_half(deadline)), ""
        except (FrontierTooLargeError, TimeLimitError) as err:
            frontier, too_large = None, str(err).rstrip(".")
        if frontier is None:
            solutions = self._solved(d, deadline)
        else:
            solutions = _bargainers.with_reported_solutions(
                self.scenario, bargaining.solutions(frontier), self.reported_parties
            )
        drafts = self.drafts() if self.scenario.drafts else ()
        listed = frontier is not None and bool(frontier.outcomes)
        empty = frontier is not None and not frontier.outcomes
        consensus_of = standing.consensus_draft(self.scenario)
        has_stances = consensus_of is not None and any(s.draft == consensus_of for s in self.scenario.stances)
        core = self._core(d, deadline, search=frontier is not None)  # before `seconds` is read
        return Analysis(
            parties=self.bargainers,
            disagreement=d,
            frontier=frontier,
            solutions=solutions,
            drafts=drafts,
            too_large=too_large,
            gains={x.draft: x.gain for x in self.distances(d)} if listed else {},
            acceptable_to={
                x.draft: standing.acceptable_to(x, x.parties, [no_deal[p] for p in x.parties]) for x in drafts
            },
            breaks={x.draft: self.breaks(x.draft) for x in drafts},
            diagnosis=self.diagnose(d, time_limit=deadline) if empty else None,
            explanation=tuple(self.explain(d)) if empty else (),
            ties=standing.ties(frontier, solutions) if listed and frontier is not None else {},
            consensus=self.consensus(consensus_of) if has_stances and consensus_of is not None else None,
            seconds=time.perf_counter() - started,
            reported_parties=self.reported_parties,
            no_deal=no_deal,
            core=core,
        )

    def explain(self, disagreement: Disagreement = "reservation") -> list[str]:
        """The diagnosis in sentences a mediator reads (the bargaining parties' constraints)."""
        from accord.analysis import feasibility

        return feasibility.explain(self.diagnose(disagreement), self._bargain())

    def drafts(self) -> tuple[DraftUtility, ...]:
        """Each draft's utility for every rated party (a range where points are open)."""
        return draft_utilities(self.scenario)

    def distances(self, disagreement: Disagreement = "reservation") -> tuple[DraftDistance, ...]:
        """How much every bargaining party could gain together over each complete draft."""
        return distances(self._bargain(), self.frontier(disagreement))

    def diff(self, a: str, b: str) -> DraftDiff:
        """What changed from draft ``a`` to draft ``b``: each point that differs, in the
        options' words, and each rated party's utility change (a range where points are
        open); UnknownIdError for an unknown draft (:mod:`accord.analysis.diff`)."""
        return draft_diff(self.scenario, a, b)

    def record(self, draft: str) -> dict[tuple[str, str | None], tuple[Said, ...]]:
        """Every (party, point) with a stance on ``draft``, stated or carried from an
        ancestor, with its history oldest first (point None: the draft as a whole;
        :mod:`accord.model.record`)."""
        return stance_record(self.scenario, self.scenario.draft(draft).id)

    def consensus(self, draft: str | None = None) -> ConsensusMap:
        """The consensus map of ``draft``; by default of the latest draft that has stances
        on record, else the last draft (the rule ``accord analyze`` follows too)."""
        chosen = draft or standing.consensus_draft(self.scenario) or self.latest_draft()
        return consensus_map(self.scenario, chosen)

    def propose(
        self,
        from_draft: str | None = None,
        method: SolutionName | str = "nash",
        n: int = 5,
        disagreement: Disagreement = "reservation",
    ) -> tuple[proposals.Proposal, ...]:
        """Ranked compromise versions near ``from_draft`` (default: the last draft in the
        file), by ``method``: ``nash``, ``kalai_smorodinsky`` (or ``ks``), ``egalitarian`` or
        ``utilitarian``, in the order :func:`accord.analysis.proposals.ranking_rule` states.
        Unknown drafts or methods raise UnknownIdError, with the known ones. The proposals
        bargain over :attr:`bargainers`; the other rated parties' utilities are in each
        proposal's ``reported`` and ``reported_before``, their per-point gains in
        ``point_gains``."""
        draft = self.scenario.draft(from_draft).id if from_draft else self.latest_draft()
        frontier = self.frontier(disagreement)
        found = proposals.propose(self._bargain(), frontier, draft, solution_name(method), n, everyone=self.scenario)
        return _bargainers.with_reported_proposals(self.scenario, found, self.reported_parties, draft)

    def robust(
        self,
        *,
        samples: int = 1000,
        seed: int = 0,
        solution_samples: int | None = None,
        solutions: Sequence[SolutionName | str] = SOLUTION_NAMES,
        proposals: bool = True,
        workers: int | None = None,
        scheduler: str | None = None,
    ) -> Robustness:
        """How sure the conclusions are when the preferences are uncertain: ``samples``
        preference profiles drawn from the ranges and probabilities of the scenario (seeded
        by ``seed``), with the acceptance of every draft, solution and proposal, whether a
        deal exists, how often each option is in each of ``solutions`` (over the first
        ``solution_samples`` samples, at most 500 by default), the robust compromise and
        the estimates that matter most (:mod:`accord.analysis.robust`). The work runs in this
        process, on ``workers`` local processes, or on the Dask cluster at ``scheduler``,
        with the same numbers whichever (:mod:`accord.batch`)."""
        from accord.api_robust import robust

        return robust(
            self,
            samples=samples,
            seed=seed,
            solution_samples=solution_samples,
            solutions=solutions,
            proposals=proposals,
            workers=workers,
            scheduler=scheduler,
        )

    def latest_draft(self) -> str:
        """The id of the last draft in the file; AnalysisError when there is none."""
        if not self.scenario.drafts:
            raise AnalysisError(f"{self.scenario.source or self.scenario.title}: the scenario has no drafts")
        return self.scenario.drafts[-1].id
