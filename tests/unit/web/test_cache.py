"""What the workbench keeps between requests (accord.web.workbench) is what the database
holds: after a stance recorded here (the kept scenario advanced in memory), after a change
made behind the server's back (read again), and after a share (memberships kept per
revision: the new rights apply at once)."""

from __future__ import annotations

import pytest

from accord.model import Stance, StanceKind
from accord.views import Viewer
from unit.web.world import World


def kept_is_stored(world: World) -> None:
    wb = world.client.app.state.workbench  # type: ignore[attr-defined]
    kept = wb.snapshot(world.main)
    stored, revision = world.store.snapshot(world.main)
    assert kept.revision == revision
    assert kept.scenario == stored


def test_a_stance_recorded_here_advances_the_kept_scenario_exactly(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = world.current(world.main)
    page = world.call("a", "GET", f"/api/negotiations/{world.main}/drafts/{draft}").json()
    point = page["points"][0]
    answer = world.call(
        "a",
        "POST",
        f"/api/negotiations/{world.main}/stances",
        json={"stance": "amend", "point": point["id"], "expected_version": point["your_version"], "note": "n1"},
    )
    assert answer.status_code == 201, answer.text
    wb = world.client.app.state.workbench  # type: ignore[attr-defined]
    reads: list[int] = []
    stored = world.store.snapshot
    monkeypatch.setattr(world.store, "snapshot", lambda n: reads.append(n) or stored(n))
    wb.snapshot(world.main)
    assert reads == []  # advanced in memory, not read again
    monkeypatch.undo()
    kept_is_stored(world)
    again = world.call("a", "GET", f"/api/negotiations/{world.main}/drafts/{draft}").json()
    assert again["points"][0]["your_version"] == point["your_version"] + 1
    assert any(s["note"] == "n1" for s in again["points"][0]["stances"])


def test_a_change_behind_the_servers_back_is_read_again(world: World) -> None:
    draft = world.current(world.main)
    world.call("a", "GET", f"/api/negotiations/{world.main}/drafts/{draft}")
    point = world.store.snapshot(world.main)[0].points[0].id
    stance = Stance("a", draft, StanceKind.CRITICISE, point, note="from another process")
    version = world.store.stance_version(world.main, "a", draft, point)
    world.store.record_stance(world.main, stance, by_user=world.users["mediator"].id, expected_version=version)
    page = world.call("a", "GET", f"/api/negotiations/{world.main}/drafts/{draft}").json()
    row = next(p for p in page["points"] if p["id"] == point)
    assert any(s["note"] == "from another process" for s in row["stances"])
    kept_is_stored(world)


@pytest.mark.parametrize("share", [True, False])
def test_a_share_applies_to_the_next_request(world: World, share: bool) -> None:
    url = f"/api/negotiations/{world.main}/preferences/a"
    assert world.call("mediator", "GET", url).status_code == 403
    world.call("a", "POST", f"{url}/shares", json={"with_party": None})
    assert world.call("mediator", "GET", url).status_code == 200
    if not share:
        world.call("a", "DELETE", f"{url}/shares")
        assert world.call("mediator", "GET", url).status_code == 403
    assert world.store.member(world.main, world.users["mediator"].id).viewer.sees_preferences("a") is share
    assert Viewer("mediator").sees_preferences("a") is False
