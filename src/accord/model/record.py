"""The stance record of a draft: every stance in order, and stances carried down the lineage.

Two rules, one place (the consensus map, ``show``, proposals and the report all read them):

- *History, not last-writer-wins.* A party may state several stances on the same point of
  the same draft; all are kept in the order of the file (which ``accord check`` requires
  to agree with their dates), and the latest is the party's current stance.
- *Stances travel along the lineage.* A stance on a point of a draft still applies to a
  child draft that says the same on that point (the same value, or open in both, and the
  same wording). It is *carried* (shown "from us-28") until the party states a stance on the
  child itself. With several parents, the first parent that carries one wins. Stances on a
  draft as a whole are not carried: the child is another text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from accord.model.scenario import Scenario
from accord.model.stance import Stance


@dataclass(frozen=True)
class Said:
    """One stance as it applies to a draft: ``carried_from`` names the ancestor it was
    stated on when it was not stated on this draft itself."""

    stance: Stance
    carried_from: str | None = None


Key = tuple[str, str | None]
"""(party, point); point None for a stance on the draft as a whole."""


def stated(scenario: Scenario, draft_id: str) -> dict[Key, tuple[Stance, ...]]:
    """The stances stated on one draft, per (party, point), each list in file order."""
    out: dict[Key, list[Stance]] = {}
    for s in scenario.stances:
        if s.draft == draft_id:
            out.setdefault((s.party, s.point), []).append(s)
    return {k: tuple(v) for k, v in out.items()}


def record(scenario: Scenario, draft_id: str) -> dict[Key, tuple[Said, ...]]:
    """Every (party, point) with a stance on ``draft_id``, stated or carried: its history,
    oldest first. Computed for the draft's whole lineage at once (each ancestor once)."""
    memo: dict[str, dict[Key, tuple[Said, ...]]] = {}
    for d in scenario.lineage(draft_id):  # parents before children
        memo[d] = _record(scenario, d, memo)
    return memo[scenario.draft(draft_id).id]


def _record(
    scenario: Scenario, draft_id: str, memo: Mapping[str, Mapping[Key, tuple[Said, ...]]]
) -> dict[Key, tuple[Said, ...]]:
    draft = scenario.draft(draft_id)
    out: dict[Key, tuple[Said, ...]] = {k: tuple(Said(s) for s in v) for k, v in stated(scenario, draft_id).items()}
    for parent_id in draft.parents:
        parent = scenario.draft(parent_id)
        for (party, point), history in memo[parent_id].items():
            if point is None or (party, point) in out or parent.says(point) != draft.says(point):
                continue
            out[(party, point)] = tuple(Said(h.stance, h.carried_from or parent_id) for h in history)
    return out


def latest(history: tuple[Said, ...]) -> Said:
    """The party's current stance: the last of its history."""
    return history[-1]


def harder(history: tuple[Said, ...]) -> Said | None:
    """The hardest earlier stance when it is harder than the current one (Peskov's
    "unacceptable" before Ushakov's "agreed with some points"), else None."""
    now = history[-1].stance.stance.hardness
    earlier = [h for h in history[:-1] if h.stance.stance.hardness > now]
    return max(earlier, key=lambda h: h.stance.stance.hardness) if earlier else None
