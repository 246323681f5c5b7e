"""What changed between two drafts: point by point, and in each party's utility.

Points. A point *differs* when the two drafts say different things on it
(:meth:`Draft.says`: the value, open or not, and the draft's own wording), the rule by
which :mod:`accord.model.record` decides whether a stance carries from one draft to the
next. Its kind is ``changed`` (both decide it, on different values), ``opened`` (A
decides it, B leaves it open), ``decided`` (A leaves it open, B decides it) or
``reworded`` (the same value, or open in both, in other words).

Utilities. Each draft's utility for each rated party is the exact range over the ways of
filling its open points in (:func:`accord.analysis.drafts.draft_utility`: every value of
every open point, interaction bonuses included, red lines and links not applied). The
change from A to B is the difference of two intervals, ``[B.low - A.high, B.high -
A.low]`` (interval subtraction, [Moore1966]_): the open points of A and of B are
filled in *independently*, so a point open in both may take one value in A and another in
B. When both drafts are complete it is the exact difference ``u(B) - u(A)``. A draft
compared with itself changes nothing, by definition: ``(0, 0)``.

Per point. For each point both drafts decide on different values, a party's change is
what the point adds to its utility in B minus what it adds in A: ``w_p / W * (r_p(b) -
r_p(a)) / S`` of the additive value model ([KeeneyRaiffa1976]_ ch. 3, see
:mod:`accord.model.preferences`). Interaction bonuses belong to combinations of points,
not to one point, so they are not split per point: the per-point changes need not sum to
the total change; the total is exact.

Lineage. How the drafts relate is read from :meth:`Scenario.lineage`: B descends from A,
A from B, they share ancestors, or none. For shared ancestors, ``ancestors`` holds the
*lowest* common ancestors, those no other common ancestor descends from (a draft with
several parents can have more than one; [Bender2005]_).

All utilities are rounded to 12 decimals, as on the frontier.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from accord.analysis.common import rounded_utilities
from accord.analysis.drafts import draft_utility
from accord.display import Cell, Shown, Table, number, plural
from accord.model import Draft, Point, Scenario, Value

Kind = Literal["changed", "opened", "decided", "reworded"]
"""How a point differs between A and B (module docstring)."""

Relation = Literal["same", "b-descends-from-a", "a-descends-from-b", "common-ancestor", "unrelated"]
"""How two drafts relate in the lineage."""


@dataclass(frozen=True)
class Says:
    """What one draft says on a point: ``value`` (None: open) and ``text``, the draft's own
    wording when ``own``, else the option's text, else the value in words (numbers with
    their unit); an open point without wording has the text ``""``."""

    value: Value | None
    text: str
    own: bool = False

    @property
    def open(self) -> bool:
        """Whether the draft leaves the point open."""
        return self.value is None


@dataclass(frozen=True)
class PointChange:
    """One point on which A and B differ: ``kind`` says how (:data:`Kind`)."""

    point: str
    title: str
    kind: Kind
    a: Says
    b: Says


@dataclass(frozen=True)
class UtilityChange:
    """One party's utility in A and in B, each a ``(low, high)`` range over the draft's open
    points, and the ``change`` from A to B as a range (open points of A and B filled in
    independently; exact when both are complete).

    ``points`` holds the change each point decided in both drafts on different values
    brings the party, in document order (interaction bonuses are not split per point, so
    these need not sum to ``change``).
    """

    party: str
    a: tuple[float, float]
    b: tuple[float, float]
    change: tuple[float, float]
    points: Mapping[str, float]

    @property
    def exact(self) -> bool:
        """Whether the change is one number (both drafts complete, or the same draft)."""
        return self.change[0] == self.change[1]


@dataclass(frozen=True, repr=False)
class DraftDiff(Shown):
    """What changed from draft ``a`` to draft ``b``.

    ``points`` lists the points that differ, in document order; ``unchanged`` counts the
    others. ``utilities`` holds one :class:`UtilityChange` per rated party (in
    :attr:`Scenario.rated_parties` order; empty when no party has preferences).
    ``relation`` says how the drafts relate (:data:`Relation`); ``ancestors`` names the
    older draft when one descends from the other, the lowest common ancestors when they
    share some, else nothing; ``direct`` is True when one is a parent of the other.
    """

    a: str
    b: str
    points: tuple[PointChange, ...]
    unchanged: int
    utilities: tuple[UtilityChange, ...]
    relation: Relation
    ancestors: tuple[str, ...] = ()
    direct: bool = False

    def by_party(self) -> dict[str, tuple[float, float]]:
        """Each party's utility change as a ``(low, high)`` range: ``{"union": (0.1, 0.1)}``."""
        return {u.party: u.change for u in self.utilities}

    def relation_text(self) -> str:
        """``twenty-point revises geneva``, ``both descend from us-28``, ..."""
        if self.relation == "same":
            return "the same draft"
        if self.relation == "unrelated":
            return "no common ancestor"
        if self.relation == "common-ancestor":
            return f"both descend from {' and '.join(self.ancestors)}"
        newer, older = (self.b, self.a) if self.relation == "b-descends-from-a" else (self.a, self.b)
        return f"{newer} {'revises' if self.direct else 'descends from'} {older}"

    def heading(self) -> str:
        """``geneva -> twenty-point: 6 points differ, 12 unchanged; twenty-point revises geneva``."""
        n = len(self.points)
        differ = f"{plural(n, 'point')} {'differs' if n == 1 else 'differ'}"
        return f"{self.a} -> {self.b}: {differ}, {self.unchanged:,} unchanged; {self.relation_text()}"

    def _table(self, limit: int) -> Table:
        changes = " ".join(f"{u.party}={_span(*u.change)}" for u in self.utilities)
        summary = self.heading() + (f"; change {changes}" if changes else "")
        rows: tuple[tuple[Cell, ...], ...] = tuple(
            (c.point, c.kind, _short(c.a), _short(c.b)) for c in self.points[:limit]
        )
        return Table("DraftDiff", summary, ("point", "kind", self.a, self.b), rows, len(self.points))


def diff(scenario: Scenario, a: str, b: str) -> DraftDiff:
    """What changed from draft ``a`` to draft ``b`` of ``scenario`` (module docstring).

    Raises UnknownIdError (a KeyError, with a did-you-mean) for an id that names no draft,
    and NeedsSolverError when a draft's open points are tied into a group too large to
    enumerate. A draft compared with itself gives an empty diff.
    """
    first, second = scenario.draft(a), scenario.draft(b)
    points = tuple(c for p in scenario.points if (c := _point_change(p, first, second)) is not None)
    relation, ancestors, direct = _relation(scenario, first, second)
    return DraftDiff(
        a=first.id,
        b=second.id,
        points=points,
        unchanged=len(scenario.points) - len(points),
        utilities=_utilities(scenario, first, second, points),
        relation=relation,
        ancestors=ancestors,
        direct=direct,
    )


def says(point: Point, draft: Draft) -> Says:
    """What ``draft`` says on ``point``, with the text a reader sees (:class:`Says`)."""
    value, own = draft.says(point.id)
    if own:
        return Says(value, own, own=True)
    if value is None:
        return Says(None, "")
    option = point.option(value) if isinstance(value, str) else None
    return Says(value, option.text if option is not None and option.text else point.describe(value))


def _point_change(point: Point, a: Draft, b: Draft) -> PointChange | None:
    """How ``point`` differs from ``a`` to ``b``; None when both say the same."""
    if a.says(point.id) == b.says(point.id):
        return None
    before, after = says(point, a), says(point, b)
    kind: Kind
    if before.open != after.open:
        kind = "opened" if after.open else "decided"
    else:
        kind = "reworded" if before.value == after.value else "changed"
    return PointChange(point.id, point.title or point.id, kind, before, after)


def _utilities(scenario: Scenario, a: Draft, b: Draft, points: tuple[PointChange, ...]) -> tuple[UtilityChange, ...]:
    """Each rated party's utility ranges in ``a`` and ``b``, the change between them, and
    the change each point decided in both on different values brings."""
    parties = scenario.rated_parties
    if not parties:
        return ()
    before, after = draft_utility(scenario, a), draft_utility(scenario, b)
    if a.id == b.id:
        low = high = np.zeros(len(parties))
    else:
        low = rounded_utilities(np.asarray(after.low) - np.asarray(before.high))
        high = rounded_utilities(np.asarray(after.high) - np.asarray(before.low))
    changed = [c for c in points if c.kind == "changed"]
    out = []
    for i, party in enumerate(parties):
        prefs = scenario.preferences[party]
        gains = [prefs.contribution(c.point, _value(c.b)) - prefs.contribution(c.point, _value(c.a)) for c in changed]
        rounded = rounded_utilities(np.asarray(gains, dtype=float)).tolist()
        out.append(
            UtilityChange(
                party=party,
                a=(before.low[i], before.high[i]),
                b=(after.low[i], after.high[i]),
                change=(float(low[i]), float(high[i])),
                points=dict(zip((c.point for c in changed), rounded, strict=True)),
            )
        )
    return tuple(out)


def _value(side: Says) -> Value:
    """The value of a side known to decide its point."""
    if side.value is None:  # callers pass changed points only
        raise AssertionError("an open point has no value")
    return side.value


def _relation(scenario: Scenario, a: Draft, b: Draft) -> tuple[Relation, tuple[str, ...], bool]:
    """How ``a`` and ``b`` relate, the ancestors that say so, and whether one is the
    other's parent."""
    if a.id == b.id:
        return "same", (), False
    lineage_a, lineage_b = scenario.lineage(a.id), scenario.lineage(b.id)
    if a.id in lineage_b:
        return "b-descends-from-a", (a.id,), a.id in b.parents
    if b.id in lineage_a:
        return "a-descends-from-b", (b.id,), b.id in a.parents
    common = set(lineage_a) & set(lineage_b)
    if not common:
        return "unrelated", (), False
    below = {d for c in common for d in scenario.lineage(c)[:-1]}  # proper ancestors of a common one
    return "common-ancestor", tuple(d for d in lineage_b if d in common and d not in below), False


def _short(side: Says) -> str:
    """A side in a few characters for the ``repr``: the value, or ``open``."""
    return "open" if side.value is None else str(side.value)


def _span(low: float, high: float) -> str:
    """``+0.1`` or ``-0.2..+0.3`` (3 decimals)."""
    return _signed(low) if low == high else f"{_signed(low)}..{_signed(high)}"


def _signed(x: float) -> str:
    return ("+" if x > 0 else "") + number(x)
