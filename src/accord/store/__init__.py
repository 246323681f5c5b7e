"""The workbench's store: negotiations, accounts, the record, every party's confidential
preferences and the append-only audit log, in SQLite (a file, by default) or PostgreSQL.

Needs the ``workbench`` extra (SQLAlchemy, Alembic, psycopg, argon2-cffi)::

    store = open_store("sqlite:///workbench.db")
    mediator = store.create_user("envoy", "a long passphrase")
    nid = store.import_scenario(accord.load("examples/ukraine-2025.yaml").scenario, mediator.id)
    store.export_scenario(nid, Viewer.for_party("ua"))  # Ukraine's view: its own preferences

See docs/explanation/workbench.md for what it holds and why.
"""

from __future__ import annotations

from accord.errors import MissingExtraError

try:
    import alembic  # noqa: F401
    import argon2  # noqa: F401
    import sqlalchemy  # noqa: F401
except ImportError as err:  # pragma: no cover - the dev install has the extra
    raise MissingExtraError("the workbench's store", "workbench", err.name or "sqlalchemy") from err

from argon2 import PasswordHasher

from accord.store.engine import make_engine, migrate
from accord.store.store import Store
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


def open_store(url: str, *, hasher: PasswordHasher | None = None) -> Store:
    """The store at ``url`` (``sqlite:///FILE`` or ``postgresql+psycopg://USER@HOST/DB``),
    its schema first brought to the newest migration. ``hasher``: the argon2 password
    hasher (default: argon2-cffi's defaults; see :mod:`accord.store.users`)."""
    engine = make_engine(url)
    migrate(engine)
    return Store(engine, hasher)


__all__ = [
    "AuditEvent",
    "Comment",
    "Invitation",
    "Member",
    "MemberRole",
    "NegotiationInfo",
    "Share",
    "Store",
    "Token",
    "TokenKind",
    "User",
    "Versioned",
    "open_store",
]
