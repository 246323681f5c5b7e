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

from collections.abc import Sequence
from pathlib import Path

from accord.analysis import bargaining, pareto, proposals
from accord.analysis.consensus import ConsensusMap, consensus_map
from accord.analysis.drafts import DraftDistance, DraftUtility, distances, draft_utilities
from accord.analysis.results import Diagnosis, Frontier, Solutions
from accord.errors import AnalysisError, FrontierTooLargeError, NeedsSolverError
from accord.formats.detect import load as _detect_load
from accord.model import Scenario

_SOLUTIONS = ("egalitarian", "kalai_smorodinsky", "nash", "utilitarian")
"""The four solutions, slowest to solve first (they run side by side on the solver path)."""

Disagreement = str | Sequence[float]
"""``"reservation"`` (each party's reservation value), ``"zero"``, or explicit values."""


def load(path: str | Path) -> Case:
    """Read an accord scenario file or a GENIUS / GeniusWeb folder."""
    imported = _detect_load(Path(path))
    return Case(imported.scenario, imported.notes)


class Case:
    """One scenario and the analyses of it."""

    def __init__(self, scenario: Scenario, notes: tuple[str, ...] = ()) -> None:
        self.scenario = scenario
        self.notes = notes
        self._frontiers: dict[tuple[float, ...], Frontier] = {}
        self._too_large: dict[tuple[float, ...], FrontierTooLargeError] = {}

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

    def frontier(self, disagreement: Disagreement = "reservation") -> Frontier:
        """The Pareto frontier of the individually rational agreements.

        The Pareto-list merge answers whenever tied points are few enough to merge;
        otherwise the CP-SAT epsilon-constraint path does.
        """
        d = self.disagreement(disagreement)
        if d in self._too_large:
            raise self._too_large[d]
        if d not in self._frontiers:
            try:
                self._frontiers[d] = pareto.frontier(self.scenario, d)
            except NeedsSolverError:
                from accord.analysis import cpsat  # OR-Tools loads in about 0.7 s: only when needed

                self._frontiers[d] = cpsat.frontier_cpsat(self.scenario, d)
            except FrontierTooLargeError as err:
                self._too_large[d] = err  # remembered: the merge is not run twice to fail twice
                raise
        return self._frontiers[d]

    def solutions(self, disagreement: Disagreement = "reservation") -> Solutions:
        """Nash, Kalai-Smorodinsky, egalitarian and utilitarian solutions.

        From the frontier when it can be listed; otherwise each one by the constraint solver.
        """
        try:
            return bargaining.solutions(self.frontier(disagreement))
        except FrontierTooLargeError:
            from accord.analysis import cpsat

            d = self.disagreement(disagreement)
            return Solutions(**cpsat.optima_cpsat(self.scenario, _SOLUTIONS, d))

    def diagnose(self, disagreement: Disagreement = "reservation") -> Diagnosis:
        """Whether any agreement respects every constraint; if not, the minimal correction sets."""
        from accord.analysis import feasibility

        return feasibility.diagnose(self.scenario, self.disagreement(disagreement))

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
        """The consensus map of ``draft`` (default: the last draft in the file)."""
        return consensus_map(self.scenario, draft or self.latest_draft())

    def propose(
        self,
        from_draft: str | None = None,
        method: str = "nash",
        n: int = 5,
        disagreement: Disagreement = "reservation",
    ) -> tuple[proposals.Proposal, ...]:
        """Ranked compromise versions near ``from_draft`` (default: the last draft)."""
        draft = from_draft or self.latest_draft()
        return proposals.propose(self.scenario, self.frontier(disagreement), draft, method, n)

    def latest_draft(self) -> str:
        """The id of the last draft in the file; AnalysisError when there is none."""
        if not self.scenario.drafts:
            raise AnalysisError(f"{self.scenario.source or self.scenario.title}: the scenario has no drafts")
        return self.scenario.drafts[-1].id
