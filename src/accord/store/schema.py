"""The workbench's database schema: SQLAlchemy 2 declarative models, typed with ``Mapped``.

One negotiation holds what one accord :class:`~accord.model.Scenario` holds, in tables:
``parties``, ``points`` and their ``options``, ``drafts`` (immutable versions, numbered by
``version`` in the order they were published, with their ``draft_parents``), ``stances``
(the record, in the order it was stated: ``position``) and ``preferences`` (one row per
rated party, a lossless JSON document of :mod:`accord.store.codec` with a ``version`` for
optimistic concurrency). Around it: ``users``, ``memberships`` (user x negotiation x role),
``comments`` and the append-only ``audit_events``. Access: ``tokens`` (sign-in sessions and
API tokens, by the digest of the raw token), ``invitations`` (single use, expiring) and
``shares`` (a party showing its preferences to the mediator or to another party).

The tables keep the model's ids (``key`` columns) beside integer surrogate keys, so that
foreign keys hold the references the model's own checks hold (a stance names a party, a
draft and a point of its negotiation). Free text is ``Text``; ids are ``String`` without a
length (PostgreSQL's unbounded ``varchar``). Every timestamp is aware UTC on both
databases (:class:`UTCDateTime`).

Alembic's migrations (``migrations/``) create exactly this schema: a test compares the
migrated database with these models (``alembic.autogenerate.compare_metadata``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Dialect,
    Double,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Constraint names, the same on every database (Alembic's recommended convention), so a
later migration can name what it drops."""

MEMBER_ROLES = ("mediator", "party", "observer")
"""A member's role in one negotiation."""


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored with its time zone where the database keeps one (PostgreSQL) and
    as UTC where it does not (SQLite); read back as an aware UTC datetime on both."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store aware datetimes only (datetime.now(UTC))")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def now() -> datetime:
    """The current time, aware UTC."""
    return datetime.now(UTC)


def _json() -> JSON:
    """JSON where Python's None is SQL NULL (not the JSON text ``null``)."""
    return JSON(none_as_null=True)


class Base(DeclarativeBase):
    """The models' base: one metadata with the naming convention."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), str: String()}


class User(Base):
    """A person who signs in: a unique name and an argon2 password hash."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    password_hash: Mapped[str]
    created: Mapped[datetime]


class Negotiation(Base):
    """One negotiation: the scenario's title, description, origin, source and bargainers."""

    __tablename__ = "negotiations"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    origin: Mapped[str]
    source: Mapped[str] = mapped_column(Text)
    bargainers: Mapped[list[str] | None] = mapped_column(_json())
    created: Mapped[datetime]
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    """One more with every change to the negotiation, in the change's transaction: a cache
    of what is computed from it is fresh while the revision is the same."""


class Membership(Base):
    """A user's role in one negotiation; a ``party`` member names the party it speaks for."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "negotiation_id"),
        CheckConstraint("role IN ('mediator', 'party', 'observer')", name="role"),
        CheckConstraint("(role = 'party') = (party_id IS NOT NULL)", name="party_role"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), index=True)
    role: Mapped[str]
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    created: Mapped[datetime]


class PartyRow(Base):
    """A party of a negotiation (:class:`accord.model.Party`), in file order."""

    __tablename__ = "parties"
    __table_args__ = (UniqueConstraint("negotiation_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    position: Mapped[int]
    key: Mapped[str]
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str]
    description: Mapped[str] = mapped_column(Text)


class PointRow(Base):
    """A point (:class:`accord.model.Point`): options in ``options``, or a numeric range."""

    __tablename__ = "points"
    __table_args__ = (UniqueConstraint("negotiation_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    position: Mapped[int]
    key: Mapped[str]
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    range_min: Mapped[float | None] = mapped_column(Double)
    range_max: Mapped[float | None] = mapped_column(Double)
    range_step: Mapped[float | None] = mapped_column(Double)
    range_unit: Mapped[str | None]


class OptionRow(Base):
    """An option of a categorical point, in file order."""

    __tablename__ = "options"
    __table_args__ = (UniqueConstraint("point_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("points.id"))
    position: Mapped[int]
    key: Mapped[str]
    text: Mapped[str] = mapped_column(Text)


class DraftRow(Base):
    """A draft (:class:`accord.model.Draft`): never changed once written. ``version`` counts
    the negotiation's drafts in the order they were published (1, 2, ...)."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("negotiation_id", "key"), UniqueConstraint("negotiation_id", "version"))
    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    version: Mapped[int]
    key: Mapped[str]
    title: Mapped[str] = mapped_column(Text)
    date: Mapped[str]
    description: Mapped[str] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(_json())
    choices: Mapped[dict[str, Any]] = mapped_column(_json())
    texts: Mapped[dict[str, str]] = mapped_column(_json())
    created: Mapped[datetime]
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class DraftParent(Base):
    """A draft's parents, in order (the first: the text it was written on)."""

    __tablename__ = "draft_parents"
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"))


class StanceRow(Base):
    """A stance (:class:`accord.model.Stance`). ``position`` orders the negotiation's record
    (its history); ``point_id`` NULL: a stance on the draft as a whole. The source's columns
    are all NULL when the stance has no source."""

    __tablename__ = "stances"
    __table_args__ = (
        UniqueConstraint("negotiation_id", "position"),
        Index("ix_stances_slot", "party_id", "draft_id", "point_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    position: Mapped[int]
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"))
    point_id: Mapped[int | None] = mapped_column(ForeignKey("points.id"))
    stance: Mapped[str]
    proposal: Mapped[Any] = mapped_column(_json(), nullable=True)
    note: Mapped[str] = mapped_column(Text)
    source_quote: Mapped[str | None] = mapped_column(Text)
    source_speaker: Mapped[str | None] = mapped_column(Text)
    source_date: Mapped[str | None]
    source_link: Mapped[str | None] = mapped_column(Text)
    source_outlet: Mapped[str | None] = mapped_column(Text)
    source_published: Mapped[str | None]
    basis: Mapped[str | None]
    reason: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime]
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class PreferencesRow(Base):
    """One party's preferences: the JSON document of :mod:`accord.store.codec`, and the
    ``version`` a writer must name to change it (1 when first set)."""

    __tablename__ = "preferences"
    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), unique=True)
    data: Mapped[dict[str, Any]] = mapped_column(_json())
    version: Mapped[int]
    updated: Mapped[datetime]
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class CommentRow(Base):
    """A member's comment on a negotiation, a draft, or a point of a draft."""

    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id"))
    point_id: Mapped[int | None] = mapped_column(ForeignKey("points.id"))
    body: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime]


class AuditRow(Base):
    """One event of the append-only audit log: who (``actor_id``) did what (``action``) to
    what (``target``) when (``at``), with the state before and after as JSON.

    ``private_to`` names the party whose preferences the payloads hold (NULL: none); the
    log is read through :func:`accord.store.audit.events`, which hides those payloads
    from viewers who may not see that party. The migration adds triggers that refuse
    UPDATE and DELETE on this table.
    """

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int | None] = mapped_column(ForeignKey("negotiations.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str]
    target: Mapped[str] = mapped_column(Text)
    private_to: Mapped[str | None]
    before: Mapped[Any] = mapped_column(_json(), nullable=True)
    after: Mapped[Any] = mapped_column(_json(), nullable=True)
    at: Mapped[datetime]


class TokenRow(Base):
    """A sign-in session (``kind`` session, with its CSRF token) or an API bearer token
    (``kind`` api, ``csrf`` empty), found by the SHA-256 ``digest`` of the raw token; the
    raw token itself is never stored."""

    __tablename__ = "tokens"
    __table_args__ = (CheckConstraint("kind IN ('session', 'api')", name="kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(unique=True, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str]
    csrf: Mapped[str]
    created: Mapped[datetime]
    expires: Mapped[datetime]
    revoked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class InvitationRow(Base):
    """A single-use invitation to join a negotiation in a role (a ``party`` invitation names
    the party), found by the SHA-256 ``digest`` of its raw token; ``used_at`` and
    ``used_by`` are set once, when it is accepted."""

    __tablename__ = "invitations"
    __table_args__ = (
        CheckConstraint("role IN ('mediator', 'party', 'observer')", name="role"),
        CheckConstraint("(role = 'party') = (party_id IS NOT NULL)", name="party_role"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(unique=True, index=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), index=True)
    role: Mapped[str]
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created: Mapped[datetime]
    expires: Mapped[datetime]
    used_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    used_at: Mapped[datetime | None]


class ShareRow(Base):
    """A party (``party_id``) showing its preferences to another party (``to_party_id``) or,
    where ``to_party_id`` is NULL, to the mediator's team: one row per grant.

    One grant per pair: a unique index on (party, to_party) for grants to a party, and a
    partial unique index on the party alone for grants to the mediator, since a unique
    constraint treats NULLs as distinct on both databases (PostgreSQL before 15 has no
    ``NULLS NOT DISTINCT``, SQLite none at all)."""

    __tablename__ = "shares"
    __table_args__ = (
        Index("ix_shares_to_party", "party_id", "to_party_id", unique=True),
        Index(
            "ix_shares_to_mediator",
            "party_id",
            unique=True,
            sqlite_where=text("to_party_id IS NULL"),
            postgresql_where=text("to_party_id IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    to_party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    created: Mapped[datetime]
