"""Tokens, invitations and the revision counter, on SQLite and PostgreSQL: tokens kept as
digests, invitations used once (even by two at once), every change to a negotiation
counted. Preference shares: test_sharing.py."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

import accord
from accord.errors import ConflictError, ForbiddenError, InvitationError, StoreError, UnknownIdError
from accord.model import Draft, Scenario, Stance
from accord.store import Invitation, Store, User, access
from accord.views import Viewer

FLAGSHIP = Path(__file__).parents[3] / "examples" / "ukraine-2025.yaml"
LABOUR = Path(__file__).parents[3] / "examples" / "tutorial-labour.yaml"
HOUR = timedelta(hours=1)


@pytest.fixture
def labour(store: Store) -> tuple[int, User, Scenario]:
    """The tutorial's negotiation, imported by its mediator."""
    user = store.create_user("mediator", "a long passphrase")
    scenario = accord.load(LABOUR).scenario
    return store.import_scenario(scenario, user.id), user, scenario


def _users(store: Store, *names: str) -> list[User]:
    return [store.create_user(name, f"the passphrase of {name}") for name in names]


def _stored_text(store: Store, table: str) -> str:
    """Every row of ``table`` as text, to look for what must not be there."""
    with store.engine.connect() as connection:
        return json.dumps([list(row) for row in connection.execute(text(f"SELECT * FROM {table}"))], default=str)


# tokens


def test_a_token_round_trips_and_only_its_digest_is_stored(store: Store) -> None:
    (user,) = _users(store, "envoy")
    raw, session = store.create_token(user.id, "session", HOUR)
    assert (session.user, session.kind) == (user, "session")
    assert session.expires - session.created == HOUR
    assert len(session.csrf) >= 40
    assert store.token(raw, "session") == session
    raw_api, api = store.create_token(user.id, "api", timedelta(days=30))
    assert api.csrf == ""
    assert store.token(raw_api, "api") == api
    stored = _stored_text(store, "tokens")
    assert raw not in stored
    assert raw_api not in stored
    assert hashlib.sha256(raw.encode()).hexdigest() in stored
    events = [e for e in store.audit(None, Viewer()) if e.action == "token.create"]
    assert [(e.target, e.after["kind"]) for e in events] == [(f"user {user.id}", "session"), (f"user {user.id}", "api")]
    assert events[0].after["expires"] == session.expires.isoformat()
    logged = _stored_text(store, "audit_events")
    for secret in (raw, access.digest(raw), session.csrf):
        assert secret not in logged


@pytest.mark.parametrize("ttl", [timedelta(0), -HOUR])
def test_an_expired_token_is_no_token(store: Store, ttl: timedelta) -> None:
    (user,) = _users(store, "envoy")
    raw, token = store.create_token(user.id, "session", ttl)
    assert token.expires <= datetime.now(UTC)
    assert store.token(raw, "session") is None


def test_a_revoked_token_is_no_token(store: Store) -> None:
    (user,) = _users(store, "envoy")
    raw, _ = store.create_token(user.id, "session", HOUR)
    other, kept = store.create_token(user.id, "session", HOUR)
    store.revoke_token(raw)
    assert store.token(raw, "session") is None
    assert store.token(other, "session") == kept
    store.revoke_token(raw)  # again: nothing happens
    store.revoke_token("no such token")
    assert [e.action for e in store.audit(None, Viewer())].count("token.revoke") == 1


def test_a_token_of_another_kind_or_unknown_is_no_token(store: Store) -> None:
    (user,) = _users(store, "envoy")
    raw, _ = store.create_token(user.id, "session", HOUR)
    raw_api, _ = store.create_token(user.id, "api", HOUR)
    assert store.token(raw, "api") is None
    assert store.token(raw_api, "session") is None
    assert store.token("not a token", "session") is None
    with pytest.raises(StoreError, match="unknown token kind 'cookie'"):
        store.create_token(user.id, "cookie", HOUR)  # type: ignore[arg-type]
    with pytest.raises(UnknownIdError, match="unknown user 99"):
        store.create_token(99, "session", HOUR)


# invitations


def test_an_invitation_is_accepted_once(store: Store, labour: tuple[int, User, Scenario]) -> None:
    nid, mediator, _ = labour
    delegate, late = _users(store, "union-delegate", "late-comer")
    raw, invitation = store.invite(nid, "party", party="union", by_user=mediator.id, ttl=HOUR)
    assert invitation == Invitation(invitation.id, nid, "party", "union", invitation.expires)
    assert store.invitation(raw) == invitation
    member = store.accept_invitation(raw, delegate.id)
    assert (member.user, member.name, member.role, member.party) == (delegate.id, "union-delegate", "party", "union")
    assert store.member(nid, delegate.id) == member
    for attempt in (lambda: store.invitation(raw), lambda: store.accept_invitation(raw, late.id)):
        with pytest.raises(InvitationError, match="used already") as info:
            attempt()
        assert (info.value.reason, info.value.status) == ("used", 410)
    with pytest.raises(ForbiddenError):
        store.member(nid, late.id)
    actions = [e.action for e in store.audit(nid, Viewer())]
    assert actions[-3:] == ["invitation.create", "member.add", "invitation.accept"]
    assert raw not in _stored_text(store, "invitations") + _stored_text(store, "audit_events")


def test_a_party_may_invite_several_delegates(store: Store, labour: tuple[int, User, Scenario]) -> None:
    nid, mediator, _ = labour
    first, second = _users(store, "first", "second")
    for user in (first, second):
        raw, _ = store.invite(nid, "party", party="employer", by_user=mediator.id, ttl=HOUR)
        store.accept_invitation(raw, user.id)
    assert {store.member(nid, u.id).party for u in (first, second)} == {"employer"}
    raw, _ = store.invite(nid, "observer", party=None, by_user=mediator.id, ttl=HOUR)
    assert store.accept_invitation(raw, _users(store, "press")[0].id).role == "observer"


@pytest.mark.parametrize("ttl", [timedelta(0), -HOUR])
def test_an_expired_invitation_cannot_be_used(store: Store, labour: tuple[int, User, Scenario], ttl: timedelta) -> None:
    nid, mediator, _ = labour
    (user,) = _users(store, "late")
    raw, _ = store.invite(nid, "observer", party=None, by_user=mediator.id, ttl=ttl)
    for attempt in (lambda: store.invitation(raw), lambda: store.accept_invitation(raw, user.id)):
        with pytest.raises(InvitationError, match=r"expired at .*ask the mediator for a new one") as info:
            attempt()
        assert (info.value.reason, info.value.status) == ("expired", 410)


def test_an_unknown_invitation(store: Store, labour: tuple[int, User, Scenario]) -> None:
    _, mediator, _ = labour
    for attempt in (lambda: store.invitation("made up"), lambda: store.accept_invitation("made up", mediator.id)):
        with pytest.raises(InvitationError, match="not known: check that it was copied whole") as info:
            attempt()
        assert (info.value.reason, info.value.status) == ("unknown", 404)
        assert isinstance(info.value, StoreError)


def test_an_invitation_that_does_not_fit_is_refused(store: Store, labour: tuple[int, User, Scenario]) -> None:
    nid, mediator, _ = labour
    with pytest.raises(StoreError, match="as party names the party: give the party"):
        store.invite(nid, "party", party=None, by_user=mediator.id, ttl=HOUR)
    with pytest.raises(StoreError, match="as observer names no party"):
        store.invite(nid, "observer", party="union", by_user=mediator.id, ttl=HOUR)
    with pytest.raises(UnknownIdError, match=r"unknown party 'unoin'.*did you mean 'union'"):
        store.invite(nid, "party", party="unoin", by_user=mediator.id, ttl=HOUR)
    with pytest.raises(StoreError, match="unknown role 'boss'"):
        store.invite(nid, "boss", party=None, by_user=mediator.id, ttl=HOUR)  # type: ignore[arg-type]
    with pytest.raises(UnknownIdError, match="unknown negotiation 99"):
        store.invite(99, "observer", party=None, by_user=mediator.id, ttl=HOUR)
    assert "invitation.create" not in [e.action for e in store.audit(nid, Viewer())]


def test_a_member_already_leaves_the_invitation_unused(store: Store, labour: tuple[int, User, Scenario]) -> None:
    nid, mediator, _ = labour
    raw, invitation = store.invite(nid, "observer", party=None, by_user=mediator.id, ttl=HOUR)
    with pytest.raises(ConflictError, match="already"):
        store.accept_invitation(raw, mediator.id)
    assert store.invitation(raw) == invitation  # unused, still good
    assert "invitation.accept" not in [e.action for e in store.audit(nid, Viewer())]
    (user,) = _users(store, "observer")
    assert store.accept_invitation(raw, user.id).role == "observer"


def test_an_acceptance_that_read_the_invitation_before_another_used_it_loses(
    store: Store, labour: tuple[int, User, Scenario], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race the conditional UPDATE closes, made deterministic: the loser read the
    invitation unused, then the winner's acceptance committed before the loser's UPDATE."""
    nid, mediator, _ = labour
    winner, loser = _users(store, "winner", "loser")
    raw, _ = store.invite(nid, "observer", party=None, by_user=mediator.id, ttl=HOUR)
    read_before = store.invitation(raw)
    store.accept_invitation(raw, winner.id)
    monkeypatch.setattr(access, "find_invitation", lambda session, raw: read_before)
    with pytest.raises(InvitationError, match="used already") as info:
        store.accept_invitation(raw, loser.id)
    assert info.value.reason == "used"
    with pytest.raises(ForbiddenError):
        store.member(nid, loser.id)


def test_two_acceptances_at_once_exactly_one_wins(store: Store, labour: tuple[int, User, Scenario]) -> None:
    """Eight users, each on its own connection, accept one invitation at the same moment:
    one becomes a member, seven are told it was used."""
    nid, mediator, _ = labour
    raw, _ = store.invite(nid, "party", party="union", by_user=mediator.id, ttl=HOUR)
    people = _users(store, *(f"delegate-{i}" for i in range(8)))
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def accept(user: User) -> None:
        barrier.wait()
        try:
            store.accept_invitation(raw, user.id)
            outcomes.append("won")
        except InvitationError as err:
            outcomes.append(err.reason)

    threads = [threading.Thread(target=accept, args=(user,)) for user in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["used"] * 7 + ["won"]
    members = [u for u in people if any(n.id == nid for n in store.negotiations(u.id))]
    assert len(members) == 1
    actions = [e.action for e in store.audit(nid, Viewer())]
    assert actions.count("invitation.accept") == actions.count("member.add") - 1 == 1


# the revision counter


def _writes(nid: int, user: User, scenario: Scenario, store: Store) -> list[tuple[str, Callable[[], Any]]]:
    """Every kind of change to a negotiation, by name, each once."""
    by = user.id
    stance = Stance("union", "offer", "accept")
    draft = replace(scenario.drafts[-1], id="second-offer", parents=(scenario.drafts[-1].id,))
    prefs = replace(scenario.preferences["union"], reservation=0.3)
    joiner, guest = _users(store, "joiner", "guest")
    invited: list[str] = []
    return [
        ("record_stance", lambda: store.record_stance(nid, stance, by_user=by, expected_version=0)),
        ("publish_draft", lambda: store.publish_draft(nid, draft, by_user=by, expected_version=2)),
        ("set_preferences", lambda: store.set_preferences(nid, prefs, by_user=by, expected_version=1)),
        ("add_member", lambda: store.add_member(nid, joiner.id, "observer", by_user=by)),
        ("add_comment", lambda: store.add_comment(nid, "Noted.", by_user=by)),
        ("share", lambda: store.share(nid, "union", None, by_user=by)),
        ("unshare", lambda: store.unshare(nid, "union", None, by_user=by)),
        ("invite", lambda: invited.append(store.invite(nid, "observer", party=None, by_user=by, ttl=HOUR)[0])),
        ("accept_invitation", lambda: store.accept_invitation(invited[0], guest.id)),
    ]


def _reads(nid: int, user: User, store: Store) -> list[Callable[[], Any]]:
    return [
        lambda: store.export_scenario(nid, Viewer()),
        lambda: store.snapshot(nid),
        lambda: store.preferences(nid, "union", Viewer()),
        lambda: store.member(nid, user.id),
        lambda: store.negotiations(user.id),
        lambda: store.audit(nid, Viewer()),
        lambda: store.comments(nid),
        lambda: store.shares(nid),
        lambda: store.stance_version(nid, "union", "offer", None),
        lambda: store.draft_version(nid),
    ]


def test_every_write_bumps_the_revision_and_no_read_does(store: Store, labour: tuple[int, User, Scenario]) -> None:
    nid, user, scenario = labour
    assert store.revision(nid) == 0
    for expected, (name, write) in enumerate(_writes(nid, user, scenario, store), start=1):
        write()
        assert (name, store.revision(nid)) == (name, expected)
        for read in _reads(nid, user, store):
            read()
        assert (name, store.revision(nid)) == (name, expected)
    assert store.snapshot(nid) == (store.export_scenario(nid, Viewer()), expected)


def test_a_refused_write_does_not_bump_the_revision(store: Store, labour: tuple[int, User, Scenario]) -> None:
    nid, user, _ = labour
    other = store.import_scenario(accord.load(LABOUR).scenario, user.id)
    with pytest.raises(ConflictError):
        store.publish_draft(nid, Draft("x", "X", "2026-01-01", ("union",)), by_user=user.id, expected_version=0)
    with pytest.raises(StoreError):
        store.share(nid, "union", "union", by_user=user.id)
    with pytest.raises(ConflictError):
        store.add_member(nid, user.id, "observer", by_user=user.id)
    store.add_comment(other, "Elsewhere.", by_user=user.id)
    store.create_token(user.id, "session", HOUR)  # no negotiation's
    assert (store.revision(nid), store.revision(other)) == (0, 1)
    with pytest.raises(UnknownIdError, match="unknown negotiation 99"):
        store.revision(99)
    with pytest.raises(UnknownIdError, match="unknown negotiation 99"):
        store.snapshot(99)


def test_the_snapshot_is_the_whole_scenario_with_its_revision(store: Store, labour: tuple[int, User, Scenario]) -> None:
    nid, user, scenario = labour
    assert store.snapshot(nid) == (scenario, 0)
    store.share(nid, "union", None, by_user=user.id)
    assert store.snapshot(nid) == (scenario, 1)
