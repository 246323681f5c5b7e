"""``accord report``: the briefing report, one self-contained HTML file (and a PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli.analyze import PathArg
from accord.cli.errors import reports_errors
from accord.cli.output import BargainersOption, ProfilesOption, TimeLimitOption, clean, console, working

if TYPE_CHECKING:
    from accord.model import Scenario
    from accord.views import Viewer


@reports_errors
def report(
    path: PathArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.")],
    for_: Annotated[
        str | None,
        typer.Option(
            "--for",
            metavar="PARTY",
            help="Write the confidential view of this party (its own estimates and utilities only); "
            "`mediator` or `observer` for theirs (a party with that id wins). Default: the analyst's "
            "view, with every party's estimates.",
        ),
    ] = None,
    shared: Annotated[
        str | None,
        typer.Option(
            "--shared",
            metavar="A,B",
            help="Parties that have shared their estimates with the viewer of --for.",
        ),
    ] = None,
    pdf: Annotated[
        Path | None, typer.Option("--pdf", help="Also print the report to this PDF (needs Chromium).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output files if they exist.")] = False,
    samples: Annotated[
        int,
        typer.Option(
            "--samples",
            min=1,
            metavar="N",
            help="When estimates carry ranges or probabilities: the plausible versions of the parties' priorities "
            "the section 'How sure is this?' draws (bargaining solutions on at most 200 of them).",
        ),
    ] = 1000,
    time_limit: TimeLimitOption = None,
    profiles: ProfilesOption = None,
    bargainers: BargainersOption = None,
) -> None:
    """Write a briefing report for a principal: whether a deal exists, the core of the deal,
    the recommended compromise and who gains and gives up what, what blocks the current
    draft, the drafts and their differences, who said what, the fair solutions, figures,
    and an appendix of the estimates. When the estimates carry ranges or probabilities, it
    also says how sure each conclusion is (the robustness analysis of `accord robust`, run
    on --samples plausible versions of the parties' priorities).

    The file is self-contained: it requests nothing from the network when opened. With
    --for PARTY it holds no other party's weights, ratings, red lines, reservation value or
    utility (the rule of accord.views, the same for the workbench).

    Example:

        accord report examples/ukraine-2025.yaml -o out/brief.html --for ua --pdf out/brief-ua.pdf
    """
    from accord.cli.loading import open_case, split_ids
    from accord.formats.atomic import write_file
    from accord.report import build, render_html

    case = open_case(path, profiles=profiles, bargainers=bargainers, time_limit=time_limit)
    viewer = _viewer(case.scenario, for_, split_ids(shared) or [])
    with working("Writing the briefing report") as progress:
        case.progress = progress
        html = render_html(build(case, viewer, samples=samples))
    out = console()
    written = write_file(output, html, force=force)
    out.print(f"wrote {clean(written)} (view: {clean(viewer.label)})", highlight=False, soft_wrap=True)
    if pdf is not None:
        from accord.report.pdf import write_pdf

        printed = write_pdf(html, pdf, force=force)
        out.print(f"wrote {clean(printed)}", highlight=False, soft_wrap=True)


def _viewer(scenario: Scenario, for_: str | None, shared: list[str]) -> Viewer:
    """The viewer that ``--for`` names."""
    from accord.errors import UnknownIdError
    from accord.views import Viewer

    parties = [p.id for p in scenario.parties]
    for party in shared:
        if party not in parties:
            raise UnknownIdError("party", party, parties, where="--shared")
    if for_ is None:
        return Viewer()
    if for_ in parties:
        return Viewer.for_party(for_, shared)
    if for_ == "mediator":
        return Viewer("mediator", shared=frozenset(shared))
    if for_ == "observer":
        return Viewer("observer")
    raise UnknownIdError("party", for_, [*parties, "mediator", "observer"], where="--for")
