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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from accord.analysis import bargaining, pareto, proposals, standing
from accord.analysis.budget import TIME_LIMIT, Deadline, Progress, TimeLimit, as_deadline
from accord.analysis.consensus import ConsensusMap, consensus_map
from accord.analysis.drafts import DraftDistance, DraftUtility, distances, draft_utilities, draft_utility
from accord.analysis.results import SOLUTION_NAMES, Diagnosis, Frontier, SolutionName, Solutions, solution_name
from accord.errors import AnalysisError, FrontierTooLargeError, NeedsSolverError, TimeLimitError
from accord.formats.detect import load as _detect_load
from accord.model import Scenario

_SOLVER_ORDER: tuple[SolutionName, ...] = ("egalitarian", "kalai_smorodinsky", "nash", "utilitarian")
"""The four solutions, slowest to solve first (they run side by side on the solver path)."""

Disagreement = Literal["reservation", "zero"] | Sequence[float]
"""``"reservation"`` (each party's reservation value), ``"zero"``, or explicit values."""


def _half(deadline: Deadline) -> Deadline:
    """A deadline at half the time ``deadline`` has left (the same one when it has no limit)."""
    left = deadline.remaining()
    return deadline if left is None else Deadline(left / 2)


def load(path: str | Path, *, profiles: Sequence[str] | None = None) -> Case:
    """Read an accord scenario file or a GENIUS / GeniusWeb folder.

    ``profiles`` picks, in a folder holding several alternative profiles per side, the
    profiles to read as parties (file names without extension); None reads them all. What
    the reader noted (repairs, normalisations, which profile became which party) is in
    ``case.notes``.
    """
    imported = _detect_load(path, profiles=profiles)
    return Case(imported.scenario, imported.notes)


@dataclass(frozen=True)
class Analysis:
    """Everything ``accord analyze`` reports on one scenario, computed by :meth:`Case.analyze`.

    ``frontier`` is None when it is too large to list (``too_large`` says why; the solutions
    then come from the constraint solver). ``diagnosis`` and ``explanation`` are set only when
    no agreement is acceptable to every party. Per draft (by id): ``acceptable_to`` the parties
    that accept it however its open points are filled, ``breaks`` the red lines and links it
    breaks per party, ``gains`` its common gain (complete drafts, listed frontier only).
    """

    parties: tuple[str, ...]
    disagreement: tuple[float, ...]
    frontier: Frontier | None
    solutions: Solutions
    drafts: tuple[DraftUtility, ...] = ()
    too_large: str = ""
    gains: Mapping[str, float] = field(default_factory=dict)
    acceptable_to: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    breaks: Mapping[str, Mapping[str, list[str]]] = field(default_factory=dict)
    diagnosis: Diagnosis | None = None
    explanation: tuple[str, ...] = ()
    ties: Mapping[SolutionName, int] = field(default_factory=dict)
    consensus: ConsensusMap | None = None
    seconds: float = 0.0

    @property
    def feasible(self) -> bool:
        """Whether some agreement is acceptable to every party."""
        return self.frontier is None or bool(self.frontier.outcomes)

    def __repr__(self) -> str:
        size = "too large to list" if self.frontier is None else f"{len(self.frontier.outcomes)} points"
        return (
            f"<Analysis: {len(self.parties)} parties, frontier {size}, {len(self.drafts)} drafts, "
            f"{'feasible' if self.feasible else 'no agreement'}>"
        )


class Case:
    """One scenario and the analyses of it.

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
        time_limit: float | None = TIME_LIMIT,
        progress: Progress | None = None,
    ) -> None:
        self.scenario = scenario
        self.notes = notes
        self.time_limit = time_limit
        self.progress = progress
        self._frontiers: dict[tuple[float, ...], Frontier] = {}
        self._unlisted: dict[tuple[float, ...], FrontierTooLargeError | TimeLimitError] = {}
        self._diagnoses: dict[tuple[float, ...], Diagnosis] = {}

    def __repr__(self) -> str:
        return (
            f"<Case {self.scenario.title!r}: {len(self.scenario.parties)} parties, {len(self.scenario.points)} points>"
        )

    def disagreement(self, disagreement: Disagreement = "reservation") -> tuple[float, ...]:
        """The disagreement point, one value per rated party."""
        parties = self.scenario.rated_parties
        if disagreement == "reservation":
            return tuple(self.scenario.preferences[p].reservation for p in parties)
        if disagreement == "zero":
            return tuple(0.0 for _ in parties)
        if isinstance(disagreement, str):
            raise AnalysisError(f"unknown disagreement {disagreement!r}; use 'reservation', 'zero' or numbers")
        return tuple(float(x) for x in disagreement)

    def _limit(self, limit: TimeLimit | None) -> Deadline:
        """The deadline of one question: the one given (shared by the steps of a larger
        question), else a new one of ``time_limit`` seconds."""
        return as_deadline(self.time_limit) if limit is None else as_deadline(limit)

    def frontier(self, disagreement: Disagreement = "reservation", *, time_limit: TimeLimit | None = None) -> Frontier:
        """The Pareto frontier of the individually rational agreements.

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
            try:
                self._frontiers[d] = pareto.frontier(self.scenario, d, time_limit=deadline, progress=self.progress)
            except NeedsSolverError:
                from accord.analysis import cpsat  # OR-Tools loads in about 0.7 s: only when needed

                self._frontiers[d] = cpsat.frontier_cpsat(self.scenario, d, time_limit=deadline, progress=self.progress)
            except (FrontierTooLargeError, TimeLimitError) as err:
                self._unlisted[d] = err  # remembered: the merge is not run twice to fail twice
                raise
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
            return bargaining.solutions(self.frontier(disagreement, time_limit=_half(deadline)))
        except (FrontierTooLargeError, TimeLimitError):
            return self._solved(self.disagreement(disagreement), deadline)

    def _solved(self, d: tuple[float, ...], deadline: Deadline) -> Solutions:
        """The four solutions by the constraint solver, side by side; those that found no
        agreement within the time limit are None and named in ``unsolved``."""
        from accord.analysis import cpsat

        missing: list[str] = []
        found = cpsat.optima_cpsat(
            self.scenario, _SOLVER_ORDER, d, time_limit=deadline, progress=self.progress, unsolved=missing
        )
        unsolved = tuple(n for n in SOLUTION_NAMES if n in missing)
        return Solutions(**found, parties=self.scenario.rated_parties, unsolved=unsolved)

    def diagnose(self, disagreement: Disagreement = "reservation", *, time_limit: TimeLimit | None = None) -> Diagnosis:
        """Whether any agreement respects every constraint; if not, the minimal correction sets.

        Computed once per disagreement point (the correction-set enumeration is the costly part)."""
        from accord.analysis import feasibility

        d = self.disagreement(disagreement)
        if d not in self._diagnoses:
            deadline = self._limit(time_limit)
            self._diagnoses[d] = feasibility.diagnose(self.scenario, d, time_limit=deadline, progress=self.progress)
        return self._diagnoses[d]

    def ties(self, disagreement: Disagreement = "reservation") -> dict[SolutionName, int]:
        """For the Nash and utilitarian solutions, how many frontier outcomes share the best
        score, where several do (the solution shown is the first in frontier order)."""
        return standing.ties(self.frontier(disagreement), self.solutions(disagreement))

    def breaks(self, draft: str) -> dict[str, list[str]]:
        """Per party: the red lines and links that ``draft``'s decided points break."""
        return standing.breaks(self.scenario, draft)

    def acceptable_to(self, draft: str, disagreement: Disagreement = "reservation") -> tuple[str, ...]:
        """The parties that accept ``draft`` however its open points are filled."""
        utility = draft_utility(self.scenario, self.scenario.draft(draft))  # this draft only, not all of them
        return standing.acceptable_to(utility, self.scenario.rated_parties, self.disagreement(disagreement))

    def analyze(self, disagreement: Disagreement = "reservation") -> Analysis:
        """The whole analysis: frontier (or why it is too large), the four solutions, each
        draft's standing, and, when no agreement exists, the diagnosis in sentences."""
        started = time.perf_counter()
        d = self.disagreement(disagreement)
        deadline = self._limit(None)  # one budget: the frontier may take half, the solver the rest
        frontier: Frontier | None
        try:
            frontier, too_large = self.frontier(d, time_limit=_half(deadline)), ""
        except (FrontierTooLargeError, TimeLimitError) as err:
            frontier, too_large = None, str(err).rstrip(".")
        solutions = bargaining.solutions(frontier) if frontier is not None else self._solved(d, deadline)
        drafts = self.drafts() if self.scenario.drafts else ()
        listed = frontier is not None and bool(frontier.outcomes)
        empty = frontier is not None and not frontier.outcomes
        parties = self.scenario.rated_parties
        consensus_of = standing.consensus_draft(self.scenario)
        has_stances = consensus_of is not None and any(s.draft == consensus_of for s in self.scenario.stances)
        return Analysis(
            parties=parties,
            disagreement=d,
            frontier=frontier,
            solutions=solutions,
            drafts=drafts,
            too_large=too_large,
            gains={x.draft: x.gain for x in self.distances(d)} if listed else {},
            acceptable_to={x.draft: standing.acceptable_to(x, parties, d) for x in drafts},
            breaks={x.draft: self.breaks(x.draft) for x in drafts},
            diagnosis=self.diagnose(d, time_limit=deadline) if empty else None,
            explanation=tuple(self.explain(d)) if empty else (),
            ties=standing.ties(frontier, solutions) if listed and frontier is not None else {},
            consensus=self.consensus(consensus_of) if has_stances and consensus_of is not None else None,
            seconds=time.perf_counter() - started,
        )

    def explain(self, disagreement: Disagreement = "reservation") -> list[str]:
        """The diagnosis in sentences a mediator reads."""
        from accord.analysis import feasibility

        return feasibility.explain(self.diagnose(disagreement), self.scenario)

    def drafts(self) -> tuple[DraftUtility, ...]:
        """Each draft's utility for every rated party (a range where points are open)."""
        return draft_utilities(self.scenario)

    def distances(self, disagreement: Disagreement = "reservation") -> tuple[DraftDistance, ...]:
        """How much every party could gain together over each complete draft."""
        return distances(self.scenario, self.frontier(disagreement))

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
        ``utilitarian``. Unknown drafts or methods raise UnknownIdError, with the known ones."""
        draft = self.scenario.draft(from_draft).id if from_draft else self.latest_draft()
        return proposals.propose(self.scenario, self.frontier(disagreement), draft, solution_name(method), n)

    def latest_draft(self) -> str:
        """The id of the last draft in the file; AnalysisError when there is none."""
        if not self.scenario.drafts:
            raise AnalysisError(f"{self.scenario.source or self.scenario.title}: the scenario has no drafts")
        return self.scenario.drafts[-1].id
