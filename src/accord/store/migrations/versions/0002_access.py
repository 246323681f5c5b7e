"""Access to the workbench: ``tokens`` (sessions and API tokens, kept as digests),
single-use ``invitations``, preference ``shares``, and the ``revision`` counter of each
negotiation (:mod:`accord.store.schema`).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-09
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _int(name: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _string(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.String(), nullable=False)


def _time(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def upgrade() -> None:
    op.add_column("negotiations", sa.Column("revision", sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "tokens",
        _int("id"),
        _string("digest"),
        _int("user_id"),
        _string("kind"),
        _string("csrf"),
        _time("created"),
        _time("expires"),
        sa.Column("revoked", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.CheckConstraint("kind IN ('session', 'api')", name=op.f("ck_tokens_kind")),
        _fk("tokens", "user_id", "users"),
        _pk("tokens"),
    )
    op.create_index(op.f("ix_tokens_digest"), "tokens", ["digest"], unique=True)
    op.create_table(
        "invitations",
        _int("id"),
        _string("digest"),
        _int("negotiation_id"),
        _string("role"),
        _int("party_id", nullable=True),
        _int("created_by"),
        _time("created"),
        _time("expires"),
        _int("used_by", nullable=True),
        _time("used_at", nullable=True),
        sa.CheckConstraint("(role = 'party') = (party_id IS NOT NULL)", name=op.f("ck_invitations_party_role")),
        sa.CheckConstraint("role IN ('mediator', 'party', 'observer')", name=op.f("ck_invitations_role")),
        _fk("invitations", "created_by", "users"),
        _fk("invitations", "negotiation_id", "negotiations"),
        _fk("invitations", "party_id", "parties"),
        _fk("invitations", "used_by", "users"),
        _pk("invitations"),
    )
    op.create_index(op.f("ix_invitations_digest"), "invitations", ["digest"], unique=True)
    op.create_index(op.f("ix_invitations_negotiation_id"), "invitations", ["negotiation_id"], unique=False)
    op.create_table(
        "shares",
        _int("id"),
        _int("negotiation_id"),
        _int("party_id"),
        _int("to_party_id", nullable=True),
        _time("created"),
        _fk("shares", "negotiation_id", "negotiations"),
        _fk("shares", "party_id", "parties"),
        _fk("shares", "to_party_id", "parties"),
        _pk("shares"),
    )
    op.create_index(op.f("ix_shares_negotiation_id"), "shares", ["negotiation_id"], unique=False)
    op.create_index("ix_shares_to_party", "shares", ["party_id", "to_party_id"], unique=True)
    op.create_index(
        "ix_shares_to_mediator",
        "shares",
        ["party_id"],
        unique=True,
        sqlite_where=sa.text("to_party_id IS NULL"),
        postgresql_where=sa.text("to_party_id IS NULL"),
    )


def downgrade() -> None:
    for table in ("shares", "invitations", "tokens"):
        op.drop_table(table)
    op.drop_column("negotiations", "revision")
