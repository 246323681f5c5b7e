"""The pages: each one a role may see renders with its headings and without a hidden
party's numbers; the "my preferences" page previews each draft's utility as the numbers
change without saving, and saving moves the version and the utilities."""

from __future__ import annotations

import re
from typing import Any

import pytest

from unit.web.world import BOTH, SHOWN, World, leaks

MEMBERS = ("mediator", "a", "b", "observer")

PAGES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    # url (n: the negotiation), the roles that see it, what it must show
    ("/", (*MEMBERS, "outsider"), ("<h1>Your negotiations</h1>", "Start a negotiation")),
    ("/n/{n}", MEMBERS, ("<h1>Second text", "(version 2, current)", "<h2", "Points", "Border", "Line y.")),
    ("/n/{n}/drafts/d1", MEMBERS, ("<h1>First text", "(version 1)", "Closer to y.")),
    ("/n/{n}/consensus", MEMBERS, ("<h1>Consensus map", "of d2", "criticise")),
    ("/n/{n}/history", MEMBERS, ("<h1>Versions</h1>", "Compare two versions")),
    ("/n/{n}/history?a=d1&b=d2", MEMBERS, ("<h1>Versions</h1>", "Line x.", "Line y.")),
    ("/n/{n}/members", MEMBERS, ("<h1>Members</h1>", "Sharing of preferences", "Export")),
    ("/n/{n}/audit", MEMBERS, ("<h1>Audit log</h1>", "negotiation.import")),
    ("/n/{n}/proposals", ("mediator", "a", "b"), ("<h1>Proposals", "near d2", "Proposal 1")),
    ("/n/{n}/report", ("mediator", "a", "b"), ("Sentinel accord",)),
    ("/n/{n}/amend", ("mediator",), ("<h1>New version", "from d2")),
    ("/n/{n}/preferences/a", ("a",), ("My preferences", "(Alphaland, version 1)", "Each draft's utility")),
    ("/n/{n}/preferences/b", ("b",), ("My preferences", "(Betaland, version 1)", "Sharing")),
)

CELLS = [(url, role, shows) for url, roles, shows in PAGES for role in roles]


def page(world: World, role: str, url: str) -> Any:
    url = url.format(n=world.main)
    if url.endswith(("/proposals", "/report")):
        return world.wait(role, url, via="cookie")
    return world.call(role, "GET", url, via="cookie")


@pytest.mark.parametrize(("url", "role", "shows"), CELLS, ids=[f"{r} {u}" for u, r, _ in CELLS])
def test_page(shared_world: World, url: str, role: str, shows: tuple[str, ...]) -> None:
    answer = page(shared_world, role, url)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.text.lstrip().lower().startswith("<!doctype html>")
    missing = [s for s in shows if s not in answer.text]
    assert not missing, missing
    assert not leaks(answer.text, shared_world.hidden(role), shared_world.private)
    if url.endswith(("/preferences/a", "/preferences/b")):
        own = url[-1]
        assert not [s for s in SHOWN[own] if s not in answer.text]


def test_the_tabs_follow_the_role(shared_world: World) -> None:
    tabs = {role: page(shared_world, role, "/n/{n}").text for role in MEMBERS}
    assert ">My preferences<" in tabs["a"]
    assert f'href="/n/{shared_world.main}/preferences/a"' in tabs["a"]
    assert ">My preferences<" not in tabs["mediator"]
    assert ">Proposals<" not in tabs["observer"]
    assert ">Briefing<" not in tabs["observer"]
    assert ">Proposals<" in tabs["b"]
    assert 'name="stance"' in tabs["a"]  # a party's stance form on the current draft
    assert 'name="stance"' not in tabs["observer"]
    assert 'name="stance"' not in page(shared_world, "a", "/n/{n}/drafts/d1").text  # not on an old one


def test_the_anonymous_caller_gets_the_login_form(shared_world: World) -> None:
    for url in ("/", f"/n/{shared_world.main}", f"/n/{shared_world.main}/preferences/a"):
        answer = shared_world.call("anonymous", "GET", url)
        assert "<h1>Sign in</h1>" in answer.text, url
        assert answer.status_code == (200 if url == "/" else 401), url
    assert f'name="next" value="/n/{shared_world.main}"' in shared_world.call("anonymous", "GET", "/n/1").text


def test_errors_are_pages_and_fragments(shared_world: World) -> None:
    missing = shared_world.call("a", "GET", "/nowhere", via="cookie")
    assert missing.status_code == 404
    assert "<h1>404: not found</h1>" in missing.text
    forbidden = shared_world.call("a", "GET", f"/n/{shared_world.main}/preferences/b", via="cookie")
    assert forbidden.status_code == 403
    assert "<h1>403: forbidden</h1>" in forbidden.text
    assert not leaks(forbidden.text, {"b", "c"}, shared_world.private)
    fragment = shared_world.call(
        "a", "GET", f"/n/{shared_world.main}/preferences/b", via="cookie", headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 403
    assert fragment.text.startswith('<p class="error" role="alert">')
    unknown = shared_world.call("a", "GET", f"/n/{shared_world.main}/preferences/zz", via="cookie")
    assert unknown.status_code == 404
    assert "Traceback" not in unknown.text
    bad = shared_world.call("a", "GET", "/n/abc", via="cookie")
    assert bad.status_code == 422
    assert "<h1>422: invalid</h1>" in bad.text


# "my preferences": the live preview and saving


def utilities(html: str) -> dict[str, str]:
    """Each draft's utility as the utilities table shows it."""
    return dict(re.findall(r'<td data-draft="([^"]+)">([^<]*)</td>', html))


def preview(world: World, **fields: str) -> Any:
    data = {"csrf_token": world.csrf("a"), **fields}
    return world.call("a", "POST", f"/n/{world.main}/preferences/a/preview", via="cookie", data=data)


@BOTH
def test_the_preview_follows_the_numbers_and_saves_nothing(world: World) -> None:
    version, doc = world.encoded(world.main, "a")
    saved = utilities(world.call("a", "GET", f"/n/{world.main}/preferences/a", via="cookie").text)
    assert saved == {"d1": "0.265", "d2": "0.738"}
    same = preview(world)
    assert same.status_code == 200
    assert "<html" not in same.text
    assert utilities(same.text) == saved
    heavy_border = preview(world, **{"weight:p1": "10", "weight:p2": "0", "weight:p3": "0"})
    assert utilities(heavy_border.text) == {"d1": "0.111", "d2": "0.572"}  # p1's ratings, x and y
    flipped = preview(world, **{"weight:p1": "1", "weight:p2": "0", "weight:p3": "0", "rating:p1:x": "90"})
    assert utilities(flipped.text) == {"d1": "0.900", "d2": "0.572"}
    assert world.encoded(world.main, "a") == (version, doc)
    assert not leaks(flipped.text, {"b", "c"}, world.private)


def test_a_preview_with_a_bad_number_keeps_the_saved_utilities(world: World) -> None:
    answer = preview(world, **{"weight:p1": "lots"})
    assert answer.status_code == 200
    assert "weight:p1: 'lots' is not a number (showing the saved numbers)" in answer.text
    assert utilities(answer.text) == {"d1": "0.265", "d2": "0.738"}
    assert (
        "is not a number" in preview(world, reservation="nan").text
        or "finite" in preview(world, reservation="nan").text
    )


@BOTH
def test_saving_moves_the_version_and_the_utilities(world: World) -> None:
    version, _ = world.encoded(world.main, "a")
    fields = {"weight:p1": "1", "weight:p2": "0", "weight:p3": "0", "rating:p1:x": "90", "reservation": "0.25"}
    fields |= {"red:p1:z": "1", "expected_version": str(version), "csrf_token": world.csrf("a")}
    saved = world.call("a", "POST", f"/n/{world.main}/preferences/a", via="cookie", data=fields)
    assert saved.status_code == 200
    assert f"Saved (version {version + 1})." in saved.text
    assert f"(Alphaland, version {version + 1})" in saved.text
    assert utilities(saved.text) == {"d1": "0.900", "d2": "0.572"}
    got = world.call("a", "GET", f"/api/negotiations/{world.main}/preferences/a").json()
    assert got["version"] == version + 1
    assert got["preferences"]["weights"] == {"p1": 1.0, "p2": 0.0, "p3": 0.0}
    assert got["preferences"]["reservation"] == 0.25
    assert [(r["point"], r["option"]) for r in got["preferences"]["red_lines"]] == [("p3", None), ("p1", "z")]
    by_draft = {u["draft"]: u["parties"]["a"][0] for u in got["utilities"]}
    assert round(by_draft["d1"], 3) == 0.9
    assert round(by_draft["d2"], 3) == 0.572
    assert world.call("b", "GET", f"/api/negotiations/{world.main}/preferences/a").status_code == 403


def test_another_partys_form_is_refused(world: World) -> None:
    data = {"csrf_token": world.csrf("b"), "expected_version": "1", "reservation": "0.9"}
    for tail in ("", "/preview"):
        answer = world.call("b", "POST", f"/n/{world.main}/preferences/a{tail}", via="cookie", data=data)
        assert answer.status_code == 403, tail
        assert not leaks(answer.text, {"a", "c"}, world.private)
    assert world.encoded(world.main, "a")[1]["reservation"] == 0.271693


def test_the_home_page_creates_a_negotiation(world: World) -> None:
    yaml = (world.folder / "sentinel.yaml").read_bytes()
    files = [("files", ("mine.yaml", yaml, "application/yaml"))]
    data = {"csrf_token": world.csrf("observer")}
    made = world.call("observer", "POST", "/negotiations", via="cookie", data=data, files=files)
    assert made.status_code == 303
    nid = int(made.headers["location"].rsplit("/", 1)[1])
    assert world.call("observer", "GET", f"/api/negotiations/{nid}").json()["you"]["role"] == "mediator"
    home = world.call("observer", "GET", "/", via="cookie").text
    assert f'href="/n/{nid}"' in home
    assert f'href="/n/{world.main}"' in home
    empty = world.call("observer", "POST", "/negotiations", via="cookie", data=data)
    assert empty.status_code == 422
