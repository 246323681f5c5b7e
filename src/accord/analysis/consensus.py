"""The consensus map: for one draft, who accepts, criticises or rejects each point.

Built from recorded stances only (what parties said), never from confidential
preferences: a mediator's screen may show it to everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.display import Cell, Shown, Table
from accord.model import Scenario, StanceKind, Value


@dataclass(frozen=True)
class PointConsensus:
    """What each party said about one point of a draft (``None``: said nothing)."""

    point: str
    choice: Value | None
    stances: dict[str, StanceKind | None]
    proposals: dict[str, Value]

    def count(self, kind: StanceKind) -> int:
        """How many parties took stance ``kind``."""
        return sum(1 for s in self.stances.values() if s is kind)

    @property
    def contested(self) -> bool:
        """Whether any party called this point unacceptable or proposed an amendment."""
        return any(s in (StanceKind.UNACCEPTABLE, StanceKind.AMEND) for s in self.stances.values())

    def said(self, party: str) -> str | None:
        """What ``party`` said, as a word (``amend: h35`` with its proposal); None: nothing."""
        stance = self.stances.get(party)
        if stance is None:
            return None
        proposal = self.proposals.get(party)
        return f"{stance.value}: {proposal}" if proposal is not None else stance.value


@dataclass(frozen=True, repr=False)
class ConsensusMap(Shown):
    """Parties x points for one draft, plus the stances on the draft as a whole."""

    draft: str
    parties: tuple[str, ...]
    points: tuple[PointConsensus, ...]
    overall: dict[str, StanceKind | None]

    def contested_points(self) -> tuple[str, ...]:
        """Ids of the points some party rejects or wants amended."""
        return tuple(p.point for p in self.points if p.contested)

    def _table(self, limit: int) -> Table:
        rows: list[tuple[Cell, ...]] = [
            (p.point, p.choice, *(p.said(party) for party in self.parties)) for p in self.points[:limit]
        ]
        if len(rows) < limit:
            overall = (self.overall.get(party) for party in self.parties)
            rows.append(("(whole draft)", None, *(s.value if s else None for s in overall)))
        contested = ", ".join(self.contested_points()) or "none"
        summary = f"draft {self.draft!r}, {len(self.points)} points; contested: {contested}"
        return Table("ConsensusMap", summary, ("point", "choice", *self.parties), tuple(rows), len(self.points) + 1)


def consensus_map(scenario: Scenario, draft_id: str) -> ConsensusMap:
    """The consensus map of one draft; the latest stance of a party on a point wins.

    Raises UnknownIdError (a KeyError) with a did-you-mean for an unknown draft.
    """
    draft = scenario.draft(draft_id)
    parties = tuple(p.id for p in scenario.parties)
    rows = []
    for point in scenario.points:
        said: dict[str, StanceKind | None] = dict.fromkeys(parties)
        proposals: dict[str, Value] = {}
        for stance in scenario.stances_on(draft_id, point.id):
            said[stance.party] = stance.stance
            if stance.proposal is not None:
                proposals[stance.party] = stance.proposal
            else:
                proposals.pop(stance.party, None)
        rows.append(PointConsensus(point.id, draft.choices.get(point.id), said, proposals))
    overall: dict[str, StanceKind | None] = dict.fromkeys(parties)
    for stance in scenario.stances_on(draft_id, None):
        overall[stance.party] = stance.stance
    return ConsensusMap(draft_id, parties, tuple(rows), overall)
