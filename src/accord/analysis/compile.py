"""A scenario as a compact numeric problem: points, allowed values and utility vectors.

The additive value model (Keeney & Raiffa 1976, ch. 3) makes a party's utility a sum over
points, so an agreement's utility vector is the sum of one *contribution vector* per point
(one entry per rated party, :meth:`Preferences.contribution`). Links and interaction terms
break that separability between the points they mention; such points are grouped, by
union-find over the points (Tarjan 1975), into one *compound point* whose joint values are
the combinations that satisfy every link inside the group, each with its summed
contribution vector plus the interaction bonuses it earns. After that the problem is
separable again, over groups instead of points, which is what the Pareto-list merge of
:mod:`accord.analysis.pareto` needs.

Red lines of *any* party remove values before anything else (an agreement that crosses a
red line is acceptable to nobody's process); so do links that mention a single point. A
group is enumerated point by point in document order, each link checked as soon as both of
its points are placed; when a step would hold more than :data:`COMPOUND_LIMIT` joint values
(or form more than :data:`ENUMERATION_LIMIT` partial combinations) the group is too large to
merge and :class:`~accord.errors.NeedsSolverError` hands the scenario to the constraint
solver (:mod:`accord.analysis.cpsat`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from accord.analysis.common import FloatArray, IntArray, require_rated_parties
from accord.errors import NeedsSolverError
from accord.model import CategoricalRating, Interaction, Link, Point, Preferences, RedLine, Scenario, Value

COMPOUND_LIMIT = 10_000
"""Most joint values a group of tied points may have before it goes to the solver."""
ENUMERATION_LIMIT = 1_000_000
"""Most partial combinations formed in one enumeration step of a tied group."""


@dataclass(frozen=True, eq=False)
class CompiledPoint:
    """One point, or a group of tied points, as a list of joint values.

    ``points`` are the point ids in document order; ``values[j]`` is the ``j``-th joint value
    (one value per point of ``points``) and ``gains[j]`` its contribution vector, one entry
    per rated party (interaction bonuses included).
    """

    points: tuple[str, ...]
    values: tuple[tuple[Value, ...], ...]
    gains: FloatArray

    def choice(self, j: int) -> dict[str, Value]:
        """The ``j``-th joint value as ``{point: value}``."""
        return dict(zip(self.points, self.values[j], strict=True))


@dataclass(frozen=True, eq=False)
class CompiledProblem:
    """A scenario reduced to separable groups: an agreement picks one joint value per group.

    An agreement's utility vector is ``sum_g groups[g].gains[j_g] + offset``, where
    ``offset`` holds the bonuses of interactions without conditions (always earned).
    ``outcome_count`` is the scenario's number of complete agreements, before red lines.
    """

    parties: tuple[str, ...]
    groups: tuple[CompiledPoint, ...]
    offset: FloatArray
    outcome_count: int
    point_ids: tuple[str, ...]


def compile_scenario(scenario: Scenario) -> CompiledProblem:
    """Compile ``scenario`` into separable groups of allowed joint values.

    Raises AnalysisError when no party has preferences, and NeedsSolverError when points
    tied by links or interactions form a group with more than :data:`COMPOUND_LIMIT` joint
    values (the constraint solver of :mod:`accord.analysis.cpsat` handles that case).
    """
    parties = require_rated_parties(scenario)
    points = scenario.points
    index = {p.id: i for i, p in enumerate(points)}
    removals = _removals(scenario, index)
    allowed = [_allowed_values(p, removals.get(p.id, ())) for p in points]
    rated = [scenario.preferences[p] for p in parties]
    contrib = [_contributions(rated, p.id, vals) for p, vals in zip(points, allowed, strict=True)]
    links = [k for prefs in scenario.preferences.values() for k in prefs.links]
    binary = [k for k in links if k.point != k.requires_point and _both(k, index)]
    terms = _interaction_terms(scenario, index)
    compiled = tuple(
        _compile_group(members, points, allowed, contrib, index, binary, terms)
        for members in _group_points(len(points), index, binary, terms)
    )
    offset = np.zeros(len(parties))
    for party, k in terms:
        if not k.conditions:
            offset[party] += k.bonus
    return CompiledProblem(
        parties=parties,
        groups=compiled,
        offset=offset,
        outcome_count=scenario.outcome_count(),
        point_ids=tuple(index),
    )


def _both(link: Link, index: dict[str, int]) -> bool:
    """Whether both points of ``link`` exist."""
    return link.point in index and link.requires_point in index


def _removals(scenario: Scenario, index: dict[str, int]) -> dict[str, list[RedLine | Link]]:
    """Per point, the red lines (of every party) and the single-point links on it.

    A link whose required point does not exist can never be met, so it rules its value out;
    a link from a point to itself keeps its value only when that value is required.
    """
    out: dict[str, list[RedLine | Link]] = {}
    for prefs in scenario.preferences.values():
        for r in prefs.red_lines:
            out.setdefault(r.point, []).append(r)
        for k in prefs.links:
            if k.requires_point == k.point or k.requires_point not in index:
                out.setdefault(k.point, []).append(k)
    return out


def _allowed_values(point: Point, removals: Sequence[RedLine | Link]) -> list[Value]:
    """The point's values that no red line and no single-point link rules out."""
    values = point.values()
    if not removals:
        return list(values)
    return [v for v in values if not any(_removes(r, v) for r in removals)]


def _removes(rule: RedLine | Link, value: Value) -> bool:
    """Whether a red line, or a link confined to one point, rules ``value`` out."""
    if isinstance(rule, RedLine):
        return rule.excludes(value)
    if rule.value != value:
        return False
    return not (rule.requires_point == rule.point and value in rule.requires)


def _contributions(rated: Sequence[Preferences], point: str, values: Sequence[Value]) -> FloatArray:
    """Contribution vectors (rows: values, columns: rated parties) of one point.

    The same float operations as :meth:`Preferences.contribution`,
    ``weight / total * rating / scale`` evaluated left to right, with the weight factor
    computed once per party and the two last operations done by numpy (IEEE, so bit for
    bit the same). A categorical rating of option ids is read from its table directly.
    """
    out = np.zeros((len(values), len(rated)))
    names = [v for v in values if isinstance(v, str)]
    for i, pref in enumerate(rated):
        weight = pref.weights.get(point, 0.0)
        rating = pref.ratings.get(point)
        total = pref.weight_sum()
        if total <= 0 or weight == 0 or rating is None:
            continue
        if isinstance(rating, CategoricalRating) and len(names) == len(values):
            scores = [rating.scores.get(v, 0.0) for v in names]
        else:
            scores = [rating(v) for v in values]
        out[:, i] = weight / total * np.array(scores, dtype=float) / pref.rating_scale
    return out


def _interaction_terms(scenario: Scenario, index: dict[str, int]) -> list[tuple[int, Interaction]]:
    """Every interaction as (party column, term), leaving out the terms that can never
    apply because a condition names a point the scenario does not have."""
    out: list[tuple[int, Interaction]] = []
    for col, party in enumerate(scenario.rated_parties):
        for k in scenario.preferences[party].interactions:
            if all(p in index for p, _ in k.conditions):
                out.append((col, k))
    return out


def _group_points(
    count: int,
    index: dict[str, int],
    links: Sequence[Link],
    terms: Sequence[tuple[int, Interaction]],
) -> list[list[int]]:
    """Union-find (Tarjan 1975) over point indices: points tied by a link or an
    interaction share a group. Groups come in the order of their first point."""
    parent = list(range(count))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for k in links:
        union(index[k.point], index[k.requires_point])
    for _, term in terms:
        ids = [index[p] for p, _ in term.conditions]
        for other in ids[1:]:
            union(ids[0], other)
    groups: dict[int, list[int]] = {}
    for i in range(count):
        groups.setdefault(find(i), []).append(i)
    return [groups[r] for r in sorted(groups)]


def _compile_group(
    members: list[int],
    points: Sequence[Point],
    allowed: Sequence[list[Value]],
    contrib: Sequence[FloatArray],
    index: dict[str, int],
    links: Sequence[Link],
    terms: Sequence[tuple[int, Interaction]],
) -> CompiledPoint:
    """Enumerate one group's joint values and their contribution vectors (the members'
    contributions summed in document order, then the interaction bonuses)."""
    ids = tuple(points[i].id for i in members)
    inside = set(ids)
    own_links = [k for k in links if k.point in inside]
    own_terms = [(c, k) for c, k in terms if k.conditions and k.conditions[0][0] in inside]
    if len(members) == 1 and not own_terms:
        only = allowed[members[0]]
        return CompiledPoint(points=ids, values=tuple((v,) for v in only), gains=contrib[members[0]])
    combos = _enumerate(members, points, allowed, index, own_links)
    gains = contrib[members[0]][combos[:, 0]]
    for col in range(1, len(members)):
        gains = gains + contrib[members[col]][combos[:, col]]
    column = {i: col for col, i in enumerate(members)}
    for party, term in own_terms:
        mask = np.ones(len(combos), dtype=bool)
        for p, v in term.conditions:
            hits = np.array([x == v for x in allowed[index[p]]], dtype=bool)
            mask &= hits[combos[:, column[index[p]]]]
        gains[mask, party] += term.bonus
    values = tuple(tuple(allowed[i][j] for i, j in zip(members, row, strict=True)) for row in combos.tolist())
    return CompiledPoint(points=ids, values=values, gains=gains)


def _enumerate(
    members: list[int],
    points: Sequence[Point],
    allowed: Sequence[list[Value]],
    index: dict[str, int],
    links: Sequence[Link],
) -> IntArray:
    """Joint values of a group as rows of value indices, built point by point with each
    link checked once both of its points are placed. Raises NeedsSolverError when the group
    is too large to enumerate (see the module docstring)."""
    combos = np.zeros((1, 0), dtype=np.int64)
    placed: list[int] = []
    for i in members:
        size = len(allowed[i])
        if len(members) > 1 and len(combos) * size > ENUMERATION_LIMIT:
            _too_large(members, points, len(combos) * size)
        left = np.repeat(combos, size, axis=0)
        right = np.tile(np.arange(size, dtype=np.int64), len(combos))[:, None]
        combos = np.hstack([left, right])
        placed.append(i)
        for k in links:
            a, b = index[k.point], index[k.requires_point]
            if i in (a, b) and a in placed and b in placed:
                keep = _link_ok(k, allowed[a], allowed[b], combos, placed.index(a), placed.index(b))
                combos = combos[keep]
        if len(members) > 1 and len(combos) > COMPOUND_LIMIT:
            _too_large(members, points, len(combos))
    return combos


def _link_ok(
    link: Link, vals_a: Sequence[Value], vals_b: Sequence[Value], combos: IntArray, ca: int, cb: int
) -> npt.NDArray[np.bool_]:
    """Rows of ``combos`` that respect ``link`` (columns ``ca`` and ``cb`` hold its points)."""
    trigger = np.array([v == link.value for v in vals_a], dtype=bool)
    ok = np.array([v in link.requires for v in vals_b], dtype=bool)
    result: npt.NDArray[np.bool_] = ~trigger[combos[:, ca]] | ok[combos[:, cb]]
    return result


def _too_large(members: list[int], points: Sequence[Point], size: int) -> None:
    """Raise NeedsSolverError for the group ``members``."""
    ids = tuple(points[i].id for i in members)
    raise NeedsSolverError(
        f"points {', '.join(repr(p) for p in ids)} are tied by links or interactions into "
        f"{size:,} joint values (more than {COMPOUND_LIMIT:,}); the Pareto-list merge cannot "
        "treat them as one compound point, so use the constraint solver (accord.analysis.cpsat)",
        points=ids,
        size=size,
    )
