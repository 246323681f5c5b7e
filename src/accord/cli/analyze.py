"""``accord analyze``: frontier, fair solutions, drafts and, where needed, why no deal exists."""

from __future__ import annotations

import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer

from accord.analysis import bargaining
from accord.analysis.consensus import ConsensusMap
from accord.analysis.drafts import DraftUtility
from accord.analysis.results import Diagnosis, Frontier, Solution, Solutions
from accord.api import Case
from accord.cli.analyze_render import render_analysis
from accord.cli.errors import reports_errors
from accord.cli.loading import load_path
from accord.cli.output import JsonOption, console, print_json, working
from accord.cli.plot import PlotData, write_plot
from accord.errors import FrontierTooLargeError

SOLUTION_KEYS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
_TIE_LABELS = {"nash": "Nash product", "utilitarian": "total utility"}


class DisagreementChoice(StrEnum):
    """Where the disagreement point comes from."""

    RESERVATION = "reservation"
    ZERO = "zero"


DisagreementOption = Annotated[
    DisagreementChoice,
    typer.Option("--disagreement", help="Disagreement point: each party's reservation value, or zero."),
]
PathArg = Annotated[
    Path, typer.Argument(metavar="PATH", help="An accord scenario file or a GENIUS / GeniusWeb folder.")
]


class Report:
    """Everything ``analyze`` computed, kept together for the JSON, the tables and the plot."""

    def __init__(self, case: Case, disagreement: str) -> None:
        started = time.perf_counter()
        self.case = case
        self.parties = case.scenario.rated_parties
        self.disagreement = case.disagreement(disagreement)
        self.too_large = ""
        try:
            self.frontier: Frontier | None = case.frontier(disagreement)
        except FrontierTooLargeError as err:
            self.frontier, self.too_large = None, str(err)
        self.solutions: Solutions = case.solutions(disagreement)
        self.drafts: tuple[DraftUtility, ...] = case.drafts() if case.scenario.drafts else ()
        listed = self.frontier is not None and bool(self.frontier.outcomes)
        self.gains = {d.draft: d.gain for d in case.distances(disagreement)} if listed else {}
        empty = self.frontier is not None and not self.frontier.outcomes
        self.diagnosis: Diagnosis | None = case.diagnose(disagreement) if empty else None
        self.explanation = case.explain(disagreement) if self.diagnosis else []
        self.seconds = time.perf_counter() - started

    def broken(self, draft_id: str) -> dict[str, list[str]]:
        """Per party, the red lines and links the draft's decided points already break."""
        s = self.case.scenario
        choices = s.draft(draft_id).choices
        broken = {party: prefs.violations(choices) for party, prefs in s.preferences.items()}
        return {party: lines for party, lines in broken.items() if lines}

    def consensus(self) -> ConsensusMap | None:
        """The consensus map of the latest draft that has stances on record, if any."""
        with_stances = [
            d.id for d in self.case.scenario.drafts if any(s.draft == d.id for s in self.case.scenario.stances)
        ]
        return self.case.consensus(with_stances[-1]) if with_stances else None

    def ties(self) -> dict[str, int]:
        """For each solution whose best score several frontier outcomes share: how many."""
        f = self.frontier
        if f is None or not f.outcomes:
            return {}
        columns = bargaining.scores(f)
        out = {}
        for key, sol in self.solution_map().items():
            if sol is None or key in ("kalai_smorodinsky", "egalitarian"):  # these break ties by rule
                continue
            # equal to 12 decimals, the precision of the frontier's utilities
            count = int((np.round(columns[key], 12) == round(sol.score, 12)).sum())
            if count > 1:
                out[key] = count
        return out

    def solution_map(self) -> dict[str, Solution | None]:
        """The four solutions by their JSON key."""
        return {key: getattr(self.solutions, key) for key in SOLUTION_KEYS}

    def to_json(self) -> dict[str, Any]:
        """The ``analyze --json`` object (DESIGN.md "Command line"; extra keys may be added)."""
        s = self.case.scenario
        f = self.frontier
        pareto = (
            None
            if f is None
            else [{"agreement": dict(o.agreement), "utilities": list(o.utilities)} for o in f.outcomes]
        )
        return {
            "scenario": s.title,
            "parties": list(self.parties),
            "outcome_count": s.outcome_count(),
            "disagreement": list(self.disagreement),
            "pareto": pareto,
            "solutions": {k: _solution_json(v) for k, v in self.solution_map().items()},
            "method": "cpsat" if f is None else f.method,
            "frontier_size": None if f is None else len(f.outcomes),
            "note": self.too_large or None,
            "ties": self.ties(),
            "drafts": [self._draft_json(d) for d in self.drafts],
            "diagnosis": None if self.diagnosis is None else _diagnosis_json(self.diagnosis, self.explanation),
            "seconds": round(self.seconds, 4),
        }

    def _draft_json(self, d: DraftUtility) -> dict[str, Any]:
        rational = [p for p, lo, r in zip(self.parties, d.low, self.disagreement, strict=True) if lo >= r]
        return {
            "id": d.draft,
            "open_points": list(d.open_points),
            "utilities": {"low": list(d.low), "high": list(d.high)},
            "acceptable_to": rational,
            "breaks": self.broken(d.draft),
            "common_gain": self.gains.get(d.draft),
        }

    def plot_data(self) -> PlotData:
        """The numbers the Pareto plot shows."""
        return PlotData(
            title=self.case.scenario.title,
            parties=tuple(self.case.scenario.party(p).name for p in self.parties),
            frontier=[o.utilities for o in self.frontier.outcomes] if self.frontier else [],
            solutions={k: v.outcome.utilities for k, v in self.solution_map().items() if v is not None},
            drafts={d.draft: d.low for d in self.drafts if d.complete},
            disagreement=self.disagreement,
            axes=self._axes(),
        )

    def _axes(self) -> tuple[int, int]:
        """The two parties to plot: signatories first, in file order."""
        s = self.case.scenario
        order = sorted(
            range(len(self.parties)),
            key=lambda i: (s.party(self.parties[i]).role.value != "signatory", i),
        )
        return order[0], order[1]


def _solution_json(solution: Solution | None) -> dict[str, Any] | None:
    if solution is None:
        return None
    return {
        "agreement": dict(solution.outcome.agreement),
        "utilities": list(solution.outcome.utilities),
        "score": solution.score,
    }


def _diagnosis_json(diagnosis: Diagnosis, explanation: list[str]) -> dict[str, Any]:
    return {
        "feasible": diagnosis.feasible,
        "corrections": [
            [{"party": r.party, "kind": r.kind.value, "description": r.description} for r in correction]
            for correction in diagnosis.corrections
        ],
        "explanation": explanation,
    }


@reports_errors
def analyze(
    path: PathArg,
    as_json: JsonOption = False,
    disagreement: DisagreementOption = DisagreementChoice.RESERVATION,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Also draw the frontier to FILE.png (matplotlib) or FILE.html.")
    ] = None,
) -> None:
    """Compute the Pareto frontier, the fair solutions and each draft's standing.

    When no agreement respects every red line, link and reservation value, says so and
    names the smallest sets of constraints whose relaxation would open one.

    Example:

        accord analyze examples/ukraine-2025.yaml --plot ukraine.png
    """
    case = Case(load_path(path))
    with working("Computing the Pareto frontier and the fair solutions"):
        report = Report(case, disagreement.value)
    plotted = report.frontier is None or bool(report.frontier.outcomes)
    if plot is not None and plotted:
        write_plot(report.plot_data(), plot)
    for key, count in report.ties().items():
        print(
            f"note: {count} frontier agreements tie for the best {_TIE_LABELS[key]}; the one shown is the first in "
            "frontier order (see docs/how-to/degenerate-cases.md)",
            file=sys.stderr,
        )
    if as_json:
        print_json(report.to_json())
        return
    render_analysis(report, console())
    if plot is not None:
        typer.echo(f"wrote {plot}" if plotted else f"no plot: the frontier is empty ({plot} not written)")
