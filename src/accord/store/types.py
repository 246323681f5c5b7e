"""What the store hands back: small frozen dataclasses, never database rows, so that nothing
above the store (the web layer) can change a row by accident or load one lazily after its
session closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

from accord.views import Viewer

T = TypeVar("T")

MemberRole = Literal["mediator", "party", "observer"]
"""A member's role in one negotiation: the mediator's team, a party's delegation (with its
party id), or an observer."""


@dataclass(frozen=True)
class User:
    """A person who signs in (the password hash never leaves the store)."""

    id: int
    name: str
    created: datetime


@dataclass(frozen=True)
class Member:
    """A user's membership of a negotiation."""

    user: int
    name: str
    negotiation: int
    role: MemberRole
    party: str | None = None

    @property
    def viewer(self) -> Viewer:
        """What this member may see (:class:`accord.views.Viewer`, the one confidentiality
        rule): a party member is that party's viewer; a mediator sees the analysis and no
        party's preferences; an observer the record only."""
        if self.role == "party" and self.party is not None:
            return Viewer.for_party(self.party)
        return Viewer("mediator" if self.role == "mediator" else "observer")


@dataclass(frozen=True)
class NegotiationInfo:
    """One negotiation in a list: its id, title, when it was created, how many drafts it
    holds, and the role of the user who asked (None for a user who is not a member)."""

    id: int
    title: str
    created: datetime
    drafts: int
    role: MemberRole | None = None


@dataclass(frozen=True)
class Versioned(Generic[T]):
    """A value with the version a writer must name to change it (optimistic concurrency)."""

    value: T
    version: int


@dataclass(frozen=True)
class Comment:
    """A member's comment, on the negotiation, a draft or a point of a draft."""

    id: int
    negotiation: int
    author: str
    body: str
    created: datetime
    draft: str | None = None
    point: str | None = None


@dataclass(frozen=True)
class AuditEvent:
    """One event of the audit log as one viewer may read it.

    ``private_to`` names the party whose preferences ``before`` and ``after`` hold; for a
    viewer who may not see that party both are None and ``redacted`` is True.
    """

    id: int
    negotiation: int | None
    actor: str | None
    action: str
    target: str
    at: datetime
    before: Any = None
    after: Any = None
    private_to: str | None = None
    redacted: bool = False
