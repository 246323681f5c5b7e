"""The robustness analysis end to end: tasks out to an executor, answers gathered.

``robustness`` cuts the work into tasks fixed by the sample counts alone (blocks of
:data:`~accord.analysis.robust.sampling.BLOCK` samples to score, :data:`SOLVE_CHUNK`
samples to solve), hands them to ``executor.map`` (one process, a local pool or a Dask
cluster: :mod:`accord.batch`), and combines the answers in task order, so that the
numbers are the same whoever computes them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

import numpy as np

from accord.analysis.bargainers import bargaining_view
from accord.analysis.budget import Progress, report
from accord.analysis.results import SolutionName
from accord.analysis.robust.compromise import compromise
from accord.analysis.robust.result import Acceptance, Robustness
from accord.analysis.robust.sampling import BLOCK, BoolArray, Space
from accord.analysis.robust.summary import Event, frequencies, sensitivity, wilson
from accord.analysis.robust.tasks import (
    Fixed,
    Scored,
    Setup,
    Solved,
    name_order,
    score_block,
    solve_order,
    solve_samples,
)
from accord.analysis.robust.template import Template
from accord.model import Scenario, Value, format_value

SOLVE_CHUNK = 8
"""Samples solved per task."""

T = TypeVar("T")
R = TypeVar("R")


class Mapper(Protocol):
    """What runs the tasks (:class:`accord.batch.Executor`)."""

    def map(
        self, fn: Callable[[Any], Any], tasks: Sequence[Any], progress: Callable[[int, int], None] | None = None
    ) -> list[Any]: ...


def robustness(
    scenario: Scenario,
    bargainers: Sequence[str],
    executor: Mapper,
    *,
    samples: int,
    seed: int,
    solution_samples: int,
    names: Sequence[SolutionName],
    fixed: Sequence[tuple[str, str, Mapping[str, Value]]],
    candidates: Sequence[Mapping[str, Value]],
    current: str | None,
    time_limit: float | None = None,
    progress: Progress | None = None,
) -> Robustness:
    """The robustness analysis of ``scenario`` (see :mod:`accord.analysis.robust`).

    ``fixed``: the agreements to score, as ``(id, kind, choices)``; ``candidates``: complete
    agreements of the bargaining problem known to be good (the estimates' frontier), which
    seed the solvers' bounds and the robust compromise's candidate set; ``current``: the
    draft whose acceptance the sensitivity analysis follows.
    """
    setup = prepare(scenario, bargainers, seed=seed, names=names, fixed=fixed, candidates=candidates)
    score_tasks = [(setup, a, min(a + BLOCK, samples)) for a in range(0, samples, BLOCK)]
    solve_tasks = [(setup, a, min(a + SOLVE_CHUNK, solution_samples)) for a in range(0, solution_samples, SOLVE_CHUNK)]
    scored: list[Scored] = executor.map(score_block, score_tasks, _steps(progress, "scoring the drafts", 0.0, 0.2))
    solved: list[Solved] = executor.map(solve_samples, solve_tasks, _steps(progress, "solving samples", 0.2, 0.9))
    result = _combine(setup, scenario, bargainers, samples, seed, solution_samples, scored, solved, current)
    report(progress, "finding the robust compromise", 0.9)
    robust = compromise(setup, result, scored, solved, time_limit=time_limit)
    report(progress, "done", 1.0)
    return Robustness(**{**result.__dict__, "robust": robust})


def prepare(
    scenario: Scenario,
    bargainers: Sequence[str],
    *,
    seed: int,
    names: Sequence[SolutionName],
    fixed: Sequence[tuple[str, str, Mapping[str, Value]]] = (),
    candidates: Sequence[Mapping[str, Value]] = (),
) -> Setup:
    """The :class:`Setup` every task of :func:`robustness` receives."""
    space = Space.of(scenario)
    view = bargaining_view(scenario, bargainers)
    bargain = Template.of(view, space)
    rows = [r for r in (bargain.picks(a) for a in candidates) if r is not None]
    picks = np.unique(np.array(rows, dtype=np.int64).reshape(-1, len(bargain.groups)), axis=0)
    return Setup(
        scenario=scenario,
        space=space,
        seed=seed,
        fixed=tuple(Fixed.of(scenario, space, i, k, c) for i, k, c in fixed),
        view=view,
        bargain=bargain,
        order=solve_order(bargain, space, view),
        candidates=picks,
        names=name_order(names),
    )


def _steps(progress: Progress | None, message: str, start: float, stop: float) -> Callable[[int, int], None] | None:
    """A task counter reporting to ``progress`` between ``start`` and ``stop``."""
    if progress is None:
        return None

    def step(done: int, total: int) -> None:
        report(progress, f"{message} ({done:,} of {total:,} tasks)", start + (stop - start) * done / max(total, 1))

    return step


def _combine(
    setup: Setup,
    scenario: Scenario,
    bargainers: Sequence[str],
    samples: int,
    seed: int,
    solution_samples: int,
    scored: Sequence[Scored],
    solved: Sequence[Solved],
    current: str | None,
) -> Robustness:
    """Every answer but the robust compromise, from the tasks' results in order."""
    parties = scenario.rated_parties
    columns = [parties.index(b) for b in bargainers]
    accepts = [np.vstack([s.accepts[f] for s in scored]) for f in range(len(setup.fixed))] if scored else []
    tables: dict[str, list[Acceptance]] = {"draft": [], "solution": [], "proposal": []}
    events: dict[str, Event] = {}
    for f, table in zip(setup.fixed, accepts, strict=True):
        everyone: BoolArray = np.asarray(table[:, columns].all(axis=1), dtype=bool)
        party = {p: wilson(int(table[:, i].sum()), samples) for i, p in enumerate(parties)}
        tables.setdefault(f.kind, []).append(
            Acceptance(f.id, f.kind, wilson(int(everyone.sum()), samples), party, f.open_points)
        )
        if f.kind == "draft" and f.id == current:
            _event(events, f"all accept {f.id}", None, everyone)
            for i, p in enumerate(parties):
                _event(events, f"{p} accepts {f.id}", p, table[:, i])
        if f.kind == "solution" and f.id == "nash":
            _event(events, "all accept the estimates' Nash solution", None, everyone)
    deal = np.concatenate([s.deal for s in solved]) if solved else np.zeros(0, dtype=bool)
    groups = [(g.points, g.values) for g in setup.bargain.groups]
    options: dict[SolutionName, dict[str, dict[str, float]]] = {}
    missing: dict[SolutionName, float] = {}
    for name in setup.names:
        picks = np.vstack([s.picks[name] for s in solved]) if solved else np.zeros((0, len(groups)), dtype=np.int64)
        options[name], missing[name] = frequencies(picks, groups)
    for event, stays in _stays(setup, solved).items():
        _event(events, event, None, stays)
    values = np.vstack([s.values for s in scored]) if scored else np.zeros((0, len(setup.space.parameters)))
    holds = np.vstack([s.holds for s in scored]) if scored else np.zeros((0, len(setup.space.rules)), dtype=bool)
    return Robustness(
        samples=samples,
        seed=seed,
        parties=parties,
        bargainers=tuple(bargainers),
        solution_samples=solution_samples,
        drafts=tuple(tables["draft"]),
        solutions=tuple(tables["solution"]),
        proposals=tuple(tables["proposal"]),
        current=current,
        deal=wilson(int(deal.sum()), len(deal)) if len(deal) else None,
        options=options,
        missing=missing,
        robust=None,
        sensitivity=sensitivity(setup.space, values, holds, events) if setup.space else (),
        uncertain=len(setup.space.parameters) + len(setup.space.rules),
    )


def _event(events: dict[str, Event], name: str, party: str | None, happens: BoolArray) -> None:
    """Follow ``happens`` (about ``party``, or every bargainer when None) in the
    sensitivity analysis when it is uncertain (neither never nor always)."""
    if happens.any() and not happens.all():
        events[name] = (party, np.asarray(happens, dtype=bool))


def _stays(setup: Setup, solved: Sequence[Solved], most: int = 4) -> dict[str, BoolArray]:
    """For the points where the Nash solution varies most across the samples: per sample,
    whether it keeps the estimates' option there (empty when Nash was not asked for or the
    estimates have none)."""
    estimate = next((f for f in setup.fixed if f.kind == "solution" and f.id == "nash"), None)
    if estimate is None or "nash" not in setup.names or not solved:
        return {}
    row = setup.bargain.picks(estimate.choices)
    if row is None:
        return {}
    picks = np.vstack([s.picks["nash"] for s in solved])
    found: list[tuple[float, str, BoolArray]] = []
    for g, group in enumerate(setup.bargain.groups):
        for k, point in enumerate(group.points):
            option = group.values[int(row[g])][k]
            same = np.array([r >= 0 and group.values[r][k] == option for r in picks[:, g].tolist()], dtype=bool)
            share = float(same.mean())
            if 0 < share < 1:
                found.append((share, f"Nash keeps {point}={format_value(option)}", same))
    found.sort(key=lambda x: (x[0], x[1]))
    return {name: same for _, name, same in found[:most]}
