"""The results a figure draws, and the one place a figure reads a party's utility.

Every figure function takes ``parties``: the parties whose utilities it may show (a report
passes only those a viewer may see). Figures read utilities only through :class:`Visible`,
which refuses any other party, so a figure carries no value of another party: not in a
hidden trace, a hover text or a label.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from accord.analysis.drafts import DraftUtility
from accord.analysis.results import Frontier, Outcome, Solution, Solutions
from accord.errors import AnalysisError, UnknownIdError

if TYPE_CHECKING:
    from accord.analysis.proposals import Proposal
    from accord.api_types import Analysis
    from accord.model import Scenario


@dataclass(frozen=True)
class PlotData:
    """What the utility figures draw, as the analysis returns it.

    ``frontier`` (None: too large to list), ``solutions``, ``drafts`` (every rated party's
    range, :func:`accord.analysis.drafts.draft_utilities`) and ``proposals`` hold the
    bargainers' utilities and, in ``reported``, the other rated parties'. ``no_deal`` is
    each rated party's no-deal value (``Analysis.no_deal``), ``names`` each party's name
    (ids stand for themselves when missing) and ``title`` the scenario's title.
    """

    frontier: Frontier | None = None
    solutions: Solutions | None = None
    drafts: Sequence[DraftUtility] = ()
    proposals: Sequence[Proposal] = ()
    no_deal: Mapping[str, float] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    title: str = ""

    @classmethod
    def of(cls, scenario: Scenario, analysis: Analysis) -> PlotData:
        """What the figures of one analysis draw: its frontier, solutions and drafts, every
        rated party's no-deal value, the parties' names and the scenario's title."""
        return cls(
            frontier=analysis.frontier,
            solutions=analysis.solutions,
            drafts=analysis.drafts,
            no_deal=analysis.no_deal,
            names={p.id: p.name for p in scenario.parties},
            title=scenario.title,
        )

    @property
    def bargainers(self) -> tuple[str, ...]:
        """The parties who bargain (those of the frontier or the solutions)."""
        if self.frontier is not None:
            return self.frontier.parties
        if self.solutions is not None and self.solutions.parties:
            return self.solutions.parties
        return self.proposals[0].parties if self.proposals else ()

    def rated(self) -> tuple[str, ...]:
        """Every party with a utility in the results: the bargainers, then the others."""
        out = list(self.bargainers)
        sources: list[Mapping[str, float]] = [self.no_deal]
        if self.frontier is not None and self.frontier.reported:
            sources.append(self.frontier.reported[0])
        sources += [s.reported for s in (self.solutions.found().values() if self.solutions else ())]
        for source in sources:
            out += [p for p in source if p not in out]
        for d in self.drafts:
            out += [p for p in d.parties if p not in out]
        return tuple(out)


@dataclass(frozen=True)
class Visible:
    """Reads utilities from :class:`PlotData`, for ``parties`` only."""

    data: PlotData
    parties: tuple[str, ...]

    @classmethod
    def of(cls, data: PlotData, parties: Sequence[str]) -> Visible:
        """The view of ``data`` for ``parties`` (each a party the results rate, named once;
        UnknownIdError with a did-you-mean otherwise)."""
        if isinstance(parties, str):
            raise AnalysisError(f"parties takes a list of party ids, such as [{parties!r}], not a string")
        rated = data.rated()
        seen: list[str] = []
        for party in parties:
            if party not in rated:
                raise UnknownIdError("rated party", party, rated)
            if party not in seen:
                seen.append(party)
        return cls(data, tuple(seen))

    def _check(self, party: str) -> None:
        if party not in self.parties:
            raise AnalysisError(f"party {party!r} is not among the parties this figure may show")

    def name(self, party: str) -> str:
        """The party's name, marked ``(not bargaining)`` when it does not bargain."""
        self._check(party)
        name = self.data.names.get(party, party)
        return name if party in self.data.bargainers else f"{name} (not bargaining)"

    def outcome(self, party: str, outcome: Outcome, reported: Mapping[str, float], of: Sequence[str]) -> float:
        """The party's utility of an outcome whose utilities are in the order of ``of``,
        with ``reported`` the other parties'."""
        self._check(party)
        if party in of:
            return outcome.utilities[list(of).index(party)]
        if party in reported:
            return reported[party]
        raise AnalysisError(f"the results hold no utility of {party!r}")

    def frontier(self, party: str) -> list[float]:
        """The party's utility of every frontier outcome, in frontier order."""
        self._check(party)
        f = self.data.frontier
        if f is None:
            return []
        if party in f.parties:
            i = f.parties.index(party)
            return [o.utilities[i] for o in f.outcomes]
        if f.outcomes and not f.reported:
            raise AnalysisError(f"the frontier holds no utility of {party!r}")
        return [r[party] for r in f.reported]

    def solution(self, party: str, solution: Solution) -> float:
        """The party's utility of a solution."""
        of = self.data.solutions.parties if self.data.solutions is not None else ()
        return self.outcome(party, solution.outcome, solution.reported, of)

    def proposal(self, party: str, proposal: Proposal) -> float:
        """The party's utility of a proposal."""
        return self.outcome(party, proposal.outcome, proposal.reported, proposal.parties)

    def draft(self, party: str, draft: DraftUtility) -> tuple[float, float]:
        """The party's lowest and highest utility of a draft (equal when it is complete)."""
        self._check(party)
        if party not in draft.parties:
            raise AnalysisError(f"draft {draft.draft!r} holds no utility of {party!r}")
        i = draft.parties.index(party)
        return draft.low[i], draft.high[i]

    def no_deal(self, party: str) -> float | None:
        """The party's no-deal value, if known."""
        self._check(party)
        return self.data.no_deal.get(party)


def number(value: float) -> str:
    """A utility as shown in labels and hover text: three decimals."""
    return f"{value:.3f}"
