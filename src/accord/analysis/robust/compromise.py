"""The robust compromise: the agreement acceptable to every bargainer in the most samples.

Over the first ``S`` samples (at most :data:`MAX_EXACT`), the constraint solver chooses one
joint value per group (``y``) and one indicator per sample (``z_s``), and maximises the
number of samples won, ``sum_s z_s``, where ``z_s`` implies that every bargainer's utility
is at least its reservation value in sample ``s`` and that no rule holding in ``s`` is
broken: the sample approximation of a chance-constrained problem (Luedtke & Ahmed 2008,
"A sample approximation approach for optimization with probabilistic constraints", SIAM
J. Optim. 19(2)), solved exactly as a mixed-integer model with one binary per sample. The
utilities enter at an integer scale of 10^9; the answer is then counted again in floats,
and called *exact* only when the solver proved it optimal and the float count agrees
(or when the best candidate already wins every sample in which some deal exists, a bound
no agreement can pass).

The solver starts from the best *candidate*: the estimates' frontier points and solutions,
every sample's solutions and the complete drafts, each counted over the same samples; when
the samples are too many, or the solver finds nothing better in its time, the best
candidate is the answer and the output says so (``method: candidates``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from ortools.sat.python import cp_model

from accord.analysis.common import FloatArray, IntArray, rounded_utilities
from accord.analysis.robust.result import Compromise, Interval
from accord.analysis.robust.sampling import BLOCK, BoolArray
from accord.analysis.robust.summary import wilson
from accord.analysis.robust.tables import PartyTables
from accord.analysis.robust.tasks import Fixed, Scored, Setup, Solved
from accord.model import Value

if TYPE_CHECKING:
    from accord.analysis.robust.result import Robustness

MAX_EXACT = 200
"""Most samples the exact model takes (one binary and one constraint per bargainer each)."""
SCALE = 10**9
"""Integer scale of the utilities in the model."""
TIME = 10.0
"""Seconds the solver may take by default."""


def compromise(
    setup: Setup, result: Robustness, scored: Sequence[Scored], solved: Sequence[Solved], *, time_limit: float | None
) -> Compromise | None:
    """The robust compromise (module docstring); None when no sample was solved."""
    count = min(result.solution_samples, MAX_EXACT) if result.solution_samples else min(result.samples, MAX_EXACT)
    if count == 0:
        return None
    t = setup.bargain
    draws = setup.draws(0, count)
    tables = {p: PartyTables.of(setup.view.preferences[p], setup.space, draws) for p in setup.view.rated_parties}
    gains, offset = t.gains(tables, draws.holds)
    allowed = t.allowed(draws.holds)
    reservation = rounded_utilities(np.stack([tables[p].reservation for p in t.parties], axis=1))
    pool = [setup.candidates] + [s.picks[name] for s in solved for name in s.picks]
    candidates = np.unique(np.vstack(pool), axis=0)
    candidates = candidates[(candidates >= 0).all(axis=1)]
    if not len(candidates):
        return None
    wins = _wins(candidates, gains, offset, allowed, reservation)
    best = int(np.argmax(wins.sum(axis=1)))
    choice, won, exact, method = candidates[best], int(wins[best].sum()), False, "candidates"
    deals = np.concatenate([s.deal for s in solved])[:count] if solved else np.ones(count, dtype=bool)
    if won >= int(deals.sum()):  # no agreement wins a sample without a deal: nothing can do better
        exact, method = True, "solver"
        found = None
    else:
        found = _solve(
            gains, offset, allowed, reservation, choice, TIME if time_limit is None else min(TIME, time_limit)
        )
    if found is not None:
        row, proved = found
        counted = int(_wins(row[None, :], gains, offset, allowed, reservation)[0].sum())
        if counted >= won:
            method = "solver"
            exact = proved and counted >= won
            choice, won = row, counted
    agreement = {
        p: v for g, r in zip(t.groups, choice.tolist(), strict=True) for p, v in zip(g.points, g.values[r], strict=True)
    }
    ordered = {p: agreement[p] for p in t.point_ids}
    overall = _overall(setup, ordered, result.samples, result.bargainers)
    return Compromise(ordered, overall, method, exact, count, len(candidates), won)


def _wins(
    rows: IntArray,
    gains: Sequence[FloatArray],
    offset: FloatArray,
    allowed: Sequence[BoolArray],
    reservation: FloatArray,
) -> BoolArray:
    """``(len(rows), samples)``: whether each candidate is acceptable to every bargainer in
    each sample."""
    n = len(offset)
    total = np.broadcast_to(offset[None, :, :], (len(rows), n, offset.shape[1])).copy()
    ok = np.ones((len(rows), n), dtype=bool)
    for g, (table, mask) in enumerate(zip(gains, allowed, strict=True)):
        total = total + np.transpose(table[:, rows[:, g], :], (1, 0, 2))
        ok &= mask[:, rows[:, g]].T
    wins: BoolArray = ok & (rounded_utilities(total) >= reservation[None, :, :]).all(axis=2)
    return wins


def _solve(
    gains: Sequence[FloatArray],
    offset: FloatArray,
    allowed: Sequence[BoolArray],
    reservation: FloatArray,
    hint: IntArray,
    seconds: float,
) -> tuple[IntArray, bool] | None:
    """The CP-SAT model of the module docstring: the rows chosen and whether the solver
    proved them optimal; None when it found nothing."""
    model = cp_model.CpModel()
    y = [[model.new_bool_var(f"y{g}_{r}") for r in range(table.shape[1])] for g, table in enumerate(gains)]
    for g, row in enumerate(y):
        model.add_exactly_one(row)
        model.add_hint(row[int(hint[g])], 1)
    n = len(offset)
    z = [model.new_bool_var(f"z{s}") for s in range(n)]
    parties = offset.shape[1]
    for s in range(n):
        for i in range(parties):
            terms = [
                (round(float(table[s, r, i]) * SCALE), y[g][r])
                for g, table in enumerate(gains)
                for r in range(table.shape[1])
            ]
            need = int(np.ceil((float(reservation[s, i]) - float(offset[s, i])) * SCALE))
            model.add(sum(c * v for c, v in terms if c) >= need).only_enforce_if(z[s])
        for g, mask in enumerate(allowed):
            for r in np.flatnonzero(~mask[s]).tolist():
                model.add_implication(z[s], y[g][r].Not())
    model.maximize(sum(z))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(seconds, 0.1)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    rows = np.array([next(r for r, v in enumerate(row) if solver.value(v)) for row in y], dtype=np.int64)
    return rows, status == cp_model.OPTIMAL


def _overall(setup: Setup, agreement: Mapping[str, Value], samples: int, bargainers: Sequence[str]) -> Interval:
    """The compromise's acceptance by every bargainer over all the samples."""
    fixed = Fixed.of(setup.scenario, setup.space, "robust", "robust", agreement)
    columns = [setup.scenario.rated_parties.index(b) for b in bargainers]
    won = 0
    for start in range(0, samples, BLOCK):
        draws = setup.draws(start, min(start + BLOCK, samples))
        tables = {
            p: PartyTables.of(setup.scenario.preferences[p], setup.space, draws) for p in setup.scenario.rated_parties
        }
        won += int(fixed.accepts(tables, draws.holds)[:, columns].all(axis=1).sum())
    return wilson(won, samples)
