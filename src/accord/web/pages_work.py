"""The pages where members work on the negotiation: "my preferences" (with each draft's
utility live as the numbers change), the proposals (the mediator publishes one as the next
version), the briefing report as the member may see it, members and invitations, and the
audit log. Same rules as the API: reads through the member's viewer, changes through
:mod:`accord.web.actions`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from accord.errors import AccordError, ForbiddenError
from accord.model import Preferences, Scenario
from accord.report.html import render_html
from accord.web import actions, shapes
from accord.web.deps import WB, In, Maybe, Who
from accord.web.errors import ApiError, from_accord
from accord.web.pages import _int, _text, form_of, signed_in
from accord.web.render import anonymous_form, page
from accord.web.workbench import Pending

router = APIRouter(include_in_schema=False)

CHANGED = (
    "These preferences changed since you opened the page (another member of your delegation?). "
    "The page now shows the saved version; make your change again."
)


@router.get("/n/{negotiation}/preferences/{party}")
def preferences(request: Request, negotiation: int, party: str, member: In, who: Who, wb: WB) -> Response:
    """A party's preferences: editable by its delegation, readable by whom it shared them with."""
    return _preferences(request, negotiation, party, member, who, wb)


def _preferences(
    request: Request, negotiation: int, party: str, member: In, who: Who, wb: WB, *, status: int = 200, **extra: Any
) -> Response:
    scenario, _, _ = wb.snapshot(negotiation)
    scenario.party(party)  # an unknown party: 404 with the known ones
    try:
        got = wb.store.preferences(negotiation, party, member.viewer)
    except ForbiddenError as err:
        raise ApiError(403, str(err)) from None
    prefs = got.value or Preferences(party)
    shared = {(s.with_party or "") for s in wb.store.shares(negotiation) if s.party == party}
    others = [("", "the mediator")] + [(p.id, p.name) for p in scenario.parties if p.id != party]
    return page(
        request,
        "preferences.html.j2",
        who,
        member=member,
        scenario=scenario,
        tab="preferences",
        status=status,
        party=party,
        prefs=prefs,
        version=got.version,
        points=scenario.points,
        red={(r.point, r.option) for r in prefs.red_lines if r.option is not None},
        editable=member.role == "party" and member.party == party,
        utilities=shapes.utilities_json(wb.utilities(negotiation), member.viewer),
        sharing=[(target, label, target in shared) for target, label in others],
        **extra,
    )


@router.post("/n/{negotiation}/preferences/{party}")
async def save(request: Request, negotiation: int, party: str, member: In, who: Who, wb: WB) -> Response:
    """Save the form as the party's new preferences (409 when they changed meanwhile)."""
    form = await form_of(request, who)
    actions.require_own_party(member, party, "change these preferences")
    current = wb.store.preferences(negotiation, party, member.viewer)
    try:
        prefs = actions.with_form(current.value or Preferences(party), form)
        version = actions.set_preferences(wb, member, prefs, _int(form.get("expected_version")))
    except (ApiError, AccordError) as err:
        raised = err if isinstance(err, ApiError) else from_accord(err)
        if raised.status == 409:
            raised.message = CHANGED
        return _preferences(
            request, negotiation, party, member, who, wb, status=raised.status, message=raised.message, error=True
        )
    return _preferences(
        request, negotiation, party, member, who, wb, message=f"Saved (version {version}).", error=False
    )


@router.post("/n/{negotiation}/preferences/{party}/preview")
async def preview(request: Request, negotiation: int, party: str, member: In, who: Who, wb: WB) -> Response:
    """Each draft's utility under the form's numbers, not saved (an htmx fragment)."""
    form = await form_of(request, who)
    actions.require_own_party(member, party, "try these preferences")
    current = wb.store.preferences(negotiation, party, member.viewer)
    scenario, _, _ = wb.snapshot(negotiation)
    try:
        utilities = actions.preview(wb, member, actions.with_form(current.value or Preferences(party), form))
        problem = ""
    except (ApiError, AccordError) as err:
        utilities = shapes.utilities_json(wb.utilities(negotiation), member.viewer)
        problem = (
            err.message if isinstance(err, ApiError) else from_accord(err).message
        ) + " (showing the saved numbers)"
    return page(
        request,
        "_utilities.html.j2",
        who,
        member=member,
        scenario=scenario,
        party=party,
        utilities=utilities,
        preview_error=problem,
    )


@router.post("/n/{negotiation}/preferences/{party}/share")
async def share(request: Request, negotiation: int, party: str, member: In, who: Who, wb: WB) -> Response:
    """Share the party's preferences with the mediator or another party, or stop."""
    form = await form_of(request, who)
    actions.share(wb, member, party, _text(form.get("with_party")) or None, on=_text(form.get("on")) == "1")
    return RedirectResponse(f"/n/{negotiation}/preferences/{party}", status_code=303)


@router.get("/n/{negotiation}/proposals")
def proposals(request: Request, negotiation: int, member: In, who: Who, wb: WB) -> Response:
    """The proposals as the member may see them; the mediator publishes one."""
    actions.require_analysis(member)
    scenario, _, revision = wb.snapshot(negotiation)
    brief = wb.brief(negotiation, member.viewer)
    if isinstance(brief, Pending):
        return _computing(request, member, who, scenario, revision, "proposals", "Proposals")
    return page(
        request,
        "proposals.html.j2",
        who,
        member=member,
        scenario=scenario,
        tab="proposals",
        proposals=shapes.proposals_json(brief),
        current=scenario.drafts[-1].id if scenario.drafts else "",
        draft_version=len(scenario.drafts),
        summary=brief.summary,
    )


@router.get("/n/{negotiation}/amend")
def amend(request: Request, negotiation: int, member: In, who: Who, wb: WB) -> Response:
    """The form of a new version with amendments (mediator)."""
    actions.require_mediator(member, "publish a new version")
    scenario, _, _ = wb.snapshot(negotiation)
    if not scenario.drafts:
        raise ApiError(422, "the negotiation has no draft to amend")
    return page(
        request,
        "amend.html.j2",
        who,
        member=member,
        scenario=scenario,
        tab="draft",
        parent=scenario.drafts[-1],
        points=scenario.points,
        draft_version=len(scenario.drafts),
    )


@router.post("/n/{negotiation}/drafts")
async def publish(request: Request, negotiation: int, member: In, who: Who, wb: WB) -> Response:
    """Publish the next version (mediator): an engine proposal, or the current draft with
    the amendments of the form (``choice:POINT``; empty: open)."""
    form = await form_of(request, who)
    rank = _text(form.get("from_proposal"))
    scenario, _, _ = wb.snapshot(negotiation)
    changes: dict[str, str | float | None] = {}
    for key, raw in form.items():
        if key.startswith("choice:"):
            point = scenario.point(key.removeprefix("choice:"))
            text = _text(raw)
            changes[point.id] = None if not text else (actions.number(text, key) if point.is_numeric else text)
    made, _ = actions.publish(
        wb,
        member,
        expected_version=_int(form.get("expected_version")),
        title=_text(form.get("title")),
        parent=_text(form.get("parent")) or None,
        changes=changes,
        from_proposal=int(rank) if rank.isdigit() else None,
    )
    return RedirectResponse(f"/n/{negotiation}/drafts/{made.id}", status_code=303)


@router.get("/n/{negotiation}/report")
def report(request: Request, negotiation: int, member: In, who: Who, wb: WB) -> Response:
    """The briefing report (sentences, tables, plots) as the member may see it."""
    actions.require_analysis(member)
    scenario, _, revision = wb.snapshot(negotiation)
    brief = wb.brief(negotiation, member.viewer)
    if isinstance(brief, Pending):
        return _computing(request, member, who, scenario, revision, "report", "Briefing")
    return HTMLResponse(render_html(brief))


def _computing(
    request: Request, member: In, who: Who, scenario: Scenario, revision: int, tab: str, heading: str
) -> Response:
    """The page that reloads itself while the analysis of ``revision`` is computed."""
    return page(
        request, "computing.html.j2", who, member=member, scenario=scenario, tab=tab, heading=heading, revision=revision
    )


@router.get("/n/{negotiation}/members")
def members(request: Request, negotiation: int, member: In, who: Who, wb: WB) -> Response:
    """Sharing, invitations (mediator), export."""
    return _members(request, negotiation, member, who, wb)


def _members(request: Request, negotiation: int, member: In, who: Who, wb: WB, **extra: Any) -> Response:
    scenario, _, _ = wb.snapshot(negotiation)
    return page(
        request,
        "members.html.j2",
        who,
        member=member,
        scenario=scenario,
        tab="members",
        shares=wb.store.shares(negotiation),
        parties=scenario.parties,
        ttl_days=wb.settings.invitation_ttl.days,
        **extra,
    )


@router.post("/n/{negotiation}/invitations")
async def invite(request: Request, negotiation: int, member: In, who: Who, wb: WB) -> Response:
    """Create a single-use invitation link (mediator)."""
    form = await form_of(request, who)
    actions.require_mediator(member, "invite members")
    role, party = _text(form.get("role")), _text(form.get("party")) or None
    if role not in ("party", "observer", "mediator"):
        raise ApiError(422, f"unknown role {role!r}; use party, observer or mediator")
    raw, inv = wb.store.invite(negotiation, role, party=party, by_user=member.user, ttl=wb.settings.invitation_ttl)  # type: ignore[arg-type]
    link = str(request.url_for("invitation_page", token=raw))
    invited = f"{party}'s delegation" if party else f"a {role}"
    return _members(
        request,
        negotiation,
        member,
        who,
        wb,
        link=link,
        invited=invited,
        expires=inv.expires.strftime("%Y-%m-%d %H:%M UTC"),
    )


@router.get("/invite/{token}", name="invitation_page")
def invitation(request: Request, token: str, who: Maybe, wb: WB) -> Response:
    """An invitation: join with your account, or create one."""
    try:
        found = wb.store.invitation(token)
    except AccordError as err:
        raise from_accord(err) from None
    if who is None:
        return anonymous_form(request, "invitation.html.j2", invitation=found, token=token)
    return page(request, "invitation.html.j2", who, invitation=found, token=token)


@router.post("/invite/{token}")
async def join(request: Request, token: str, who: Maybe, wb: WB) -> Response:
    """Accept an invitation (signed in), or create an account and accept it."""
    form = await form_of(request, who)
    if who is not None:
        joined = wb.store.accept_invitation(token, who.user.id)
        return RedirectResponse(f"/n/{joined.negotiation}", status_code=303)
    wb.store.invitation(token)  # a used or expired link is refused before an account is made
    user = wb.store.create_user(_text(form.get("name")), str(form.get("password") or ""))
    joined = wb.store.accept_invitation(token, user.id)
    return signed_in(request, wb, user.id, f"/n/{joined.negotiation}")


@router.get("/n/{negotiation}/audit")
def audit(request: Request, negotiation: int, member: In, who: Who, wb: WB) -> Response:
    """The audit log as the member may read it."""
    scenario, _, _ = wb.snapshot(negotiation)
    events = wb.store.audit(negotiation, member.viewer)
    return page(request, "audit.html.j2", who, member=member, scenario=scenario, tab="audit", events=events)
