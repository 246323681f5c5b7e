"""The workbench's pages, server-rendered (Jinja2, with htmx for the small live parts):
sign-in, the negotiation list, the current draft with points, options and stances, the
consensus map, the version history with diffs. The preferences, proposals, briefing,
members and audit pages are in :mod:`accord.web.pages_work`.

The pages read what the JSON API reads (:mod:`accord.web.shapes`) and change what it
changes (:mod:`accord.web.actions`), under the same rules; forms carry the session's CSRF
token.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile
from starlette.responses import RedirectResponse, Response

from accord.errors import AccordError
from accord.web import actions, shapes
from accord.web.auth import FORM_COOKIE, SESSION_COOKIE, Caller, check_csrf, check_form_token, check_rate, login_keys
from accord.web.deps import WB, In, Maybe, Who
from accord.web.errors import ApiError, from_accord
from accord.web.render import anonymous_form, page
from accord.web.uploads import read_upload

router = APIRouter(include_in_schema=False)


async def form_of(request: Request, caller: Caller | None) -> dict[str, Any]:
    """The posted form, its CSRF token checked (the session's, or the anonymous form's)."""
    form = await request.form()
    if caller is None:
        check_form_token(request, _text(form.get("form_token")))
    else:
        check_csrf(request, caller, _text(form.get("csrf_token")))
    return dict(form.multi_items())


@router.get("/")
def home(request: Request, who: Maybe, wb: WB, next: str = "/") -> Response:
    """The login form, or the caller's negotiations."""
    if who is None:
        return anonymous_form(request, "login.html.j2", next=next)
    return page(request, "home.html.j2", who, items=wb.store.negotiations(who.user.id))


@router.post("/login")
async def login(request: Request, wb: WB) -> Response:
    """Sign in: a session cookie (HttpOnly, SameSite=Lax, Secure) and a redirect."""
    form = await form_of(request, None)
    name, password = _text(form.get("name")), _text(form.get("password"))
    keys = login_keys(request, name)
    check_rate(wb.limiter, keys)
    user = wb.store.verify_password(name, password)
    if user is None:
        wb.limiter.failed(*keys)
        return anonymous_form(request, "login.html.j2", status=401, message="Wrong name or password.")
    return signed_in(request, wb, user.id, _local(_text(form.get("next"))))


def signed_in(request: Request, wb: WB, user: int, target: str) -> Response:
    """A redirect to ``target`` that starts a new session for ``user``."""
    raw, _token = wb.store.create_token(user, "session", wb.settings.session_ttl)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        raw,
        max_age=int(wb.settings.session_ttl.total_seconds()),
        httponly=True,
        secure=wb.settings.secure_cookies,
        samesite="lax",
        path="/",
    )
    response.delete_cookie(FORM_COOKIE, path="/")
    return response


@router.post("/logout")
async def logout(request: Request, who: Who, wb: WB) -> Response:
    """End the session."""
    await form_of(request, who)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        wb.revoke(cookie)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/negotiations")
async def create(request: Request, who: Who, wb: WB) -> Response:
    """A new negotiation from uploaded files; the caller becomes its mediator."""
    form = await form_of(request, who)
    posted = await request.form()
    files = [f for f in posted.getlist("files") if isinstance(f, UploadFile) and f.filename]
    read = [(f.filename or "upload", await f.read()) for f in files]
    await posted.close()  # the uploads' temporary files (FastAPI closes only the forms it parses)
    del form
    scenario = read_upload(read, wb.settings.upload_limit)
    nid = wb.store.import_scenario(scenario, who.user.id)
    return RedirectResponse(f"/n/{nid}", status_code=303)


@router.get("/n/{negotiation}")
def current(request: Request, negotiation: int, member: In, who: Who, wb: WB) -> Response:
    """The current draft."""
    scenario, _, _ = wb.snapshot(negotiation)
    if not scenario.drafts:
        return page(
            request,
            "error.html.j2",
            who,
            member=member,
            scenario=scenario,
            status=200,
            code="no_draft",
            message="This negotiation has no draft yet.",
        )
    return draft(request, negotiation, scenario.drafts[-1].id, member, who, wb)


@router.get("/n/{negotiation}/drafts/{draft_id}")
def draft(request: Request, negotiation: int, draft_id: str, member: In, who: Who, wb: WB) -> Response:
    """One draft: points, options, every stance, the member's stance forms."""
    scenario, _, revision = wb.snapshot(negotiation)
    view = wb.draft_view(negotiation, draft_id, member)
    frame = shapes.negotiation_json(scenario, member, revision, negotiation)
    return page(
        request,
        "draft.html.j2",
        who,
        member=member,
        scenario=scenario,
        tab="draft",
        draft=view,
        frame=frame,
        draft_id=view["id"],
        can_state=member.role == "party" and view["current"],
    )


@router.post("/n/{negotiation}/stances")
async def stance(request: Request, negotiation: int, member: In, who: Who, wb: WB) -> Response:
    """Record the member's stance on one point; answers with the point's row (htmx) or a
    redirect to the draft."""
    form = await form_of(request, who)
    draft_id, point = _text(form.get("draft")) or None, _text(form.get("point")) or None
    message, error, status = "", False, 200
    try:
        made, _ = actions.record_stance(
            wb,
            member,
            stance=_text(form.get("stance")),
            expected_version=_int(form.get("expected_version")),
            draft=draft_id,
            point=point,
            proposal=_text(form.get("proposal")) or None,
            note=_text(form.get("note")),
        )
        message = f"Recorded: {made.stance.value}."
    except (ApiError, AccordError) as err:
        raised = err if isinstance(err, ApiError) else from_accord(err)
        if raised.status == 409:
            raised.message = "Someone recorded a stance here first; the row now shows the current record. Try again."
        message, error, status = raised.message, True, raised.status
    if not request.headers.get("hx-request"):
        if error:
            raise ApiError(status, message)
        return RedirectResponse(f"/n/{negotiation}", status_code=303)
    scenario, _, _ = wb.snapshot(negotiation)
    view = wb.draft_view(negotiation, draft_id or scenario.drafts[-1].id, member)
    row = next((p for p in view["points"] if p["id"] == point), None)
    if row is None:
        raise ApiError(422, "name a point of the draft")
    return page(
        request,
        "_point_row.html.j2",
        who,
        member=member,
        scenario=scenario,
        status=status,
        p=row,
        draft_id=view["id"],
        can_state=True,
        message=message,
        error=error,
    )


@router.get("/n/{negotiation}/consensus")
def consensus(request: Request, negotiation: int, member: In, who: Who, wb: WB, draft: str | None = None) -> Response:
    """The consensus map."""
    scenario, case, _ = wb.snapshot(negotiation)
    cmap = shapes.consensus_json(case.consensus(draft))
    return page(request, "consensus.html.j2", who, member=member, scenario=scenario, tab="consensus", cmap=cmap)


@router.get("/n/{negotiation}/history")
def history(
    request: Request, negotiation: int, member: In, who: Who, wb: WB, a: str | None = None, b: str | None = None
) -> Response:
    """The versions, and the diff of two of them with the utility changes the member may see."""
    scenario, case, revision = wb.snapshot(negotiation)
    frame = shapes.negotiation_json(scenario, member, revision, negotiation)
    diff = shapes.diff_view(case.diff(a, b), member.viewer) if a and b else None
    return page(
        request, "history.html.j2", who, member=member, scenario=scenario, tab="history", frame=frame, diff=diff
    )


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _int(value: object) -> int:
    try:
        return int(_text(value))
    except ValueError:
        raise ApiError(422, "expected_version: give the version number the page showed") from None


def _local(target: str) -> str:
    """``target`` if it is a path of this site, else ``/`` (no open redirect)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"
