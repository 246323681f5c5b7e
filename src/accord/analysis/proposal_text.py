"""What a proposal does to the record: the stances it answers, and what a mediator should
be warned of. Read from the public record (drafts and stances), never from preferences,
except for the one warning about an author's utility.

Stances. Each party's current stance on each point of the draft is the last of its
history in the stance record, stated on the draft or carried from an ancestor that says the
same on the point (:mod:`accord.model.record`). A stance counts as *met* only when the
proposal gives what was asked:

- ``amend`` with a proposed option: met when the proposal chooses that option;
- ``unacceptable`` or ``criticise`` (or an ``amend`` naming no option): met when the point
  moves away from the option the stance was about, the draft's.

Otherwise the verdict is ``not_as_asked`` (the point changed, but not to what was asked),
``kept`` (the point stays as it was objected to), or ``unclear`` (an objection to a point
the draft leaves open names no option, so whether a settlement answers it is unknown). An
``accept`` is ``reopened`` when the proposal changes the accepted option.

Warnings. ``author_worse_off``: an author of the draft (a rated party, bargaining or not)
gets less from the proposal than from the draft with its open points settled the same way.
``undoes_parent``: the proposal sets a point back to the first parent's value where the
draft had changed it to another value. ``brings_back``: the
proposal returns a point to an option of an ancestor draft that a party objected to there
(its latest stance on that option along the lineage), which the draft had moved away from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from accord.model import Point, Scenario, StanceKind, Value
from accord.model.record import record, stated

Verdict = Literal["met", "not_as_asked", "kept", "unclear", "reopened"]
"""What a proposal does to one stance (module docstring)."""

WarningKind = Literal["author_worse_off", "undoes_parent", "brings_back"]
"""Why a proposal needs a second look (module docstring)."""


@dataclass(frozen=True)
class StanceCheck:
    """One party's current stance on one point, and what the proposal does to it.

    ``before`` is what the draft says (None: open), ``asked`` the option an ``amend``
    proposes, ``after`` what the proposal says; ``carried_from`` the ancestor the stance was
    stated on when it was carried; ``text`` the verdict in words.
    """

    party: str
    point: str
    stance: StanceKind
    before: Value | None
    asked: Value | None
    after: Value
    verdict: Verdict
    text: str
    carried_from: str | None = None


@dataclass(frozen=True)
class ProposalWarning:
    """Something about a proposal a mediator should look at twice (module docstring).

    ``party`` the author or the party whose stance is concerned, ``point`` the point (None
    for an author's utility), ``draft`` the ancestor concerned, ``text`` the warning in words.
    """

    kind: WarningKind
    text: str
    party: str | None = None
    point: str | None = None
    draft: str | None = None


def label(point: Point, value: Value | None) -> str:
    """A value in a few words: ``[crimea-only]`` for an option, ``600,000 troops`` for a
    number, ``open`` for nothing."""
    if value is None:
        return "open"
    return f"[{value}]" if isinstance(value, str) and not point.is_numeric else point.describe(value)


def words(point: Point, value: Value | None) -> str:
    """A value as the text says it: the option's text and its id in brackets, a number with
    its unit, or ``open``."""
    if value is None or not isinstance(value, str) or point.is_numeric:
        return label(point, value)
    option = point.option(value)
    return f"{option.text} [{value}]" if option is not None and option.text else f"[{value}]"


def stance_checks(scenario: Scenario, draft_id: str, agreement: Mapping[str, Value]) -> tuple[StanceCheck, ...]:
    """The verdict on every current stance on a point of the draft, in document order and
    party order; accepts the proposal leaves alone are omitted."""
    draft = scenario.draft(draft_id)
    held = record(scenario, draft.id)
    out: list[StanceCheck] = []
    for point in scenario.points:
        for party in scenario.parties:
            history = held.get((party.id, point.id))
            if not history:
                continue
            said = history[-1]
            kind, asked = said.stance.stance, said.stance.proposal
            before, after = draft.choices.get(point.id), agreement[point.id]
            verdict = _verdict(kind, before, asked, after)
            if verdict is None:
                continue
            text = _stance_text(scenario, draft.id, point, party.name, kind, before, asked, after, verdict)
            if said.carried_from:
                text += f" (stated on {said.carried_from})"
            out.append(StanceCheck(party.id, point.id, kind, before, asked, after, verdict, text, said.carried_from))
    return tuple(out)


def _verdict(kind: StanceKind, before: Value | None, asked: Value | None, after: Value) -> Verdict | None:
    """The rule of the module docstring."""
    if kind is StanceKind.ACCEPT:
        return "reopened" if before is not None and after != before else None
    if kind is StanceKind.AMEND and asked is not None:
        if after == asked:
            return "met"
        return "kept" if after == before else "not_as_asked"
    if before is None:
        return "unclear"
    return "kept" if after == before else "met"


def _stance_text(
    scenario: Scenario,
    draft: str,
    point: Point,
    name: str,
    kind: StanceKind,
    before: Value | None,
    asked: Value | None,
    after: Value,
    verdict: Verdict,
) -> str:
    """``<point title>: <verdict in words>: <what was asked, what the proposal says>``."""
    title = point.title or point.id
    old, new = label(point, before), label(point, after)
    if verdict == "reopened":
        return f"{title}: reopened: changes {old}, which {name} accepted, to {new}"
    if verdict == "unclear":
        return (
            f"{title}: unclear: {name} found it {_found(kind)} while open in {draft}, naming no option; "
            f"this settles it as {new}"
        )
    if kind is StanceKind.AMEND and asked is not None:
        if verdict == "met":
            return f"{title}: met: adopts {name}'s amendment, {label(point, asked)}"
        if verdict == "kept":
            return f"{title}: not met: keeps {old}, which {name} wants amended to {label(point, asked)}"
        says = new if before is None else f"{old} -> {new}"
        return f"{title}: changed, but not as asked: {name} asked for {label(point, asked)}, this says {says}"
    if verdict == "met":
        return f"{title}: met: moves away from {old}, which {name} found {_found(kind)}, to {new}"
    return f"{title}: not met: keeps {old}, which {name} found {_found(kind)}"


def _found(kind: StanceKind) -> str:
    return {
        StanceKind.UNACCEPTABLE: "unacceptable",
        StanceKind.CRITICISE: "open to criticism",
        StanceKind.AMEND: "in need of amendment",
        StanceKind.ACCEPT: "acceptable",
    }[kind]


Objections = Mapping[tuple[str, str, Value], tuple[StanceKind, Value | None, str]]
"""(party, point, option) -> (stance, option asked for, draft it was stated on): each
party's latest stance along a draft's lineage on each option an ancestor chose."""


def ancestor_objections(scenario: Scenario, draft_id: str) -> Objections:
    """The latest stance of each party on each option an ancestor of ``draft_id`` chose
    (parents before children, so a later draft's stance replaces an earlier one's); only
    objections are kept: ``unacceptable``, ``criticise``, and ``amend`` asking for another
    option."""
    latest: dict[tuple[str, str, Value], tuple[StanceKind, Value | None, str]] = {}
    for ancestor in scenario.lineage(draft_id)[:-1]:
        choices = scenario.draft(ancestor).choices
        for (party, point), history in stated(scenario, ancestor).items():
            if point is not None and point in choices:
                last = history[-1]
                latest[(party, point, choices[point])] = (last.stance, last.proposal, ancestor)
    return {
        key: (kind, asked, on)
        for key, (kind, asked, on) in latest.items()
        if kind is not StanceKind.ACCEPT and not (kind is StanceKind.AMEND and asked == key[2])
    }


def warnings(
    scenario: Scenario,
    draft_id: str,
    agreement: Mapping[str, Value],
    gains: Mapping[str, float],
    objections: Objections,
) -> tuple[ProposalWarning, ...]:
    """The warnings of the module docstring; ``gains`` holds each rated party's change from
    the draft (open points settled as the proposal settles them) to the proposal."""
    draft = scenario.draft(draft_id)
    out = [
        ProposalWarning(
            "author_worse_off",
            f"{scenario.party(a).name}, an author of {draft.id}, is worse off than in {draft.id}: "
            f"{gains[a] * 100:+.1f} utility points",
            party=a,
        )
        for a in draft.authors
        if a in gains and gains[a] < 0
    ]
    out += _undone(scenario, draft_id, agreement)
    out += _brought_back(scenario, draft_id, agreement, objections)
    return tuple(out)


def _undone(scenario: Scenario, draft_id: str, agreement: Mapping[str, Value]) -> list[ProposalWarning]:
    """Points set back to the first parent's value where the draft had changed it to
    another value (a point the draft left open is not counted: leaving a point open
    postpones it, and :func:`_brought_back` names any objection to the parent's option)."""
    draft = scenario.draft(draft_id)
    if not draft.parents:
        return []
    parent = scenario.draft(draft.parents[0])
    out = []
    for point in scenario.points:
        was, now = parent.choices.get(point.id), draft.choices.get(point.id)
        if was is None or now is None or was == now or agreement[point.id] != was:
            continue
        title = point.title or point.id
        text = f"{title}: back to {parent.id}'s {label(point, was)}, which {draft.id} changed to {label(point, now)}"
        out.append(ProposalWarning("undoes_parent", text, point=point.id, draft=parent.id))
    return out


def _brought_back(
    scenario: Scenario, draft_id: str, agreement: Mapping[str, Value], objections: Objections
) -> list[ProposalWarning]:
    """Options of ancestors, objected to there, that the draft had left and the proposal
    chooses again."""
    draft = scenario.draft(draft_id)
    out = []
    for (party, point_id, value), (kind, asked, on) in objections.items():
        if agreement[point_id] != value or draft.choices.get(point_id) == value:
            continue
        point = scenario.point(point_id)
        how = f"wanted amended to {label(point, asked)}" if asked is not None else f"found {_found(kind)}"
        who = scenario.party(party).name
        text = f"{point.title or point.id}: brings back {on}'s {label(point, value)}, which {who} {how}"
        out.append(ProposalWarning("brings_back", text, party=party, point=point_id, draft=on))
    return out
