"""The consensus map: for one draft, who accepts, criticises or rejects each point.

Built from recorded stances only (what parties said), never from confidential
preferences: a mediator's screen may show it to everyone. Each cell is a party's current
stance, the last of its history on that point (:mod:`accord.model.record`): stated on
this draft, or carried from an ancestor that says the same on the point. A cell whose
history holds a harder stance than the current one is flagged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from accord.display import Cell, Shown, Table
from accord.model import Said, Scenario, StanceKind, Value
from accord.model.record import harder, record


@dataclass(frozen=True)
class PointConsensus:
    """What each party said about one point of a draft (``None``: said nothing).

    ``stances`` holds each party's current stance and ``proposals`` the option an ``amend``
    proposes; ``history`` every stance of the party on the point, oldest first.
    """

    point: str
    choice: Value | None
    stances: dict[str, StanceKind | None]
    proposals: dict[str, Value]
    history: Mapping[str, tuple[Said, ...]] = field(default_factory=dict)

    def count(self, kind: StanceKind) -> int:
        """How many parties took stance ``kind``."""
        return sum(1 for s in self.stances.values() if s is kind)

    @property
    def contested(self) -> bool:
        """Whether any party called this point unacceptable or proposed an amendment."""
        return any(s in (StanceKind.UNACCEPTABLE, StanceKind.AMEND) for s in self.stances.values())

    def carried_from(self, party: str) -> str | None:
        """The ancestor draft the party's current stance was stated on, when carried."""
        history = self.history.get(party)
        return history[-1].carried_from if history else None

    def harder(self, party: str) -> Said | None:
        """An earlier stance of the party harder than its current one, if any."""
        history = self.history.get(party)
        return harder(history) if history else None

    def said(self, party: str) -> str | None:
        """What ``party`` said, as words: ``amend: h35``, ``unacceptable (from us-28)``,
        ``criticise (unacceptable on 2025-12-02)``; None: nothing."""
        stance = self.stances.get(party)
        if stance is None:
            return None
        proposal = self.proposals.get(party)
        words = f"{stance.value}: {proposal}" if proposal is not None else stance.value
        return words + describe_flags(self.carried_from(party), self.harder(party))


def describe_flags(carried_from: str | None, earlier: Said | None) -> str:
    """`` (from us-28; unacceptable on 2025-12-02)``, or '' when neither applies."""
    flags = [f"from {carried_from}"] if carried_from else []
    if earlier is not None:
        when = earlier.stance.date
        flags.append(f"{earlier.stance.stance.value} on {when}" if when else f"earlier {earlier.stance.stance.value}")
    return f" ({'; '.join(flags)})" if flags else ""


@dataclass(frozen=True, repr=False)
class ConsensusMap(Shown):
    """Parties x points for one draft, plus the stances on the draft as a whole."""

    draft: str
    parties: tuple[str, ...]
    points: tuple[PointConsensus, ...]
    overall: dict[str, StanceKind | None]
    overall_history: Mapping[str, tuple[Said, ...]] = field(default_factory=dict)

    def contested_points(self) -> tuple[str, ...]:
        """Ids of the points some party rejects or wants amended."""
        return tuple(p.point for p in self.points if p.contested)

    def whole_draft(self) -> PointConsensus:
        """The stances on the draft as a whole, as a row (point ``(whole draft)``)."""
        return PointConsensus("(whole draft)", None, dict(self.overall), {}, self.overall_history)

    def _table(self, limit: int) -> Table:
        rows: list[tuple[Cell, ...]] = [
            (p.point, p.choice, *(p.said(party) for party in self.parties)) for p in self.points[:limit]
        ]
        if len(rows) < limit:
            whole = self.whole_draft()
            rows.append((whole.point, None, *(whole.said(party) for party in self.parties)))
        contested = ", ".join(self.contested_points()) or "none"
        summary = f"draft {self.draft!r}, {len(self.points)} points; contested: {contested}"
        return Table("ConsensusMap", summary, ("point", "choice", *self.parties), tuple(rows), len(self.points) + 1)


def consensus_map(scenario: Scenario, draft_id: str) -> ConsensusMap:
    """The consensus map of one draft: each party's current stance per point, stated on the
    draft or carried from an ancestor, with its history.

    Raises UnknownIdError (a KeyError) with a did-you-mean for an unknown draft.
    """
    draft = scenario.draft(draft_id)
    parties = tuple(p.id for p in scenario.parties)
    held = record(scenario, draft.id)
    rows = []
    for point in scenario.points:
        history = {party: held[(party, point.id)] for party in parties if (party, point.id) in held}
        said: dict[str, StanceKind | None] = dict.fromkeys(parties)
        proposals: dict[str, Value] = {}
        for party, h in history.items():
            said[party] = h[-1].stance.stance
            if h[-1].stance.proposal is not None:
                proposals[party] = h[-1].stance.proposal
        rows.append(PointConsensus(point.id, draft.choices.get(point.id), said, proposals, history))
    whole = {party: held[(party, None)] for party in parties if (party, None) in held}
    overall: dict[str, StanceKind | None] = dict.fromkeys(parties)
    for party, h in whole.items():
        overall[party] = h[-1].stance.stance
    return ConsensusMap(draft.id, parties, tuple(rows), overall, whole)
