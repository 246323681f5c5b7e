"""Plain result types shared by every analysis module (no behaviour, no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, NamedTuple

from accord.errors import UnknownIdError
from accord.model import Value

SolutionName = Literal["nash", "kalai_smorodinsky", "egalitarian", "utilitarian"]
"""The four bargaining solutions, by the one name each has in results, JSON and the API."""

SOLUTION_NAMES: tuple[SolutionName, ...] = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
"""The four solutions, in the order accord shows them."""

SOLUTION_LABELS: Mapping[SolutionName, str] = {
    "nash": "Nash bargaining",
    "kalai_smorodinsky": "Kalai-Smorodinsky",
    "egalitarian": "egalitarian",
    "utilitarian": "utilitarian",
}
"""How a person reads each solution's name."""

_ALIASES: Mapping[str, SolutionName] = {"ks": "kalai_smorodinsky", "kalai-smorodinsky": "kalai_smorodinsky"}


def solution_name(text: str) -> SolutionName:
    """The solution ``text`` names: one of :data:`SOLUTION_NAMES`, or ``ks`` /
    ``kalai-smorodinsky`` for Kalai-Smorodinsky (any case); UnknownIdError otherwise.

    >>> solution_name("ks")
    'kalai_smorodinsky'
    """
    key = str(text).strip().lower()
    key = _ALIASES.get(key, key)
    if key not in SOLUTION_NAMES:
        raise UnknownIdError("solution", text, [*SOLUTION_NAMES, "ks"])
    return key


class Outcome(NamedTuple):
    """An agreement (every point decided) with each rated party's utility, in party order.

    A named tuple rather than a dataclass: a frontier may hold tens of thousands of them,
    and a tuple is built several times faster."""

    agreement: Mapping[str, Value]
    utilities: tuple[float, ...]


@dataclass(frozen=True)
class Frontier:
    """The Pareto frontier of the individually rational agreements.

    ``outcomes`` holds one entry per distinct utility vector, sorted by the first party's
    utility ascending (then the next parties'). ``method`` says how it was computed:
    ``"merge"`` (Pareto-list merge) or ``"cpsat"`` (constraint solver).
    """

    parties: tuple[str, ...]
    disagreement: tuple[float, ...]
    outcomes: tuple[Outcome, ...]
    outcome_count: int
    method: str = "merge"


@dataclass(frozen=True)
class Solution:
    """A bargaining solution: its name, the agreement it picks and the score it maximises.

    ``optimal`` is False when a solver's time limit ended the search first: the agreement
    is the best one found, not proven the best.
    """

    name: SolutionName
    outcome: Outcome
    score: float
    optimal: bool = True


@dataclass(frozen=True)
class Solutions:
    """The four classic solutions; None where no individually rational agreement exists."""

    nash: Solution | None
    kalai_smorodinsky: Solution | None
    egalitarian: Solution | None
    utilitarian: Solution | None


class RelaxationKind(StrEnum):
    """What a relaxation gives up."""

    RED_LINE = "red_line"
    LINK = "link"
    RESERVATION = "reservation"


@dataclass(frozen=True)
class Relaxation:
    """One constraint of one party that a correction set relaxes."""

    party: str
    kind: RelaxationKind
    description: str


@dataclass(frozen=True)
class Diagnosis:
    """Whether any agreement respects every red line, link and reservation value.

    When none does, ``corrections`` lists the minimal correction sets: each is a smallest
    set of constraints whose relaxation opens an agreement (``witness`` shows one for each).
    """

    feasible: bool
    corrections: tuple[tuple[Relaxation, ...], ...] = ()
    witnesses: tuple[Outcome, ...] = ()
