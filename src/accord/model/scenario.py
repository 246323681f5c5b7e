"""A scenario: the whole negotiation as plain, immutable data."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from accord.model.draft import Draft
from accord.model.party import Party
from accord.model.point import Point, Value
from accord.model.preferences import Preferences
from accord.model.stance import Stance

Agreement = Mapping[str, Value]


@dataclass(frozen=True)
class Scenario:
    """Parties, points, drafts, stances and each party's preferences.

    ``origin`` names the source format (``accord``, ``genius`` or ``geniusweb``) and
    ``source`` the file or folder it was read from.
    """

    title: str
    parties: tuple[Party, ...]
    points: tuple[Point, ...]
    drafts: tuple[Draft, ...] = ()
    stances: tuple[Stance, ...] = ()
    preferences: Mapping[str, Preferences] = field(default_factory=dict)
    description: str = ""
    origin: str = "accord"
    source: str = ""

    def party(self, party_id: str) -> Party:
        """The party with this id; KeyError if none."""
        for p in self.parties:
            if p.id == party_id:
                return p
        raise KeyError(party_id)

    def point(self, point_id: str) -> Point:
        """The point with this id; KeyError if none."""
        for p in self.points:
            if p.id == point_id:
                return p
        raise KeyError(point_id)

    def draft(self, draft_id: str) -> Draft:
        """The draft with this id; KeyError if none."""
        for d in self.drafts:
            if d.id == draft_id:
                return d
        raise KeyError(draft_id)

    @property
    def point_ids(self) -> tuple[str, ...]:
        """Point ids in document order."""
        return tuple(p.id for p in self.points)

    @property
    def rated_parties(self) -> tuple[str, ...]:
        """Ids of the parties that have preferences, in the order of ``parties``."""
        return tuple(p.id for p in self.parties if p.id in self.preferences)

    def outcome_count(self) -> int:
        """Number of complete agreements (the product of the points' value counts)."""
        return math.prod(len(p.values()) for p in self.points)

    def lineage(self, draft_id: str) -> tuple[str, ...]:
        """The draft's ancestors, oldest first, ending with the draft itself."""
        chain: list[str] = []
        current: str | None = draft_id
        while current is not None and current not in chain:
            chain.append(current)
            current = self.draft(current).parent
        return tuple(reversed(chain))

    def ordered(self, agreement: Agreement) -> dict[str, Value]:
        """``agreement`` with its points in document order (fixes float summation order)."""
        return {p: agreement[p] for p in self.point_ids if p in agreement}

    def utility(self, party_id: str, agreement: Agreement) -> float:
        """Utility of ``agreement`` for one party."""
        return self.preferences[party_id].utility(self.ordered(agreement))

    def utilities(self, agreement: Agreement) -> tuple[float, ...]:
        """Utilities of ``agreement`` for every rated party, in ``rated_parties`` order."""
        ordered = self.ordered(agreement)
        return tuple(self.preferences[p].utility(ordered) for p in self.rated_parties)

    def stances_on(self, draft_id: str, point_id: str | None) -> tuple[Stance, ...]:
        """Stances taken on one point of one draft (``None``: on the draft as a whole)."""
        return tuple(s for s in self.stances if s.draft == draft_id and s.point == point_id)
