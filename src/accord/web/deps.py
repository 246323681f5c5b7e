"""FastAPI dependencies: the workbench, the signed-in caller and their membership."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from accord.store import Member
from accord.web.auth import SESSION_COOKIE, Caller, bearer, caller_of, check_csrf
from accord.web.errors import unauthenticated
from accord.web.workbench import Workbench


async def workbench(request: Request) -> Workbench:
    """The application's workbench."""
    wb: Workbench = request.app.state.workbench
    return wb


async def optional_caller(request: Request, wb: Annotated[Workbench, Depends(workbench)]) -> Caller | None:
    """The caller a bearer token or the session cookie proves, or None (on the event loop:
    a token is in memory but every few seconds, and its lookup is one indexed query)."""
    token = bearer(request)
    if token is not None:
        return caller_of(wb.token(token, "api"), "bearer")
    cookie = request.cookies.get(SESSION_COOKIE)
    return None if cookie is None else caller_of(wb.token(cookie, "session"), "cookie")


async def caller(request: Request, found: Annotated[Caller | None, Depends(optional_caller)]) -> Caller:
    """The signed-in caller (401 otherwise); a change made with the session cookie must
    carry its CSRF token in the ``X-CSRF-Token`` header (forms check their field
    themselves)."""
    if found is None:
        raise unauthenticated()
    if request.url.path.startswith("/api/"):
        check_csrf(request, found)
    return found


def member(
    negotiation: int, who: Annotated[Caller, Depends(caller)], wb: Annotated[Workbench, Depends(workbench)]
) -> Member:
    """The caller's membership of the negotiation in the path (404 when not a member)."""
    return wb.member(negotiation, who.user.id)


WB = Annotated[Workbench, Depends(workbench)]
Who = Annotated[Caller, Depends(caller)]
Maybe = Annotated[Caller | None, Depends(optional_caller)]
In = Annotated[Member, Depends(member)]
