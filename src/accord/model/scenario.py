"""A scenario: the whole negotiation as plain, immutable data."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from accord.display import Cell, Shown, Table, plural
from accord.errors import ModelError, UnknownIdError, known_list
from accord.model.checks import all_known, fail, known, unique
from accord.model.draft import Draft
from accord.model.party import Party, Role
from accord.model.point import Point, Value
from accord.model.preferences import Preferences
from accord.model.stance import Stance

Agreement = Mapping[str, Value]

Origin = Literal["accord", "genius", "geniusweb"]
"""The file format a scenario was read from."""
ORIGINS: tuple[Origin, ...] = ("accord", "genius", "geniusweb")


@dataclass(frozen=True, repr=False)
class Scenario(Shown):
    """Parties, points, drafts, stances and each party's preferences.

    ``origin`` names the source format (``accord``, ``genius`` or ``geniusweb``) and
    ``source`` the file or folder it was read from. ``bargainers``, when given, names the
    parties whose interests the solutions bargain over (see :meth:`bargaining_parties`).

    Checked on construction (ModelError): party, point and draft ids are unique; drafts'
    choices, parents, stances and preferences name known parties, points, drafts and
    values. Values named by red lines, links and interactions are not checked: one that no
    agreement can take is harmless (it never applies).
    """

    title: str
    parties: tuple[Party, ...]
    points: tuple[Point, ...]
    drafts: tuple[Draft, ...] = ()
    stances: tuple[Stance, ...] = ()
    preferences: Mapping[str, Preferences] = field(default_factory=dict)
    description: str = ""
    origin: Origin = "accord"
    source: str = ""
    bargainers: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        where = f"scenario {self.title!r}"
        if self.origin not in ORIGINS:
            fail(where, "origin", self.origin, f"use one of {', '.join(ORIGINS)}")
        parties = unique(where, "party", (p.id for p in self.parties))
        unique(where, "point", (p.id for p in self.points))
        drafts = unique(where, "draft", (d.id for d in self.drafts))
        points = {p.id: p for p in self.points}
        for d in self.drafts:
            for parent in d.parents:
                known(f"draft {d.id!r}", "parents", "draft", parent, drafts)
            for author in d.authors:
                known(f"draft {d.id!r}", "authors", "party", author, parties)
            for point_id, value in d.choices.items():
                _check_value(f"draft {d.id!r}", "choices", points, point_id, value)
        _check_acyclic(self.drafts)
        if self.bargainers is not None:
            for party in self.bargainers:
                known(where, "bargainers", "party", party, parties)
            unique(where, "bargainer", self.bargainers)
        for s in self.stances:
            at = f"stance of {s.party!r} on draft {s.draft!r}"
            known(at, "party", "party", s.party, parties)
            known(at, "draft", "draft", s.draft, drafts)
            if s.point is not None:
                known(at, "point", "point", s.point, points)
                if s.proposal is not None:
                    _check_value(at, "proposal", points, s.point, s.proposal)
        for key, prefs in self.preferences.items():
            _check_preferences(key, prefs, parties, points)

    def _table(self, limit: int) -> Table:
        parties = ", ".join(f"{p.id}{'' if p.id in self.preferences else ' (unrated)'}" for p in self.parties)
        summary = (
            f"{self.title!r}; parties {parties}; {plural(len(self.points), 'point')}, "
            f"{plural(self.outcome_count(), 'agreement')}; {plural(len(self.drafts), 'draft')}, "
            f"{plural(len(self.stances), 'stance')}"
        )
        rows: tuple[tuple[Cell, ...], ...] = tuple((p.id, p.title, _values(p)) for p in self.points[:limit])
        return Table("Scenario", summary, ("point", "title", "values"), rows, len(self.points))

    @property
    def is_uncertain(self) -> bool:
        """Whether any party's preferences carry ranges or probabilities
        (:attr:`Preferences.is_uncertain`)."""
        return any(p.is_uncertain for p in self.preferences.values())

    def party(self, party_id: str) -> Party:
        """The party with this id; UnknownIdError (a KeyError) with a did-you-mean if none."""
        for p in self.parties:
            if p.id == party_id:
                return p
        raise UnknownIdError("party", party_id, (p.id for p in self.parties))

    def point(self, point_id: str) -> Point:
        """The point with this id; UnknownIdError (a KeyError) with a did-you-mean if none."""
        for p in self.points:
            if p.id == point_id:
                return p
        raise UnknownIdError("point", point_id, self.point_ids)

    def draft(self, draft_id: str) -> Draft:
        """The draft with this id; UnknownIdError (a KeyError) with a did-you-mean if none."""
        for d in self.drafts:
            if d.id == draft_id:
                return d
        raise UnknownIdError("draft", draft_id, (d.id for d in self.drafts))

    def preferences_of(self, party_id: str) -> Preferences:
        """The preferences of a rated party; UnknownIdError (a KeyError) if it has none."""
        try:
            return self.preferences[party_id]
        except KeyError:
            raise UnknownIdError("rated party", party_id, self.rated_parties) from None

    @property
    def point_ids(self) -> tuple[str, ...]:
        """Point ids in document order."""
        return tuple(p.id for p in self.points)

    @property
    def rated_parties(self) -> tuple[str, ...]:
        """Ids of the parties that have preferences, in the order of ``parties``."""
        return tuple(p.id for p in self.parties if p.id in self.preferences)

    def outcome_count(self) -> int:
        """Number of complete agreements (the product of the points' value counts)."""
        return math.prod(len(p.values()) for p in self.points)

    def lineage(self, draft_id: str) -> tuple[str, ...]:
        """The draft's ancestors (parents, their parents, ...), oldest first and each after its
        own parents (the first parent's line before the others'), ending with the draft."""
        index = {d.id: d for d in self.drafts}
        order: list[str] = []
        done: set[str] = set()
        stack: list[tuple[str, int]] = [(self.draft(draft_id).id, 0)]
        while stack:  # depth-first post-order: a draft is placed once all its parents are
            node, i = stack.pop()
            parents = index[node].parents
            if i < len(parents):
                stack.append((node, i + 1))
                if parents[i] not in done:
                    stack.append((parents[i], 0))
            elif node not in done:
                done.add(node)
                order.append(node)
        return tuple(order)

    def children(self, draft_id: str) -> tuple[str, ...]:
        """The drafts that name ``draft_id`` among their parents, in file order."""
        return tuple(d.id for d in self.drafts if draft_id in d.parents)

    def bargaining_parties(self, explicit: Sequence[str] | None = None) -> tuple[str, ...]:
        """The rated parties the solutions bargain over, in ``rated_parties`` order.

        ``explicit`` (else the scenario's ``bargainers``) chooses them; by default they are
        the rated signatories and guarantors. A mediator's or observer's utility is
        reported beside the solutions but not maximised (docs: concepts, "Who bargains").
        UnknownIdError for an id that is not a rated party.
        """
        chosen = explicit if explicit is not None else self.bargainers
        if chosen is None:
            bargaining = {p.id for p in self.parties if p.role in (Role.SIGNATORY, Role.GUARANTOR)}
            return tuple(p for p in self.rated_parties if p in bargaining)
        for party in chosen:
            if party not in self.preferences:
                raise UnknownIdError("rated party", party, self.rated_parties)
        return tuple(p for p in self.rated_parties if p in set(chosen))

    def ordered(self, agreement: Agreement) -> dict[str, Value]:
        """``agreement`` with its points in document order (fixes float summation order)."""
        return {p: agreement[p] for p in self.point_ids if p in agreement}

    def utility(self, party_id: str, agreement: Agreement) -> float:
        """Utility of ``agreement`` for one party."""
        return self.preferences_of(party_id).utility(self.ordered(agreement))

    def utilities(self, agreement: Agreement) -> tuple[float, ...]:
        """Utilities of ``agreement`` for every rated party, in ``rated_parties`` order."""
        ordered = self.ordered(agreement)
        return tuple(self.preferences[p].utility(ordered) for p in self.rated_parties)

    def stances_on(self, draft_id: str, point_id: str | None) -> tuple[Stance, ...]:
        """Stances taken on one point of one draft (``None``: on the draft as a whole)."""
        return tuple(s for s in self.stances if s.draft == draft_id and s.point == point_id)


def _values(point: Point) -> str:
    """``3 options`` or ``0 to 10 by 5 %``."""
    if point.range is None:
        return f"{len(point.options)} options"
    r = point.range
    return f"{r.min:g} to {r.max:g} by {r.step:g} {r.unit}".rstrip()


def _check_value(where: str, field: str, points: Mapping[str, Point], point_id: str, value: Value) -> None:
    """``point_id`` is a point of the scenario and ``value`` one of its values."""
    known(where, field, "point", point_id, points)
    point = points[point_id]
    if point.has_value(value):
        return
    if point.range is not None:
        shown = f"a number from {point.range.min:g} to {point.range.max:g} by {point.range.step:g}"
    else:
        shown = f"one of {known_list(o.id for o in point.options)}"
    raise ModelError(
        f"{where}: {field} gives {value!r} on point {point_id!r}, which is not one of its values; use {shown}"
    )


def _check_acyclic(drafts: tuple[Draft, ...]) -> None:
    """No draft is its own ancestor (depth-first colouring, [Cormen2009]_ section 22.3)."""
    parents = {d.id: d.parents for d in drafts}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in parents:
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, i = stack.pop()
            if i == 0:
                if state.get(node) == 2:
                    continue
                state[node] = 1
            if i < len(parents.get(node, ())):
                stack.append((node, i + 1))
                nxt = parents[node][i]
                if state.get(nxt) == 1:
                    raise ModelError(
                        f"draft {nxt!r}: parents form a cycle through {node!r}; a parent must be an earlier text"
                    )
                if state.get(nxt) != 2:
                    stack.append((nxt, 0))
            else:
                state[node] = 2


def _check_preferences(key: str, prefs: Preferences, parties: frozenset[str], points: Mapping[str, Point]) -> None:
    """The preferences are filed under their own party, a party of the scenario, and every
    point they weigh, rate or constrain is a point of the scenario."""
    where = f"preferences of {key!r}"
    if prefs.party != key:
        raise ModelError(
            f"{where}: filed under {key!r} but made for party {prefs.party!r}; "
            "file each party's preferences under its id"
        )
    known(where, "party", "party", key, parties)
    all_known(where, "weights", "point", prefs.weights, points)
    all_known(where, "ratings", "point", prefs.ratings, points)
    for r in prefs.red_lines:
        known(where, "red_lines", "point", r.point, points)
    for k in prefs.links:
        known(where, "links", "point", k.point, points)
        known(where, "links", "point", k.requires_point, points)
    for i in prefs.interactions:
        for point_id, _ in i.conditions:
            known(where, "interactions", "point", point_id, points)
