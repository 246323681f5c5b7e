"""The confidentiality matrix's table: one row per route of the workbench (the API, the
pages, the documentation, the static files), saying who may call it and how to call it.

A cell is a role, a negotiation (``main``, where every role but the outsider is a member,
or ``other``, where none of them is but the outsider, its mediator, who calls only the
main one) and, for a route about one party, a party (``a``,
``b`` or ``c``). :func:`expected` is the status the cell must get: 401 for the anonymous
caller on every route that is not public, 404 for a negotiation the caller is not a member
of, 403 (or ``denied``) for a member doing what its role may not, ``ok`` otherwise."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi import FastAPI

from unit.web.world import PARTY_OF, PASSWORD, ROLES, SCENARIO, World


@dataclass(frozen=True)
class Cell:
    """One caller of one route: its role, the negotiation and the party in the path."""

    role: str
    negotiation: str | None = None
    party: str | None = None

    def __str__(self) -> str:
        return "/".join(x for x in (self.role, self.negotiation, self.party) if x)


Make = Callable[[World, Cell], dict[str, Any]]


def _everyone(cell: Cell) -> bool:
    return True


def _mediator(cell: Cell) -> bool:
    return cell.role == "mediator"


def _own(cell: Cell) -> bool:
    return PARTY_OF.get(cell.role) == cell.party


def _analysis(cell: Cell) -> bool:
    return cell.role != "observer"


@dataclass(frozen=True)
class Route:
    """A route of the application and the rule of its matrix row."""

    method: str
    path: str
    scope: str  # public (no sign-in), user (signed in) or member (of the negotiation)
    make: Make
    ok: int = 200
    allowed: Callable[[Cell], bool] = _everyone
    parties: bool = False
    denied: Callable[[Cell], int] = lambda cell: 403
    status: Callable[[Cell], int] | None = None
    analysis: bool = False
    reveals: bool = False  # a party's own numbers must show in its answer
    after: Callable[[World, Cell], None] | None = None

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def api(self) -> bool:
        return self.path.startswith("/api/")

    def cells(self) -> Iterator[Cell]:
        """Every caller of this route."""
        if self.scope != "member":
            yield from (Cell(role) for role in ROLES)
            return
        for role in ROLES:
            yield from (Cell(role, "main", p) for p in (("a", "b", "c") if self.parties else (None,)))
            if role != "outsider":
                yield Cell(role, "other", "a" if self.parties else None)

    def expected(self, cell: Cell) -> int:
        """The status ``cell`` must get."""
        if self.status is not None:
            return self.status(cell)
        if self.scope == "public":
            return self.ok
        if cell.role == "anonymous":
            return 401
        if self.scope == "member" and (cell.negotiation != "main" or cell.role == "outsider"):
            return 404
        return self.ok if self.allowed(cell) else self.denied(cell)


def nid(world: World, cell: Cell) -> int:
    """The negotiation of ``cell``."""
    return world.main if cell.negotiation == "main" else world.other


def form(world: World, cell: Cell, **fields: Any) -> dict[str, Any]:
    """A page form's fields with the session's CSRF token."""
    return {**fields, "csrf_token": world.csrf(cell.role)} if cell.role != "anonymous" else fields


def upload() -> list[tuple[str, tuple[str, bytes, str]]]:
    """The sentinel scenario as an upload's ``files``."""
    return [("files", ("sentinel.yaml", SCENARIO.encode(), "application/yaml"))]


def invitation(world: World, where: str = "page") -> str:
    """A fresh invitation as an observer to a negotiation of which no role is a member."""
    n = world.joins[where]
    return world.store.invite(n, "observer", party=None, by_user=world.store.user("user-host").id, ttl=HOUR)[0]


HOUR = timedelta(hours=1)


def _login(world: World, cell: Cell) -> dict[str, Any]:
    name = world.users["a" if cell.role == "anonymous" else cell.role].name
    return {"url": "/api/login", "json": {"name": name, "password": PASSWORD}}


def _fresh_bearer(world: World, cell: Cell) -> dict[str, Any]:
    if cell.role == "anonymous":
        return {"url": "/api/logout"}
    raw = world.store.create_token(world.users[cell.role].id, "api", HOUR)[0]
    return {"url": "/api/logout", "headers": {"Authorization": f"Bearer {raw}"}}


def _fresh_session(world: World, cell: Cell) -> dict[str, Any]:
    if cell.role == "anonymous":
        return {"url": "/logout", "data": {}}
    raw, token = world.store.create_token(world.users[cell.role].id, "session", HOUR)
    return {"url": "/logout", "cookies": {"accord_session": raw}, "data": {"csrf_token": token.csrf}}


def _page_login(world: World, cell: Cell) -> dict[str, Any]:
    name = world.users["a" if cell.role == "anonymous" else cell.role].name
    data = {"name": name, "password": PASSWORD, "form_token": "t0ken"}
    return {"url": "/login", "data": data, "cookies": {"accord_form": "t0ken"}}


def _page_join(world: World, cell: Cell) -> dict[str, Any]:
    url = f"/invite/{invitation(world)}"
    if cell.role == "anonymous":
        data = {"name": "newcomer", "password": PASSWORD, "form_token": "t0ken"}
        return {"url": url, "data": data, "cookies": {"accord_form": "t0ken"}}
    return {"url": url, "data": form(world, cell)}


def _stance_denied(cell: Cell) -> int:
    """The page's stance form names no party: the mediator must (422); an observer may
    record no stance (403)."""
    return 422 if cell.role == "mediator" else 403


def _stance(world: World, cell: Cell) -> dict[str, Any]:
    n, party = nid(world, cell), cell.party or "a"
    version = world.store.stance_version(n, party, world.current(n), "p1")
    body = {"stance": "amend", "expected_version": version, "point": "p1", "party": party, "proposal": "z"}
    return {"url": f"/api/negotiations/{n}/stances", "json": body}


def _page_stance(world: World, cell: Cell) -> dict[str, Any]:
    n = nid(world, cell)
    draft = world.current(n)
    version = world.store.stance_version(n, PARTY_OF.get(cell.role, "a"), draft, "p1")
    fields = {"stance": "criticise", "expected_version": version, "draft": draft, "point": "p1", "note": "hm"}
    return {"url": f"/n/{n}/stances", "data": form(world, cell, **fields)}


def _put_preferences(world: World, cell: Cell) -> dict[str, Any]:
    n, party = nid(world, cell), cell.party or "a"
    version, doc = world.encoded(n, party)
    return {
        "url": f"/api/negotiations/{n}/preferences/{party}",
        "json": {"expected_version": version, "preferences": doc},
    }


def _preview(world: World, cell: Cell) -> dict[str, Any]:
    n, party = nid(world, cell), cell.party or "a"
    _, doc = world.encoded(n, party)
    return {"url": f"/api/negotiations/{n}/preferences/{party}/preview", "json": {"preferences": doc}}


def _page_save(world: World, cell: Cell) -> dict[str, Any]:
    n, party = nid(world, cell), cell.party or "a"
    version, _ = world.encoded(n, party)
    return {"url": f"/n/{n}/preferences/{party}", "data": form(world, cell, expected_version=version)}


def _unshare(world: World, cell: Cell) -> None:
    world.store.unshare(nid(world, cell), cell.party or "a", None, by_user=world.users[cell.role].id)


def _publish(world: World, cell: Cell) -> dict[str, Any]:
    n = nid(world, cell)
    body = {"expected_version": world.store.draft_version(n), "title": "Third text", "changes": {"p3": 3}}
    return {"url": f"/api/negotiations/{n}/drafts", "json": body}


def _page_publish(world: World, cell: Cell) -> dict[str, Any]:
    n = nid(world, cell)
    return {
        "url": f"/n/{n}/drafts",
        "data": form(world, cell, expected_version=world.store.draft_version(n), **{"choice:p3": "6"}),
    }


def get(path: str) -> Make:
    """A GET of ``path`` with ``{n}``, ``{party}`` and ``{draft}`` filled in."""

    def make(world: World, cell: Cell) -> dict[str, Any]:
        return {"url": path.format(n=nid(world, cell), party=cell.party, draft="d1")}

    return make


def post(path: str, **fields: Any) -> Make:
    """A page form posted to ``path``, or, under ``/api/``, a JSON body."""

    def make(world: World, cell: Cell) -> dict[str, Any]:
        url = path.format(n=nid(world, cell), party=cell.party)
        return (
            {"url": url, "json": fields}
            if url.startswith("/api/")
            else {"url": url, "data": form(world, cell, **fields)}
        )

    return make


N = "/api/negotiations/{negotiation}"
P = "/n/{negotiation}"
API_N = "/api/negotiations/{n}"

ROUTES: tuple[Route, ...] = (
    # the JSON API
    Route("POST", "/api/login", "public", _login),
    Route("POST", "/api/logout", "user", _fresh_bearer, ok=204),
    Route("GET", "/api/me", "user", get("/api/me")),
    Route("GET", "/api/negotiations", "user", get("/api/negotiations")),
    Route("POST", "/api/negotiations", "user", lambda w, c: {"url": "/api/negotiations", "files": upload()}, ok=201),
    Route("GET", N, "member", get(API_N)),
    Route("GET", N + "/drafts/{draft}", "member", get(API_N + "/drafts/{draft}")),
    Route("POST", N + "/drafts", "member", _publish, ok=201, allowed=_mediator),
    Route("GET", N + "/consensus", "member", get(API_N + "/consensus")),
    Route("GET", N + "/diff", "member", get(API_N + "/diff?a=d1&b=d2")),
    Route("POST", N + "/stances", "member", _stance, ok=201, parties=True, allowed=lambda c: _mediator(c) or _own(c)),
    Route(
        "GET",
        N + "/preferences/{party}",
        "member",
        get(API_N + "/preferences/{party}"),
        parties=True,
        allowed=_own,
        reveals=True,
    ),
    Route("PUT", N + "/preferences/{party}", "member", _put_preferences, parties=True, allowed=_own),
    Route("POST", N + "/preferences/{party}/preview", "member", _preview, parties=True, allowed=_own),
    Route("GET", N + "/shares", "member", get(API_N + "/shares")),
    Route(
        "POST",
        N + "/preferences/{party}/shares",
        "member",
        post(API_N + "/preferences/{party}/shares", with_party=None),
        ok=204,
        parties=True,
        allowed=_own,
        after=_unshare,
    ),
    Route(
        "DELETE",
        N + "/preferences/{party}/shares",
        "member",
        get(API_N + "/preferences/{party}/shares"),
        ok=204,
        parties=True,
        allowed=_own,
    ),
    Route("GET", N + "/analysis", "member", get(API_N + "/analysis"), allowed=_analysis, analysis=True),
    Route("GET", N + "/proposals", "member", get(API_N + "/proposals"), allowed=_analysis, analysis=True),
    Route(
        "POST", N + "/invitations", "member", post(API_N + "/invitations", role="observer"), ok=201, allowed=_mediator
    ),
    Route(
        "POST",
        "/api/invitations/{token}/accept",
        "user",
        lambda w, c: {"url": f"/api/invitations/{invitation(w, 'api')}/accept"},
    ),
    Route("GET", N + "/comments", "member", get(API_N + "/comments")),
    Route("POST", N + "/comments", "member", post(API_N + "/comments", body="A remark."), ok=201),
    Route("GET", N + "/audit", "member", get(API_N + "/audit"), reveals=True),
    Route("GET", N + "/export", "member", get(API_N + "/export"), reveals=True),
    # the documentation and the static files
    Route("GET", "/openapi.json", "public", get("/openapi.json")),
    Route("GET", "/api/docs", "public", get("/api/docs")),
    Route("GET", "/docs/oauth2-redirect", "public", get("/docs/oauth2-redirect")),
    Route("GET", "/static", "public", get("/static/workbench.css")),
    # the pages
    Route("GET", "/", "public", get("/")),
    Route("POST", "/login", "public", _page_login, ok=303),
    Route("POST", "/logout", "user", _fresh_session, ok=303),
    Route(
        "POST",
        "/negotiations",
        "user",
        lambda w, c: {"url": "/negotiations", "data": form(w, c), "files": upload()},
        ok=303,
    ),
    Route("GET", P, "member", get("/n/{n}")),
    Route("GET", P + "/drafts/{draft_id}", "member", get("/n/{n}/drafts/{draft}")),
    Route(
        "POST",
        P + "/stances",
        "member",
        _page_stance,
        ok=303,
        allowed=lambda c: c.role in PARTY_OF,
        denied=_stance_denied,
    ),
    Route("GET", P + "/consensus", "member", get("/n/{n}/consensus")),
    Route("GET", P + "/history", "member", get("/n/{n}/history?a=d1&b=d2")),
    Route(
        "GET",
        P + "/preferences/{party}",
        "member",
        get("/n/{n}/preferences/{party}"),
        parties=True,
        allowed=_own,
        reveals=True,
    ),
    Route("POST", P + "/preferences/{party}", "member", _page_save, parties=True, allowed=_own, reveals=True),
    Route(
        "POST",
        P + "/preferences/{party}/preview",
        "member",
        post("/n/{n}/preferences/{party}/preview", reservation="0.5"),
        parties=True,
        allowed=_own,
    ),
    Route(
        "POST",
        P + "/preferences/{party}/share",
        "member",
        post("/n/{n}/preferences/{party}/share", with_party="", on="0"),
        ok=303,
        parties=True,
        allowed=_own,
    ),
    Route("GET", P + "/proposals", "member", get("/n/{n}/proposals"), allowed=_analysis, analysis=True),
    Route("GET", P + "/amend", "member", get("/n/{n}/amend"), allowed=_mediator),
    Route("POST", P + "/drafts", "member", _page_publish, ok=303, allowed=_mediator),
    Route("GET", P + "/report", "member", get("/n/{n}/report"), allowed=_analysis, analysis=True),
    Route("GET", P + "/members", "member", get("/n/{n}/members")),
    Route(
        "POST", P + "/invitations", "member", post("/n/{n}/invitations", role="observer", party=""), allowed=_mediator
    ),
    Route("GET", "/invite/{token}", "public", lambda w, c: {"url": f"/invite/{invitation(w)}"}),
    Route("POST", "/invite/{token}", "public", _page_join, ok=303),
    Route("GET", P + "/audit", "member", get("/n/{n}/audit")),
)


def app_routes(app: FastAPI) -> set[str]:
    """``METHOD PATH`` of every route of ``app`` (HEAD aside; a mount as GET of its path),
    included routers flattened."""
    found: set[str] = set()

    def walk(routes: Any, prefix: str) -> None:
        for route in routes:
            if hasattr(route, "original_router"):  # FastAPI's included router
                walk(route.original_router.routes, prefix + route.include_context.prefix)
            elif hasattr(route, "methods") and route.methods:
                found.update(f"{m} {prefix}{route.path}" for m in route.methods if m != "HEAD")
            else:
                found.add(f"GET {prefix}{route.path}")

    walk(app.routes, "")
    return found
