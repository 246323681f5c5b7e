"""Stances: what a party said about a point of a draft, with its source and its basis."""

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

    @property
    def hardness(self) -> int:
        """How far from agreement: accept 0, amend and criticise 1, unacceptable 2."""
        return _HARDNESS[self]


_HARDNESS = {StanceKind.ACCEPT: 0, StanceKind.AMEND: 1, StanceKind.CRITICISE: 1, StanceKind.UNACCEPTABLE: 2}


class Basis(StrEnum):
    """How the record knows a stance.

    ``reported``: a source names this point (or, for a stance on a whole draft, the draft);
    ``inferred``: the analyst's reading of a vaguer statement, with a ``reason``.
    """

    REPORTED = "reported"
    INFERRED = "inferred"


@dataclass(frozen=True)
class Source:
    """Where a stance comes from.

    ``quote`` is verbatim (accord never rewrites it); ``speaker`` who said it; ``date`` the
    day it was said; ``outlet`` who reported it and ``published`` the day of that report;
    ``link`` where to read it.
    """

    quote: str = ""
    speaker: str = ""
    date: str = ""
    link: str = ""
    outlet: str = ""
    published: str = ""

    def attribution(self) -> str:
        """Who said it when, and who reported it when: ``Dmitry Peskov, 2025-12-02;
        reported by Reuters, 2025-12-03`` ('' when the source names neither)."""
        said = ", ".join(x for x in (self.speaker, self.date) if x)
        told = ", ".join(x for x in (self.outlet, self.published) if x)
        return "; ".join([*([said] if said else []), *([f"reported by {told}"] if told else [])])


@dataclass(frozen=True)
class Stance:
    """A party's stance on one point of a draft (``point`` None: on the draft as a whole).

    ``proposal`` is the option or number an ``amend`` stance proposes instead. ``basis``
    says whether a source names the point (``reported``) or the analyst inferred it
    (``inferred``, and ``reason`` says from what); None: the record does not say.
    """

    party: str
    draft: str
    stance: StanceKind
    point: str | None = None
    proposal: Value | None = None
    note: str = ""
    source: Source | None = None
    basis: Basis | None = None
    reason: str = ""

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
        if self.basis is not None and not isinstance(self.basis, Basis):
            if not isinstance(self.basis, str) or self.basis not in {k.value for k in Basis}:
                fail(where, "basis", self.basis, f"use one of {', '.join(Basis)}")
            object.__setattr__(self, "basis", Basis(self.basis))
        if self.basis is Basis.INFERRED and not self.reason.strip():
            fail(where, "reason", self.reason, "say what an inferred stance is read from")
        if self.basis is Basis.REPORTED and (self.source is None or not self.source.quote.strip()):
            fail(where, "source", self.source, "a reported stance needs the quote that names its point")

    @property
    def date(self) -> str:
        """The day the stance was stated ('' when the record does not say)."""
        return self.source.date if self.source is not None else ""
