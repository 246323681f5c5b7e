"""The JSON the workbench's API answers with (and its pages lay out), each built from the
whole scenario *through the member's viewer*: utilities, preferences and analyses only of
the parties the viewer may see (:class:`accord.views.Viewer`, the one rule). The record
(drafts, stances, the consensus map) is public to every member.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from accord.analysis.consensus import ConsensusMap
from accord.analysis.diff import DraftDiff, says
from accord.analysis.drafts import DraftUtility
from accord.model import Scenario
from accord.model.record import record
from accord.report.model import Brief
from accord.shapes import diff_json, draft_json
from accord.store import Member
from accord.views import Viewer


def member_json(member: Member) -> dict[str, Any]:
    """Who the caller is in this negotiation."""
    return {"name": member.name, "role": member.role, "party": member.party, "shared_with_you": sorted(member.shared)}


def negotiation_json(scenario: Scenario, member: Member, revision: int, negotiation: int) -> dict[str, Any]:
    """The negotiation's frame: parties, points and options, drafts (newest last, with
    their version numbers), the current draft and the revision."""
    rated = set(scenario.preferences)
    return {
        "id": negotiation,
        "title": scenario.title,
        "description": scenario.description,
        "revision": revision,
        "you": member_json(member),
        "parties": [
            {"id": p.id, "name": p.name, "role": p.role.value, "rated": p.id in rated} for p in scenario.parties
        ],
        "points": [
            {
                "id": p.id,
                "title": p.title,
                "description": p.description,
                "options": [{"id": o.id, "text": o.text} for o in p.options],
                "range": None if p.range is None else asdict(p.range),
            }
            for p in scenario.points
        ],
        "drafts": [{**draft_json(d), "version": n} for n, d in enumerate(scenario.drafts, start=1)],
        "current": scenario.drafts[-1].id if scenario.drafts else None,
        "draft_version": len(scenario.drafts),
    }


def draft_view(scenario: Scenario, utilities: tuple[DraftUtility, ...], draft: str, member: Member) -> dict[str, Any]:
    """One draft, point by point: what it says, every party's stance (stated or carried,
    with its note and who recorded it), the version a new stance of the member's party on
    each point must name, and the draft's utility for the parties the viewer may see."""
    d = scenario.draft(draft)
    held = record(scenario, d.id)
    mine = member.party

    def stances(point: str | None) -> list[dict[str, Any]]:
        out = []
        for p in scenario.parties:
            said = held.get((p.id, point))
            if not said:
                continue
            last = said[-1].stance
            out.append(
                {
                    "party": p.id,
                    "stance": last.stance.value,
                    "proposal": last.proposal,
                    "note": last.note,
                    "by": last.source.speaker if last.source else "",
                    "date": last.date,
                    "carried_from": said[-1].carried_from,
                }
            )
        return out

    def version(point: str | None) -> int:
        return sum(1 for s in scenario.stances if s.party == mine and s.draft == d.id and s.point == point)

    points = []
    for p in scenario.points:
        side = says(p, d)
        points.append(
            {
                "id": p.id,
                "title": p.title,
                "value": side.value,
                "text": side.text,
                "own_wording": side.own,
                "options": [{"id": o.id, "text": o.text} for o in p.options],
                "stances": stances(p.id),
                "your_version": version(p.id) if mine else None,
            }
        )
    return {
        **draft_json(d),
        "version": scenario.drafts.index(d) + 1,
        "current": d.id == scenario.drafts[-1].id,
        "points": points,
        "whole": {"stances": stances(None), "your_version": version(None) if mine else None},
        "utilities": utilities_json(utilities, member.viewer, only=d.id),
    }


def utilities_json(rows: tuple[DraftUtility, ...], viewer: Viewer, *, only: str | None = None) -> list[dict[str, Any]]:
    """Each draft's utility, ``[low, high]`` (equal for a complete draft), for each party the
    viewer may see."""
    return [
        {
            "draft": u.draft,
            "open_points": list(u.open_points),
            "parties": {p: list(r) for p, r in viewer.only_visible(u.by_party()).items()},
        }
        for u in rows
        if only is None or u.draft == only
    ]


def consensus_json(cmap: ConsensusMap) -> dict[str, Any]:
    """The consensus map: for each point, each party's current stance in words (public)."""
    whole = cmap.whole_draft()
    return {
        "draft": cmap.draft,
        "parties": list(cmap.parties),
        "contested": list(cmap.contested_points()),
        "points": [
            {
                "point": row.point,
                "choice": row.choice,
                "stances": {p: (s.value if s is not None else None) for p, s in row.stances.items()},
                "said": {p: row.said(p) for p in cmap.parties},
            }
            for row in (*cmap.points, whole)
        ],
    }


def diff_view(d: DraftDiff, viewer: Viewer) -> dict[str, Any]:
    """The diff, with the utility changes of the parties the viewer may see."""
    return diff_json(replace(d, utilities=tuple(u for u in d.utilities if viewer.sees_preferences(u.party))))


def brief_json(brief: Brief) -> dict[str, Any]:
    """The briefing report's content as the viewer may see it, without its figures (HTML
    and scripts: the report page shows them)."""
    data = asdict(brief)
    data.pop("figures", None)
    if data.get("robust"):
        data["robust"].pop("figures", None)
    return data


def proposals_json(brief: Brief) -> list[dict[str, Any]]:
    """The proposals as the viewer may see them (the report's tables), each with its rank."""
    out = []
    for grid in brief.proposals:
        head, _, reason = grid.caption.partition(": ")
        out.append({"rank": int(head.removeprefix("Proposal ")), "reason": reason, **asdict(grid)})
    return out
