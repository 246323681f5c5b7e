"""What :meth:`accord.api.Case.analyze` returns: :class:`Analysis`, everything ``accord
analyze`` reports on one scenario (moved here from :mod:`accord.api`, which re-exports it,
to keep that module small)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from accord.analysis.consensus import ConsensusMap
from accord.analysis.drafts import DraftUtility
from accord.analysis.results import Diagnosis, Frontier, SolutionName, Solutions

if TYPE_CHECKING:  # the core's solver loads when a core is computed
    from accord.analysis.core import Core


@dataclass(frozen=True)
class Analysis:
    """Everything ``accord analyze`` reports on one scenario, computed by :meth:`Case.analyze`.

    ``parties`` are the parties who bargained (:attr:`Case.bargainers`): the frontier, the
    solutions, ``disagreement``, ``gains`` and the diagnosis are theirs. ``reported_parties``
    are the rated parties who did not (mediators, observers): their utilities are reported,
    not maximised, in ``frontier.reported`` and each solution's ``reported``. The drafts'
    standing covers every rated party, with ``no_deal`` the no-deal value of each.

    ``frontier`` is None when it is too large to list (``too_large`` says why; the solutions
    then come from the constraint solver). ``diagnosis`` and ``explanation`` are set only when
    no agreement is acceptable to every party. Per draft (by id): ``acceptable_to`` the parties
    that accept it however its open points are filled, ``breaks`` the red lines and links it
    breaks per party, ``gains`` its common gain (complete drafts, listed frontier only).
    ``core``: the core of the deal (:meth:`Case.core`; None in an Analysis built by hand).
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
    reported_parties: tuple[str, ...] = ()
    no_deal: Mapping[str, float] = field(default_factory=dict)
    core: Core | None = None

    @property
    def feasible(self) -> bool:
        """Whether some agreement is acceptable to every party."""
        return self.frontier is None or bool(self.frontier.outcomes)

    def __repr__(self) -> str:
        size = "too large to list" if self.frontier is None else f"{len(self.frontier.outcomes)} points"
        others = f" (+{len(self.reported_parties)} not bargaining)" if self.reported_parties else ""
        return (
            f"<Analysis: {len(self.parties)} parties{others}, frontier {size}, {len(self.drafts)} drafts, "
            f"{'feasible' if self.feasible else 'no agreement'}>"
        )
