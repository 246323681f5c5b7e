"""Accounts: names and argon2 password hashes.

Passwords are hashed with Argon2id [Biryukov2016]_, the winner of the Password Hashing
Competition and the first choice of OWASP's password-storage advice, through argon2-cffi's
``PasswordHasher`` with its defaults (RFC 9106's second recommended set: 3 passes over
64 MiB, 4 lanes). A hash holds its own salt and parameters; when the defaults grow, a
user's hash is redone at the next correct sign-in (:func:`verify_password`).

Hashing takes tens of milliseconds on purpose, so it runs outside any transaction: a
sign-in never holds SQLite's write lock while it hashes.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.errors import StoreError
from accord.store.schema import User as UserRow
from accord.store.schema import now
from accord.store.types import User

MIN_PASSWORD = 8
MAX_NAME = 100


@cache
def hasher() -> PasswordHasher:
    """The one password hasher (argon2-cffi's defaults)."""
    return PasswordHasher()


@cache
def _decoy() -> str:
    """A hash to check unknown names against, so that a sign-in under an unknown name takes
    as long as one under a known name (no timing oracle for which names exist)."""
    return hasher().hash("decoy password of no account")


def check_new(name: str, password: str) -> None:
    """StoreError unless ``name`` and ``password`` can make an account."""
    if not name or name != name.strip() or len(name) > MAX_NAME or any(not c.isprintable() for c in name):
        raise StoreError(f"user name {name!r}: give 1 to {MAX_NAME} printable characters without spaces at either end")
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"the password of {name!r} is too short: give at least {MIN_PASSWORD} characters")


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (salted; parameters inside)."""
    return hasher().hash(password)


def add_user(session: Session, name: str, password_hash: str) -> User:
    """Insert the user (the caller turns a duplicate name into ConflictError)."""
    row = UserRow(name=name, password_hash=password_hash, created=now())
    session.add(row)
    session.flush()
    return as_user(row)


def find_hash(session: Session, name: str) -> tuple[User, str] | None:
    """The user called ``name`` and its password hash, or None."""
    row = session.scalars(select(UserRow).where(UserRow.name == name)).one_or_none()
    return None if row is None else (as_user(row), row.password_hash)


def check_password(stored: tuple[User, str] | None, password: str) -> tuple[User | None, bool]:
    """Whether ``password`` matches (the decoy when the user is unknown), and whether the
    hash should be redone with the current parameters."""
    hashed = _decoy() if stored is None else stored[1]
    try:
        hasher().verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return None, False
    if stored is None:
        return None, False
    return stored[0], hasher().check_needs_rehash(hashed)


def set_hash(session: Session, user_id: int, password_hash: str) -> None:
    """Replace a user's password hash (a rehash at sign-in)."""
    row = session.get(UserRow, user_id)
    if row is not None:
        row.password_hash = password_hash


def as_user(row: UserRow) -> User:
    """The public form of a user row (no hash)."""
    return User(row.id, row.name, row.created)
