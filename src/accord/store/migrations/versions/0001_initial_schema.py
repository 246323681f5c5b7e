"""The workbench's first schema (:mod:`accord.store.schema`), and the triggers that keep the
audit log append-only: any UPDATE or DELETE of ``audit_events`` (and on PostgreSQL a
TRUNCATE) is refused by the database itself, whoever connects.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = "the audit log is append-only"


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def _text(name: str, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=nullable)


def _string(name: str, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(), nullable=nullable)


def _int(name: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _json(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.JSON(none_as_null=True), nullable=nullable)


def _time(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*(columns or ("id",)), name=op.f(f"pk_{table}"))


def _unique(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{'_'.join(columns)}"))


def _index(table: str, column: str) -> None:
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "users",
        _id(),
        _string("name"),
        _string("password_hash"),
        _time("created"),
        _pk("users"),
        _unique("users", "name"),
    )
    op.create_table(
        "negotiations",
        _id(),
        _text("title"),
        _text("description"),
        _string("origin"),
        _text("source"),
        _json("bargainers", nullable=True),
        _time("created"),
        _int("created_by"),
        _fk("negotiations", "created_by", "users"),
        _pk("negotiations"),
    )
    op.create_table(
        "audit_events",
        _id(),
        _int("negotiation_id", nullable=True),
        _int("actor_id", nullable=True),
        _string("action"),
        _text("target"),
        _string("private_to", nullable=True),
        _json("before", nullable=True),
        _json("after", nullable=True),
        _time("at"),
        _fk("audit_events", "actor_id", "users"),
        _fk("audit_events", "negotiation_id", "negotiations"),
        _pk("audit_events"),
    )
    _index("audit_events", "negotiation_id")
    op.create_table(
        "drafts",
        _id(),
        _int("negotiation_id"),
        _int("version"),
        _string("key"),
        _text("title"),
        _string("date"),
        _text("description"),
        _json("authors"),
        _json("choices"),
        _json("texts"),
        _time("created"),
        _int("created_by"),
        _fk("drafts", "created_by", "users"),
        _fk("drafts", "negotiation_id", "negotiations"),
        _pk("drafts"),
        _unique("drafts", "negotiation_id", "key"),
        _unique("drafts", "negotiation_id", "version"),
    )
    op.create_table(
        "parties",
        _id(),
        _int("negotiation_id"),
        _int("position"),
        _string("key"),
        _text("name"),
        _string("role"),
        _text("description"),
        _fk("parties", "negotiation_id", "negotiations"),
        _pk("parties"),
        _unique("parties", "negotiation_id", "key"),
    )
    op.create_table(
        "points",
        _id(),
        _int("negotiation_id"),
        _int("position"),
        _string("key"),
        _text("title"),
        _text("description"),
        sa.Column("range_min", sa.Double(), nullable=True),
        sa.Column("range_max", sa.Double(), nullable=True),
        sa.Column("range_step", sa.Double(), nullable=True),
        _string("range_unit", nullable=True),
        _fk("points", "negotiation_id", "negotiations"),
        _pk("points"),
        _unique("points", "negotiation_id", "key"),
    )
    op.create_table(
        "comments",
        _id(),
        _int("negotiation_id"),
        _int("user_id"),
        _int("draft_id", nullable=True),
        _int("point_id", nullable=True),
        _text("body"),
        _time("created"),
        _fk("comments", "draft_id", "drafts"),
        _fk("comments", "negotiation_id", "negotiations"),
        _fk("comments", "point_id", "points"),
        _fk("comments", "user_id", "users"),
        _pk("comments"),
    )
    _index("comments", "negotiation_id")
    op.create_table(
        "draft_parents",
        _int("draft_id"),
        _int("position"),
        _int("parent_id"),
        _fk("draft_parents", "draft_id", "drafts"),
        _fk("draft_parents", "parent_id", "drafts"),
        _pk("draft_parents", "draft_id", "position"),
    )
    op.create_table(
        "memberships",
        _id(),
        _int("user_id"),
        _int("negotiation_id"),
        _string("role"),
        _int("party_id", nullable=True),
        _time("created"),
        sa.CheckConstraint("(role = 'party') = (party_id IS NOT NULL)", name=op.f("ck_memberships_party_role")),
        sa.CheckConstraint("role IN ('mediator', 'party', 'observer')", name=op.f("ck_memberships_role")),
        _fk("memberships", "negotiation_id", "negotiations"),
        _fk("memberships", "party_id", "parties"),
        _fk("memberships", "user_id", "users"),
        _pk("memberships"),
        _unique("memberships", "user_id", "negotiation_id"),
    )
    _index("memberships", "negotiation_id")
    op.create_table(
        "options",
        _id(),
        _int("point_id"),
        _int("position"),
        _string("key"),
        _text("text"),
        _fk("options", "point_id", "points"),
        _pk("options"),
        _unique("options", "point_id", "key"),
    )
    op.create_table(
        "preferences",
        _id(),
        _int("party_id"),
        _json("data"),
        _int("version"),
        _time("updated"),
        _int("updated_by"),
        _fk("preferences", "party_id", "parties"),
        _fk("preferences", "updated_by", "users"),
        _pk("preferences"),
        _unique("preferences", "party_id"),
    )
    op.create_table(
        "stances",
        _id(),
        _int("negotiation_id"),
        _int("position"),
        _int("party_id"),
        _int("draft_id"),
        _int("point_id", nullable=True),
        _string("stance"),
        _json("proposal", nullable=True),
        _text("note"),
        _text("source_quote", nullable=True),
        _text("source_speaker", nullable=True),
        _string("source_date", nullable=True),
        _text("source_link", nullable=True),
        _text("source_outlet", nullable=True),
        _string("source_published", nullable=True),
        _string("basis", nullable=True),
        _text("reason"),
        _time("created"),
        _int("created_by"),
        _fk("stances", "created_by", "users"),
        _fk("stances", "draft_id", "drafts"),
        _fk("stances", "negotiation_id", "negotiations"),
        _fk("stances", "party_id", "parties"),
        _fk("stances", "point_id", "points"),
        _pk("stances"),
        _unique("stances", "negotiation_id", "position"),
    )
    op.create_index("ix_stances_slot", "stances", ["party_id", "draft_id", "point_id"], unique=False)
    _append_only_audit()


def _append_only_audit() -> None:
    """Triggers that refuse UPDATE and DELETE of audit events (and TRUNCATE on PostgreSQL)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION accord_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION accord_audit_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION accord_audit_append_only()"
        )
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_events_no_{event.lower()} BEFORE {event} ON audit_events "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_events_no_truncate ON audit_events")
        op.execute("DROP TRIGGER audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION accord_audit_append_only()")
    else:
        op.execute("DROP TRIGGER audit_events_no_delete")
        op.execute("DROP TRIGGER audit_events_no_update")
    for table in (
        "stances",
        "preferences",
        "options",
        "memberships",
        "draft_parents",
        "comments",
        "points",
        "parties",
        "drafts",
        "audit_events",
        "negotiations",
        "users",
    ):
        op.drop_table(table)
