"""The work of the robustness analysis, in tasks that any process can run.

Two kinds of task, both pure functions of a picklable :class:`Setup` and a range of
samples (so that a local pool or a Dask cluster computes the same numbers as this
process, bit for bit):

- :func:`score_block`: one block of samples (:data:`~accord.analysis.robust.sampling.BLOCK`)
  scoring the fixed agreements (drafts, the estimates' solutions and proposals): for
  each, which parties accept it in each sample;
- :func:`solve_samples`: a few samples' bargaining solutions and whether a deal exists
  (:mod:`accord.analysis.robust.solve`).

Acceptance of a fixed agreement by a party in a sample: its utility, the least over every
way of filling the agreement's open points (as :mod:`accord.analysis.drafts` defines it),
is at least the party's reservation value in that sample (both rounded to 12 decimals, as
the deterministic analysis compares them), and the agreement's decided points break none
of the party's red lines and links that hold in the sample.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.common import FloatArray, IntArray, rounded_utilities
from accord.analysis.drafts import completions
from accord.analysis.results import SOLUTION_NAMES, SolutionName
from accord.analysis.robust import ascent
from accord.analysis.robust.sampling import BLOCK, BoolArray, Draws, Space
from accord.analysis.robust.solve import solve, utilities
from accord.analysis.robust.tables import PartyTables
from accord.analysis.robust.template import Template
from accord.model import Draft, Scenario, Value


@dataclass(frozen=True, eq=False)
class Fixed:
    """An agreement (complete or not) scored in every sample: ``template`` is its
    completions problem over every rated party; ``broken[i]`` lists the rules of party
    ``i`` that its decided points break, as columns of the draws' ``holds`` (-1: a rule
    that surely holds, so the party never accepts)."""

    id: str
    kind: str
    choices: Mapping[str, Value]
    open_points: tuple[str, ...]
    template: Template
    broken: tuple[tuple[int, ...], ...]

    @classmethod
    def of(cls, scenario: Scenario, space: Space, id: str, kind: str, choices: Mapping[str, Value]) -> Fixed:
        """Compile the agreement ``choices`` of ``scenario`` for scoring."""
        draft = Draft(id="_", choices=dict(choices))
        template = Template.of(completions(scenario, draft), space)
        broken = []
        for party in scenario.rated_parties:
            prefs = scenario.preferences[party]
            rules = []
            for i, r in enumerate(prefs.red_lines):
                if r.point in choices and r.excludes(choices[r.point]):
                    col = space.rule(party, "red_line", i)
                    rules.append(-1 if col is None else col)
            for i, k in enumerate(prefs.links):
                if k.requires_point in choices and not k.satisfied(choices):
                    col = space.rule(party, "link", i)
                    rules.append(-1 if col is None else col)
            broken.append(tuple(rules))
        open_points = draft.open_points(scenario.point_ids)
        return cls(id, kind, dict(choices), open_points, template, tuple(broken))

    def accepts(self, tables: Mapping[str, PartyTables], holds: BoolArray) -> BoolArray:
        """``(n, parties)``: which rated party accepts the agreement in each sample."""
        low = rounded_utilities(self.template.low(tables, holds))
        reservation = np.stack([tables[p].reservation for p in self.template.parties], axis=1)
        ok: BoolArray = low >= rounded_utilities(reservation)
        for i, rules in enumerate(self.broken):
            for col in rules:
                ok[:, i] &= False if col < 0 else ~holds[:, col]
        return ok


@dataclass(frozen=True, eq=False)
class Setup:
    """What every task needs (picklable): the scenario and its uncertainty, the master
    seed, the agreements to score, and the bargaining problem with its candidate
    agreements (rows of ``bargain``'s groups), solved in ``order`` of groups."""

    scenario: Scenario
    space: Space
    seed: int
    fixed: tuple[Fixed, ...]
    view: Scenario
    bargain: Template
    order: tuple[int, ...]
    candidates: IntArray
    names: tuple[SolutionName, ...]

    def draws(self, start: int, stop: int) -> Draws:
        """The samples ``start`` to ``stop - 1``."""
        parts = []
        for b in range(start // BLOCK, (stop - 1) // BLOCK + 1):
            block = self.space.block(self.seed, b)
            lo, hi = max(start, b * BLOCK) - b * BLOCK, min(stop, (b + 1) * BLOCK) - b * BLOCK
            parts.append(block.take(slice(lo, hi)))
        return Draws(np.vstack([p.values for p in parts]), np.vstack([p.holds for p in parts]))


@dataclass(frozen=True, eq=False)
class Scored:
    """A block's scores: ``accepts[f]`` is ``(n, parties)`` for fixed agreement ``f``;
    ``values`` and ``holds`` the block's draws (for the sensitivity analysis)."""

    start: int
    accepts: tuple[BoolArray, ...]
    values: FloatArray
    holds: BoolArray


def score_block(task: tuple[Setup, int, int]) -> Scored:
    """Score every fixed agreement in samples ``start`` to ``stop - 1``."""
    setup, start, stop = task
    draws = setup.draws(start, stop)
    tables = {
        p: PartyTables.of(setup.scenario.preferences[p], setup.space, draws) for p in setup.scenario.rated_parties
    }
    accepts = tuple(f.accepts(tables, draws.holds) for f in setup.fixed)
    return Scored(start, accepts, draws.values, draws.holds)


@dataclass(frozen=True, eq=False)
class Solved:
    """Some samples' solutions: ``deal[s]`` whether a deal exists, ``picks[name][s]`` the
    solution's row of every group of :attr:`Setup.bargain` (-1 when it has none)."""

    start: int
    deal: BoolArray
    picks: dict[SolutionName, IntArray]


def solve_samples(task: tuple[Setup, int, int]) -> Solved:
    """The solutions of samples ``start`` to ``stop - 1``. Each sample's solutions join
    the candidates of the next ones (better incumbents; the answers do not depend on them)."""
    setup, start, stop = task
    draws = setup.draws(start, stop)
    view = setup.view
    space = setup.space
    tables = {p: PartyTables.of(view.preferences[p], space, draws) for p in view.rated_parties}
    t = setup.bargain
    gains, offset = t.gains(tables, draws.holds)
    allowed = t.allowed(draws.holds)
    reservation = np.stack([tables[p].reservation for p in t.parties], axis=1)
    n = len(draws)
    deal = np.zeros(n, dtype=bool)
    picks = {name: np.full((n, len(t.groups)), -1, dtype=np.int64) for name in setup.names}
    candidates = setup.candidates
    for s in range(n):
        problem, _ = t.problem(s, gains, offset, allowed, setup.order)
        ok = np.ones(len(candidates), dtype=bool)
        for g in range(len(t.groups)):
            ok &= allowed[g][s][candidates[:, g]]
        sample = [g[s] for g in gains]
        incumbents = utilities(sample, offset[s], candidates[ok])
        incumbents = _ascend(
            sample, offset[s], [a[s] for a in allowed], candidates[ok], incumbents, reservation[s], setup.names
        )
        found = solve(problem, reservation[s], incumbents, setup.names)
        deal[s] = found.deal
        new = []
        for name in setup.names:
            solution = getattr(found.solutions, name)
            if solution is None:
                continue
            row = t.picks(solution.outcome.agreement)
            if row is None:  # every frontier agreement is a row of the template
                raise AssertionError(f"sample {start + s}: {name} picks no template row")
            picks[name][s] = row
            new.append(row)
        if new:
            candidates = np.unique(np.vstack([candidates, *new]), axis=0)
    return Solved(start, deal, picks)


def _ascend(
    gains: Sequence[FloatArray],
    offset: FloatArray,
    allowed: Sequence[BoolArray],
    candidates: IntArray,
    incumbents: FloatArray,
    d: FloatArray,
    names: Sequence[SolutionName],
) -> FloatArray:
    """``incumbents`` and, for every score of :mod:`.ascent`, the utilities reached by
    coordinate ascent from its best candidate (when no candidate is individually rational,
    from the rational agreement that climbing the smallest gain reaches, if any)."""
    if not len(candidates):
        return incumbents
    found = [incumbents]
    starts, known = candidates, incumbents
    if not (incumbents >= d).all(axis=1).any():  # no rational candidate: climb to one first
        first = candidates[int(np.argmax((incumbents - d).min(axis=1)))]
        climbed = ascent.improve(gains, offset, allowed, first, ascent.slack(d))
        if climbed is None or not (rounded_utilities(climbed[0]) >= d).all():
            return incumbents
        u = rounded_utilities(climbed[0][None, :])
        found.append(u)
        starts, known = climbed[1][None, :], u
    for score in ascent.scores(d, names):
        k = int(np.argmax(score(known)))
        better = ascent.improve(gains, offset, allowed, starts[k], score)
        if better is not None:
            found.append(rounded_utilities(better[0][None, :]))
    return np.vstack(found)


def solve_order(bargain: Template, space: Space, view: Scenario) -> tuple[int, ...]:
    """The order in which to merge the groups: the widest spread of the estimates' gains
    first, so that the bounds tighten early (any order gives the same answer)."""
    draws = space.estimates()
    tables = {p: PartyTables.of(view.preferences[p], space, draws) for p in view.rated_parties}
    gains, _ = bargain.gains(tables, draws.holds)
    spread = [float(np.ptp(g[0], axis=0).sum()) if g.shape[1] else 0.0 for g in gains]
    return tuple(sorted(range(len(gains)), key=lambda j: (-spread[j], j)))


def name_order(names: Sequence[SolutionName]) -> tuple[SolutionName, ...]:
    """``names`` in the order of :data:`SOLUTION_NAMES`, once each."""
    return tuple(n for n in SOLUTION_NAMES if n in names)
