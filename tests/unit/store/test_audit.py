"""The audit log: an event for every change, readable only through a Viewer, never changed."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

import accord
from accord.model import Draft, Scenario, Stance
from accord.store import Store, User
from accord.store.codec import encode
from accord.views import Viewer

LABOUR = Path(__file__).parents[3] / "examples" / "tutorial-labour.yaml"


@pytest.fixture
def changed(store: Store) -> tuple[int, User, Scenario]:
    """The tutorial's negotiation after one change of every kind."""
    mediator = store.create_user("mediator", "a long passphrase")
    scenario = accord.load(LABOUR).scenario
    nid = store.import_scenario(scenario, mediator.id)
    delegate = store.create_user("union-delegate", "another passphrase")
    store.add_member(nid, delegate.id, "party", party="union", by_user=mediator.id)
    union = scenario.preferences["union"]
    store.set_preferences(nid, replace(union, reservation=0.44), by_user=delegate.id, expected_version=1)
    store.record_stance(nid, Stance("union", "offer", "criticise"), by_user=delegate.id, expected_version=0)
    store.publish_draft(nid, Draft("m1", parents=("claim",)), by_user=mediator.id, expected_version=2)
    store.add_comment(nid, "Closer.", by_user=delegate.id, draft="m1")
    return nid, mediator, scenario


def test_every_change_is_an_event_in_order(store: Store, changed: tuple[int, User, Scenario]) -> None:
    nid, _, _ = changed
    events = store.audit(nid, Viewer())
    assert [(e.actor, e.action, e.target) for e in events] == [
        ("mediator", "negotiation.import", f"negotiation {nid}"),
        ("mediator", "member.add", "user 1"),
        ("mediator", "preferences.set", "the preferences of union"),
        ("mediator", "preferences.set", "the preferences of employer"),
        ("mediator", "member.add", "user 2"),
        ("union-delegate", "preferences.set", "the preferences of union"),
        ("union-delegate", "stance.record", "union's stance on the whole draft of draft offer"),
        ("mediator", "draft.publish", "draft m1"),
        ("union-delegate", "comment.add", "comment 1 on draft m1"),
    ]
    assert [e.id for e in events] == sorted(e.id for e in events)
    assert all(e.at.tzinfo is not None for e in events)
    change = events[5]
    assert change.before["reservation"] == 0.3
    assert change.after["reservation"] == 0.44
    assert events[6].after["stance"] == "criticise"
    assert events[7].after["parents"] == ["claim"]
    accounts = store.audit(None, Viewer())
    assert [(e.action, e.after) for e in accounts] == [
        ("user.create", {"name": "mediator"}),
        ("user.create", {"name": "union-delegate"}),
    ]


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [
        (Viewer(), {"union", "employer"}),
        (Viewer.for_party("union"), {"union"}),
        (Viewer.for_party("employer"), {"employer"}),
        (Viewer("mediator"), set()),
        (Viewer("mediator", shared=frozenset({"employer"})), {"employer"}),
        (Viewer("observer"), set()),
    ],
    ids=lambda v: v.label if isinstance(v, Viewer) else "",
)
def test_preference_events_are_redacted_for_whom_may_not_see_them(
    store: Store, changed: tuple[int, User, Scenario], viewer: Viewer, sees: set[str]
) -> None:
    nid, _, scenario = changed
    events = store.audit(nid, viewer)
    private = [e for e in events if e.private_to is not None]
    assert {e.private_to for e in private} == {"union", "employer"}
    for e in private:
        assert e.redacted == (e.private_to not in sees)
        if e.redacted:
            assert (e.before, e.after) == (None, None)
        else:
            assert e.after is not None
    shown = json.dumps([[e.before, e.after] for e in events])
    for party in {"union", "employer"} - sees:
        assert json.dumps(encode(scenario.preferences[party])["weights"]) not in shown
        assert '"reservation"' not in json.dumps([[e.before, e.after] for e in private if e.private_to == party])
    public = [e for e in events if e.private_to is None]
    assert all(not e.redacted and e.after is not None for e in public)


def test_the_store_offers_no_way_to_change_the_log(store: Store) -> None:
    names = [n for n in dir(store) if "audit" in n.lower() or "event" in n.lower()]
    assert names == ["audit"]


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"])
def test_the_database_refuses_to_change_the_log(
    store: Store, changed: tuple[int, User, Scenario], statement: str
) -> None:
    nid, _, _ = changed
    before = store.audit(nid, Viewer())
    with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as connection:
        connection.execute(text(statement))
    assert store.audit(nid, Viewer()) == before


def test_a_failed_change_leaves_no_event(store: Store, changed: tuple[int, User, Scenario]) -> None:
    nid, mediator, _ = changed
    before = store.audit(nid, Viewer())
    with pytest.raises(Exception, match="changed since"):
        store.publish_draft(nid, Draft("m2"), by_user=mediator.id, expected_version=2)
    assert store.audit(nid, Viewer()) == before
