"""Accounts: names and argon2 password hashes.

Passwords are hashed with Argon2id [Biryukov2016]_, the winner of the Password Hashing
Competition and the first choice of OWASP's password-storage advice, through argon2-cffi's
``PasswordHasher``, by default with its defaults (RFC 9106's second recommended set: 3
passes over 64 MiB, 4 lanes; about 0.35 s on a 2-core machine). A deployment may give the
store another hasher to fit its hardware (the tests use argon2-cffi's cheapest profile).
A hash holds its own salt and parameters; a user whose hash was made with other
parameters gets a new one at the next correct sign-in (:func:`check_password`).

Hashing takes tens of milliseconds on purpose, so it runs outside any transaction: a
sign-in never holds SQLite's write lock while it hashes.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from accord.errors import StoreError
from accord.store.schema import User as UserRow
from accord.store.schema import now
from accord.store.types import User

MIN_PASSWORD = 8
MAX_NAME = 100


class Passwords:
    """Hashes and checks passwords with one argon2 ``PasswordHasher``."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self.hasher = hasher or PasswordHasher()
        self._decoy: str | None = None

    def hash(self, password: str) -> str:
        """The argon2id hash of ``password`` (salted; parameters inside)."""
        return self.hasher.hash(password)

    def check(self, stored: tuple[User, str] | None, password: str) -> tuple[User | None, bool]:
        """Whether ``password`` matches (checked against a decoy hash when the user is
        unknown, so that an unknown name takes as long: no timing oracle for which names
        exist), and whether the hash should be redone with the current parameters."""
        if self._decoy is None:
            self._decoy = self.hash("decoy password of no account")
        hashed = self._decoy if stored is None else stored[1]
        matches: bool
        try:
            matches = self.hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            matches = False
        if stored is None or not matches:
            return None, False
        return stored[0], self.hasher.check_needs_rehash(hashed)


def check_new(name: str, password: str) -> None:
    """StoreError unless ``name`` and ``password`` can make an account."""
    if not name or name != name.strip() or len(name) > MAX_NAME or any(not c.isprintable() for c in name):
        raise StoreError(f"user name {name!r}: give 1 to {MAX_NAME} printable characters without spaces at either end")
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"the password of {name!r} is too short: give at least {MIN_PASSWORD} characters")


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


def set_hash(session: Session, user_id: int, password_hash: str) -> None:
    """Replace a user's password hash (a rehash at sign-in)."""
    session.execute(update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash))


def as_user(row: UserRow) -> User:
    """The public form of a user row (no hash)."""
    return User(row.id, row.name, row.created)
