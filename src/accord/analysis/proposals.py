"""Compromise proposals: frontier agreements near a draft, ranked by changes for the gain.

Every candidate is an agreement on the Pareto frontier of the individually rational
agreements (so it respects every red line, link and reservation value of the parties in
``scenario.preferences``: the bargainers, when the caller passes the bargainers' view of
:mod:`accord.analysis.bargainers`). For each, the
points where it departs from the draft are reduced greedily: a changed point goes back to
the draft's value whenever that leaves every party's utility and every constraint as they
were. Candidates are then ranked on the trade-off between the number of changed points
and the chosen fairness score (a staircase: the fewest changes reaching each new best
score, in the spirit of Raiffa's single negotiating text, which moves the text by small
steps that everyone can follow [Raiffa1982]_), then by score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from accord.analysis import bargaining
from accord.analysis.consensus import consensus_map
from accord.analysis.results import Frontier, Outcome, SolutionName, by_party, solution_name
from accord.display import Cell, Rows, Shown, Table, named, utility_columns
from accord.model import Scenario, StanceKind, Value

SCORE_LABELS: Mapping[SolutionName, str] = {
    "nash": "Nash product",
    "kalai_smorodinsky": "Kalai-Smorodinsky ratio",
    "egalitarian": "smallest gain",
    "utilitarian": "total utility",
}
"""What each solution's score measures, as the reasons of proposals say it."""


@dataclass(frozen=True)
class Change:
    """One point the proposal changes (``before`` None: the draft left it open)."""

    point: str
    before: Value | None
    after: Value


@dataclass(frozen=True, repr=False)
class Proposal(Shown):
    """A ranked compromise version.

    ``before`` holds each party's utility of the draft completed with this proposal's
    values on the draft's open points, so ``gains`` measure the changes to decided points.
    ``parties`` names the utilities, before and gains (the parties who bargain);
    ``reported`` and ``reported_before`` hold the same two utilities for the rated parties
    who do not bargain, by party: reported, not maximised.
    """

    rank: int
    outcome: Outcome
    changes: tuple[Change, ...]
    before: tuple[float, ...]
    gains: tuple[float, ...]
    scores: Mapping[str, float]
    answers: tuple[str, ...]
    remaining: tuple[str, ...]
    reason: str
    parties: tuple[str, ...] = ()
    reported: Mapping[str, float] = field(default_factory=dict)
    reported_before: Mapping[str, float] = field(default_factory=dict)

    def by_party(self) -> dict[str, float]:
        """The proposal's utilities by party."""
        return by_party(self.parties, self.outcome.utilities)

    @property
    def reported_gains(self) -> dict[str, float]:
        """What the proposal changes for each party who does not bargain (``reported`` less
        ``reported_before``)."""
        return {p: u - self.reported_before[p] for p, u in self.reported.items()}

    def _changed(self) -> str:
        return "; ".join(f"{c.point}: {'open' if c.before is None else c.before} -> {c.after}" for c in self.changes)

    def _row(self) -> dict[str, Cell]:
        names = utility_columns(self.parties, len(self.outcome.utilities))
        row: dict[str, Cell] = {"rank": self.rank, "changes": len(self.changes)}
        row.update(zip(names, self.outcome.utilities, strict=True))
        row.update({f"{p} (not maximised)": u for p, u in self.reported.items()})
        row.update({"changed": self._changed() or "none", "reason": self.reason})
        return row

    def _table(self, limit: int) -> Table:
        summary = (
            f"#{self.rank}, {self.reason}; utilities {named(self.parties, self.outcome.utilities)}; "
            f"gains {named(self.parties, self.gains)}"
        )
        if self.reported:
            summary += f"; not maximised: {named(tuple(self.reported), tuple(self.reported.values()))}"
        rows = tuple((c.point, c.before, c.after) for c in self.changes)
        return Table("Proposal", summary, ("point", "draft", "proposal"), rows[:limit], len(rows))


def propose(
    scenario: Scenario,
    frontier: Frontier,
    draft_id: str,
    method: SolutionName | Literal["ks"] = "nash",
    n: int = 5,
) -> Rows[Proposal]:
    """Up to ``n`` ranked proposals near draft ``draft_id``, scored by ``method`` (one of
    :data:`~accord.analysis.results.SOLUTION_NAMES`, or ``ks``).

    Raises UnknownIdError for an unknown draft or method.
    """
    key = solution_name(method)
    draft = scenario.draft(draft_id).choices
    if not frontier.outcomes:
        return Rows()
    table = _Contributions(scenario)
    columns = bargaining.scores(frontier)
    candidates = []
    for i, outcome in enumerate(frontier.outcomes):
        agreement = _closest(scenario, outcome, draft, table)
        changes = tuple(
            Change(p, draft.get(p), agreement[p]) for p in scenario.point_ids if draft.get(p) != agreement[p]
        )
        scores = {k: float(v[i]) for k, v in columns.items()}
        candidates.append((Outcome(agreement, outcome.utilities), changes, scores))
    chosen = _rank(candidates, key, n)
    return Rows(_describe(scenario, draft_id, rank, cand, why) for rank, (cand, why) in enumerate(chosen, start=1))


def _closest(
    scenario: Scenario, outcome: Outcome, draft: Mapping[str, Value], table: _Contributions
) -> dict[str, Value]:
    """``outcome``'s agreement with every change that buys nothing reverted to the draft.

    A point may go back to the draft's value when that value contributes exactly the same
    to every party, no interaction term involves the point, and no constraint breaks.
    """
    agreement = dict(scenario.ordered(outcome.agreement))
    for point in scenario.point_ids:
        old = draft.get(point)
        if old is None or agreement[point] == old or point in table.interacting:
            continue
        if table.of(point, old) != table.of(point, agreement[point]):
            continue
        trial = {**agreement, point: old}
        if _allowed(scenario, trial):
            agreement = trial
    return agreement


class _Contributions:
    """Each party's contribution of each (point, value), computed once."""

    def __init__(self, scenario: Scenario) -> None:
        self.prefs = [scenario.preferences[p] for p in scenario.rated_parties]
        self.interacting = {pt for pr in self.prefs for k in pr.interactions for pt, _ in k.conditions}
        self.cache: dict[tuple[str, Value], tuple[float, ...]] = {}

    def of(self, point: str, value: Value) -> tuple[float, ...]:
        key = (point, value)
        if key not in self.cache:
            self.cache[key] = tuple(p.contribution(point, value) for p in self.prefs)
        return self.cache[key]


def _allowed(scenario: Scenario, agreement: Mapping[str, Value]) -> bool:
    return not any(p.violations(agreement) for p in scenario.preferences.values())


Candidate = tuple[Outcome, tuple[Change, ...], dict[str, float]]


def _rank(candidates: list[Candidate], method: SolutionName, n: int) -> list[tuple[Candidate, str]]:
    by_changes = sorted(candidates, key=lambda c: (len(c[1]), -c[2][method]))
    stairs: list[Candidate] = []
    for cand in by_changes:
        if not stairs or cand[2][method] > stairs[-1][2][method]:
            stairs.append(cand)
    if len(stairs) > n:
        stairs = [*stairs[: n - 1], stairs[-1]]
    picked = [(c, f"fewest changes ({_count(c[1])}) for this {_label(method)}") for c in stairs]
    picked[-1] = (picked[-1][0], f"best {_label(method)} on the frontier, with {_count(picked[-1][0][1])}")
    rest = sorted((c for c in candidates if all(c is not s for s in stairs)), key=lambda c: -c[2][method])
    picked += [(c, f"next best {_label(method)}") for c in rest[: max(0, n - len(picked))]]
    return picked


def _count(changes: tuple[Change, ...]) -> str:
    """``3 changed points`` or ``3 changed points, 2 open points settled``."""
    settled = sum(1 for c in changes if c.before is None)
    changed = len(changes) - settled
    text = f"{changed} changed point{'s' if changed != 1 else ''}"
    return f"{text}, {settled} open point{'s' if settled != 1 else ''} settled" if settled else text


def _label(method: SolutionName) -> str:
    return SCORE_LABELS[method]


def _describe(scenario: Scenario, draft_id: str, rank: int, cand: Candidate, why: str) -> Proposal:
    outcome, changes, scores = cand
    draft = scenario.draft(draft_id).choices
    completed = {**outcome.agreement, **draft}
    before = scenario.utilities(completed)
    gains = tuple(a - b for a, b in zip(outcome.utilities, before, strict=True))
    answers, remaining = _stances(scenario, draft_id, outcome.agreement)
    return Proposal(rank, outcome, changes, before, gains, scores, answers, remaining, why, scenario.rated_parties)


def _stances(
    scenario: Scenario, draft_id: str, agreement: Mapping[str, Value]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Which recorded objections and amendments the agreement answers, and which remain."""
    answers: list[str] = []
    remaining: list[str] = []
    for row in consensus_map(scenario, draft_id).points:
        title = scenario.point(row.point).title
        value = agreement[row.point]
        for party, stance in row.stances.items():
            if stance is None or stance is StanceKind.ACCEPT:
                continue
            name = scenario.party(party).name
            if stance is StanceKind.AMEND and value == row.proposals.get(party):
                answers.append(f"adopts {name}'s amendment on {title}")
            elif row.choice is None:
                answers.append(f"settles {title}, left open in the draft, which {name} found {_word(stance)}")
            elif value != row.choice:
                answers.append(f"changes {title}, which {name} found {_word(stance)}")
            elif stance is not StanceKind.CRITICISE:
                remaining.append(f"keeps {title}, which {name} found {_word(stance)}")
    return tuple(answers), tuple(remaining)


def _word(stance: StanceKind) -> str:
    return {
        StanceKind.UNACCEPTABLE: "unacceptable",
        StanceKind.CRITICISE: "open to criticism",
        StanceKind.AMEND: "in need of amendment",
    }[stance]
