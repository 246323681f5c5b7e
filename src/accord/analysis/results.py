"""Plain result types shared by every analysis module (no behaviour, no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from accord.model import Value


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
    """A bargaining solution: its name, the agreement it picks and the score it maximises."""

    name: str
    outcome: Outcome
    score: float


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
