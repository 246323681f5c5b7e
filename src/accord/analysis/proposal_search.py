"""The search behind proposals, over the whole frontier at once (numpy arrays).

The frontier's agreements become a matrix of choices, one row per agreement and one
column per point, each cell the index of the value in the point's list of values. Three
steps then work on whole columns rather than agreement by agreement:

1. *Reverting what buys nothing* (:func:`revert`). A point where an agreement departs from
   the draft goes back to the draft's value when that value adds exactly the same to every
   bargaining party's utility, no interaction term names the point, and no red line or
   link breaks. Points are visited in document order, as a greedy pass over one agreement
   would visit them; each visit is one vector operation over every agreement. Only the
   constraints that name the visited point can break when it alone changes (the agreement
   before the visit respects every constraint: it lies on the frontier, or earlier visits
   kept it so), so only those are evaluated.
2. *Counting changes*: the points where the reverted agreement differs from the draft,
   open points of the draft included (a proposal settles every one of them).
3. *The staircase* (:func:`staircase`): for each number of changes ``k``, the agreement
   with the best score among those changing at most ``k`` points, kept when it scores
   strictly higher than every agreement with fewer changes. These are the agreements no
   other one beats on both counts, fewer changes and a higher score (the Pareto-optimal
   set of a two-criteria problem, read off a sorted list as in Kung, Luccio & Preparata
   1975); moving the text by the fewest steps for each gain follows Raiffa's single
   negotiating text [Raiffa1982]_.

Ties keep the frontier's order (the lowest index wins), as the bargaining solutions do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter

import numpy as np

from accord.analysis.common import FloatArray, IntArray
from accord.analysis.results import Outcome
from accord.model import Link, Scenario, Value

BoolArray = np.ndarray[tuple[int], np.dtype[np.bool_]]


def value_lists(scenario: Scenario) -> tuple[tuple[Value, ...], ...]:
    """Each point's values, in document order."""
    return tuple(p.values() for p in scenario.points)


def choice_matrix(scenario: Scenario, outcomes: Sequence[Outcome]) -> IntArray:
    """Rows: ``outcomes``; columns: points; cells: the index of the chosen value in the
    point's :meth:`~accord.model.Point.values` (every outcome decides every point)."""
    ids = scenario.point_ids
    out = np.zeros((len(outcomes), len(ids)), dtype=np.int64)
    if not len(outcomes) or not ids:
        return out
    getter = itemgetter(*ids)
    rows = [getter(o.agreement) for o in outcomes]
    columns = zip(*rows, strict=True) if len(ids) > 1 else (rows,)
    for j, (values, column) in enumerate(zip(value_lists(scenario), columns, strict=True)):
        index = {v: i for i, v in enumerate(values)}
        out[:, j] = np.fromiter(map(index.__getitem__, column), dtype=np.int64, count=len(outcomes))
    return out


def draft_row(scenario: Scenario, choices: Mapping[str, Value]) -> IntArray:
    """The draft as a row of value indices, -1 where it leaves a point open."""
    row = np.full(len(scenario.points), -1, dtype=np.int64)
    for j, (point, values) in enumerate(zip(scenario.point_ids, value_lists(scenario), strict=True)):
        if point in choices:
            row[j] = values.index(choices[point]) if choices[point] in values else -1
    return row


def revert(scenario: Scenario, choices: IntArray, draft: IntArray) -> IntArray:
    """``choices`` with every change that buys nothing sent back to the draft (step 1 of the
    module docstring); a new matrix."""
    out = choices.copy()
    prefs = [scenario.preferences[p] for p in scenario.rated_parties]
    interacting = {pt for pr in prefs for k in pr.interactions for pt, _ in k.conditions}
    lists = value_lists(scenario)
    column = {p: j for j, p in enumerate(scenario.point_ids)}
    for j, point in enumerate(scenario.point_ids):
        old = int(draft[j])
        if old < 0 or point in interacting or not len(out):
            continue
        if any(r.point == point and r.excludes(lists[j][old]) for pr in prefs for r in pr.red_lines):
            continue
        worth = np.array([[pr.contribution(point, v) for pr in prefs] for v in lists[j]], dtype=float)
        same: BoolArray = (worth == worth[old]).all(axis=1)
        rows = np.flatnonzero((out[:, j] != old) & same[out[:, j]])
        if not len(rows):
            continue
        trial = out[rows]
        trial[:, j] = old
        links = [k for pr in prefs for k in pr.links if point in (k.point, k.requires_point)]
        ok = np.ones(len(rows), dtype=bool)
        for link in links:
            ok &= _satisfied(link, trial, column, lists)
        out[rows[ok], j] = old
    return out


def _satisfied(
    link: Link, choices: IntArray, column: Mapping[str, int], lists: Sequence[tuple[Value, ...]]
) -> BoolArray:
    """Whether each row respects ``link`` (:meth:`~accord.model.Link.satisfied`)."""
    a, b = column[link.point], column[link.requires_point]
    triggers = [i for i, v in enumerate(lists[a]) if v == link.value]
    allowed = [i for i, v in enumerate(lists[b]) if v in link.requires]
    result: BoolArray = ~np.isin(choices[:, a], triggers) | np.isin(choices[:, b], allowed)
    return result


def staircase(changes: IntArray, score: FloatArray) -> IntArray:
    """Indices of the staircase (step 3 of the module docstring), fewest changes first:
    each scores strictly higher than every agreement with fewer or as many changes listed
    before it. Ties go to the lowest index."""
    if not len(changes):
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((np.arange(len(changes)), -score, changes))
    ranked = score[order]
    before = np.concatenate(([-np.inf], np.maximum.accumulate(ranked)[:-1]))
    steps: IntArray = order[ranked > before]
    return steps
