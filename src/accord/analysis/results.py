"""Plain result types shared by every analysis module (no I/O).

Each prints short (kind, size, first rows, numbers to 3 decimals) and as an HTML table in a
notebook (:mod:`accord.display`); utilities are named by party where the result knows
its parties (``parties``, filled by the functions that build it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, NamedTuple

from accord.display import Cell, Shown, Table, agreement_text, named, number, numbers, plural, utility_columns
from accord.errors import AnalysisError, UnknownIdError
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

    def __repr__(self) -> str:
        return f"Outcome(agreement={dict(self.agreement)!r}, utilities={numbers(self.utilities)})"


def by_party(parties: Sequence[str], utilities: Sequence[float]) -> dict[str, float]:
    """``{party: utility}``; AnalysisError when the parties are not known (an empty
    ``parties``, from a result built by hand without them)."""
    if len(parties) != len(utilities):
        raise AnalysisError(
            f"this result does not name its parties ({len(utilities)} utilities, parties {tuple(parties)!r}); "
            "build it with parties=scenario.rated_parties"
        )
    return dict(zip(parties, utilities, strict=True))


def outcome_rows(
    outcomes: Sequence[Outcome],
    first: Sequence[Cell],
    parties: Sequence[str],
    reported: Sequence[Mapping[str, float]] = (),
) -> tuple[tuple[str, ...], tuple[tuple[Cell, ...], ...]]:
    """Headers and rows for outcomes: ``first`` (one cell per outcome: an index, a name),
    each party's utility, the utilities ``reported`` for the parties that do not bargain
    (headed ``party (not maximised)``), then each point's value."""
    points = tuple(outcomes[0].agreement) if outcomes else ()
    count = len(outcomes[0].utilities) if outcomes else len(parties)
    others = tuple(reported[0]) if reported else ()
    headers = ("#", *utility_columns(parties, count), *(f"{p} (not maximised)" for p in others), *points)
    extra = [tuple(r[p] for p in others) for r in reported] if reported else [() for _ in outcomes]
    rows = tuple(
        (label, *o.utilities, *x, *(o.agreement.get(p) for p in points))
        for label, o, x in zip(first, outcomes, extra, strict=True)
    )
    return headers, rows


@dataclass(frozen=True, repr=False)
class Frontier(Shown):
    """The Pareto frontier of the individually rational agreements.

    ``outcomes`` holds one entry per distinct utility vector, sorted by the first party's
    utility ascending (then the next parties'). ``method`` says how it was computed:
    ``"merge"`` (Pareto-list merge) or ``"cpsat"`` (constraint solver). ``parties`` are the
    parties who bargain; ``reported`` holds, per outcome, the utilities of the rated parties
    who do not (mediators, observers), by party: reported, not maximised (empty when every
    rated party bargains).
    """

    parties: tuple[str, ...]
    disagreement: tuple[float, ...]
    outcomes: tuple[Outcome, ...]
    outcome_count: int
    method: str = "merge"
    reported: tuple[Mapping[str, float], ...] = ()

    def by_party(self, index: int) -> dict[str, float]:
        """The utilities of outcome ``index``, by party: ``{"union": 0.6, "firm": 0.4}``."""
        return by_party(self.parties, self.outcomes[index].utilities)

    def _table(self, limit: int) -> Table:
        shown = self.outcomes[:limit]
        headers, rows = outcome_rows(shown, range(len(shown)), self.parties, self.reported[:limit])
        summary = (
            f"{plural(len(self.outcomes), 'outcome')} of {plural(self.outcome_count, 'agreement')}; parties "
            f"{', '.join(self.parties)}; disagreement {numbers(self.disagreement)}; {self.method}"
        )
        return Table("Frontier", summary, headers, rows, len(self.outcomes))


@dataclass(frozen=True, repr=False)
class Solution(Shown):
    """A bargaining solution: its name, the agreement it picks and the score it maximises.

    ``optimal`` is False when a solver's time limit ended the search first: the agreement
    is the best one found, not proven the best. ``reported`` holds the utilities of the
    rated parties who do not bargain, by party: reported, not maximised.
    """

    name: SolutionName
    outcome: Outcome
    score: float
    optimal: bool = True
    reported: Mapping[str, float] = field(default_factory=dict)

    def _table(self, limit: int) -> Table:
        proven = "" if self.optimal else ", not proven optimal"
        summary = f"{self.name} ({SOLUTION_LABELS.get(self.name, self.name)}), score {number(self.score)}"
        headers, rows = outcome_rows([self.outcome], [self.name], (), [self.reported] if self.reported else ())
        return Table("Solution", summary + proven, headers[1:], tuple(r[1:] for r in rows), 1)


@dataclass(frozen=True, repr=False)
class Solutions(Shown):
    """The four classic solutions; None where no individually rational agreement exists,
    or, for the solutions named in ``unsolved``, where the solver found no agreement within
    its time limit (which does not mean there is none).

    ``parties`` names the utilities of each solution's outcome (empty when unknown).
    """

    nash: Solution | None
    kalai_smorodinsky: Solution | None
    egalitarian: Solution | None
    utilitarian: Solution | None
    parties: tuple[str, ...] = ()
    unsolved: tuple[SolutionName, ...] = ()

    def found(self) -> dict[SolutionName, Solution]:
        """The solutions that exist, by name, in the order of :data:`SOLUTION_NAMES`."""
        every: dict[SolutionName, Solution | None] = {n: getattr(self, n) for n in SOLUTION_NAMES}
        return {n: s for n, s in every.items() if s is not None}

    def by_party(self) -> dict[SolutionName, dict[str, float]]:
        """Each existing solution's utilities by party: ``{"nash": {"union": 0.6, ...}, ...}``."""
        return {n: by_party(self.parties, s.outcome.utilities) for n, s in self.found().items()}

    def _table(self, limit: int) -> Table:
        found = self.found()
        reported = [s.reported for s in found.values()] if any(s.reported for s in found.values()) else []
        headers, rows = outcome_rows([s.outcome for s in found.values()], list(found), self.parties, reported)
        scores = [s.score if s.optimal else f"{number(s.score)} (not proven)" for s in found.values()]
        body = [(r[0], score, *r[1:]) for r, score in zip(rows, scores, strict=True)]
        body += [(n, None) + (None,) * (len(headers) - 1) for n in SOLUTION_NAMES if n not in found]
        summary = f"{len(found)} of 4 found; parties {', '.join(self.parties) or 'not named'}"
        if self.unsolved:
            summary += f"; out of time: {', '.join(self.unsolved)}"
        return Table("Solutions", summary, ("solution", "score", *headers[1:]), tuple(body), len(body))


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


@dataclass(frozen=True, repr=False)
class Diagnosis(Shown):
    """Whether any agreement respects every red line, link and reservation value.

    When none does, ``corrections`` lists the minimal correction sets: each is a smallest
    set of constraints whose relaxation opens an agreement (``witness`` shows one for each).
    ``parties`` names the witnesses' utilities (empty when unknown).
    """

    feasible: bool
    corrections: tuple[tuple[Relaxation, ...], ...] = ()
    witnesses: tuple[Outcome, ...] = ()
    parties: tuple[str, ...] = ()

    def _table(self, limit: int) -> Table:
        if self.feasible:
            example = f"; for example {agreement_text(self.witnesses[0].agreement)}" if self.witnesses else ""
            return Table("Diagnosis", f"feasible: some agreement respects every constraint{example}")
        rows: list[tuple[Cell, ...]] = []
        for i, relax in enumerate(self.corrections[:limit]):
            witness = self.witnesses[i] if i < len(self.witnesses) else None
            what = "; ".join(f"{r.party} {r.kind.value.replace('_', ' ')} {r.description}" for r in relax)
            rows.append((i + 1, what, named(self.parties, witness.utilities) if witness else None))
        summary = f"no agreement; {plural(len(self.corrections), 'minimal correction set')}"
        return Table("Diagnosis", summary, ("#", "relax", "example utilities"), tuple(rows), len(self.corrections))
