"""The JSON API as a whole: one error shape for every failure (unknown routes, validation,
the engine's and the store's errors, an unexpected exception), the OpenAPI description,
and new negotiations from uploaded files (accord, GENIUS, GeniusWeb)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accord.store import Store
from accord.web import Settings
from unit.web.routes import ROUTES
from unit.web.world import BASE, BOTH, World, error_shape, open_world

SHARED = Path(__file__).parents[3] / ".." / "shared"
EXAMPLES = Path(__file__).parents[3] / "examples"


def problem(answer: Any, status: int, code: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/json"
    body: dict[str, Any] = answer.json()
    error_shape(body)
    assert body["error"]["code"] == code
    return body["error"]


def test_unknown_routes_and_methods(world: World) -> None:
    for role in ("anonymous", "a"):
        err = problem(world.call(role, "GET", "/api/nothing/here"), 404, "not_found")
        assert err["message"] == "no page or endpoint at /api/nothing/here"
    problem(world.call("a", "DELETE", "/api/me"), 405, "method_not_allowed")
    problem(world.call("a", "PATCH", f"/api/negotiations/{world.main}"), 405, "method_not_allowed")


def test_validation_errors(world: World) -> None:
    err = problem(world.call("a", "GET", "/api/negotiations/abc"), 422, "invalid")
    assert err["details"]["problems"][0]["where"] == "path.negotiation"
    assert err["message"].startswith("path.negotiation: ")
    problem(world.call("anonymous", "POST", "/api/login", json={"name": "x"}), 422, "invalid")
    broken = world.call("a", "POST", "/api/login", content=b"{not json", headers={"content-type": "application/json"})
    problem(broken, 422, "invalid")
    stance = {"stance": "adore", "expected_version": 0, "point": "p1"}
    err = problem(world.call("a", "POST", f"/api/negotiations/{world.main}/stances", json=stance), 422, "invalid")
    assert err["details"]["problems"][0]["where"] == "body.stance"
    problem(world.call("a", "GET", f"/api/negotiations/{world.main}/diff", params={"a": "d1"}), 422, "invalid")


@BOTH
def test_the_engines_errors(world: World) -> None:
    n = world.main
    err = problem(world.call("a", "GET", f"/api/negotiations/{n}/drafts/nope"), 404, "not_found")
    assert "nope" in err["message"]
    problem(world.call("a", "GET", f"/api/negotiations/{n}/diff", params={"a": "d1", "b": "zz"}), 404, "not_found")
    bad = {"expected_version": 2, "changes": {"p9": 1}}
    problem(world.call("mediator", "POST", f"/api/negotiations/{n}/drafts", json=bad), 404, "not_found")
    problem(world.call("a", "POST", f"/api/negotiations/{n}/comments", json={"body": "  "}), 400, "bad_request")
    version, doc = world.encoded(n, "a")
    wrong = {"expected_version": version, "preferences": {**doc, "reservation": "high"}}
    err = problem(world.call("a", "PUT", f"/api/negotiations/{n}/preferences/a", json=wrong), 422, "invalid")
    assert "Traceback" not in err["message"]
    err = problem(
        world.call("a", "PUT", f"/api/negotiations/{n}/preferences/a", json={"expected_version": 1}), 422, "invalid"
    )
    assert "preferences" in err["message"]


def test_an_unexpected_error_is_a_500_without_details(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk is on fire at /srv/secret/path")

    monkeypatch.setattr(world.store, "comments", broken)
    client = TestClient(world.client.app, base_url=BASE, raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="accord.web"):
        answer = client.get(
            f"/api/negotiations/{world.main}/comments", headers={"Authorization": f"Bearer {world.bearer['a']}"}
        )
    err = problem(answer, 500, "internal")
    assert err["message"] == "an unexpected error; the server's log has the details"
    assert "fire" not in answer.text
    assert "RuntimeError" in caplog.text  # the log has it


def test_every_api_route_is_described(world: World) -> None:
    answer = world.call("anonymous", "GET", "/openapi.json")
    assert answer.status_code == 200
    spec = json.loads(answer.text)
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "accord workbench"
    described = {f"{m.upper()} {p}" for p, ops in spec["paths"].items() for m in ops}
    api = {r.id for r in ROUTES if r.api and r.path != "/api/docs"}
    assert described == api
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            assert op.get("description") or op.get("summary"), f"{method} {path}"
    docs = world.call("anonymous", "GET", "/api/docs")
    assert docs.status_code == 200
    assert "/openapi.json" in docs.text


# new negotiations from files


def upload(world: World, *paths: Path, role: str = "observer") -> Any:
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
    return world.call(role, "POST", "/api/negotiations", files=files)


@BOTH
def test_a_negotiation_from_an_accord_file(world: World) -> None:
    made = upload(world, EXAMPLES / "ukraine-2025.yaml")
    assert made.status_code == 201
    nid = made.json()["id"]
    frame = world.call("observer", "GET", f"/api/negotiations/{nid}").json()
    assert frame["title"] == made.json()["title"]
    assert frame["you"]["role"] == "mediator"
    assert len(frame["parties"]) >= 2
    assert frame["drafts"]
    listed = world.call("observer", "GET", "/api/negotiations").json()
    assert [(n["id"], n["role"]) for n in listed] == [(nid, "mediator"), (world.main, "observer")]


@pytest.mark.shared_data
def test_a_negotiation_from_a_genius_folder(world: World) -> None:
    folder = SHARED / "data" / "genius" / "y2010" / "Travel"
    made = upload(world, *sorted(folder.glob("*.xml")))
    assert made.status_code == 201, made.text
    frame = world.call("observer", "GET", f"/api/negotiations/{made.json()['id']}").json()
    assert len(frame["parties"]) == 2
    assert [p["rated"] for p in frame["parties"]] == [True, True]
    assert len(frame["points"]) > 1


@pytest.mark.shared_data
def test_a_negotiation_from_geniusweb_files(world: World) -> None:
    made = upload(world, *sorted((SHARED / "data" / "geniusweb" / "jobs").glob("*.json")))
    assert made.status_code == 201, made.text
    assert made.json()["title"] == "jobs"
    frame = world.call("observer", "GET", f"/api/negotiations/{made.json()['id']}").json()
    assert len(frame["parties"]) == 2


@pytest.mark.shared_data
def test_a_lone_genius_file_is_refused_by_name(world: World) -> None:
    answer = upload(world, SHARED / "data" / "geniusweb" / "9issues" / "9issues1.json")
    assert answer.status_code in (400, 422)  # 422: test_an_unreadable_upload_is_422
    error_shape(answer.json())
    assert answer.json()["error"]["message"].startswith("9issues1.json: ")
    assert "accord-upload-" not in answer.text


BROKEN = [("files", ("broken.yaml", b"accord: 1\ntitle: [unclosed\n", "application/yaml"))]


def test_a_bad_file_is_named_without_the_servers_folder(world: World) -> None:
    answer = world.call("a", "POST", "/api/negotiations", files=BROKEN)
    assert answer.status_code in (400, 422)  # 422: test_an_unreadable_upload_is_422
    error_shape(answer.json())
    assert answer.json()["error"]["message"].startswith("broken.yaml:3:1: not valid YAML")
    assert "accord-upload-" not in answer.text
    assert "/tmp" not in answer.text
    nothing = [("files", ("notes.txt", b"hello", "text/plain"))]
    answer = world.call("a", "POST", "/api/negotiations", files=nothing)
    assert 400 <= answer.status_code < 500
    error_shape(answer.json())
    assert "accord-upload-" not in answer.text
    hidden = [("files", (".env", b"x", "text/plain"))]
    problem(world.call("a", "POST", "/api/negotiations", files=hidden), 422, "invalid")
    problem(world.call("a", "POST", "/api/negotiations"), 422, "invalid")
    assert [n["id"] for n in world.call("a", "GET", "/api/negotiations").json()] == [world.main]


def test_an_unreadable_upload_is_422(world: World) -> None:
    """uploads.read_upload: "422 (with the reader's message, naming the file) for anything
    else"; a file the readers refuse (InputError, status 400) must be 422 too."""
    problem(world.call("a", "POST", "/api/negotiations", files=BROKEN), 422, "invalid")


def test_an_upload_path_keeps_only_its_name(world: World) -> None:
    yaml = (world.folder / "sentinel.yaml").read_bytes()
    made = world.call("a", "POST", "/api/negotiations", files=[("files", ("../../etc/evil.yaml", yaml, "text/yaml"))])
    assert made.status_code == 201
    assert made.json()["title"] == "Sentinel accord"


def test_an_upload_over_the_limit(store: Store, tmp_path: Path) -> None:
    with open_world(store, tmp_path, Settings(secure_cookies=False, upload_limit=1024)) as world:
        big = [("files", ("big.yaml", b"#" * 2048, "text/yaml"))]
        err = problem(world.call("a", "POST", "/api/negotiations", files=big), 413, "too_large")
        assert "larger than" in err["message"]
