"""The core of the deal (:mod:`accord.analysis.core`) in sentences a mediator reads.

Parties by name, options by ``point = option`` with the option's text, red lines and links
in the ``point=value`` form the rest of accord uses, reservations as "Russia's reservation
value"::

    Every acceptable agreement has recognition = crimea-only ("Middle ground: ...", in no
    draft). It is forced by Russia's red line recognition=none and Ukraine's red line
    recognition=us-de-facto; relaxing either frees it.
"""

from __future__ import annotations

from collections.abc import Sequence

from accord.analysis.core import Core, PointCore
from accord.analysis.results import Relaxation, RelaxationKind
from accord.model import Scenario, Value


def core_sentences(core: Core, scenario: Scenario) -> list[str]:
    """The core of the deal in sentences: one or two per fixed point (what every acceptable
    agreement has, and what forces it), then how many points stay open, the options ruled
    out, those on no Pareto-optimal agreement, and what the time limit cut short."""
    if core.feasible is False:
        return ["No agreement is acceptable to every bargaining party, so the deal has no core: nothing is settled."]
    if core.feasible is None:
        return [
            "Whether any agreement is acceptable to every bargaining party was not decided within the time limit, "
            "so the core of the deal is unknown."
        ]
    sentences: list[str] = []
    for p in core.points:
        if p.fixed is not None:
            sentences.append(f"Every acceptable agreement has {_option(scenario, p.point, p.fixed)}.")
            sentences.append(_forced(scenario, p))
    sentences += _summary(core)
    if not core.complete:
        sentences.append(f"This core is incomplete: {'; '.join(core.notes) or 'the time limit cut it short'}.")
    return sentences


def _option(scenario: Scenario, point_id: str, value: Value) -> str:
    """``recognition = crimea-only ("Middle ground: ...", in no draft)``."""
    point = scenario.point(point_id)
    notes = []
    option = point.option(value) if isinstance(value, str) else None
    if option is not None and option.text:
        notes.append(f'"{option.text}"')
    if scenario.drafts:
        drafts = [d.id for d in scenario.drafts if d.choices.get(point_id) == value]
        notes.append(f"as in draft{'s' if len(drafts) > 1 else ''} {_joined(drafts)}" if drafts else "in no draft")
    shown = f"{point_id} = {point.describe(value)}"
    return f"{shown} ({', '.join(notes)})" if notes else shown


def _forced(scenario: Scenario, p: PointCore) -> str:
    """What forces a fixed point, from its freeing sets."""
    sets = [_set(scenario, s) for s in p.freed_by]
    if p.freeing == "rounding":
        return "What forces it could not be told apart from the rounding of the solver's integer scale."
    if p.freeing == "cut short":
        found = f" (so far: relaxing {', or '.join(sets)} frees it)" if sets else ""
        return f"What forces it was not all found within the time limit{found}."
    if not sets:
        return "It is the point's only option."
    if all(len(s) == 1 for s in p.freed_by):
        relax = {1: "relaxing it frees it", 2: "relaxing either frees it"}.get(len(sets), "relaxing any one frees it")
        sentence = f"It is forced by {_joined(sets)}; {relax}"
    else:
        kinds = list(dict.fromkeys(r.kind for s in p.freed_by for r in s))
        names = _joined([_KINDS[k] for k in kinds])
        sentence = f"It is forced by {names}: relaxing {sets[0]} frees it, or {', or '.join(sets[1:])}"
    more = f" (the {len(sets)} smallest ways to free it; there are more)" if p.freeing == "capped" else ""
    return f"{sentence}{more}."


_KINDS = {
    RelaxationKind.RED_LINE: "red lines",
    RelaxationKind.LINK: "links",
    RelaxationKind.RESERVATION: "reservation values",
}


def _set(scenario: Scenario, relaxations: Sequence[Relaxation]) -> str:
    """One freeing set: "Russia's red line recognition=none", or "Ukraine's and Europe's
    red lines recognition=us-de-facto together" (the parties of one constraint grouped)."""
    groups: dict[tuple[RelaxationKind, str], list[str]] = {}
    for r in relaxations:
        groups.setdefault((r.kind, r.description), []).append(_possessive(_name(scenario, r.party)))
    parts = []
    for (kind, description), whose in groups.items():
        many = "s" if len(whose) > 1 else ""
        if kind is RelaxationKind.RESERVATION:
            parts.append(f"{_joined(whose)} reservation value{many}")
        else:
            parts.append(f"{_joined(whose)} {kind.value.replace('_', ' ')}{many} {description}")
    return _joined(parts) + (" together" if len(relaxations) > 1 else "")


def _summary(core: Core) -> list[str]:
    """How many points stay open, the options ruled out and those off the frontier."""
    count = len(core.points)
    open_points = [p for p in core.points if len(p.feasible) > 1]
    out = []
    if count and len(core.fixed()) == count:
        out.append("Every point is fixed: exactly one agreement is acceptable to every bargaining party.")
    elif open_points:
        out.append(f"On {len(open_points)} of {count} points more than one option is possible.")
    excluded = [p for p in core.points if p.excluded]
    if excluded:
        ruled = sum(len(p.excluded) for p in excluded)
        out.append(
            f"{_count(ruled, 'option')} on {_count(len(excluded), 'point')} {'is' if ruled == 1 else 'are'} in no "
            "acceptable agreement."
        )
    off = [
        (p.point, v) for p in core.points for v in p.feasible if v not in p.frontier and v not in p.frontier_undecided
    ]
    if off:
        named = [f"{point} = {value}" for point, value in off[:3]]
        example = _joined([*named, f"{len(off) - 3} more"] if len(off) > 3 else named)
        out.append(
            f"{_count(len(off), 'possible option')} {'is' if len(off) == 1 else 'are'} on no Pareto-optimal agreement "
            f"(another acceptable agreement is as good for every party and better for one): {example}."
        )
    return out


def _count(n: int, word: str) -> str:
    """``1 option``, ``36 options``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _joined(items: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _name(scenario: Scenario, party: str) -> str:
    """The party's name, or its id when the scenario does not list it."""
    try:
        return scenario.party(party).name
    except KeyError:
        return party


def _possessive(name: str) -> str:
    """``Russia's``, ``United States'``."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"
