"""Who bargains: the parties whose utilities the solutions maximise, and the others'
utilities reported beside them.

The rule. A bargaining problem in the sense of Nash (1950, "The bargaining problem",
Econometrica 18(2)) is a set of feasible utility vectors and a disagreement point with one
coordinate per *player*, a party whose agreement is needed. Individual rationality
(``u_i >= d_i``), the Pareto frontier, the Nash product, the Kalai-Smorodinsky ideal point
and the egalitarian minimum are all taken over those coordinates only. A party whose
agreement is not needed, a neutral mediator or an observer, has no coordinate: its utility
is no factor of the Nash product, its reservation value does not bound the agreement zone,
and its red lines and links do not constrain the agreement. Its utility of each agreement
reported is still computed and shown, marked as not maximised. By default the bargainers
are the rated signatories and guarantors (:meth:`accord.model.Scenario.bargaining_parties`);
a mediator with interests of its own, a party to the bargain as well as its broker (the
mediator as a player with stakes of its own, Touval & Zartman 1985, "International
Mediation in Theory and Practice"), is modelled by listing it among the bargainers.

How. Every analysis reads the parties from ``scenario.preferences``, so each runs
unchanged on a *view* of the scenario that holds the bargainers' preferences only
(:func:`bargaining_view`). The other rated parties' utilities are then computed, on the
whole scenario, for each agreement reported (:func:`reported`): the sum of
:meth:`Preferences.utility` point by point in document order, then the interaction bonuses,
rounded to 12 decimals as the frontier's utilities are.

Which agreement is reported when several give the bargainers the same utilities: the one
the bargainers' analysis keeps for that utility vector (the Pareto-list merge and the
solver keep one representative each, chosen without regard to the other parties), so a
mediator's reported utility is that of one such agreement, not its best or worst among
them.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from accord.analysis.common import rounded_utilities
from accord.analysis.proposals import Proposal
from accord.analysis.results import Frontier, Solution, Solutions
from accord.display import Rows
from accord.errors import AnalysisError
from accord.model import Scenario, Value

Reported = Mapping[str, float]
"""The utilities of the rated parties that do not bargain, by party: reported, not maximised."""


def bargaining_view(scenario: Scenario, bargainers: Sequence[str], *, chosen_by: str = "roles") -> Scenario:
    """``scenario`` with the preferences of ``bargainers`` only (the scenario itself when
    every rated party bargains): what every analysis of the bargain runs on.

    ``chosen_by`` says where the bargainers came from (``roles``, ``file`` or
    ``explicit``), for the AnalysisError raised when none is left among rated parties.
    """
    if not scenario.rated_parties or tuple(bargainers) == scenario.rated_parties:
        return scenario  # with no rated party, the analyses say so themselves
    if not bargainers:
        raise AnalysisError(_no_bargainer(scenario, chosen_by))
    prefs = {p: scenario.preferences[p] for p in scenario.rated_parties if p in set(bargainers)}
    return dataclasses.replace(scenario, preferences=prefs, bargainers=tuple(prefs))


def _no_bargainer(scenario: Scenario, chosen_by: str) -> str:
    """Why no rated party bargains, and what to do."""
    known = ", ".join(scenario.rated_parties)
    if chosen_by == "explicit":
        return f"no party bargains: the bargainers given are none; name at least one rated party ({known})"
    if chosen_by == "file":
        where = scenario.source or scenario.title
        return f"{where}: no party bargains: `bargainers:` is empty; name at least one rated party ({known})"
    roles = ", ".join(f"{p} ({scenario.party(p).role.value})" for p in scenario.rated_parties)
    return (
        f"no rated party bargains: the rated parties, {roles}, are mediators or observers, and by default only "
        f"signatories and guarantors bargain; list the parties that bargain under `bargainers:` in the file or "
        "with --bargainers (Python: bargainers=[...])"
    )


def others(scenario: Scenario, bargainers: Sequence[str]) -> tuple[str, ...]:
    """The rated parties that do not bargain, in ``rated_parties`` order."""
    return tuple(p for p in scenario.rated_parties if p not in set(bargainers))


def no_deal(scenario: Scenario, bargainers: Sequence[str], disagreement: Sequence[float] | None) -> dict[str, float]:
    """Every rated party's no-deal value: its reservation value (``None``), or the numbers
    given, one per bargaining party (the others keep their reservation values) or one per
    rated party. AnalysisError for another count or a number that is not finite."""
    rated = scenario.rated_parties
    values = {p: float(scenario.preferences[p].reservation) for p in rated}
    if disagreement is None:
        return values
    given = tuple(float(x) for x in disagreement)
    for x in given:
        if not math.isfinite(x):
            raise AnalysisError(f"disagreement value {x!r} is not a finite number")
    if len(given) == len(bargainers):
        values.update(zip(bargainers, given, strict=True))
    elif len(given) == len(rated):
        values.update(zip(rated, given, strict=True))
    else:
        raise AnalysisError(
            f"disagreement point has {len(given)} values; give one per bargaining party "
            f"({', '.join(bargainers)}) or one per rated party ({', '.join(rated)})"
        )
    return values


def reported(scenario: Scenario, parties: Sequence[str], agreements: Iterable[Mapping[str, Value]]) -> list[Reported]:
    """The utilities of ``parties`` for each agreement, by party, rounded to 12 decimals:
    the sums of :meth:`Preferences.utility`, each contribution computed once per (point,
    value) rather than once per agreement (a frontier may hold tens of thousands)."""
    given = [scenario.ordered(a) for a in agreements]
    if not parties or not given:
        return [{} for _ in given]
    columns = np.array([_utilities(scenario, p, given) for p in parties], dtype=float).T
    rounded = rounded_utilities(columns).tolist()
    return [dict(zip(parties, row, strict=True)) for row in rounded]


def _utilities(scenario: Scenario, party: str, agreements: Sequence[Mapping[str, Value]]) -> list[float]:
    """One party's utility of each agreement, as :meth:`Preferences.utility` adds it up."""
    prefs = scenario.preferences[party]
    table: dict[tuple[str, Value], float] = {}
    out = []
    for agreement in agreements:
        u = 0.0
        for item in agreement.items():
            c = table.get(item)
            if c is None:
                c = table[item] = prefs.contribution(*item)
            u += c
        for k in prefs.interactions:
            if k.applies(agreement):
                u += k.bonus
        out.append(u)
    return out


def with_reported_frontier(scenario: Scenario, frontier: Frontier, parties: Sequence[str]) -> Frontier:
    """``frontier`` with the utilities of ``parties`` (the non-bargainers) of each outcome."""
    if not parties:
        return frontier
    rows = reported(scenario, parties, (o.agreement for o in frontier.outcomes))
    return dataclasses.replace(frontier, reported=tuple(rows))


def with_reported_solutions(scenario: Scenario, solutions: Solutions, parties: Sequence[str]) -> Solutions:
    """``solutions`` with the utilities of ``parties`` of each solution's agreement."""
    if not parties:
        return solutions
    found = solutions.found()
    rows = dict(zip(found, reported(scenario, parties, (s.outcome.agreement for s in found.values())), strict=True))

    def add(solution: Solution | None) -> Solution | None:
        return None if solution is None else dataclasses.replace(solution, reported=rows[solution.name])

    return dataclasses.replace(
        solutions,
        nash=add(solutions.nash),
        kalai_smorodinsky=add(solutions.kalai_smorodinsky),
        egalitarian=add(solutions.egalitarian),
        utilitarian=add(solutions.utilitarian),
    )


def with_reported_proposals(
    scenario: Scenario, proposals: Sequence[Proposal], parties: Sequence[str], draft_id: str
) -> Rows[Proposal]:
    """``proposals`` near draft ``draft_id`` with the utilities of ``parties`` of each
    proposal and of the draft completed with the proposal's values on its open points (as
    :class:`Proposal` measures ``before``)."""
    if not parties:
        return Rows(proposals)
    draft = scenario.draft(draft_id).choices
    after = reported(scenario, parties, (p.outcome.agreement for p in proposals))
    before = reported(scenario, parties, ({**p.outcome.agreement, **draft} for p in proposals))
    return Rows(
        dataclasses.replace(p, reported=a, reported_before=b) for p, a, b in zip(proposals, after, before, strict=True)
    )
