"""The store's one entry point for the layers above it: :class:`Store`.

A ``Store`` holds an engine and hands each call to the module that does the work
(:mod:`~accord.store.users`, :mod:`~accord.store.rows`, :mod:`~accord.store.changes`,
:mod:`~accord.store.access`, :mod:`~accord.store.audit`), inside one transaction per call:
a call that fails changes nothing. Every change to a negotiation adds one to its revision
in that transaction (:meth:`Store.revision`). It returns frozen dataclasses
(:mod:`accord.store.types`) and model objects, never rows.

What a caller may see goes through :class:`accord.views.Viewer`, the one confidentiality
rule: :meth:`Store.export_scenario` keeps the preferences the viewer may see
(``Viewer.scenario``), :meth:`Store.preferences` refuses another party's
(ForbiddenError), :meth:`Store.audit` hides the payloads of preference events, and a
member's viewer holds the parties that shared their preferences with it
(:meth:`Store.member`, :meth:`Store.share`). Who may
*change* what (a party its own preferences, the mediator the drafts) is the web layer's
decision, taken with the member's viewer (:meth:`Store.member`); the store records who
did it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import ColumnElement, Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accord.errors import ConflictError, ForbiddenError
from accord.model import Draft, Preferences, Scenario, Stance
from accord.store import access, audit, changes, codec, rows, users
from accord.store.engine import WRITE
from accord.store.schema import (
    CommentRow,
    DraftRow,
    Membership,
    Negotiation,
    PointRow,
    PreferencesRow,
    StanceRow,
)
from accord.store.schema import User as UserRow
from accord.store.types import (
    AuditEvent,
    Comment,
    Invitation,
    Member,
    MemberRole,
    NegotiationInfo,
    Share,
    Token,
    TokenKind,
    User,
    Versioned,
)
from accord.views import Viewer


class Store:
    """The workbench's negotiations, accounts and audit log in one database (see
    :func:`accord.store.open_store`, which migrates the database first)."""

    def __init__(self, engine: Engine, hasher: PasswordHasher | None = None) -> None:
        self.engine = engine
        self._writer = engine.execution_options(**WRITE)
        # SQLite has one writer at a time; its busy handler sleeps in steps of up to 100 ms,
        # so writers of this process queue on a lock instead and get the database at once
        self._serial: AbstractContextManager[Any] = (
            threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()
        )
        # PostgreSQL's default (read committed) gives each statement its own snapshot;
        # SQLite's read transaction keeps one snapshot from its first read to its end
        repeatable = engine.dialect.name == "postgresql"
        self._snapshots = engine.execution_options(isolation_level="REPEATABLE READ") if repeatable else engine
        self._passwords = users.Passwords(hasher)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with self._serial, Session(self._writer, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def _change(self, negotiation: int) -> Iterator[Session]:
        """A writing transaction that changes ``negotiation``: its revision goes up by one
        when the change succeeds."""
        with self._write() as session:
            yield session
            access.bump(session, negotiation)

    # accounts

    def create_user(self, name: str, password: str) -> User:
        """A new account; ConflictError if the name is taken, StoreError for a name or
        password it cannot take (:func:`accord.store.users.check_new`)."""
        users.check_new(name, password)
        hashed = self._passwords.hash(password)
        try:
            with self._write() as session:
                user = users.add_user(session, name, hashed)
                audit.record(session, None, user.id, "user.create", f"user {name}", after={"name": name})
        except IntegrityError as err:
            raise ConflictError(f"user name {name!r} is taken; choose another") from err
        return user

    def verify_password(self, name: str, password: str) -> User | None:
        """The user when ``password`` is theirs, else None (as slow for an unknown name)."""
        with self._read() as session:
            stored = users.find_hash(session, name)
        user, rehash = self._passwords.check(stored, password)
        if user is not None and rehash:
            hashed = self._passwords.hash(password)
            with self._write() as session:
                users.set_hash(session, user.id, hashed)
        return user

    def user(self, name: str) -> User | None:
        """The user called ``name``, or None."""
        with self._read() as session:
            row = session.scalars(select(UserRow).where(UserRow.name == name)).one_or_none()
            return None if row is None else users.as_user(row)

    # negotiations and members

    def import_scenario(self, scenario: Scenario, by_user: int) -> int:
        """A new negotiation holding ``scenario`` (as :func:`accord.load` reads any accord,
        GENIUS or GeniusWeb file), with ``by_user`` as its mediator; its id."""
        with self._write() as session:
            negotiation = rows.insert_scenario(session, scenario, by_user)
            nid = negotiation.id
            session.add(Membership(user_id=by_user, negotiation_id=nid, role="mediator", created=negotiation.created))
            summary = {
                "title": scenario.title,
                "origin": scenario.origin,
                "source": scenario.source,
                "parties": [p.id for p in scenario.parties],
                "points": [p.id for p in scenario.points],
                "drafts": [d.id for d in scenario.drafts],
                "stances": len(scenario.stances),
            }
            audit.record(session, nid, by_user, "negotiation.import", f"negotiation {nid}", after=summary)
            audit.record(session, nid, by_user, "member.add", f"user {by_user}", after={"role": "mediator"})
            for party, prefs in scenario.preferences.items():
                target = f"the preferences of {party}"
                data = codec.encode(prefs)
                audit.record(session, nid, by_user, "preferences.set", target, after=data, private_to=party)
            return nid

    def export_scenario(self, negotiation: int, viewer: Viewer) -> Scenario:
        """The negotiation as a scenario, with only the preferences ``viewer`` may see
        (``Viewer.scenario``). The analyst's view holds them all: the engine's input."""
        with self._read() as session:
            return viewer.scenario(rows.read_scenario(session, negotiation))

    def negotiations(self, user: int) -> tuple[NegotiationInfo, ...]:
        """The negotiations ``user`` is a member of, newest first, with the user's role."""
        drafts = select(DraftRow.negotiation_id, func.count().label("n")).group_by(DraftRow.negotiation_id).subquery()
        query = (
            select(Negotiation, Membership.role, drafts.c.n)
            .join(Membership, Membership.negotiation_id == Negotiation.id)
            .outerjoin(drafts, drafts.c.negotiation_id == Negotiation.id)
            .where(Membership.user_id == user)
            .order_by(Negotiation.id.desc())
        )
        with self._read() as session:
            return tuple(
                NegotiationInfo(n.id, n.title, n.created, count or 0, _role(role))
                for n, role, count in session.execute(query)
            )

    def add_member(
        self, negotiation: int, user: int, role: MemberRole, *, party: str | None = None, by_user: int
    ) -> None:
        """Make ``user`` a member (a ``party`` member names its ``party``); ConflictError if
        it is one already."""
        with self._change(negotiation) as session:
            changes.add_member(session, negotiation, user, role, party, by_user)

    def member(self, negotiation: int, user: int) -> Member:
        """``user``'s membership of ``negotiation``, with the parties that shared their
        preferences with it (its ``viewer`` says what it may see); ForbiddenError for a
        user who is not a member."""
        with self._read() as session:
            return access.member(session, negotiation, user)

    # the record, the drafts and the preferences

    def record_stance(self, negotiation: int, stance: Stance, *, by_user: int, expected_version: int) -> int:
        """Add ``stance`` to the record; ``expected_version`` is :meth:`stance_version` as the
        caller read it (ConflictError if it moved). Returns the slot's new version."""
        with self._change(negotiation) as session:
            return changes.record_stance(session, negotiation, stance, by_user, expected_version)

    def stance_version(self, negotiation: int, party: str, draft: str, point: str | None) -> int:
        """How many stances ``party`` stated on ``point`` (None: the whole draft) of ``draft``."""
        with self._read() as session:
            p = rows.party_row(session, negotiation, party)
            d = rows.draft_row(session, negotiation, draft)
            where: ColumnElement[bool] = StanceRow.point_id.is_(None)
            if point is not None:
                where = StanceRow.point_id == rows.point_row(session, negotiation, point).id
            return rows.count_stances(session, StanceRow.party_id == p.id, StanceRow.draft_id == d.id, where)

    def publish_draft(self, negotiation: int, draft: Draft, *, by_user: int, expected_version: int) -> int:
        """Add ``draft`` (never changed afterwards) as the newest version; ``expected_version``
        is :meth:`draft_version` as the caller read it. Returns the new version."""
        with self._change(negotiation) as session:
            return changes.publish_draft(session, negotiation, draft, by_user, expected_version)

    def draft_version(self, negotiation: int) -> int:
        """How many drafts the negotiation holds (the newest one's version)."""
        with self._read() as session:
            rows.negotiation_row(session, negotiation)
            query = select(func.count()).select_from(DraftRow).where(DraftRow.negotiation_id == negotiation)
            return session.scalar(query) or 0

    def set_preferences(self, negotiation: int, prefs: Preferences, *, by_user: int, expected_version: int) -> int:
        """Replace ``prefs.party``'s preferences; ``expected_version`` is the version of
        :meth:`preferences` as the caller read it (0: none yet). Returns the new version."""
        with self._change(negotiation) as session:
            return changes.set_preferences(session, negotiation, prefs, by_user, expected_version)

    def preferences(self, negotiation: int, party: str, viewer: Viewer) -> Versioned[Preferences | None]:
        """``party``'s preferences (None: none yet) and their version; ForbiddenError when
        ``viewer`` may not see them."""
        if not viewer.sees_preferences(party):
            raise ForbiddenError(f"the preferences of {party} are confidential to {party}")
        with self._read() as session:
            row = rows.party_row(session, negotiation, party)
            stored = session.scalars(select(PreferencesRow).where(PreferencesRow.party_id == row.id)).one_or_none()
            if stored is None:
                return Versioned(None, 0)
            return Versioned(codec.decode(stored.data), stored.version)

    # comments and the audit log

    def add_comment(
        self, negotiation: int, body: str, *, by_user: int, draft: str | None = None, point: str | None = None
    ) -> int:
        """Add a comment; its id."""
        with self._change(negotiation) as session:
            return changes.add_comment(session, negotiation, by_user, body, draft, point)

    def comments(self, negotiation: int) -> tuple[Comment, ...]:
        """The negotiation's comments, oldest first (public to its members)."""
        query = (
            select(CommentRow, UserRow.name, DraftRow.key, PointRow.key)
            .join(UserRow, UserRow.id == CommentRow.user_id)
            .outerjoin(DraftRow, DraftRow.id == CommentRow.draft_id)
            .outerjoin(PointRow, PointRow.id == CommentRow.point_id)
            .where(CommentRow.negotiation_id == negotiation)
            .order_by(CommentRow.id)
        )
        with self._read() as session:
            return tuple(
                Comment(c.id, c.negotiation_id, author, c.body, c.created, draft, point)
                for c, author, draft, point in session.execute(query)
            )

    def audit(self, negotiation: int | None, viewer: Viewer) -> tuple[AuditEvent, ...]:
        """The audit log of ``negotiation`` (None: events of no negotiation), oldest first,
        as ``viewer`` may read it (:func:`accord.store.audit.events`)."""
        with self._read() as session:
            return audit.events(session, negotiation, viewer)

    # sessions and API tokens

    def create_token(self, user: int, kind: TokenKind, ttl: timedelta) -> tuple[str, Token]:
        """A new sign-in session or API token of ``user``, valid for ``ttl``: the raw token,
        given out this once (the store keeps its digest only), and the token."""
        with self._write() as session:
            return access.create_token(session, user, kind, ttl)

    def token(self, raw: str, kind: TokenKind) -> Token | None:
        """The live token ``raw`` of ``kind`` (neither revoked nor expired), else None."""
        with self._read() as session:
            return access.find_token(session, raw, kind)

    def revoke_token(self, raw: str) -> None:
        """End the token ``raw`` (a sign-out); nothing happens for an unknown token."""
        with self._write() as session:
            access.revoke_token(session, raw)

    # invitations

    def invite(
        self, negotiation: int, role: MemberRole, *, party: str | None, by_user: int, ttl: timedelta
    ) -> tuple[str, Invitation]:
        """A single-use invitation to join as ``role`` (a ``party`` invitation names its
        ``party``; a party may be invited many times), valid for ``ttl``: the raw token,
        given out this once, and the invitation."""
        with self._change(negotiation) as session:
            return access.invite(session, negotiation, role, party, by_user, ttl)

    def invitation(self, raw: str) -> Invitation:
        """The invitation ``raw`` if it can be accepted; InvitationError (``reason``:
        unknown, used or expired) if not."""
        with self._read() as session:
            return access.find_invitation(session, raw)

    def accept_invitation(self, raw: str, user: int) -> Member:
        """Use the invitation ``raw`` up and make ``user`` a member as it says: the new
        member. InvitationError when it cannot be used (of two acceptances at once, one
        wins); ConflictError, the invitation left unused, for a member already."""
        with self._write() as session:
            return access.accept_invitation(session, raw, user)

    # sharing preferences

    def share(self, negotiation: int, party: str, with_party: str | None, *, by_user: int) -> None:
        """Let ``with_party`` (None: the mediator's team) see ``party``'s preferences;
        sharing again changes nothing."""
        with self._change(negotiation) as session:
            access.share(session, negotiation, party, with_party, by_user, grant=True)

    def unshare(self, negotiation: int, party: str, with_party: str | None, *, by_user: int) -> None:
        """Take back what :meth:`share` granted (nothing happens if it was not granted)."""
        with self._change(negotiation) as session:
            access.share(session, negotiation, party, with_party, by_user, grant=False)

    def shares(self, negotiation: int) -> tuple[Share, ...]:
        """Who shares their preferences with whom, in the order it was granted."""
        with self._read() as session:
            return access.shares(session, negotiation)

    # for caches

    def revision(self, negotiation: int) -> int:
        """How many changes the negotiation has seen: what is computed from it stays
        valid while this number is the same."""
        with self._read() as session:
            return access.revision(session, negotiation)

    def snapshot(self, negotiation: int) -> tuple[Scenario, int]:
        """The whole negotiation, every party's preferences in it (the engine's input), and
        its revision, read from one snapshot of the database so that they agree. Never
        show the scenario itself: show ``viewer.scenario(scenario)`` (:class:`Viewer`)."""
        with Session(self._snapshots, expire_on_commit=False) as session, session.begin():
            return rows.read_scenario(session, negotiation), access.revision(session, negotiation)


_ROLES: dict[str | None, MemberRole] = {"mediator": "mediator", "party": "party", "observer": "observer"}


def _role(role: str | None) -> MemberRole | None:
    return _ROLES.get(role)
