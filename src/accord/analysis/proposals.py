"""Compromise proposals: the fairest agreement for each number of changes to a draft.

Candidates. Every frontier agreement of the bargainers (so it respects every red line, link
and reservation value of the parties in ``scenario.preferences``: the bargainers, when the
caller passes the bargainers' view of :mod:`accord.analysis.bargainers`), with every change
from the draft that buys nothing sent back to the draft's value
(:func:`accord.analysis.proposal_search.revert`).

The ranking rule, in one sentence (:func:`ranking_rule`): *for each number of changed
points, the agreement with the highest score among those changing at most that many,
kept when it scores higher than any with fewer changes; listed by score, best first, so
that each next one changes fewer points and scores lower.* The score is the chosen
solution's own (Nash product, Kalai-Smorodinsky share, smallest gain or total utility,
:func:`accord.analysis.bargaining.scores`), so the first proposal is that solution's
agreement, with the fewest changes among those tied. These are the agreements no other
beats on both counts, fewer changes and a higher score: the steps a single negotiating text
can take from the draft, each buying fairness with changes [Raiffa1982]_. When more exist
than asked for, the best-scoring ones are shown.

What a person reads. Each party's *share*: its gain over no deal as a fraction of the most
it could gain, ``(u_i - d_i) / (best_i - d_i)``, ``best_i`` being its best utility on the
frontier (the ideal point of Kalai & Smorodinsky 1975); None when it can gain nothing
anywhere. Every frontier agreement is individually rational, so shares lie in [0, 1].
Per changed point, each rated party's gain: what the new option adds to its utility minus
what the draft's adds (the additive value model, [KeeneyRaiffa1976]_ ch. 3); without
interaction bonuses they sum to the total gain. Gains compare the proposal with the draft
*completed by the proposal's own values on its open points*, so settling an open point
changes no gain. Stances answered and warnings: :mod:`accord.analysis.proposal_text`.

Every frontier agreement is handled at once, as arrays (:mod:`accord.analysis.proposal_search`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from accord.analysis import bargaining
from accord.analysis.proposal_search import choice_matrix, draft_row, revert, staircase, value_lists
from accord.analysis.proposal_text import (
    Objections,
    ProposalWarning,
    StanceCheck,
    ancestor_objections,
    stance_checks,
    warnings,
)
from accord.analysis.results import Frontier, Outcome, SolutionName, by_party, solution_name
from accord.display import Cell, Rows, Shown, Table, named, utility_columns
from accord.model import Scenario, Value

SCORE_LABELS: Mapping[SolutionName, str] = {
    "nash": "Nash product",
    "kalai_smorodinsky": "Kalai-Smorodinsky share",
    "egalitarian": "smallest gain",
    "utilitarian": "total utility",
}
"""What each solution's score measures, as the reasons of proposals say it."""

SCORE_MEANINGS: Mapping[SolutionName, str] = {
    "nash": "the product of the bargainers' gains over no deal",
    "kalai_smorodinsky": "the smallest share any bargainer gets of what it could gain",
    "egalitarian": "the smallest gain over no deal of any bargainer",
    "utilitarian": "the sum of the bargainers' utilities",
}
"""What each score is, in words."""


@dataclass(frozen=True)
class Change:
    """One point the proposal changes (``before`` None: the draft left it open)."""

    point: str
    before: Value | None
    after: Value

    @property
    def settled(self) -> bool:
        """Whether the draft left this point open (the proposal settles it)."""
        return self.before is None


@dataclass(frozen=True, repr=False)
class Proposal(Shown):
    """A ranked compromise version.

    ``before`` holds each bargainer's utility of the draft completed with this proposal's
    values on the draft's open points, so ``gains`` measure the changes to decided points
    (both rounded to 12 decimals). ``parties`` names the utilities, before, gains and
    ``shares`` (the parties who bargain): each one's gain over no deal as a fraction of the
    most it could gain on the frontier (None: it can gain nothing). ``scores`` holds the four
    solutions' scores, ``method`` the one the ranking follows. ``point_gains`` maps each
    changed point the draft decided to every rated party's gain from that change.
    ``stances`` says what the proposal does to each current stance, ``warnings`` what to
    look at twice (:mod:`accord.analysis.proposal_text`). ``steps`` counts the versions the
    ranking rule yields in all (a proposal list may show fewer). ``reported`` and
    ``reported_before`` hold the utilities of the rated parties who do not bargain, by
    party: reported, not maximised.
    """

    rank: int
    outcome: Outcome
    changes: tuple[Change, ...]
    before: tuple[float, ...]
    gains: tuple[float, ...]
    scores: Mapping[str, float]
    reason: str
    parties: tuple[str, ...] = ()
    reported: Mapping[str, float] = field(default_factory=dict)
    reported_before: Mapping[str, float] = field(default_factory=dict)
    method: SolutionName = "nash"
    shares: tuple[float | None, ...] = ()
    point_gains: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    stances: tuple[StanceCheck, ...] = ()
    warnings: tuple[ProposalWarning, ...] = ()
    steps: int = 0

    def by_party(self) -> dict[str, float]:
        """The proposal's utilities by party."""
        return by_party(self.parties, self.outcome.utilities)

    @property
    def score(self) -> float:
        """The score the ranking follows (``scores[method]``)."""
        return self.scores[self.method]

    @property
    def answers(self) -> tuple[str, ...]:
        """The stances the proposal meets, in words."""
        return tuple(s.text for s in self.stances if s.verdict == "met")

    @property
    def remaining(self) -> tuple[str, ...]:
        """The objections and amendments it leaves as they were, in words."""
        return tuple(s.text for s in self.stances if s.verdict == "kept")

    @property
    def reported_gains(self) -> dict[str, float]:
        """What the proposal changes for each party who does not bargain (``reported`` less
        ``reported_before``)."""
        return {p: u - self.reported_before[p] for p, u in self.reported.items()}

    def total_gains(self) -> dict[str, float]:
        """Every rated party's change from the draft (open points as settled here) to the
        proposal: the bargainers' ``gains``, then the others' ``reported_gains``."""
        return dict(zip(self.parties, self.gains, strict=True)) | self.reported_gains

    def bonus_gains(self) -> dict[str, float]:
        """The part of each rated party's change that no single point explains: the
        package-deal (interaction) bonuses gained or lost, ``total_gains`` less the sum of
        ``point_gains``, rounded to 9 decimals (so 0 without interaction terms: the gains
        are each rounded to 12)."""
        return {
            p: round(g - sum(gains.get(p, 0.0) for gains in self.point_gains.values()), 9) + 0.0
            for p, g in self.total_gains().items()
        }

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


def ranking_rule(method: SolutionName | Literal["ks"], draft: str = "the draft") -> str:
    """The ranking rule in one sentence, as the output header states it."""
    label = SCORE_LABELS[solution_name(method)]
    return (
        f"For each number of points changed in {draft}, the version with the highest {label} "
        f"({SCORE_MEANINGS[solution_name(method)]}) among those changing no more, best first: "
        f"each next one changes fewer points and has a lower {label}."
    )


def propose(
    scenario: Scenario,
    frontier: Frontier,
    draft_id: str,
    method: SolutionName | Literal["ks"] = "nash",
    n: int = 5,
    *,
    everyone: Scenario | None = None,
) -> Rows[Proposal]:
    """Up to ``n`` proposals near draft ``draft_id`` by the rule of :func:`ranking_rule`,
    scored by ``method`` (one of :data:`~accord.analysis.results.SOLUTION_NAMES`, or ``ks``).

    ``scenario`` is the bargainers' view the frontier was computed on; ``everyone``, the
    whole scenario (default: ``scenario``), gives the per-point gains of every rated party
    and the utilities of the draft's authors for the warnings.

    Raises UnknownIdError for an unknown draft or method.
    """
    key = solution_name(method)
    draft = scenario.draft(draft_id)
    if not frontier.outcomes:
        return Rows()
    whole = everyone if everyone is not None else scenario
    row = draft_row(scenario, draft.choices)
    choices = revert(scenario, choice_matrix(scenario, frontier.outcomes), row)
    changes = (choices != row).sum(axis=1)
    scores = bargaining.scores(frontier)
    steps = staircase(changes, scores[key])
    chosen = [int(i) for i in steps[::-1][:n]]
    lists = value_lists(scenario)
    utilities = np.array([o.utilities for o in frontier.outcomes], dtype=float)
    low = np.asarray(frontier.disagreement, dtype=float)
    span = utilities.max(axis=0) - low
    objections = ancestor_objections(scenario, draft.id)
    out = []
    for rank, i in enumerate(chosen, start=1):
        agreement = {p: lists[j][choices[i, j]] for j, p in enumerate(scenario.point_ids)}
        shares = tuple(float((utilities[i, k] - low[k]) / span[k]) if span[k] > 0 else None for k in range(len(span)))
        scored = {name: float(v[i]) for name, v in scores.items()}
        outcome = Outcome(agreement, frontier.outcomes[i].utilities)
        why = _reason(key, _count(draft.choices, agreement, scenario), best=rank == 1)
        found = _describe(scenario, whole, draft.id, rank, outcome, scored, shares, why, key, objections)
        out.append(dataclasses.replace(found, steps=len(steps)))
    return Rows(out)


def _count(draft: Mapping[str, Value], agreement: Mapping[str, Value], scenario: Scenario) -> tuple[int, int]:
    """(changed points the draft decided, open points settled)."""
    settled = sum(1 for p in scenario.point_ids if p not in draft)
    changed = sum(1 for p in scenario.point_ids if p in draft and draft[p] != agreement[p])
    return changed, settled


def _reason(method: SolutionName, counts: tuple[int, int], *, best: bool) -> str:
    """``the highest Nash product on the frontier: 8 changed points, 15 open points settled``
    or ``the highest Nash product with at most 5 changed points (15 open points settled)``."""
    changed, settled = counts
    points = f"{changed} changed point{'s' if changed != 1 else ''}"
    opened = f"{settled} open point{'s' if settled != 1 else ''} settled" if settled else ""
    if best:
        return f"the highest {SCORE_LABELS[method]} on the frontier: {points}" + (f", {opened}" if opened else "")
    return f"the highest {SCORE_LABELS[method]} with at most {points}" + (f" ({opened})" if opened else "")


def _describe(
    view: Scenario,
    whole: Scenario,
    draft_id: str,
    rank: int,
    outcome: Outcome,
    scores: dict[str, float],
    shares: tuple[float | None, ...],
    why: str,
    method: SolutionName,
    objections: Objections,
) -> Proposal:
    """The proposal of one chosen agreement: changes, gains (total and per point), stances,
    warnings."""
    draft = view.draft(draft_id).choices
    agreement = outcome.agreement
    changes = tuple(Change(p, draft.get(p), agreement[p]) for p in view.point_ids if draft.get(p) != agreement[p])
    completed = {**agreement, **draft}
    before = tuple(round(u, 12) + 0.0 for u in view.utilities(completed))
    gains = tuple(round(a - b, 12) + 0.0 for a, b in zip(outcome.utilities, before, strict=True))
    rated = whole.rated_parties
    everyone_gains = {p: round(whole.utility(p, agreement) - whole.utility(p, completed), 12) + 0.0 for p in rated}
    everyone_gains.update(zip(view.rated_parties, gains, strict=True))
    point_gains = {
        c.point: {
            p: round(
                whole.preferences[p].contribution(c.point, c.after)
                - whole.preferences[p].contribution(c.point, c.before),
                12,
            )
            + 0.0
            for p in rated
        }
        for c in changes
        if c.before is not None
    }
    return Proposal(
        rank=rank,
        outcome=outcome,
        changes=changes,
        before=before,
        gains=gains,
        scores=scores,
        reason=why,
        parties=view.rated_parties,
        method=method,
        shares=shares,
        point_gains=point_gains,
        stances=stance_checks(whole, draft_id, agreement),
        warnings=warnings(whole, draft_id, agreement, everyone_gains, objections),
    )
