"""The confidentiality matrix: every route of the workbench, called by every role, on a
negotiation it is a member of and on one it is not, about its own party and the others
(routes.py). Each cell must get exactly its status, no body may hold a private number of
a party the caller may not see, and every error of the API has the one error shape.

Then the sharing cases: what a party shares with the mediator the mediator may read (and
not change), until the party takes it back."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from unit.web.routes import ROUTES, Cell, Route, app_routes
from unit.web.world import BOTH, PARTY_OF, SENTINELS, SHOWN, World, error_shape, leaks

API = [r for r in ROUTES if r.api]
STORED = [
    r
    for r in ROUTES
    if r.parties
    or r.analysis
    or r.id.endswith(("/audit", "/export", "/drafts", "/accept", "{negotiation}", "/invite/{token}"))
    or r.id == "POST /api/negotiations/{negotiation}/stances"
]
"""The routes whose answers the store's rules decide: the matrix runs these on PostgreSQL too."""


def ask(world: World, route: Route, cell: Cell) -> tuple[int, str, object]:
    """Call ``route`` as ``cell``: the status, the body and the JSON (or None)."""
    request = route.make(world, cell)
    url = request.pop("url")
    via = request.pop("via", "bearer" if route.api else "cookie")
    if route.analysis and route.expected(cell) == 200:
        answer = world.wait(cell.role, url, via=via)
    else:
        answer = world.call(cell.role, route.method, url, via=via, **request)
    if route.after is not None and answer.status_code < 300:
        route.after(world, cell)
    is_json = answer.headers.get("content-type", "").startswith("application/json")
    return answer.status_code, answer.text, answer.json() if is_json else None


def check(world: World, route: Route, cell: Cell) -> list[str]:
    """What is wrong with one cell (nothing: an empty list)."""
    status, text, body = ask(world, route, cell)
    wrong = []
    if status != route.expected(cell):
        wrong.append(f"{route.id} as {cell}: {status}, expected {route.expected(cell)}: {text[:300]}")
    hidden = world.hidden(cell.role) if cell.negotiation != "other" else {"a", "b", "c"}
    found = leaks(text, hidden, world.private)
    if found:
        wrong.append(f"{route.id} as {cell}: leaks {found}")
    if status >= 400 and route.api:
        try:
            error_shape(body)
        except AssertionError as err:
            wrong.append(f"{route.id} as {cell}: error shape {err}")
    if "Traceback" in text:
        wrong.append(f"{route.id} as {cell}: a traceback")
    own = PARTY_OF.get(cell.role)
    if route.reveals and status < 300 and own is not None and own == (cell.party or own):
        missing = [s for s in SHOWN[own] if s not in text]
        if missing:
            wrong.append(f"{route.id} as {cell}: its own numbers {missing} are missing")
    return wrong


def test_the_table_covers_every_route(shared_world: World) -> None:
    """A new route without a row in the matrix fails here."""
    assert app_routes(shared_world.client.app) == {r.id for r in ROUTES}  # type: ignore[arg-type]
    assert len({r.id for r in ROUTES}) == len(ROUTES)


@pytest.mark.parametrize("route", ROUTES, ids=[r.id for r in ROUTES])
def test_matrix(shared_world: World, route: Route) -> None:
    """Every cell of one route: its status, no leak, the error shape."""
    wrong = [problem for cell in route.cells() for problem in check(shared_world, route, cell)]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("shared_world", ["postgresql"], indirect=True)
@pytest.mark.parametrize("route", STORED, ids=[r.id for r in STORED])
def test_matrix_on_postgresql(shared_world: World, route: Route) -> None:
    """The same cells on PostgreSQL, for the routes whose answers the store decides."""
    test_matrix(shared_world, route)


@pytest.mark.parametrize("route", API, ids=[r.id for r in API])
def test_matrix_with_session_cookies(shared_world: World, route: Route) -> None:
    """The API answers a browser's session (with its CSRF header) as it answers a token
    (test_invitations accepts an invitation with the cookie)."""
    world, wrong = shared_world, []
    for cell in route.cells():
        if cell.negotiation == "other" or route.id in ("POST /api/logout", "POST /api/invitations/{token}/accept"):
            continue
        request = route.make(world, cell)
        url = request.pop("url")
        if route.analysis and route.expected(cell) == 200:
            answer = world.wait(cell.role, url, via="cookie")
        else:
            answer = world.call(cell.role, route.method, url, via="cookie", **request)
        if route.after is not None and answer.status_code < 300:
            route.after(world, cell)
        if answer.status_code != route.expected(cell):
            wrong.append(f"{route.id} as {cell}: {answer.status_code}: {answer.text[:200]}")
        found = leaks(answer.text, world.hidden(cell.role), world.private)
        if found:
            wrong.append(f"{route.id} as {cell}: leaks {found}")
    assert not wrong, "\n".join(wrong)


def prefs(world: World, role: str, party: str) -> tuple[int, str]:
    answer = world.call(role, "GET", f"/api/negotiations/{world.main}/preferences/{party}")
    return answer.status_code, answer.text


@BOTH
def test_sharing_with_the_mediator(world: World) -> None:
    """After a shares with the mediator, the mediator reads a's numbers (never b's or c's)
    everywhere, may not change them, and loses them when a takes the share back."""
    n, base = world.main, f"/api/negotiations/{world.main}/preferences/a"
    assert prefs(world, "mediator", "a")[0] == 403
    assert world.call("a", "POST", f"{base}/shares", json={"with_party": None}).status_code == 204
    assert world.call("b", "GET", f"/api/negotiations/{n}/shares").json() == [{"party": "a", "with_party": None}]
    status, text = prefs(world, "mediator", "a")
    assert status == 200
    assert not [s for s in SENTINELS["a"] if s not in text]
    assert prefs(world, "mediator", "b")[0] == 403
    assert prefs(world, "observer", "a")[0] == 403
    assert prefs(world, "b", "a")[0] == 403
    version, doc = world.encoded(n, "a")
    put = world.call("mediator", "PUT", base, json={"expected_version": version, "preferences": doc})
    assert put.status_code == 403
    error_shape(put.json())
    assert world.call("mediator", "POST", f"{base}/preview", json={"preferences": doc}).status_code == 403
    assert world.call("mediator", "DELETE", f"{base}/shares").status_code == 403
    page = world.call("mediator", "GET", f"/n/{n}/preferences/a", via="cookie")
    assert page.status_code == 200
    assert "Alphaland shared these with you" in page.text
    assert 'name="weight:p1"' in page.text
    assert "disabled" in page.text
    for url in (f"/api/negotiations/{n}/export", f"/api/negotiations/{n}/audit", f"/n/{n}/audit"):
        text = world.call("mediator", "GET", url, via="cookie").text
        assert url.startswith("/n/") or "0.271693" in text, url  # a's reservation, shared
        assert not leaks(text, {"b", "c"}, world.private), url
    for url in (f"/api/negotiations/{n}/analysis", f"/api/negotiations/{n}/proposals", f"/n/{n}/report"):
        assert not leaks(world.wait("mediator", url, via="cookie").text, {"b", "c"}, world.private), url
    saved = world.call(
        "mediator", "POST", f"/n/{n}/preferences/a", via="cookie", data={"csrf_token": world.csrf("mediator")}
    )
    assert saved.status_code == 403
    assert world.call("a", "DELETE", f"{base}/shares").status_code == 204
    assert prefs(world, "mediator", "a")[0] == 403
    assert not leaks(world.call("mediator", "GET", f"/api/negotiations/{n}/export").text, {"a"}, world.private)


@BOTH
def test_sharing_with_another_party(world: World) -> None:
    """a shares with b: b reads a's numbers, the mediator still does not; b may not change
    them; through the page form, then taken back."""
    n = world.main
    shared = world.call(
        "a",
        "POST",
        f"/n/{n}/preferences/a/share",
        via="cookie",
        data={"with_party": "b", "on": "1", "csrf_token": world.csrf("a")},
    )
    assert shared.status_code == 303
    assert prefs(world, "b", "a")[0] == 200
    assert prefs(world, "mediator", "a")[0] == 403
    assert prefs(world, "a", "b")[0] == 403  # sharing is one way
    version, doc = world.encoded(n, "a")
    body = {"expected_version": version, "preferences": doc}
    assert world.call("b", "PUT", f"/api/negotiations/{n}/preferences/a", json=body).status_code == 403
    assert world.call("b", "POST", f"/api/negotiations/{n}/preferences/a/shares", json={}).status_code == 403
    page = world.call("a", "GET", f"/n/{n}/members", via="cookie").text
    assert "Alphaland shares its preferences with Betaland" in page
    withdrawn = world.call(
        "a", "DELETE", f"/api/negotiations/{n}/preferences/a/shares", params={"with_party": "b"}
    ).status_code
    assert withdrawn == 204
    assert prefs(world, "b", "a")[0] == 403


def test_sharing_is_refused_with_oneself_and_unknown_parties(world: World) -> None:
    """A share names another party or the mediator."""
    url = f"/api/negotiations/{world.main}/preferences/a/shares"
    for target in ("a", "nobody"):
        answer = world.call("a", "POST", url, json={"with_party": target})
        assert 400 <= answer.status_code < 500, (target, answer.text)
        error_shape(answer.json())
    assert world.call("a", "GET", f"/api/negotiations/{world.main}/shares").json() == []


def unzipped(answer: Any) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


@BOTH
def test_genius_exports_hold_only_the_profiles_one_may_see(world: World) -> None:
    """The zipped GENIUS and GeniusWeb folders: a profile for each party whose preferences
    the caller sees, none for the others, and none of their numbers in any file."""
    url = f"/api/negotiations/{world.main}/export"
    for fmt, ext in (("genius", "xml"), ("geniusweb", "json")):
        for role in ("a", "b"):
            answer = world.call(role, "GET", url, params={"format": fmt, "drop_constraints": "true"})
            assert answer.status_code == 200, (role, fmt)
            assert answer.headers["content-type"] == "application/zip"
            files = unzipped(answer)
            profiles = {n for n in files if n not in (f"domain.{ext}", "NOTES.txt")}
            assert profiles == {f"{role}.{ext}"}, (role, fmt)
            assert not leaks("\n".join(files.values()), world.hidden(role), world.private), (role, fmt)
        for role in ("mediator", "observer"):
            answer = world.call(role, "GET", url, params={"format": fmt, "drop_constraints": "true"})
            assert answer.status_code == 422, (role, fmt)
            error_shape(answer.json())
            assert "no party has preferences" in answer.json()["error"]["message"]
        refused = world.call("a", "GET", url, params={"format": fmt})  # a's red line: drop it or refuse
        assert refused.status_code == 422
        assert "drop_constraints=true" in refused.json()["error"]["message"]
    world.call("a", "POST", f"/api/negotiations/{world.main}/preferences/a/shares", json={"with_party": None})
    shared = unzipped(world.call("mediator", "GET", url, params={"format": "genius", "drop_constraints": "true"}))
    assert {n for n in shared if n.endswith(".xml")} == {"domain.xml", "a.xml"}
    assert not leaks("\n".join(shared.values()), {"b", "c"}, world.private)
    bad = world.call("a", "GET", url, params={"format": "pdf"})
    assert bad.status_code == 422
    error_shape(bad.json())
