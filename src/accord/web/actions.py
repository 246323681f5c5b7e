"""What a member may change, and the change itself: the one place the web layer decides who
may write what (the pages and the JSON API both call these).

- the **mediator** publishes drafts, invites members and may record any party's stance
  (a stance reported in the press, with the mediator as its recorder);
- a **party** member records its own party's stances, and reads, writes and shares its own
  party's preferences, and no other's;
- an **observer** reads the record and comments.

What a member may *read* is the viewer's (:mod:`accord.views`); writing a party's
preferences is narrower than reading them: a party that shared them with the mediator lets
the mediator read them, never change them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from accord.analysis.drafts import draft_utilities
from accord.model import CategoricalRating, Draft, Preferences, RedLine, Source, Stance, StanceKind, Uncertain, Value
from accord.store import Member
from accord.views import Viewer
from accord.web.errors import ApiError
from accord.web.shapes import utilities_json
from accord.web.workbench import Computed, Pending, Workbench


def require_mediator(member: Member, doing: str) -> None:
    """403 unless ``member`` is the negotiation's mediator."""
    if member.role != "mediator":
        raise ApiError(403, f"only the mediator may {doing}; you are {_as(member)}")


def require_own_party(member: Member, party: str, doing: str) -> None:
    """403 unless ``member`` speaks for ``party``."""
    if member.role != "party" or member.party != party:
        raise ApiError(403, f"only {party}'s delegation may {doing}; you are {_as(member)}")


def require_analysis(member: Member) -> None:
    """403 for a member who does not see the analysis (an observer)."""
    if not member.viewer.sees_analysis:
        raise ApiError(403, f"the analysis is shown to the mediator and the parties; you are {_as(member)}")


def record_stance(
    wb: Workbench,
    member: Member,
    *,
    stance: str,
    expected_version: int,
    party: str | None = None,
    draft: str | None = None,
    point: str | None = None,
    proposal: Value | None = None,
    note: str = "",
) -> tuple[Stance, int]:
    """Record a stance of ``party`` (default: the member's own) on ``point`` (None: the whole
    draft) of ``draft`` (default: the current one); the stance and the slot's new version."""
    if member.role == "observer":
        raise ApiError(403, "an observer reads the record and comments; only a party or the mediator records stances")
    who = party or member.party
    if who is None:
        raise ApiError(422, "name the party whose stance this is", details={"field": "party"})
    if member.role != "mediator":
        require_own_party(member, who, "record this party's stances")
    if draft is None:  # the current draft: the newest of the negotiation's snapshot
        scenario, _, _ = wb.snapshot(member.negotiation)
        if not scenario.drafts:
            raise ApiError(422, "the negotiation has no draft yet; the mediator publishes one first")
        draft = scenario.drafts[-1].id
    if stance not in {k.value for k in StanceKind}:
        known = ", ".join(k.value for k in StanceKind)
        raise ApiError(422, f"unknown stance {stance!r}; use one of {known}", details={"field": "stance"})
    source = Source(speaker=member.name, date=datetime.now(UTC).date().isoformat(), outlet="accord workbench")
    made = Stance(who, draft, StanceKind(stance), point, _value(proposal), note.strip(), source)
    version = wb.store.record_stance(member.negotiation, made, by_user=member.user, expected_version=expected_version)
    wb.stated(member.negotiation, made)
    return made, version


def publish(
    wb: Workbench,
    member: Member,
    *,
    expected_version: int,
    draft_id: str | None = None,
    title: str = "",
    description: str = "",
    parent: str | None = None,
    changes: Mapping[str, Value | None] | None = None,
    from_proposal: int | None = None,
) -> tuple[Draft, int]:
    """Publish a new version: the ``parent`` draft (default: the current one) with
    ``changes`` (a point's new value; None opens it), or the engine's proposal of rank
    ``from_proposal``; the draft and its version."""
    require_mediator(member, "publish a new version")
    scenario, _, _ = wb.snapshot(member.negotiation)
    choices: dict[str, Value] = {}
    reason = ""
    if from_proposal is not None:
        computed = wb.computed(member.negotiation)
        if isinstance(computed, Pending):
            raise ApiError(409, "the proposals are still being computed; try again in a moment", code="computing")
        chosen = _proposal(computed, from_proposal)
        parent = computed.current
        choices = dict(chosen.outcome.agreement)
        reason = chosen.reason
    elif scenario.drafts or parent is not None:
        base = scenario.draft(parent or scenario.drafts[-1].id)
        parent = base.id
        choices = dict(base.choices)
    for point, value in (changes or {}).items():
        scenario.point(point)  # UnknownIdError names the known points
        if value is None:
            choices.pop(point, None)
        else:
            choices[point] = _value(value)  # type: ignore[assignment]
    new_id = draft_id or _next_id(scenario.drafts)
    draft = Draft(
        new_id,
        title=title
        or (f"Proposal {from_proposal} on {parent}" if from_proposal else f"Version {len(scenario.drafts) + 1}"),
        date=datetime.now(UTC).date().isoformat(),
        parents=(parent,) if parent else (),
        description=description or reason,
        choices=choices,
    )
    version = wb.store.publish_draft(member.negotiation, draft, by_user=member.user, expected_version=expected_version)
    return draft, version


def set_preferences(wb: Workbench, member: Member, prefs: Preferences, expected_version: int) -> int:
    """Replace the member's own party's preferences; their new version."""
    require_own_party(member, prefs.party, "change these preferences")
    if not 0 <= prefs.reservation <= 1:
        raise ApiError(
            422,
            f"reservation: {prefs.reservation:g} is not a utility; give a number from 0 (any agreement) to 1",
            details={"field": "reservation"},
        )
    return wb.store.set_preferences(member.negotiation, prefs, by_user=member.user, expected_version=expected_version)


def share(wb: Workbench, member: Member, party: str, with_party: str | None, *, on: bool) -> None:
    """Share (or stop sharing) the member's party's preferences with ``with_party`` (None:
    the mediator)."""
    require_own_party(member, party, "share these preferences")
    if on:
        wb.store.share(member.negotiation, party, with_party, by_user=member.user)
    else:
        wb.store.unshare(member.negotiation, party, with_party, by_user=member.user)


def with_form(prefs: Preferences, form: Mapping[str, Any]) -> Preferences:
    """``prefs`` with the weights, categorical ratings, reservation value and red lines of a
    "my preferences" form (``weight:POINT``, ``rating:POINT:OPTION``, ``reservation``,
    ``red:POINT:OPTION``); what the form does not show (numeric ratings, links,
    interactions) is kept, and ranges on a changed estimate are dropped (the estimate is
    the party's new word on it)."""
    weights = dict(prefs.weights)
    ratings: dict[str, Any] = dict(prefs.ratings)
    reds = [r for r in prefs.red_lines if r.option is None]
    for key, raw in form.items():
        parts = str(key).split(":")
        if parts[0] == "weight" and len(parts) == 2:
            weights[parts[1]] = number(raw, key)
        elif parts[0] == "rating" and len(parts) == 3:
            scores = dict(getattr(ratings.get(parts[1]), "scores", {}))
            scores[parts[2]] = number(raw, key)
            ratings[parts[1]] = CategoricalRating(scores)
        elif parts[0] == "red" and len(parts) == 3 and raw:
            reds.append(RedLine(parts[1], parts[2]))
    reservation = number(form.get("reservation", prefs.reservation), "reservation")
    changed = replace(prefs, weights=weights, ratings=ratings, reservation=reservation, red_lines=tuple(reds))
    return replace(changed, uncertain=tuple(u for u in prefs.uncertain if _unchanged(prefs, changed, u)))


def _unchanged(before: Preferences, after: Preferences, u: Uncertain) -> bool:
    return before.estimate(u) == after.estimate(u)


def number(raw: object, field: str) -> float:
    """``raw`` as a finite number; 422 naming ``field`` otherwise."""
    try:
        value = float(str(raw))
    except ValueError:
        raise ApiError(422, f"{field}: {raw!r} is not a number", details={"field": field}) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ApiError(422, f"{field}: give a finite number", details={"field": field})
    return value


def _value(value: object) -> Value | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ApiError(422, f"{value!r} is not an option id or a number", details={"field": "value"})
    return value


def _proposal(computed: Computed, rank: int) -> Any:
    for p in computed.proposals:
        if p.rank == rank:
            return p
    ranks = ", ".join(str(p.rank) for p in computed.proposals) or "none"
    raise ApiError(404, f"no proposal {rank}; the proposals are {ranks}")


def _title(rank: int | None, parent: str | None, version: int) -> str:
    return f"Proposal {rank} on {parent}" if rank is not None else f"Version {version}"


def _next_id(drafts: tuple[Draft, ...]) -> str:
    taken = {d.id for d in drafts}
    n = len(drafts) + 1
    while f"v{n}" in taken:
        n += 1
    return f"v{n}"


def _as(member: Member) -> str:
    return f"{member.party}'s delegation" if member.role == "party" else f"the {member.role}"


def preview(wb: Workbench, member: Member, prefs: Preferences) -> list[dict[str, Any]]:
    """Each draft's utility for the member's own party under ``prefs``, not saved."""
    require_own_party(member, prefs.party, "try these preferences")
    scenario, _, _ = wb.snapshot(member.negotiation)
    trial = replace(scenario, preferences={**scenario.preferences, prefs.party: prefs})  # the model's checks
    return utilities_json(draft_utilities(trial), Viewer.for_party(prefs.party))
