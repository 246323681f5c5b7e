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
from accord.cli.output import JsonOption, ProfilesOption, TimeLimitOption, console, print_json, working

if TYPE_CHECKING:  # the modules themselves load when the command runs (a fast --help and --version)
    from accord.analysis.results import Diagnosis, Solution
    from accord.api import Analysis, Case
    from accord.cli.plot import PlotData

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
    """The ``analyze --json`` object (DESIGN.md "Command line"; extra keys may be added)."""
    from accord.analysis.results import SOLUTION_NAMES

    s = case.scenario
    f = a.frontier
    pareto = (
        None if f is None else [{"agreement": dict(o.agreement), "utilities": list(o.utilities)} for o in f.outcomes]
    )
    out = {
        "scenario": s.title,
        "parties": list(a.parties),
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
                "utilities": {"low": list(d.low), "high": list(d.high)},
                "acceptable_to": list(a.acceptable_to[d.draft]),
                "breaks": dict(a.breaks[d.draft]),
                "common_gain": a.gains.get(d.draft),
            }
            for d in a.drafts
        ],
        "diagnosis": None if a.diagnosis is None else _diagnosis_json(a.diagnosis, a.explanation),
    }
    if timings:
        out["seconds"] = round(a.seconds, 4)
    return out


def _solution_json(solution: Solution | None) -> dict[str, Any] | None:
    if solution is None:
        return None
    return {
        "agreement": dict(solution.outcome.agreement),
        "utilities": list(solution.outcome.utilities),
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


def plot_data(case: Case, a: Analysis) -> PlotData:
    """The numbers the Pareto plot shows."""
    from accord.analysis.results import SOLUTION_NAMES
    from accord.cli.plot import PlotData

    s = case.scenario
    solutions = {k: getattr(a.solutions, k) for k in SOLUTION_NAMES}
    return PlotData(
        title=s.title,
        parties=tuple(s.party(p).name for p in a.parties),
        frontier=[o.utilities for o in a.frontier.outcomes] if a.frontier else [],
        solutions={k: v.outcome.utilities for k, v in solutions.items() if v is not None},
        drafts={d.draft: d.low for d in a.drafts if d.complete},
        disagreement=a.disagreement,
        axes=_axes(case, a.parties),
    )


def _axes(case: Case, parties: tuple[str, ...]) -> tuple[int, int]:
    """The two parties to plot: signatories first, in file order."""
    s = case.scenario
    order = sorted(range(len(parties)), key=lambda i: (s.party(parties[i]).role.value != "signatory", i))
    return order[0], order[1]


@reports_errors
def analyze(
    path: PathArg,
    as_json: JsonOption = False,
    disagreement: DisagreementOption = DisagreementChoice.RESERVATION,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="Also draw the frontier to FILE.png (matplotlib) or FILE.html (plotly)."),
    ] = None,
    timings: TimingsOption = False,
    time_limit: TimeLimitOption = None,
    profiles: ProfilesOption = None,
) -> None:
    """Compute the Pareto frontier, the fair solutions and each draft's standing.

    When no agreement respects every red line, link and reservation value, says so and
    names the smallest sets of constraints whose relaxation would open one. The analysis is
    printed first; the plot (its folder created if missing) is written after it.

    Example:

        accord analyze examples/ukraine-2025.yaml --plot ukraine.png
    """
    from accord.analysis.budget import TIME_LIMIT
    from accord.api import Case
    from accord.cli.analyze_render import render_analysis
    from accord.cli.loading import load_path

    scenario = load_path(path, profiles)
    with working("Computing the Pareto frontier and the fair solutions") as progress:
        case = Case(scenario, time_limit=TIME_LIMIT if time_limit is None else time_limit, progress=progress)
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
        _write_plot(case, result, plot, quiet=as_json)


def _write_plot(case: Case, result: Analysis, plot: Path, *, quiet: bool) -> None:
    from accord.cli.plot import write_plot

    if not result.feasible:
        print(f"note: no plot: the frontier is empty ({plot} not written)", file=sys.stderr)
        return
    write_plot(plot_data(case, result), plot)
    if not quiet:
        typer.echo(f"wrote {plot}")
