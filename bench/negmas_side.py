"""The NegMAS side of the benchmark: load a domain and time its ``pareto_frontier``.

Calls found in NegMAS 0.16's own source: ``negmas.inout.Scenario.load`` (GENIUS folders;
``ignore_discount=True`` for the undiscounted utilities accord computes, and
``ignore_reserved=True`` because NegMAS compares the reservation value with utilities on its
own, unnormalised scale) and ``negmas.preferences.pareto_frontier(ufuns, issues=...)``,
which enumerates every outcome, evaluates each utility function on it and filters the
non-dominated ones. accord is timed on the same task: the whole frontier (disagreement 0).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

Vector = tuple[float, ...]


def load_genius(folder: Path) -> tuple[list[Any], list[Any]]:
    """The issues and utility functions of a GENIUS folder, as NegMAS reads them."""
    from negmas.inout import Scenario

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scenario = Scenario.load(folder, ignore_discount=True, ignore_reserved=True, load_stats=False, load_info=False)
    if scenario is None:
        raise RuntimeError(f"NegMAS could not read {folder}")
    return list(scenario.outcome_space.issues), list(scenario.ufuns)


def frontier(issues: list[Any], ufuns: list[Any]) -> list[Vector]:
    """NegMAS's Pareto frontier (utility vectors, one per frontier outcome)."""
    from negmas.preferences import pareto_frontier

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        vectors, _ = pareto_frontier(ufuns, issues=issues)
    return [tuple(float(x) for x in v) for v in vectors]


def distinct(vectors: list[Vector], decimals: int = 9) -> set[Vector]:
    """The distinct vectors, rounded to ``decimals``."""
    return {tuple(round(x, decimals) for x in v) for v in vectors}


def verdict(ours: list[Vector], theirs: list[Vector]) -> str:
    """``same`` when both frontiers hold the same vectors; ``+k dominated`` when NegMAS lists
    ``k`` more vectors and each is dominated by one of accord's (NegMAS keeps vectors that tie
    with a dominating one on the first utility); ``differ`` otherwise."""
    mine, other = distinct(ours), distinct(theirs)
    if mine == other:
        return "same"
    extra = other - mine
    beaten = all(any(all(a >= b for a, b in zip(m, v, strict=True)) for m in mine) for v in extra)
    if mine <= other and beaten:
        return f"+{len(extra)} dominated"
    return "differ"
