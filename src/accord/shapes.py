"""Plain JSON shapes of the record and of results, one definition for every layer that
writes JSON: the command line's ``--json``, the store's audit log and the workbench's API.

These are data, not views: they hold what the record or the result holds. What a viewer may
see is decided before (:mod:`accord.views`): a :class:`~accord.analysis.diff.DraftDiff`
passed to :func:`diff_json` for a party holds only the utilities that party may see.
"""

from __future__ import annotations

from typing import Any

from accord.analysis.diff import DraftDiff, Says
from accord.model import Draft, Scenario, Stance
from accord.model.record import record


def stance_json(s: Stance) -> dict[str, Any]:
    """One stance as a plain dict (what ``show --json`` lists under ``record``)."""
    src = s.source
    return {
        "party": s.party,
        "draft": s.draft,
        "point": s.point,
        "stance": s.stance.value,
        "proposal": s.proposal,
        "basis": s.basis.value if s.basis is not None else None,
        "reason": s.reason,
        "note": s.note,
        "source": None if src is None else {k: getattr(src, k) for k in src.__dataclass_fields__},
    }


def draft_json(draft: Draft) -> dict[str, Any]:
    """A draft as a plain dict: its id, title, date, authors, parents, description, choices
    and own wordings."""
    return {
        "id": draft.id,
        "title": draft.title,
        "date": draft.date,
        "authors": list(draft.authors),
        "parents": list(draft.parents),
        "description": draft.description,
        "choices": dict(draft.choices),
        "texts": dict(draft.texts),
    }


def draft_record_json(scenario: Scenario, draft_id: str) -> list[dict[str, Any]]:
    """Each (party, point) with a stance on a draft, stated or carried, with its history."""
    held = record(scenario, draft_id)
    order = {p: i for i, p in enumerate(scenario.point_ids)}
    keys = sorted(held, key=lambda k: (order.get(k[1], -1) if k[1] else -1, k[0]))
    return [
        {
            "party": party,
            "point": point,
            "current": held[(party, point)][-1].stance.stance.value,
            "carried_from": held[(party, point)][-1].carried_from,
            "history": [stance_json(h.stance) for h in held[(party, point)]],
        }
        for party, point in keys
    ]


def diff_json(d: DraftDiff) -> dict[str, Any]:
    """The ``diff --json`` object (docs/how-to/compare-drafts.md)."""
    return {
        "a": d.a,
        "b": d.b,
        "relation": d.relation,
        "direct": d.direct,
        "ancestors": list(d.ancestors),
        "unchanged": d.unchanged,
        "points": [
            {"point": c.point, "title": c.title, "kind": c.kind, "a": _side_json(c.a), "b": _side_json(c.b)}
            for c in d.points
        ],
        "utilities": [
            {
                "party": u.party,
                "a": list(u.a),
                "b": list(u.b),
                "change": list(u.change),
                "points": dict(u.points),
            }
            for u in d.utilities
        ],
    }


def _side_json(side: Says) -> dict[str, Any]:
    return {"value": side.value, "text": side.text, "own_wording": side.own}
