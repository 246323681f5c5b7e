"""The analysis in the workbench: a negotiation before its first draft, preferences known
only as ranges (the robustness section, shown per viewer), proposals that do not exist, and
an analysis that fails."""

from __future__ import annotations

from pathlib import Path

import pytest

import accord
from accord.api import Case
from accord.errors import AnalysisError
from accord.store import Store
from accord.web import Settings
from unit.web.world import World, error_shape, leaks, open_world

UNCERTAIN = """\
accord: 1
title: Ranges
parties:
  - {id: a, name: Alphaland}
  - {id: b, name: Betaland}
points:
  - id: p1
    options: [{id: x, text: X.}, {id: y, text: Y.}]
  - id: p2
    options: [{id: u, text: U.}, {id: v, text: V.}]
drafts:
  - {id: d1, title: First, date: 2026-01-05, choices: {p1: x, p2: u}}
preferences:
  a:
    reservation: {min: 0.113571, max: 0.193571, estimate: 0.153571}
    weights: {p1: 0.6, p2: 0.4}
    ratings: {p1: {x: 100, y: 0}, p2: {u: 20, v: 100}}
  b:
    reservation: {min: 0.124681, max: 0.184681, estimate: 0.154681}
    weights: {p1: 0.5, p2: 0.5}
    ratings: {p1: {x: 0, y: 100}, p2: {u: 100, v: 30}}
"""

RANGES = {"a": ("0.113571", "0.193571", "0.153571"), "b": ("0.124681", "0.184681", "0.154681")}


def negotiation(world: World, text: str) -> int:
    path = world.folder / "extra.yaml"
    path.write_text(text, encoding="utf-8")
    nid = world.store.import_scenario(accord.load(path).scenario, world.users["mediator"].id)
    for party in ("a", "b"):
        world.store.add_member(nid, world.users[party].id, "party", party=party, by_user=world.users["mediator"].id)
    return nid


def test_a_negotiation_before_its_first_draft(world: World) -> None:
    bare = "accord: 1\ntitle: Bare\nparties: [{id: a, name: A}, {id: b, name: B}]\n"
    bare += "points:\n  - id: p1\n    options: [{id: x}, {id: y}]\n"
    nid = negotiation(world, bare)
    page = world.call("a", "GET", f"/n/{nid}", via="cookie")
    assert page.status_code == 200
    assert "This negotiation has no draft yet." in page.text
    assert world.call("mediator", "GET", f"/n/{nid}/amend", via="cookie").status_code == 422
    stance = world.call(
        "a", "POST", f"/api/negotiations/{nid}/stances", json={"stance": "accept", "expected_version": 0}
    )
    assert stance.status_code == 422
    assert "no draft yet" in stance.json()["error"]["message"]
    first = {"expected_version": 0, "changes": {"p1": "x"}}
    assert world.call("mediator", "POST", f"/api/negotiations/{nid}/drafts", json=first).json() == {
        "id": "v1",
        "version": 1,
    }
    assert world.call("a", "GET", f"/api/negotiations/{nid}").json()["current"] == "v1"


def test_the_robustness_section_follows_the_viewer(world: World) -> None:
    nid = negotiation(world, UNCERTAIN)
    seen = {}
    for role in ("mediator", "a", "b"):
        answer = world.wait(role, f"/api/negotiations/{nid}/analysis")
        assert answer.status_code == 200
        body = answer.json()
        assert body["status"] == "ready"
        assert body["robust"], role
        assert "figures" not in body["robust"]
        seen[role] = answer.text
        report = world.wait(role, f"/n/{nid}/report", via="cookie")
        assert report.status_code == 200
        seen[role] += report.text
    for role, text in seen.items():
        hidden = {"a", "b"} - {role}
        assert not leaks(text, hidden, RANGES), role
    assert any(s in seen["a"] for s in RANGES["a"])  # a's own estimates are shown to a


def test_proposals_that_do_not_exist(world: World) -> None:
    url = f"/api/negotiations/{world.main}"
    assert world.wait("mediator", f"{url}/proposals").json()["status"] == "ready"
    missing = world.call("mediator", "POST", f"{url}/drafts", json={"expected_version": 2, "from_proposal": 99})
    assert missing.status_code == 404
    assert missing.json()["error"]["message"].startswith("no proposal 99; the proposals are 1")
    made = world.call("mediator", "POST", f"{url}/drafts", json={"expected_version": 2, "from_proposal": 1})
    assert made.status_code == 201
    assert made.json()["version"] == 3


@pytest.mark.parametrize(("raised", "status"), [(AnalysisError("no frontier here"), 400), (RuntimeError("boom"), 500)])
def test_an_analysis_that_fails(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raised: Exception, status: int
) -> None:
    def broken(self: Case, *args: object, **kwargs: object) -> None:
        raise raised

    monkeypatch.setattr(Case, "analyze", broken)
    with open_world(store, tmp_path, Settings(secure_cookies=False)) as world:
        answer = world.wait("a", f"/api/negotiations/{world.main}/analysis")
        assert answer.status_code == status
        error_shape(answer.json())
        assert "boom" not in answer.text
        page = world.wait("a", f"/n/{world.main}/proposals", via="cookie")
        assert page.status_code == status
