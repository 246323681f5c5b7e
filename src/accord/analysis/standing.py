"""Where each draft stands, and which solutions are tied: the facts reported beside a frontier.

- *Acceptable to*: a party accepts a draft when its utility is at least its disagreement
  value over every way of filling the draft's open points (the low end of the draft's
  utility range, :mod:`accord.analysis.drafts`), the individual-rationality condition of
  Nash (1950).
- *Breaks*: the red lines and links a draft's decided points already break, per party
  (:meth:`accord.model.Preferences.violations`; links whose required point is still open
  are not yet broken).
- *Ties*: Nash and utilitarian scores can be shared by several frontier outcomes (the
  solutions then take the first in frontier order, :mod:`accord.analysis.bargaining`);
  Kalai-Smorodinsky and egalitarian break their ties by rule (the sum; leximin), so they
  are not reported. Scores are compared at 12 decimals, the precision of the frontier.
- *The draft of the consensus map*: the latest draft, in file order, that has stances on
  record; when no draft has any, the last draft. One rule for the library and the command
  line.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from accord.analysis import bargaining
from accord.analysis.drafts import DraftUtility
from accord.analysis.results import SOLUTION_NAMES, Frontier, SolutionName, Solutions
from accord.model import Scenario


def acceptable_to(draft: DraftUtility, parties: Sequence[str], disagreement: Sequence[float]) -> tuple[str, ...]:
    """The parties (ids, in ``parties`` order) whose utility of ``draft`` is at least their
    disagreement value however its open points are filled."""
    return tuple(p for p, low, d in zip(parties, draft.low, disagreement, strict=True) if low >= d)


def breaks(scenario: Scenario, draft_id: str) -> dict[str, list[str]]:
    """Per party with any: the red lines and links that the draft's decided points break,
    described (``territory=recognise``)."""
    choices = scenario.draft(draft_id).choices
    broken = {party: prefs.violations(choices) for party, prefs in scenario.preferences.items()}
    return {party: lines for party, lines in broken.items() if lines}


def ties(frontier: Frontier, solutions: Solutions) -> dict[SolutionName, int]:
    """For the Nash and utilitarian solutions: how many frontier outcomes share the best
    score, where more than one does."""
    if not frontier.outcomes:
        return {}
    columns = bargaining.scores(frontier)
    out: dict[SolutionName, int] = {}
    for name in SOLUTION_NAMES:
        solution = getattr(solutions, name)
        if solution is None or name in ("kalai_smorodinsky", "egalitarian"):  # tie-broken by rule
            continue
        count = int((np.round(columns[name], 12) == round(solution.score, 12)).sum())
        if count > 1:
            out[name] = count
    return out


def consensus_draft(scenario: Scenario) -> str | None:
    """The draft whose consensus map is shown by default: the latest draft (file order)
    with stances on record, else the last draft; None when there are no drafts."""
    with_stances = {s.draft for s in scenario.stances}
    for draft in reversed(scenario.drafts):
        if draft.id in with_stances:
            return draft.id
    return scenario.drafts[-1].id if scenario.drafts else None
