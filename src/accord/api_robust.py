"""``Case.robust``: the robustness analysis of a case, with the executor it runs on.

What the case knows (its bargainers, the estimates' frontier, solutions and proposals)
becomes the agreements to score and the candidates that seed the solvers; the work runs
on the one executor of :mod:`accord.batch`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from accord.analysis import bargaining
from accord.analysis.budget import Progress
from accord.analysis.results import SOLUTION_NAMES, Frontier, SolutionName, solution_name
from accord.analysis.robust.result import Robustness
from accord.analysis.robust.run import Mapper, robustness
from accord.analysis.standing import consensus_draft
from accord.batch import executor as make_executor
from accord.errors import AccordError, AnalysisError
from accord.model import Value

if TYPE_CHECKING:
    from accord.api import Case

SAMPLES = 1000
"""Samples drawn by default."""
SOLUTION_SAMPLES = 500
"""Most samples whose solutions are computed by default (each costs a bounded merge)."""
TOP = 64
"""Frontier points of the estimates kept as candidates per solution score (and a quarter
as many per party's utility)."""


def robust(
    case: Case,
    *,
    samples: int = SAMPLES,
    seed: int = 0,
    solution_samples: int | None = None,
    solutions: Sequence[SolutionName | str] = SOLUTION_NAMES,
    proposals: bool = True,
    workers: int | None = None,
    scheduler: str | None = None,
    executor: Mapper | None = None,
    progress: Progress | None = None,
) -> Robustness:
    """See :meth:`accord.api.Case.robust`."""
    if samples < 1:
        raise AnalysisError(f"samples is {samples}; give 1 or more")
    if seed < 0:
        raise AnalysisError(f"seed is {seed}; give a whole number of 0 or more")
    solved = min(samples, SOLUTION_SAMPLES) if solution_samples is None else solution_samples
    if not 0 <= solved <= samples:
        raise AnalysisError(f"solution_samples is {solved}; give a number from 0 to the samples ({samples})")
    names = tuple(dict.fromkeys(solution_name(n) for n in solutions))
    scenario = case.scenario
    fixed: list[tuple[str, str, Mapping[str, Value]]] = [(d.id, "draft", d.choices) for d in scenario.drafts]
    frontier = _frontier(case)
    found = case.solutions()
    for name in SOLUTION_NAMES:
        s = getattr(found, name)
        if s is not None:
            fixed.append((name, "solution", s.outcome.agreement))
    if proposals and scenario.drafts and frontier is not None:
        for p in case.propose():
            fixed.append((f"proposal {p.rank}", "proposal", p.outcome.agreement))
    candidates = _candidates(frontier) + [
        s.outcome.agreement
        for s in (found.nash, found.kalai_smorodinsky, found.egalitarian, found.utilitarian)
        if s is not None
    ]
    own = executor is None
    runner = executor if executor is not None else make_executor(workers, scheduler)
    try:
        return robustness(
            scenario,
            case.bargainers,
            runner,
            samples=samples,
            seed=seed,
            solution_samples=solved,
            names=names,
            fixed=fixed,
            candidates=candidates,
            current=consensus_draft(scenario),
            time_limit=case.time_limit,
            progress=progress if progress is not None else case.progress,
        )
    finally:
        if own:
            close = getattr(runner, "close", None)
            if close is not None:
                close()


def _frontier(case: Case) -> Frontier | None:
    """The estimates' frontier, or None when it cannot be listed (the solvers then start
    from the solutions alone)."""
    try:
        return case.frontier()
    except AccordError:
        return None


def _candidates(frontier: Frontier | None) -> list[Mapping[str, Value]]:
    """The estimates' frontier points best under each solution and each party."""
    if frontier is None or not frontier.outcomes:
        return []
    chosen: set[int] = set()
    for column in bargaining.scores(frontier).values():
        chosen |= set(np.argsort(-column, kind="stable")[:TOP].tolist())
    table = np.array([o.utilities for o in frontier.outcomes], dtype=float)
    for i in range(table.shape[1]):
        chosen |= set(np.argsort(-table[:, i], kind="stable")[: TOP // 4].tolist())
    return [frontier.outcomes[i].agreement for i in sorted(chosen)]
