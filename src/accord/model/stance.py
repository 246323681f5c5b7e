"""Stances: what a party said about a point of a draft, with its source."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from accord.model.checks import fail, require_id
from accord.model.point import Value


class StanceKind(StrEnum):
    """The four stances a party can take."""

    ACCEPT = "accept"
    CRITICISE = "criticise"
    UNACCEPTABLE = "unacceptable"
    AMEND = "amend"


@dataclass(frozen=True)
class Source:
    """Where a stance was reported: a quote, its speaker, a date and a link."""

    quote: str = ""
    speaker: str = ""
    date: str = ""
    link: str = ""


@dataclass(frozen=True)
class Stance:
    """A party's stance on one point of a draft (``point`` None: on the draft as a whole).

    ``proposal`` is the option or number an ``amend`` stance proposes instead.
    """

    party: str
    draft: str
    stance: StanceKind
    point: str | None = None
    proposal: Value | None = None
    note: str = ""
    source: Source | None = None

    def __post_init__(self) -> None:
        where = f"Stance of {self.party!r} on draft {self.draft!r}"
        require_id(where, "party", self.party)
        require_id(where, "draft", self.draft)
        if self.point is not None:
            require_id(where, "point", self.point)
        if not isinstance(self.stance, StanceKind):
            if not isinstance(self.stance, str) or self.stance not in {k.value for k in StanceKind}:
                fail(where, "stance", self.stance, f"use one of {', '.join(StanceKind)}")
            object.__setattr__(self, "stance", StanceKind(self.stance))
