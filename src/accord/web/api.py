"""The JSON API: every page's data, described by FastAPI's OpenAPI (``/openapi.json``).

Anonymous callers get 401 everywhere but ``POST /api/login``. Errors have one shape,
``{"error": {"code", "message", "details"}}`` (:mod:`accord.web.errors`). A change names
the version it was made on (``expected_version``) and gets 409 when that moved. What a
member may read goes through its viewer (:mod:`accord.web.shapes`); what it may change
through :mod:`accord.web.actions`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from accord.errors import ForbiddenError, StoreError
from accord.formats.scenario_v1_write import dump_scenario
from accord.report.model import Brief
from accord.store import codec
from accord.web import actions, exports, shapes
from accord.web.auth import SESSION_COOKIE, check_rate, login_keys
from accord.web.deps import WB, In, Who
from accord.web.errors import ApiError
from accord.web.uploads import read_upload
from accord.web.workbench import Pending

router = APIRouter(prefix="/api")

Value = str | int | float


class Login(BaseModel):
    name: str
    password: str


class StanceIn(BaseModel):
    stance: Literal["accept", "amend", "criticise", "unacceptable"]
    expected_version: int = Field(description="How many stances the party stated on this slot, as read.")
    point: str | None = Field(None, description="The point; none for the draft as a whole.")
    draft: str | None = Field(None, description="The draft; by default the current one.")
    party: str | None = Field(None, description="The party; by default the caller's own.")
    proposal: Value | None = None
    note: str = ""


class DraftIn(BaseModel):
    expected_version: int = Field(description="How many drafts the negotiation holds, as read.")
    id: str | None = None
    title: str = ""
    description: str = ""
    parent: str | None = None
    changes: dict[str, Value | None] = Field(default_factory=dict)
    from_proposal: int | None = Field(None, description="Publish the engine's proposal of this rank.")


class PreferencesIn(BaseModel):
    expected_version: int
    preferences: dict[str, Any] = Field(description="The preferences document (as GET returns it).")


class Preview(BaseModel):
    preferences: dict[str, Any]


class InvitationIn(BaseModel):
    role: Literal["party", "observer", "mediator"]
    party: str | None = None
    hours: float | None = Field(None, gt=0, le=24 * 90, description="Hours it stays valid (default 7 days).")


class ShareIn(BaseModel):
    with_party: str | None = Field(None, description="The party to share with; none: the mediator.")


class CommentIn(BaseModel):
    body: str
    draft: str | None = None
    point: str | None = None


# accounts and tokens


@router.post("/login", tags=["accounts"])
def login(body: Login, request: Request, wb: WB) -> dict[str, Any]:
    """An API token for ``Authorization: Bearer TOKEN`` (rate-limited: 429 after repeated failures)."""
    keys = login_keys(request, body.name)
    check_rate(wb.limiter, keys)
    user = wb.store.verify_password(body.name, body.password)
    if user is None:
        wb.limiter.failed(*keys)
        raise ApiError(401, "wrong name or password", code="login_failed")
    raw, token = wb.store.create_token(user.id, "api", wb.settings.api_token_ttl)
    return {"token": raw, "expires": token.expires.isoformat(), "user": {"id": user.id, "name": user.name}}


@router.post("/logout", status_code=204, tags=["accounts"])
def logout(request: Request, who: Who, wb: WB) -> Response:
    """Revoke the token this request carries."""
    if who.via == "bearer":
        wb.revoke(request.headers.get("authorization", "").partition(" ")[2].strip())
    else:
        wb.revoke(request.cookies.get(SESSION_COOKIE, ""))
    return Response(status_code=204)


@router.get("/me", tags=["accounts"])
def me(who: Who) -> dict[str, Any]:
    """The signed-in user."""
    return {"id": who.user.id, "name": who.user.name}


# negotiations


@router.get("/negotiations", tags=["negotiations"])
def negotiations(who: Who, wb: WB) -> list[dict[str, Any]]:
    """The caller's negotiations, newest first, with the caller's role."""
    return [
        {"id": n.id, "title": n.title, "created": n.created.isoformat(), "drafts": n.drafts, "role": n.role}
        for n in wb.store.negotiations(who.user.id)
    ]


@router.post("/negotiations", status_code=201, tags=["negotiations"])
async def create(who: Who, wb: WB, files: Annotated[list[UploadFile], File()]) -> dict[str, Any]:
    """A new negotiation from an accord scenario file or a GENIUS/GeniusWeb folder's files;
    the caller becomes its mediator."""
    read = [(f.filename or "upload", await f.read()) for f in files]
    scenario = read_upload(read, wb.settings.upload_limit)
    nid = wb.store.import_scenario(scenario, who.user.id)
    return {"id": nid, "title": scenario.title}


@router.get("/negotiations/{negotiation}", tags=["negotiations"])
def negotiation(negotiation: int, member: In, wb: WB) -> dict[str, Any]:
    """Parties, points and options, drafts, the current draft, the revision, and who you are."""
    scenario, _, revision = wb.snapshot(negotiation)
    return shapes.negotiation_json(scenario, member, revision, negotiation)


@router.get(
    "/negotiations/{negotiation}/drafts/{draft}",
    tags=["drafts"],
    response_class=JSONResponse,
    responses={200: {"content": {"application/json": {"schema": {"type": "object"}}}}},
)
def draft(negotiation: int, draft: str, member: In, wb: WB) -> Response:
    """One draft point by point, with every stance and your utility."""
    return Response(wb.draft_json(negotiation, draft, member), media_type="application/json")


@router.post("/negotiations/{negotiation}/drafts", status_code=201, tags=["drafts"])
def publish(negotiation: int, body: DraftIn, member: In, wb: WB) -> dict[str, Any]:
    """Publish a new version (mediator): amendments to a draft, or an engine proposal."""
    made, version = actions.publish(
        wb,
        member,
        expected_version=body.expected_version,
        draft_id=body.id,
        title=body.title,
        description=body.description,
        parent=body.parent,
        changes=body.changes,
        from_proposal=body.from_proposal,
    )
    return {"id": made.id, "version": version}


@router.get("/negotiations/{negotiation}/consensus", tags=["drafts"])
def consensus(negotiation: int, member: In, wb: WB, draft: str | None = None) -> dict[str, Any]:
    """The consensus map of a draft (default: the latest with stances)."""
    _, case, _ = wb.snapshot(negotiation)
    return shapes.consensus_json(case.consensus(draft))


@router.get("/negotiations/{negotiation}/diff", tags=["drafts"])
def diff(
    negotiation: int, member: In, wb: WB, a: Annotated[str, Query()], b: Annotated[str, Query()]
) -> dict[str, Any]:
    """What changed from draft a to draft b, with the utility changes you may see."""
    _, case, _ = wb.snapshot(negotiation)
    return shapes.diff_view(case.diff(a, b), member.viewer)


@router.post("/negotiations/{negotiation}/stances", status_code=201, tags=["drafts"])
def stance(negotiation: int, body: StanceIn, member: In, wb: WB) -> dict[str, Any]:
    """Record a stance (a party its own; the mediator any party's)."""
    made, version = actions.record_stance(wb, member, **body.model_dump())
    return {"party": made.party, "draft": made.draft, "point": made.point, "version": version}


# preferences


@router.get("/negotiations/{negotiation}/preferences/{party}", tags=["preferences"])
def preferences(negotiation: int, party: str, member: In, wb: WB) -> dict[str, Any]:
    """A party's preferences and each draft's utility for it: its own delegation, or a
    member it shared them with (403 otherwise)."""
    got = _readable(wb, member, party)
    return {
        "party": party,
        "version": got.version,
        "preferences": None if got.value is None else codec.encode(got.value),
        "utilities": shapes.utilities_json(wb.utilities(negotiation), member.viewer),
    }


@router.put("/negotiations/{negotiation}/preferences/{party}", tags=["preferences"])
def set_preferences(negotiation: int, party: str, body: PreferencesIn, member: In, wb: WB) -> dict[str, Any]:
    """Replace your own party's preferences."""
    actions.require_own_party(member, party, "change these preferences")
    prefs = _decoded(body.preferences, party)
    return {"version": actions.set_preferences(wb, member, prefs, body.expected_version)}


@router.post("/negotiations/{negotiation}/preferences/{party}/preview", tags=["preferences"])
def preview(negotiation: int, party: str, body: Preview, member: In, wb: WB) -> dict[str, Any]:
    """Each draft's utility under preferences not yet saved (your own party's)."""
    actions.require_own_party(member, party, "try these preferences")
    prefs = _decoded(body.preferences, party)
    return {"party": party, "utilities": actions.preview(wb, member, prefs)}


@router.get("/negotiations/{negotiation}/shares", tags=["preferences"])
def shares(negotiation: int, member: In, wb: WB) -> list[dict[str, Any]]:
    """Who shared their preferences with whom (none: the mediator)."""
    return [{"party": s.party, "with_party": s.with_party} for s in wb.store.shares(negotiation)]


@router.post("/negotiations/{negotiation}/preferences/{party}/shares", status_code=204, tags=["preferences"])
def share(negotiation: int, party: str, body: ShareIn, member: In, wb: WB) -> Response:
    """Share your party's preferences with the mediator or another party."""
    actions.share(wb, member, party, body.with_party, on=True)
    return Response(status_code=204)


@router.delete("/negotiations/{negotiation}/preferences/{party}/shares", status_code=204, tags=["preferences"])
def unshare(negotiation: int, party: str, member: In, wb: WB, with_party: str | None = None) -> Response:
    """Stop sharing your party's preferences with the mediator (or ``with_party``)."""
    actions.share(wb, member, party, with_party, on=False)
    return Response(status_code=204)


# the analysis


@router.get("/negotiations/{negotiation}/analysis", tags=["analysis"])
def analysis(negotiation: int, member: In, wb: WB, response: Response) -> dict[str, Any]:
    """The briefing as you may see it (202 with ``status: computing`` until ready)."""
    return _when_ready(wb, member, response, shapes.brief_json)


@router.get("/negotiations/{negotiation}/proposals", tags=["analysis"])
def proposals(negotiation: int, member: In, wb: WB, response: Response) -> dict[str, Any]:
    """The ranked compromise proposals near the current draft, as you may see them."""
    return _when_ready(wb, member, response, lambda brief: {"proposals": shapes.proposals_json(brief)})


# members, invitations, comments, the audit log, export


@router.post("/negotiations/{negotiation}/invitations", status_code=201, tags=["members"])
def invite(negotiation: int, body: InvitationIn, member: In, wb: WB, request: Request) -> dict[str, Any]:
    """A single-use, expiring invitation link (mediator)."""
    actions.require_mediator(member, "invite members")
    ttl = wb.settings.invitation_ttl if body.hours is None else _hours(body.hours)
    raw, inv = wb.store.invite(negotiation, body.role, party=body.party, by_user=member.user, ttl=ttl)
    return {"url": str(request.url_for("invitation_page", token=raw)), "token": raw, "expires": inv.expires.isoformat()}


@router.post("/invitations/{token}/accept", tags=["members"])
def accept(token: str, who: Who, wb: WB) -> dict[str, Any]:
    """Join the negotiation an invitation is for (once; 410 when used or expired)."""
    joined = wb.store.accept_invitation(token, who.user.id)
    return {"negotiation": joined.negotiation, "role": joined.role, "party": joined.party}


@router.get("/negotiations/{negotiation}/comments", tags=["members"])
def comments(negotiation: int, member: In, wb: WB) -> list[dict[str, Any]]:
    """The comments, oldest first."""
    return [
        {
            "id": c.id,
            "author": c.author,
            "body": c.body,
            "created": c.created.isoformat(),
            "draft": c.draft,
            "point": c.point,
        }
        for c in wb.store.comments(negotiation)
    ]


@router.post("/negotiations/{negotiation}/comments", status_code=201, tags=["members"])
def comment(negotiation: int, body: CommentIn, member: In, wb: WB) -> dict[str, Any]:
    """Add a comment."""
    cid = wb.store.add_comment(negotiation, body.body, by_user=member.user, draft=body.draft, point=body.point)
    return {"id": cid}


@router.get("/negotiations/{negotiation}/audit", tags=["members"])
def audit(negotiation: int, member: In, wb: WB) -> list[dict[str, Any]]:
    """The audit log, with the preference payloads you may not see redacted."""
    return [
        {
            "id": e.id,
            "actor": e.actor,
            "action": e.action,
            "target": e.target,
            "at": e.at.isoformat(),
            "before": e.before,
            "after": e.after,
            "redacted": e.redacted,
        }
        for e in wb.store.audit(negotiation, member.viewer)
    ]


@router.get("/negotiations/{negotiation}/export", tags=["negotiations"])
def export(
    negotiation: int,
    member: In,
    wb: WB,
    format: Literal["accord", "genius", "geniusweb"] = "accord",
    drop_constraints: bool = False,
) -> Response:
    """The negotiation with the preferences you may see: an accord scenario file (YAML), or
    a GENIUS or GeniusWeb folder as a zip (``drop_constraints`` leaves out the red lines,
    links and interactions those formats cannot hold; the zip's NOTES.txt lists what was
    lost)."""
    scenario = wb.store.export_scenario(negotiation, member.viewer)
    stem = f"negotiation-{negotiation}"
    if format == "accord":
        text = dump_scenario(scenario)
        return _download(text.encode(), "application/yaml", f"{stem}.yaml")
    return _download(
        exports.zipped(scenario, format, drop_constraints=drop_constraints), "application/zip", f"{stem}-{format}.zip"
    )


def _download(data: bytes, media_type: str, name: str) -> Response:
    return Response(data, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _when_ready(wb: WB, member: In, response: Response, shown: Callable[[Brief], dict[str, Any]]) -> dict[str, Any]:
    """``shown(brief)`` once the member's briefing is computed; 202 ``computing`` until then."""
    actions.require_analysis(member)
    brief = wb.brief(member.negotiation, member.viewer)
    if isinstance(brief, Pending):
        response.status_code = 202
        return {"status": "computing", "revision": brief.revision}
    return {"status": "ready", **shown(brief)}


def _decoded(document: dict[str, Any], party: str) -> Any:
    """The preferences a client sent (422 naming what does not fit)."""
    try:
        return codec.decode({**document, "codec": codec.CODEC, "party": party}, "the preferences sent")
    except StoreError as err:
        raise ApiError(422, str(err), details={"field": "preferences"}) from None


def _readable(wb: WB, member: In, party: str) -> Any:
    try:
        return wb.store.preferences(member.negotiation, party, member.viewer)
    except ForbiddenError as err:
        raise ApiError(403, str(err)) from None


def _hours(hours: float) -> Any:
    from datetime import timedelta

    return timedelta(hours=hours)
