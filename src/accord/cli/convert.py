"""``accord import`` and ``accord export``: between accord files and GENIUS / GeniusWeb folders."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from accord.cli.errors import reports_errors
from accord.cli.output import ProfilesOption, clean


class Target(StrEnum):
    """Formats ``accord export`` writes."""

    GENIUS = "genius"
    GENIUSWEB = "geniusweb"


@reports_errors
def import_(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="A GENIUS / GeniusWeb folder or an accord file.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the scenario here (default: standard output).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite OUTPUT if it exists.")] = False,
    profiles: ProfilesOption = None,
) -> None:
    """Convert a GENIUS or GeniusWeb domain folder into an accord scenario file (YAML).

    The file is checked as `accord check` would before it is written, and written whole or
    not at all: a failed write (a full disk) leaves an existing OUTPUT as it was.

    Example:

        accord import ../shared/data/genius/y2011/Energy -o energy.yaml
    """
    from accord.cli.loading import load_path
    from accord.formats.atomic import write_file
    from accord.formats.scenario_v1_write import dump_scenario

    text = dump_scenario(load_path(path, profiles))
    if output is None:
        sys.stdout.write(text)
        return
    write_file(output, text, force=force)
    typer.echo(f"wrote {output}")


@reports_errors
def export(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="An accord scenario file (or any folder accord reads).")],
    outdir: Annotated[Path, typer.Argument(metavar="OUTDIR", help="The folder to write (created if missing).")],
    to: Annotated[Target, typer.Option("--to", help="The format to write.")] = Target.GENIUS,
    force: Annotated[
        bool, typer.Option("--force", help="Replace OUTDIR and everything in it if it holds files.")
    ] = False,
    drop_constraints: Annotated[
        bool,
        typer.Option(
            "--drop-constraints",
            help="Leave out red lines, links and interaction terms, which linear additive profiles cannot hold.",
        ),
    ] = False,
    profiles: ProfilesOption = None,
) -> None:
    """Write a scenario as a GENIUS (XML) or GeniusWeb (JSON) domain with one profile per party.

    What the target format cannot hold (drafts, stances, ...) is listed on stderr. Red lines,
    links and interaction terms stop the export unless --drop-constraints leaves them out
    (each one dropped is listed too). The folder is built beside OUTDIR and swapped in whole:
    a failed or interrupted export leaves the old OUTDIR as it was.

    Example:

        accord export examples/ukraine-2025.yaml --drop-constraints out/ukraine
    """
    from accord.cli.loading import load_path
    from accord.errors import OutputError
    from accord.formats.atomic import write_folder
    from accord.formats.export_common import without_constraints
    from accord.formats.genius_write import genius_files, genius_losses
    from accord.formats.geniusweb_write import geniusweb_files, geniusweb_losses

    scenario = load_path(path, profiles)
    dropped: list[str] = []
    if drop_constraints:
        scenario, dropped = without_constraints(scenario)
    files, losses = (genius_files, genius_losses) if to is Target.GENIUS else (geniusweb_files, geniusweb_losses)
    if outdir.is_dir() and path.resolve().is_relative_to(outdir.resolve()):
        raise OutputError(
            f"{outdir}: holds the input {path}, which the export would replace; choose another folder", path=str(outdir)
        )
    written = write_folder(outdir, files(scenario), force=force)
    for loss in [*dropped, *losses(scenario)]:
        print(f"note: {clean(loss)}", file=sys.stderr)
    for file in written:
        typer.echo(f"wrote {file}")
