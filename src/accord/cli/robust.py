"""``accord robust``: how sure the conclusions are when the preferences are uncertain.

The command parses, calls :meth:`accord.api.Case.robust` and renders; every id and label
from the scenario goes through :func:`~accord.cli.output.plain` (printed as written, never
read as markup).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli.analyze import PathArg
from accord.cli.errors import reports_errors
from accord.cli.output import (
    BargainersOption,
    JsonOption,
    ProfilesOption,
    TimeLimitOption,
    console,
    plain,
    print_json,
    working,
)

if TYPE_CHECKING:
    from rich.console import Console

    from accord.analysis.robust.result import Acceptance, Robustness
    from accord.model import Scenario, Value

TOP = 10
"""Estimates listed in the sensitivity table."""


@reports_errors
def robust(
    path: PathArg,
    samples: Annotated[int, typer.Option("--samples", min=1, help="Preference profiles to draw.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="The seed: the same seed gives the same numbers.")] = 0,
    solution_samples: Annotated[
        int | None,
        typer.Option(
            "--solution-samples",
            min=0,
            metavar="N",
            help="Samples whose bargaining solutions are computed (the first N; default: all, at most 500).",
        ),
    ] = None,
    solutions: Annotated[
        str,
        typer.Option(
            "--solutions",
            metavar="NAMES",
            help="The solutions to follow, separated by commas: nash, ks, egalitarian, utilitarian.",
        ),
    ] = "nash,kalai_smorodinsky,egalitarian,utilitarian",
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot",
            metavar="FILE",
            help="Also write the tornado chart and the options chart to FILE.png (and FILE-options.png) or FILE.html.",
        ),
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, metavar="N", help="Run on N local processes (default: 1).")
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="Run on the Dask cluster at ADDRESS (tcp://host:port; needs accord[cluster]).",
        ),
    ] = None,
    as_json: JsonOption = False,
    time_limit: TimeLimitOption = None,
    profiles: ProfilesOption = None,
    bargainers: BargainersOption = None,
) -> None:
    """Sample the uncertain estimates and say how sure each conclusion is.

    Each weight, rating and reservation value given as a range, and each red line, link or
    interaction given a probability, is drawn independently for every sample. Answers:
    how likely each draft, solution and proposal is accepted by every bargainer (with a
    95% confidence interval) and by each party; how likely a deal exists; how often each
    option is in each solution; the robust compromise (the agreement accepted in the most
    samples); and the estimates that move these conclusions most. A draft with open points
    is accepted by a party when even its worst completion is. The same --seed gives the
    same numbers, whatever --workers or --scheduler.

    Example:

        accord robust examples/ukraine-2025.yaml --samples 2000 --plot ukraine-robust.png
    """
    from accord.analysis.results import solution_name
    from accord.cli import plot as _plot
    from accord.cli.loading import open_case, split_ids

    names = [solution_name(n) for n in split_ids(solutions) or []]
    if not names:
        raise typer.BadParameter("name at least one solution", param_hint="--solutions")
    if plot is not None:
        _plot._check_suffix(plot)
    case = open_case(path, profiles=profiles, bargainers=bargainers, time_limit=time_limit)
    if not case.scenario.is_uncertain:
        print(
            "note: the scenario gives no ranges or probabilities, so every sample is the estimates; "
            "see docs/reference/scenario-format.md (Ranges and probabilities)",
            file=sys.stderr,
        )
    with working("Sampling the uncertain estimates") as progress:
        case.progress = progress
        result = case.robust(
            samples=samples,
            seed=seed,
            solution_samples=solution_samples,
            solutions=names,
            workers=workers,
            scheduler=scheduler,
        )
    if as_json:
        print_json(result.json())
    else:
        render_robust(case.scenario, result, console())
    if plot is not None:
        _plot.write_robust_plots(result, plot, quiet=as_json)


def render_robust(scenario: Scenario, r: Robustness, out: Console) -> None:
    """The text report of ``accord robust``."""
    from rich.table import Table

    from accord.analysis.robust.result import percent
    from accord.display import number, plural

    solved = f"; solutions over the first {r.solution_samples:,}" if r.solution_samples < r.samples else ""
    out.print(
        plain(
            f"{plural(r.samples, 'sample')} (seed {r.seed}) of {plural(r.uncertain, 'uncertain estimate')}{solved}. "
            "Probabilities with their 95% confidence interval."
        )
    )
    table = Table(title="Accepted by every bargainer, and by each party", title_justify="left")
    for header in ("agreement", "all", *r.parties):
        table.add_column(header, overflow="fold")
    for a in (*r.drafts, *r.solutions, *r.proposals):
        table.add_row(plain(_name(a)), a.all.text(), *(percent(a.party[p].p) for p in r.parties))
    out.print(table)
    if r.deal is not None:
        out.print(plain(f"A deal acceptable to every bargainer exists in {r.deal.text()} of {r.deal.n:,} samples."))
    _render_options(r, out)
    if r.robust is not None:
        c = r.robust
        how = (
            f"proven the best over every agreement on the first {c.samples:,} samples"
            if c.exact
            else (
                f"the best the solver found on the first {c.samples:,} samples, not proven optimal"
                if c.method == "solver"
                else f"the best of {c.searched:,} candidate agreements on the first {c.samples:,} samples"
            )
        )
        out.print(plain(f"\nRobust compromise: acceptable to every bargainer in {c.all.text()} ({how}):"))
        out.print(plain("  " + ", ".join(f"{k}={_value(v)}" for k, v in c.agreement.items())))
    if r.sensitivity:
        table = Table(
            title="The estimates that matter most (low third vs high third of the samples)", title_justify="left"
        )
        for header in ("estimate", "range", "largest change"):
            table.add_column(header, overflow="fold")
        for s in r.sensitivity[:TOP]:
            if not s.effects:
                continue
            e = max(s.effects, key=lambda x: x.swing)
            span = (
                "holds or not"
                if s.kind in ("red_line", "link", "interaction")
                else f"{number(s.range[0])}..{number(s.range[1])}"
            )
            table.add_row(plain(s.label), span, plain(f"{e.event}: {percent(e.low)} -> {percent(e.high)}"))
        out.print(table)


def _render_options(r: Robustness, out: Console) -> None:
    """Per solution, the points where its option varies across the samples."""
    from accord.analysis.results import SOLUTION_LABELS
    from accord.analysis.robust.result import percent

    for name, points in r.options.items():
        varying = {p: o for p, o in points.items() if len(o) > 1}
        label = SOLUTION_LABELS[name]
        missing = r.missing.get(name, 0.0)
        gone = f"; no solution in {percent(missing)} of the samples" if missing else ""
        if not varying:
            out.print(plain(f"{label}: the same option on every point in every sample{gone}."))
            continue
        out.print(
            plain(f"{label}: the same option on {len(points) - len(varying)} of {len(points)} points{gone}; varies on")
        )
        for point, options in varying.items():
            out.print(plain(f"  {point}: " + ", ".join(f"{o} {percent(f)}" for o, f in options.items())))


def _name(a: Acceptance) -> str:
    """``draft us-28``, ``solution nash``, ``proposal 1``; open drafts say so."""
    opened = f" ({len(a.open_points)} open points)" if a.open_points else ""
    return a.id + opened if a.kind == "proposal" else f"{a.kind} {a.id}{opened}"


def _value(v: Value) -> str:
    """A value as a person reads it (``700,000``)."""
    from accord.model import format_value

    return format_value(v)
