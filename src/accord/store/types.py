"""What the store hands back: small frozen dataclasses, never database rows, so that nothing
above the store (the web layer) can change a row by accident or load one lazily after its
session closed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

from accord.views import Viewer

T = TypeVar("T")

MemberRole = Literal["mediator", "party", "observer"]
"""A member's role in one negotiation: the mediator's team, a party's delegation (with its
party id), or an observer."""

TokenKind = Literal["session", "api"]
"""A browser's sign-in session (with a CSRF token) or an API bearer token."""


@dataclass(frozen=True)
class User:
    """A person who signs in (the password hash never leaves the store)."""

    id: int
    name: str
    created: datetime


@dataclass(frozen=True)
class Member:
    """A user's membership of a negotiation. ``shared``: the parties that shared their
    preferences with this member (with the mediator's team, or with the member's party;
    always empty for an observer)."""

    user: int
    name: str
    negotiation: int
    role: MemberRole
    party: str | None = None
    shared: frozenset[str] = field(default_factory=frozenset)

    @property
    def viewer(self) -> Viewer:
        """What this member may see (:class:`accord.views.Viewer`, the one confidentiality
        rule): a party member is that party's viewer; a mediator sees the analysis and the
        preferences of no party but those that shared them; an observer the record only."""
        if self.role == "party" and self.party is not None:
            return Viewer.for_party(self.party, self.shared)
        if self.role == "mediator":
            return Viewer("mediator", shared=self.shared)
        return Viewer("observer")


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


@dataclass(frozen=True)
class Token:
    """A live sign-in session or API token (the raw token is given out once, at its
    creation, and never stored). ``csrf``: the session's CSRF token ('' for an API token)."""

    user: User
    kind: TokenKind
    csrf: str
    created: datetime
    expires: datetime


@dataclass(frozen=True)
class Invitation:
    """An invitation to join ``negotiation`` as ``role`` (a ``party`` invitation names its
    ``party``), usable once until ``expires``; ``used_at`` is set when it was accepted."""

    id: int
    negotiation: int
    role: MemberRole
    party: str | None
    expires: datetime
    used_at: datetime | None = None


@dataclass(frozen=True)
class Share:
    """``party`` shows its preferences to ``with_party`` (None: the mediator's team)."""

    party: str
    with_party: str | None = None
