"""Versions: every change names the version it was made on, and gets 409 (with the expected
and the current version) when someone changed it first; the pages say so in words. Each
change leaves one event in the audit log and moves the negotiation's revision."""

from __future__ import annotations

from typing import Any

import pytest

from unit.web.world import BOTH, World, error_shape


def api(world: World, role: str, method: str, tail: str, **kwargs: Any) -> Any:
    return world.call(role, method, f"/api/negotiations/{world.main}{tail}", **kwargs)


def audit(world: World) -> list[dict[str, Any]]:
    answer: list[dict[str, Any]] = api(world, "mediator", "GET", "/audit").json()
    return answer


def revision(world: World) -> int:
    found: int = api(world, "a", "GET", "").json()["revision"]
    return found


def conflict(answer: Any, expected: int, current: int) -> None:
    assert answer.status_code == 409, answer.text
    error_shape(answer.json())
    assert answer.json()["error"]["code"] == "conflict"
    assert answer.json()["error"]["details"] == {"expected": expected, "current": current}


@BOTH
def test_two_stances_on_one_version(world: World) -> None:
    before, events = revision(world), len(audit(world))
    body = {"stance": "amend", "expected_version": 0, "point": "p2", "proposal": "u", "note": "first"}
    first = api(world, "a", "POST", "/stances", json=body)
    assert first.status_code == 201
    assert first.json() == {"party": "a", "draft": "d2", "point": "p2", "version": 1}
    conflict(api(world, "a", "POST", "/stances", json={**body, "note": "second"}), 0, 1)
    conflict(api(world, "mediator", "POST", "/stances", json={**body, "party": "a"}), 0, 1)
    assert api(world, "b", "POST", "/stances", json=body).status_code == 201  # b's slot is its own
    assert revision(world) == before + 2
    log = audit(world)
    assert len(log) == events + 2
    assert [e["action"] for e in log[-2:]] == ["stance.record", "stance.record"]
    assert log[-2]["after"]["note"] == "first"
    draft = api(world, "a", "GET", "/drafts/d2").json()
    row = next(p for p in draft["points"] if p["id"] == "p2")
    assert [(s["party"], s["stance"], s["note"]) for s in row["stances"]] == [
        ("a", "amend", "first"),
        ("b", "amend", "first"),
    ]
    assert row["your_version"] == 1


def test_a_stance_on_the_whole_draft_and_an_old_one(world: World) -> None:
    whole = api(world, "b", "POST", "/stances", json={"stance": "accept", "expected_version": 0})
    assert whole.status_code == 201
    assert whole.json()["point"] is None
    old = api(
        world, "b", "POST", "/stances", json={"stance": "accept", "expected_version": 0, "draft": "d1", "point": "p1"}
    )
    assert old.status_code == 201
    conflict(
        api(
            world,
            "b",
            "POST",
            "/stances",
            json={"stance": "accept", "expected_version": 0, "draft": "d1", "point": "p2"},
        ),
        0,
        1,
    )


@BOTH
def test_publishing_on_a_stale_version(world: World) -> None:
    events = len(audit(world))
    body = {"expected_version": 2, "title": "Third text", "changes": {"p3": 3, "p1": None}}
    made = api(world, "mediator", "POST", "/drafts", json=body)
    assert made.status_code == 201
    assert made.json() == {"id": "v3", "version": 3}
    conflict(api(world, "mediator", "POST", "/drafts", json=body), 2, 3)
    frame = api(world, "b", "GET", "").json()
    assert frame["current"] == "v3"
    assert frame["drafts"][-1]["version"] == 3
    third = api(world, "b", "GET", "/drafts/v3").json()
    says = {p["id"]: p["value"] for p in third["points"]}
    assert says == {"p1": None, "p2": "v", "p3": 3}
    assert [e["action"] for e in audit(world)[events:]] == ["draft.publish"]


@BOTH
def test_preferences_on_a_stale_version(world: World) -> None:
    version, doc = world.encoded(world.main, "a")
    changed = {**doc, "reservation": 0.3}
    saved = api(world, "a", "PUT", "/preferences/a", json={"expected_version": version, "preferences": changed})
    assert saved.status_code == 200
    assert saved.json() == {"version": version + 1}
    stale = api(world, "a", "PUT", "/preferences/a", json={"expected_version": version, "preferences": doc})
    conflict(stale, version, version + 1)
    got = api(world, "a", "GET", "/preferences/a").json()
    assert got["version"] == version + 1
    assert got["preferences"]["reservation"] == 0.3
    log = audit(world)
    assert log[-1]["action"] == "preferences.set"
    assert log[-1]["target"].startswith("the preferences of a")


@BOTH
def test_the_audit_hides_a_partys_new_numbers_from_the_others(world: World) -> None:
    version, doc = world.encoded(world.main, "a")
    changed = {**doc, "reservation": 0.3141}
    api(world, "a", "PUT", "/preferences/a", json={"expected_version": version, "preferences": changed})
    for role in ("mediator", "b", "observer"):
        event = api(world, role, "GET", "/audit").json()[-1]
        assert event["action"] == "preferences.set"
        assert event["redacted"] is True, role
        assert "0.3141" not in str(event), role
    own = api(world, "a", "GET", "/audit").json()[-1]
    assert own["redacted"] is False
    assert own["after"]["reservation"] == 0.3141


@BOTH
def test_the_page_stance_form_answers_with_its_row(world: World) -> None:
    url, htmx = f"/n/{world.main}/stances", {"HX-Request": "true"}
    data = {"draft": "d2", "point": "p1", "expected_version": "0", "stance": "amend", "proposal": "z"}
    data |= {"note": "Closer to z.", "csrf_token": world.csrf("a")}
    first = world.call("a", "POST", url, via="cookie", data=data, headers=htmx)
    assert first.status_code == 200
    assert first.text.lstrip().startswith('<tr id="point-p1">')
    assert "Recorded: amend." in first.text
    assert "Closer to z." in first.text
    assert "<html" not in first.text
    second = world.call("a", "POST", url, via="cookie", data={**data, "stance": "accept"}, headers=htmx)
    assert second.status_code == 409
    assert second.text.lstrip().startswith('<tr id="point-p1">')
    assert "Someone recorded a stance here first" in second.text
    assert 'name="expected_version" value="1"' in second.text  # the row as it is now
    plain = world.call("a", "POST", url, via="cookie", data=data)
    assert plain.status_code == 409
    assert "Someone recorded a stance here first" in plain.text
    done = world.call("a", "POST", url, via="cookie", data={**data, "expected_version": "1"})
    assert done.status_code == 303
    assert done.headers["location"] == f"/n/{world.main}"
    assert [e["action"] for e in audit(world)[-2:]] == ["stance.record", "stance.record"]


def test_the_page_stance_form_refuses_what_does_not_fit(world: World) -> None:
    url, htmx = f"/n/{world.main}/stances", {"HX-Request": "true"}
    base = {"draft": "d2", "point": "p1", "expected_version": "0", "stance": "amend", "csrf_token": world.csrf("a")}
    for change, status in (({"stance": "maybe"}, 422), ({"expected_version": "x"}, 422), ({"point": "p9"}, 422)):
        answer = world.call("a", "POST", url, via="cookie", data={**base, **change}, headers=htmx)
        assert answer.status_code == status, change
        assert "Traceback" not in answer.text


def test_the_page_save_says_when_the_preferences_changed(world: World) -> None:
    version, doc = world.encoded(world.main, "a")
    api(world, "a", "PUT", "/preferences/a", json={"expected_version": version, "preferences": doc})
    data = {"expected_version": str(version), "reservation": "0.5", "csrf_token": world.csrf("a")}
    stale = world.call("a", "POST", f"/n/{world.main}/preferences/a", via="cookie", data=data)
    assert stale.status_code == 409
    assert "These preferences changed since you opened the page" in stale.text
    assert f"version {version + 1})" in stale.text
    assert world.encoded(world.main, "a")[1]["reservation"] == 0.271693


def test_publishing_a_proposal_on_the_page(world: World) -> None:
    ready = world.wait("mediator", f"/n/{world.main}/proposals", via="cookie")
    assert "Proposal 1" in ready.text
    data = {"from_proposal": "1", "expected_version": "2", "csrf_token": world.csrf("mediator")}
    made = world.call("mediator", "POST", f"/n/{world.main}/drafts", via="cookie", data=data)
    assert made.status_code == 303
    assert made.headers["location"] == f"/n/{world.main}/drafts/v3"
    stale = world.call("mediator", "POST", f"/n/{world.main}/drafts", via="cookie", data=data)
    assert stale.status_code == 409
    third = api(world, "a", "GET", "/drafts/v3").json()
    assert third["parents"] == ["d2"]
    assert third["title"] == "Proposal 1 on d2"


def test_an_observer_may_not_record_a_stance_on_the_page(world: World) -> None:
    """actions.record_stance asks for a party before it asks who may state one: an observer
    gets 422 "name the party" where its role forbids any stance (403, as on the API)."""
    data = {"draft": "d2", "point": "p1", "expected_version": "0", "stance": "accept"}
    answer = world.call(
        "observer",
        "POST",
        f"/n/{world.main}/stances",
        via="cookie",
        data={**data, "csrf_token": world.csrf("observer")},
    )
    assert answer.status_code == 403
    api = world.call(
        "observer", "POST", f"/api/negotiations/{world.main}/stances", json={**data, "expected_version": 0}
    )
    assert api.status_code == 403


@pytest.mark.parametrize("reservation", [7, -0.1])
def test_a_reservation_outside_0_to_1_is_refused(world: World, reservation: float) -> None:
    """The API holds a reservation value to [0, 1] as scenario files do; nothing is saved."""
    version, doc = world.encoded(world.main, "a")
    body = {"expected_version": version, "preferences": {**doc, "reservation": reservation}}
    refused = api(world, "a", "PUT", "/preferences/a", json=body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["details"] == {"field": "reservation"}
    assert world.encoded(world.main, "a") == (version, doc)
