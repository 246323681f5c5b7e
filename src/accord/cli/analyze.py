"""``accord analyze``: frontier, fair solutions, drafts and, where needed, why no deal exists.

The command parses, calls :meth:`accord.api.Case.analyze` and renders: every number it
prints comes from the library.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from accord.cli.errors import reports_errors
from accord.cli.output import (
    BargainersOption,
    JsonOption,
    ProfilesOption,
    TimeLimitOption,
    console,
    print_json,
    working,
)

if TYPE_CHECKING:  # the modules themselves load when the command runs (a fast --help and --version)
    from accord.analysis.drafts import DraftUtility
    from accord.analysis.results import Diagnosis, Relaxation, Solution
    from accord.api import Analysis, Case

_TIE_LABELS = {"nash": "Nash product", "utilitarian": "total utility"}


class DisagreementChoice(StrEnum):
    """Where the disagreement point comes from."""

    RESERVATION = "reservation"
    ZERO = "zero"

    @property
    def key(self) -> Literal["reservation", "zero"]:
        """The library's name for it."""
        return "zero" if self is DisagreementChoice.ZERO else "reservation"


DisagreementOption = Annotated[
    DisagreementChoice,
    typer.Option("--disagreement", help="Disagreement point: each party's reservation value, or zero."),
]
PathArg = Annotated[
    Path, typer.Argument(metavar="PATH", help="An accord scenario file or a GENIUS / GeniusWeb folder.")
]
TimingsOption = Annotated[
    bool, typer.Option("--timings", help="Add the seconds the analysis took (JSON: a `seconds` key).")
]


def analysis_json(case: Case, a: Analysis, *, timings: bool = False) -> dict[str, Any]:
    """The ``analyze --json`` object (DESIGN.md "Command line"; extra keys may be added).

    Every ``utilities`` list is in the order of ``parties``, the parties who bargain (also
    named ``bargainers``); the rated parties who do not (``reported_parties``) have their
    utilities under ``reported``, by party, in each solution, each draft and, when there
    are such parties, each frontier point.
    """
    from accord.analysis.results import SOLUTION_NAMES

    s = case.scenario
    f = a.frontier
    pareto: list[dict[str, Any]] | None = None
    if f is not None:
        pareto = [{"agreement": dict(o.agreement), "utilities": list(o.utilities)} for o in f.outcomes]
        for entry, reported in zip(pareto, f.reported, strict=False):
            entry["reported"] = dict(reported)
    out = {
        "scenario": s.title,
        "parties": list(a.parties),
        "bargainers": list(a.parties),
        "reported_parties": list(a.reported_parties),
        "outcome_count": s.outcome_count(),
        "disagreement": list(a.disagreement),
        "pareto": pareto,
        "solutions": {k: _solution_json(getattr(a.solutions, k)) for k in SOLUTION_NAMES},
        "method": "cpsat" if f is None else f.method,
        "frontier_size": None if f is None else len(f.outcomes),
        "note": a.too_large or None,
        "ties": dict(a.ties),
        "unsolved": list(a.solutions.unsolved),
        "drafts": [
            {
                "id": d.draft,
                "open_points": list(d.open_points),
                "utilities": _draft_range(d, a.parties),
                "reported": {p: _draft_reported(d, p) for p in a.reported_parties},
                "acceptable_to": list(a.acceptable_to[d.draft]),
                "breaks": dict(a.breaks[d.draft]),
                "common_gain": a.gains.get(d.draft),
            }
            for d in a.drafts
        ],
        "diagnosis": None if a.diagnosis is None else _diagnosis_json(a.diagnosis, a.explanation),
        "core": _core_json(case, a),
    }
    if timings:
        out["seconds"] = round(a.seconds, 4)
    return out


def _draft_range(d: DraftUtility, parties: tuple[str, ...]) -> dict[str, list[float]]:
    """The low and high utilities of ``parties`` (the draft lists every rated party)."""
    at = [d.parties.index(p) for p in parties]
    return {"low": [d.low[i] for i in at], "high": [d.high[i] for i in at]}


def _draft_reported(d: DraftUtility, party: str) -> dict[str, float]:
    """The low and high utility of one party who does not bargain."""
    i = d.parties.index(party)
    return {"low": d.low[i], "high": d.high[i]}


def _solution_json(solution: Solution | None) -> dict[str, Any] | None:
    if solution is None:
        return None
    return {
        "agreement": dict(solution.outcome.agreement),
        "utilities": list(solution.outcome.utilities),
        "reported": dict(solution.reported),
        "score": solution.score,
        "optimal": solution.optimal,
    }


def _diagnosis_json(diagnosis: Diagnosis, explanation: tuple[str, ...]) -> dict[str, Any]:
    return {
        "feasible": diagnosis.feasible,
        "corrections": [
            [{"party": r.party, "kind": r.kind.value, "description": r.description} for r in correction]
            for correction in diagnosis.corrections
        ],
        "explanation": list(explanation),
    }


def _core_json(case: Case, a: Analysis) -> dict[str, Any] | None:
    """The core of the deal: per point its feasible and frontier options, the fixed option
    and what frees it; the sentences; whether it is complete (:mod:`accord.analysis.core`)."""
    from accord.analysis.core_text import core_sentences

    if a.core is None:
        return None

    def relaxed(s: tuple[Relaxation, ...]) -> list[dict[str, str]]:
        return [{"party": r.party, "kind": r.kind.value, "description": r.description} for r in s]

    return {
        "points": [
            {
                "point": p.point,
                "feasible": list(p.feasible),
                "frontier": list(p.frontier),
                "fixed": p.fixed,
                "in_drafts": p.in_drafts,
                "freed_by": [relaxed(s) for s in p.freed_by],
                "freed_by_complete": p.freeing == "complete" if p.fixed is not None else None,
                "undecided": list(p.undecided),
                "frontier_undecided": list(p.frontier_undecided),
            }
            for p in a.core.points
        ],
        "sentences": core_sentences(a.core, case.scenario),
        "complete": a.core.complete,
        "feasible": a.core.feasible,
        "method": a.core.method,
        "notes": list(a.core.notes),
    }


@reports_errors
def analyze(
    path: PathArg,
    as_json: JsonOption = False,
    disagreement: DisagreementOption = DisagreementChoice.RESERVATION,
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot",
            help="Also draw the figures: FILE.png (matplotlib; with FILE-parties.png and FILE-consensus.png) "
            "or one FILE.html page (plotly, offline).",
        ),
    ] = None,
    axes: Annotated[
        str | None,
        typer.Option(
            "--axes", metavar="A,B", help="The two rated parties of the 2-D plot (default: the first two bargainers)."
        ),
    ] = None,
    timings: TimingsOption = False,
    time_limit: TimeLimitOption = None,
    profiles: ProfilesOption = None,
    bargainers: BargainersOption = None,
) -> None:
    """Compute the Pareto frontier, the fair solutions, the core of the deal and each draft's standing.

    The core of the deal says, per point, which options some acceptable agreement uses and
    which points every acceptable agreement fixes, and what forces each. When no agreement
    respects every red line, link and reservation value, says so and names the smallest sets
    of constraints whose relaxation would open one. The solutions bargain over the
    signatories and guarantors, or the parties --bargainers names; a mediator's or
    observer's utility is reported beside them, not maximised. The analysis is printed
    first; the plots (their folder created if missing) are written after it: the 2-D
    frontier of the --axes parties and, with three or more rated parties, a chart of every
    party's utilities; with stances on record, the consensus heatmap.

    Example:

        accord analyze examples/ukraine-2025.yaml --plot ukraine.png
    """
    from accord.cli import plot as _plot
    from accord.cli.analyze_render import render_analysis
    from accord.cli.loading import open_case

    case = open_case(path, profiles=profiles, bargainers=bargainers, time_limit=time_limit)
    plot_axes = _plot.plot_axes(case, axes, plot)  # checked before the analysis runs
    with working("Computing the Pareto frontier and the fair solutions") as progress:
        case.progress = progress
        result = case.analyze(disagreement.key)
    for key, count in result.ties.items():
        print(
            f"note: {count} frontier agreements tie for the best {_TIE_LABELS[key]}; the one shown is the first in "
            "frontier order (see docs/how-to/degenerate-cases.md)",
            file=sys.stderr,
        )
    if as_json:
        print_json(analysis_json(case, result, timings=timings))
    else:
        render_analysis(case.scenario, result, console(), timings=timings)
    if plot is not None:
        _plot.write_plots(case, result, plot, axes=plot_axes, quiet=as_json)
