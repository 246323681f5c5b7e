"""What each draft is worth to each party, and how far a draft lies from the frontier.

Utilities of a draft. A complete draft has one utility per party
(:meth:`Scenario.utilities`). A draft with open points has a range: the least and the most
each party could get over every way of filling the open points in (every value of every
open point; red lines and links are not applied, since the draft's own choices may already
cross them). With the points grouped as in :mod:`accord.analysis.compile`, the utility is a
sum over independent groups, so each bound is the sum of the per-group minima (maxima).

Distance from the frontier. For a complete draft with utilities ``u``, the *common gain*
is the largest ``t`` such that some frontier outcome ``f`` gives every party at least
``u_i + t``: ``t = max_f min_i (f_i - u_i)``, the additive version of the common-gain
direction of Raiffa (1982, "The Art and Science of Negotiation", ch. 11) and of the
Tchebycheff distance to a Pareto set (Bowman 1976). ``t > 0``: every party could gain ``t``
together; ``t = 0``: no outcome improves everyone (the draft is on the frontier, or only
weakly dominated); ``t < 0``: the draft gives someone more than any individually rational
outcome would. The maximum over all rational agreements is reached on the frontier, since
a dominating agreement has every ``f_i - u_i`` at least as large. Utilities are rounded to
12 decimals, as on the frontier.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.common import require_rated_parties, rounded_utilities
from accord.analysis.compile import compile_scenario
from accord.analysis.results import Frontier, Outcome, by_party
from accord.display import Cell, Rows, Shown, Table, number, plural, utility_columns
from accord.errors import AnalysisError
from accord.model import Draft, NumericRange, Point, Scenario, Value


@dataclass(frozen=True, repr=False)
class DraftUtility(Shown):
    """Each rated party's utility of a draft, as a range over its open points.

    ``low`` and ``high`` are in the order of ``parties`` (:attr:`Scenario.rated_parties`);
    they are equal when the draft leaves no point open.
    """

    draft: str
    open_points: tuple[str, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]
    parties: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether the draft decides every point."""
        return not self.open_points

    def by_party(self) -> dict[str, tuple[float, float]]:
        """``{party: (low, high)}``; low equals high for a complete draft."""
        return dict(zip(by_party(self.parties, self.low), zip(self.low, self.high, strict=True), strict=True))

    def _cells(self) -> tuple[Cell, ...]:
        return tuple(
            lo if lo == hi else f"{number(lo)}..{number(hi)}" for lo, hi in zip(self.low, self.high, strict=True)
        )

    def _row(self) -> dict[str, Cell]:
        names = utility_columns(self.parties, len(self.low))
        return {
            "draft": self.draft,
            "open points": len(self.open_points),
            **dict(zip(names, self._cells(), strict=True)),
        }

    def _table(self, limit: int) -> Table:
        opened = (
            f"{plural(len(self.open_points), 'open point')} ({', '.join(self.open_points)})"
            if self.open_points
            else "complete"
        )
        names = utility_columns(self.parties, len(self.low))
        rows = tuple((n, c) for n, c in zip(names, self._cells(), strict=True))
        return Table("DraftUtility", f"draft {self.draft!r}, {opened}", ("party", "utility"), rows[:limit], len(rows))


@dataclass(frozen=True, repr=False)
class DraftDistance(Shown):
    """How much every party could gain together over a complete draft.

    ``gain`` is the common gain ``t`` (module docstring) and ``target`` the frontier outcome
    reaching it (``index`` in the frontier's order; the lowest on ties). ``parties`` names
    the utilities.
    """

    draft: str
    utilities: tuple[float, ...]
    gain: float
    target: Outcome
    index: int
    parties: tuple[str, ...] = ()

    def by_party(self) -> dict[str, float]:
        """The draft's utilities by party."""
        return by_party(self.parties, self.utilities)

    def _row(self) -> dict[str, Cell]:
        names = utility_columns(self.parties, len(self.utilities))
        utilities = dict(zip(names, self.utilities, strict=True))
        return {"draft": self.draft, "gain": self.gain, "target #": self.index, **utilities}

    def _table(self, limit: int) -> Table:
        names = utility_columns(self.parties, len(self.utilities))
        rows = tuple(zip(names, self.utilities, self.target.utilities, strict=True))
        summary = f"draft {self.draft!r}, common gain {number(self.gain)} toward frontier outcome #{self.index}"
        return Table("DraftDistance", summary, ("party", "draft", "target"), rows[:limit], len(rows))


def draft_utility(scenario: Scenario, draft: Draft) -> DraftUtility:
    """The range of each party's utility over the completions of ``draft``.

    Raises AnalysisError when no party has preferences or the draft chooses a value its
    point does not have, and NeedsSolverError when the open points are tied into a group
    too large to enumerate.
    """
    _check_choices(scenario, draft)
    open_points = draft.open_points(scenario.point_ids)
    if not open_points:
        if not scenario.rated_parties:
            require_rated_parties(scenario)
        exact = _rounded(scenario.utilities(draft.choices))
        return DraftUtility(draft=draft.id, open_points=(), low=exact, high=exact, parties=scenario.rated_parties)
    problem = compile_scenario(completions(scenario, draft))
    low = problem.offset.copy()
    high = problem.offset.copy()
    for group in problem.groups:
        low = low + group.gains.min(axis=0)
        high = high + group.gains.max(axis=0)
    return DraftUtility(
        draft=draft.id,
        open_points=open_points,
        low=tuple(rounded_utilities(low).tolist()),
        high=tuple(rounded_utilities(high).tolist()),
        parties=scenario.rated_parties,
    )


def draft_utilities(scenario: Scenario) -> Rows[DraftUtility]:
    """:func:`draft_utility` of every draft, in document order (a tuple that prints as one
    table)."""
    return Rows(draft_utility(scenario, d) for d in scenario.drafts)


def common_gain(frontier: Frontier, utilities: Sequence[float]) -> tuple[float, int] | None:
    """The common gain ``max_f min_i (f_i - u_i)`` over the frontier's outcomes and the index
    of the first outcome reaching it; None on an empty frontier. Raises AnalysisError when
    ``utilities`` does not have one value per party."""
    n = len(frontier.parties)
    if len(utilities) != n:
        raise AnalysisError(f"{len(utilities)} utilities given for {n} parties; give one per party")
    if not frontier.outcomes:
        return None
    table = np.array([o.utilities for o in frontier.outcomes], dtype=float).reshape(-1, n)
    diff = table - np.asarray(utilities, dtype=float)
    worst = diff[:, 0].copy()
    for c in range(1, n):
        worst = np.minimum(worst, diff[:, c])
    best = int(np.argmax(worst))
    return float(rounded_utilities(worst[best : best + 1])[0]), best


def distances(scenario: Scenario, frontier: Frontier) -> Rows[DraftDistance]:
    """The common gain of every complete draft over ``frontier``, in document order; empty
    when the frontier is empty. Drafts with open points have no single utility and are
    left out (see :func:`draft_utility` for their ranges)."""
    out: list[DraftDistance] = []
    for d in scenario.drafts:
        value = draft_utility(scenario, d)
        if not value.complete:
            continue
        found = common_gain(frontier, value.low)
        if found is None:
            return Rows()
        gain, index = found
        out.append(DraftDistance(d.id, value.low, gain, frontier.outcomes[index], index, frontier.parties))
    return Rows(out)


def _rounded(values: Sequence[float]) -> tuple[float, ...]:
    """``values`` rounded to 12 decimals as on the frontier."""
    return tuple(rounded_utilities(np.asarray(values, dtype=float)).tolist())


def _check_choices(scenario: Scenario, draft: Draft) -> None:
    """Raise AnalysisError when the draft names a point or value the scenario lacks."""
    ids = set(scenario.point_ids)
    for point, value in draft.choices.items():
        if point not in ids:
            raise AnalysisError(
                f'draft "{draft.id}" chooses on point "{point}", which the scenario does not '
                "have; remove the choice or add the point"
            )
        if not scenario.point(point).has_value(value):
            raise AnalysisError(
                f'draft "{draft.id}" chooses {value!r} on point "{point}", which is not one of '
                "its values; pick one of the point's options (or a number on its grid)"
            )


def completions(scenario: Scenario, draft: Draft) -> Scenario:
    """The scenario with the draft's decided points narrowed to its choice and every red
    line and link dropped: its agreements are the draft's completions. Drafts and stances
    are dropped too (other drafts may choose values the narrowed points no longer have)."""
    points = tuple(_narrowed(p, draft.choices[p.id]) if p.id in draft.choices else p for p in scenario.points)
    prefs = {k: dataclasses.replace(v, red_lines=(), links=()) for k, v in scenario.preferences.items()}
    return dataclasses.replace(scenario, points=points, preferences=prefs, drafts=(), stances=())


def _narrowed(point: Point, value: Value) -> Point:
    """``point`` with ``value`` as its only value."""
    if point.range is not None:
        x = float(value)
        rng = NumericRange(min=x, max=x, step=point.range.step, unit=point.range.unit)
        return dataclasses.replace(point, range=rng)
    return dataclasses.replace(point, options=tuple(o for o in point.options if o.id == value))
