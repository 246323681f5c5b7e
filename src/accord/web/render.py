"""Rendering the workbench's pages: one Jinja2 environment (autoescaped), the context every
page gets, and the HTML form of an error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from accord.model import Scenario
from accord.store import Member
from accord.web.auth import FORM_COOKIE, Caller, new_form_token
from accord.web.errors import ApiError

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def page(
    request: Request,
    name: str,
    caller: Caller | None,
    *,
    status: int = 200,
    member: Member | None = None,
    scenario: Scenario | None = None,
    tab: str = "",
    **context: Any,
) -> HTMLResponse:
    """The page ``name`` with the common context: the user, the CSRF token, the member and
    the negotiation's title and party names."""
    data: dict[str, Any] = {
        "user": caller.user if caller else None,
        "csrf": caller.csrf if caller else "",
        "member": member,
        "tab": tab,
        "negotiation": None,
        "names": {},
        "status": status,
    }
    if member is not None and scenario is not None:
        data["negotiation"] = {"id": member.negotiation, "title": scenario.title}
        data["names"] = {p.id: p.name for p in scenario.parties}
        data["nid"] = member.negotiation
    data.update(context)
    return templates.TemplateResponse(request, name, data, status_code=status)


def anonymous_form(request: Request, name: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """A page with a form for someone not signed in, with its double-submit token."""
    token = new_form_token()
    response = page(request, name, None, status=status, form_token=token, **context)
    response.set_cookie(FORM_COOKIE, token, httponly=True, samesite="lax", secure=_secure(request), path="/")
    return response


def error_page(request: Request, err: ApiError) -> Response:
    """An error as a page (401: the login form), or as a fragment for htmx."""
    if request.headers.get("hx-request"):
        return HTMLResponse(f'<p class="error" role="alert">{_escape(err.message)}</p>', status_code=err.status)
    if err.status == 401:
        return anonymous_form(request, "login.html.j2", status=401, message=err.message, next=request.url.path)
    response = page(request, "error.html.j2", None, status=err.status, code=err.code, message=err.message)
    response.headers.update(err.headers)
    return response


def _secure(request: Request) -> bool:
    return bool(request.app.state.workbench.settings.secure_cookies)


def _escape(text: str) -> str:
    import html

    return html.escape(text)
