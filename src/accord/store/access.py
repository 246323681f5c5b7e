"""Who gets in and who sees what: tokens, invitations, preference shares, the members'
viewers and the negotiations' revision counter, each in the caller's transaction.

**Tokens.** A sign-in session or an API token is a random string of 256 bits
(``secrets.token_urlsafe(32)``) handed to its holder once; the store keeps only its SHA-256
digest, so a copy of the database (a backup, a leaked dump) opens no session. A fast hash
is enough, unlike for passwords: the token is random and as long as the hash, so there is
nothing to guess. A session carries a CSRF token of its own for the web layer's forms.

**Invitations** are tokens too (digest only), good for one acceptance until they expire.
Single use is enforced by the database, not by a read followed by a write: accepting runs
``UPDATE invitations SET used_at = ... WHERE id = :id AND used_at IS NULL`` and only the
transaction that changed one row goes on; a second acceptance, however close, changes
none and is told the invitation was used. The membership is added in the same
transaction, so a user who is a member already (ConflictError) leaves the invitation
unused.

**Shares.** A party may show its preferences to the mediator's team or to another party:
one ``shares`` row per grant. They reach what a member sees through
``Viewer.shared`` (:func:`member`), the one confidentiality rule of :mod:`accord.views`.

**Revision.** :func:`bump` adds one to ``negotiations.revision``; the store calls it in the
transaction of every change to a negotiation, so a cache keyed by (negotiation, revision)
is never stale.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, and_, delete, select, update
from sqlalchemy.orm import Session, aliased

from accord.errors import ForbiddenError, InvitationError, StoreError, UnknownIdError
from accord.store import audit, changes, rows, users
from accord.store.schema import InvitationRow, Membership, Negotiation, PartyRow, ShareRow, TokenRow, now
from accord.store.schema import User as UserRow
from accord.store.types import Invitation, Member, MemberRole, Share, Token, TokenKind

_ROLES: dict[str, MemberRole] = {"mediator": "mediator", "party": "party", "observer": "observer"}
_KINDS: dict[str, TokenKind] = {"session": "session", "api": "api"}


def digest(raw: str) -> str:
    """The SHA-256 hex digest of a raw token: what the database keeps."""
    return hashlib.sha256(raw.encode()).hexdigest()


def role_of(role: str) -> MemberRole:
    """A role read from the database (its CHECK constraint allows no other)."""
    return _ROLES[role]


# tokens


def create_token(session: Session, user: int, kind: TokenKind, ttl: timedelta) -> tuple[str, Token]:
    """A new token for ``user``, valid for ``ttl``: the raw token (given out once) and its
    :class:`Token`. A ``ttl`` of zero or less makes one that has expired already."""
    if kind not in _KINDS:
        raise StoreError(f"unknown token kind {kind!r}; use session or api")
    row_user = session.get(UserRow, user)
    if row_user is None:
        raise UnknownIdError("user", user, ())
    raw = secrets.token_urlsafe(32)
    created = now()
    csrf = secrets.token_urlsafe(32) if kind == "session" else ""
    row = TokenRow(digest=digest(raw), user_id=user, kind=kind, csrf=csrf, created=created, expires=created + ttl)
    session.add(row)
    audit.record(
        session, None, user, "token.create", f"user {user}", after={"kind": kind, "expires": row.expires.isoformat()}
    )
    return raw, Token(users.as_user(row_user), kind, csrf, created, row.expires)


def find_token(session: Session, raw: str, kind: TokenKind) -> Token | None:
    """The live token ``raw`` of ``kind`` (not revoked, not expired), else None: one query."""
    found = session.execute(
        select(TokenRow, UserRow)
        .join(UserRow, UserRow.id == TokenRow.user_id)
        .where(TokenRow.digest == digest(raw), TokenRow.kind == kind, ~TokenRow.revoked, TokenRow.expires > now())
    ).one_or_none()
    if found is None:
        return None
    row, user = found
    return Token(users.as_user(user), _KINDS[row.kind], row.csrf, row.created, row.expires)


def revoke_token(session: Session, raw: str) -> None:
    """Revoke the token ``raw`` (a sign-out); nothing for an unknown one."""
    row = session.scalars(select(TokenRow).where(TokenRow.digest == digest(raw))).one_or_none()
    if row is None or row.revoked:
        return
    row.revoked = True
    audit.record(session, None, row.user_id, "token.revoke", f"user {row.user_id}", after={"kind": row.kind})


# invitations


def invite(
    session: Session, nid: int, role: MemberRole, party: str | None, actor: int, ttl: timedelta
) -> tuple[str, Invitation]:
    """A new invitation to join ``nid`` as ``role`` (a ``party`` invitation names its
    ``party``), valid for ``ttl``: the raw token (given out once) and the invitation."""
    rows.negotiation_row(session, nid, lock=True)
    if role not in _ROLES:
        raise StoreError(f"unknown role {role!r}; use mediator, party or observer")
    if (role == "party") != (party is not None):
        raise StoreError(
            f"an invitation as {role} {'names no' if party is not None else 'names the'} party: "
            "give the party for an invitation as party, and only for one"
        )
    party_id = None if party is None else rows.party_row(session, nid, party).id
    raw, created = secrets.token_urlsafe(32), now()
    row = InvitationRow(
        digest=digest(raw),
        negotiation_id=nid,
        role=role,
        party_id=party_id,
        created_by=actor,
        created=created,
        expires=created + ttl,
    )
    session.add(row)
    session.flush()
    after = {"role": role, "party": party, "expires": row.expires.isoformat()}
    audit.record(session, nid, actor, "invitation.create", f"invitation {row.id}", after=after)
    return raw, Invitation(row.id, nid, role, party, row.expires)


def find_invitation(session: Session, raw: str) -> Invitation:
    """The invitation ``raw`` if it can still be accepted; InvitationError (unknown, used,
    expired) if not."""
    found = session.execute(
        select(InvitationRow, PartyRow.key)
        .outerjoin(PartyRow, PartyRow.id == InvitationRow.party_id)
        .where(InvitationRow.digest == digest(raw))
    ).one_or_none()
    if found is None:
        raise InvitationError(
            "unknown", "this invitation link is not known: check that it was copied whole, or ask for a new one"
        )
    row, party = found
    invitation = Invitation(row.id, row.negotiation_id, role_of(row.role), party, row.expires, row.used_at)
    if row.used_at is not None:
        raise _used(row.id)
    if row.expires <= now():
        raise InvitationError(
            "expired", f"invitation {row.id} expired at {row.expires.isoformat()}; ask the mediator for a new one"
        )
    return invitation


def accept_invitation(session: Session, raw: str, user: int) -> Member:
    """Use the invitation ``raw`` up and make ``user`` a member as it says; the new member.
    The conditional UPDATE lets one acceptance through; the others get InvitationError
    (used). A member already gets ConflictError and the invitation stays unused (the caller
    rolls the transaction back)."""
    invitation = find_invitation(session, raw)
    nid = invitation.negotiation
    rows.negotiation_row(session, nid, lock=True)
    used_at = now()
    marked = session.execute(
        update(InvitationRow)
        .where(InvitationRow.id == invitation.id, InvitationRow.used_at.is_(None))
        .values(used_at=used_at, used_by=user)
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult[Any], marked).rowcount != 1:
        raise _used(invitation.id)
    changes.add_member(session, nid, user, invitation.role, invitation.party, user)
    after = {"user": user, "role": invitation.role, "party": invitation.party}
    audit.record(session, nid, user, "invitation.accept", f"invitation {invitation.id}", after=after)
    bump(session, nid)
    return member(session, nid, user)


def _used(invitation: int) -> InvitationError:
    return InvitationError(
        "used", f"invitation {invitation} was used already (each admits one person); ask the mediator for a new one"
    )


# shares and members


def share(session: Session, nid: int, party: str, with_party: str | None, actor: int, *, grant: bool) -> None:
    """Grant (``grant``) or withdraw ``party``'s sharing of its preferences with
    ``with_party`` (None: the mediator's team); granting twice or withdrawing what was not
    granted changes nothing."""
    rows.negotiation_row(session, nid, lock=True)
    if with_party == party:
        raise StoreError(
            f"party {party!r} cannot share its preferences with itself; name another party or the mediator"
        )
    giver = rows.party_row(session, nid, party)
    to = None if with_party is None else rows.party_row(session, nid, with_party).id
    where = and_(ShareRow.party_id == giver.id, _to(to))
    exists = session.scalars(select(ShareRow.id).where(where)).one_or_none() is not None
    if exists == grant:
        return
    if grant:
        session.add(ShareRow(negotiation_id=nid, party_id=giver.id, to_party_id=to, created=now()))
    else:
        session.execute(delete(ShareRow).where(where))
    audience = "the mediator" if with_party is None else with_party
    action = "preferences.share" if grant else "preferences.unshare"
    after = {"party": party, "with": with_party}
    audit.record(session, nid, actor, action, f"the preferences of {party}, for {audience}", after=after)


def shares(session: Session, nid: int) -> tuple[Share, ...]:
    """The negotiation's grants, in the order they were made."""
    giver, receiver = aliased(PartyRow), aliased(PartyRow)
    query = (
        select(giver.key, receiver.key)
        .select_from(ShareRow)
        .join(giver, giver.id == ShareRow.party_id)
        .outerjoin(receiver, receiver.id == ShareRow.to_party_id)
        .where(ShareRow.negotiation_id == nid)
        .order_by(ShareRow.id)
    )
    return tuple(Share(p, to) for p, to in session.execute(query))


def member(session: Session, nid: int, user: int) -> Member:
    """``user``'s membership of ``nid`` with the parties that shared with it;
    ForbiddenError for a user who is not a member."""
    found = session.execute(
        select(Membership, UserRow.name, PartyRow.key)
        .join(UserRow, UserRow.id == Membership.user_id)
        .outerjoin(PartyRow, PartyRow.id == Membership.party_id)
        .where(Membership.negotiation_id == nid, Membership.user_id == user)
    ).one_or_none()
    if found is None:
        raise ForbiddenError(f"user {user} is not a member of negotiation {nid}")
    membership, name, party = found
    role = role_of(membership.role)
    shared: frozenset[str] = frozenset()
    if role != "observer":
        query = (
            select(PartyRow.key)
            .join(ShareRow, ShareRow.party_id == PartyRow.id)
            .where(ShareRow.negotiation_id == nid, _to(membership.party_id))
        )
        shared = frozenset(session.scalars(query))
    return Member(user, name, nid, role, party, shared)


def _to(party_id: int | None) -> ColumnElement[bool]:
    """Grants to the party ``party_id`` (None: to the mediator's team)."""
    return ShareRow.to_party_id.is_(None) if party_id is None else ShareRow.to_party_id == party_id


# the revision counter


def bump(session: Session, nid: int) -> None:
    """One more on ``nid``'s revision, in the caller's transaction (every change calls it)."""
    session.execute(
        update(Negotiation)
        .where(Negotiation.id == nid)
        .values(revision=Negotiation.revision + 1)
        .execution_options(synchronize_session=False)
    )


def revision(session: Session, nid: int) -> int:
    """``nid``'s revision; UnknownIdError for no such negotiation."""
    found = session.scalar(select(Negotiation.revision).where(Negotiation.id == nid))
    if found is None:
        raise UnknownIdError("negotiation", nid, ())
    return found
