"""Accounts: argon2id hashes, unique names, no timing oracle for unknown names."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from accord.errors import ConflictError, StoreError
from accord.store import Store, open_store
from accord.views import Viewer


def test_a_password_verifies_and_a_wrong_one_does_not(store: Store) -> None:
    user = store.create_user("envoy", "correct horse battery")
    assert store.verify_password("envoy", "correct horse battery") == user
    assert store.verify_password("envoy", "correct horse batterY") is None
    assert store.verify_password("nobody", "correct horse battery") is None
    assert store.user("envoy") == user
    assert store.user("nobody") is None


def test_the_stored_hash_is_salted_argon2id(store: Store) -> None:
    store.create_user("a", "the same password")
    store.create_user("b", "the same password")
    with store.engine.connect() as connection:
        hashes = connection.execute(text("SELECT password_hash FROM users ORDER BY id")).scalars().all()
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert hashes[0] != hashes[1]
    assert all("the same password" not in h for h in hashes)


def test_an_outdated_hash_is_redone_at_the_next_sign_in(store: Store) -> None:
    from argon2 import PasswordHasher

    user = store.create_user("envoy", "correct horse battery")
    weak = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1).hash("correct horse battery")
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE users SET password_hash = :h WHERE id = :i"), {"h": weak, "i": user.id})
    assert store.verify_password("envoy", "correct horse battery") == user
    with store.engine.connect() as connection:
        redone = connection.execute(text("SELECT password_hash FROM users")).scalar_one()
    assert redone != weak
    assert redone.startswith("$argon2id$v=19$m=8,t=1,p=1$")  # the store's (cheap) parameters


def test_by_default_hashes_use_argon2_cffis_defaults(database_url: str) -> None:
    """RFC 9106's second recommended parameters: 64 MiB, 3 passes, 4 lanes."""
    store = open_store(database_url)
    store.create_user("envoy", "correct horse battery")
    assert store.verify_password("envoy", "correct horse battery") is not None
    with store.engine.connect() as connection:
        stored = connection.execute(text("SELECT password_hash FROM users")).scalar_one()
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    store.close()


def test_a_name_is_taken_once(store: Store) -> None:
    store.create_user("envoy", "correct horse battery")
    with pytest.raises(ConflictError, match="taken") as info:
        store.create_user("envoy", "another password")
    assert info.value.status == 409


@pytest.mark.parametrize(
    ("name", "password", "says"),
    [
        ("", "long enough", "printable"),
        (" envoy", "long enough", "spaces"),
        ("a\nb", "long enough", "printable"),
        ("x" * 101, "long enough", "1 to 100"),
        ("envoy", "short", "at least 8"),
    ],
)
def test_a_name_or_password_it_cannot_take(store: Store, name: str, password: str, says: str) -> None:
    with pytest.raises(StoreError, match=says):
        store.create_user(name, password)
    assert store.audit(None, Viewer()) == ()
