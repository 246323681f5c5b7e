"""``accord check``, ``accord show`` and ``accord schema``."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.cli.errors import print_error, reports_errors
from accord.cli.output import JsonOption, ProfilesOption, clean, console, print_json
from accord.errors import AccordError, ScenarioError

if TYPE_CHECKING:
    from accord.model import Scenario

Paths = Annotated[list[Path], typer.Argument(metavar="PATH", help="Scenario files or GENIUS / GeniusWeb folders.")]
PathArg = Annotated[Path, typer.Argument(metavar="PATH", help="A scenario file or a GENIUS / GeniusWeb folder.")]


@reports_errors
def check(paths: Paths, as_json: JsonOption = False) -> None:
    """Validate scenario files; report every problem, one per line, on stderr.

    Exit code 0 when every file is valid, 1 when any is not.

    Example:

        accord check examples/ukraine-2025.yaml examples/joint-venture.yaml
    """
    from accord.cli.loading import load_path

    results: list[dict[str, Any]] = []
    for path in paths:
        try:
            scenario = load_path(path)
        except AccordError as err:
            print_error(err)
            results.append({"file": str(path), "valid": False, "errors": _error_records(err, path)})
            continue
        results.append({"file": str(path), "valid": True, "errors": []})
        if not as_json:
            typer.echo(
                f"ok: {clean(path)}: {len(scenario.parties)} parties, {len(scenario.points)} points, "
                f"{len(scenario.drafts)} drafts, {len(scenario.stances)} stances{_bases(scenario)}"
            )
    if as_json:
        print_json(results)
    if not all(r["valid"] for r in results):
        raise typer.Exit(1)


def _error_records(err: AccordError, path: Path) -> list[dict[str, Any]]:
    if isinstance(err, ScenarioError):
        return [
            {
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "path": p.path,
                "message": p.message,
                "hint": p.hint,
            }
            for p in err.problems
        ]
    return [
        {
            "file": str(path),
            "line": getattr(err, "line", None),
            "column": None,
            "path": "",
            "message": str(err),
            "hint": "",
        }
    ]


def _bases(scenario: Scenario) -> str:
    """`` (5 reported, 3 inferred, 1 basis not stated)``; '' without stances."""
    if not scenario.stances:
        return ""
    counts = Counter(s.basis.value if s.basis is not None else "basis not stated" for s in scenario.stances)
    order = ("reported", "inferred", "basis not stated")
    return " (" + ", ".join(f"{counts[k]} {k}" for k in order if counts[k]) + ")"


@reports_errors
def show(
    path: PathArg,
    draft: Annotated[
        str | None,
        typer.Option(
            "--draft",
            metavar="ID",
            help="Print only this draft's stances, point by point, stated or carried from an ancestor, "
            "each with its history and quotes.",
        ),
    ] = None,
    as_json: JsonOption = False,
    profiles: ProfilesOption = None,
) -> None:
    """Summarise a scenario: parties, points and options, drafts and their lineage, and the
    record of who said what, when, and whether it was reported or inferred.

    Preferences are confidential: ``show`` says who has them, never what they are.

    Examples:

        accord show examples/ukraine-2025.yaml

        accord show examples/ukraine-2025.yaml --draft geneva
    """
    from accord.cli.loading import load_path
    from accord.cli.record_render import history_text
    from accord.cli.render import render_scenario, scenario_summary
    from accord.shapes import draft_record_json

    scenario = load_path(path, profiles)
    if draft is not None:
        chosen = scenario.draft(draft).id
        if as_json:
            print_json({"draft": chosen, "record": draft_record_json(scenario, chosen)})
        else:
            console().print(history_text(scenario, chosen))
    elif as_json:
        print_json(scenario_summary(scenario))
    else:
        render_scenario(scenario, console())


@reports_errors
def schema() -> None:
    """Print the JSON Schema of scenario format v1.

    Example:

        accord schema > scenario.schema.json
    """
    from accord.formats.schema import SCHEMA

    sys.stdout.write(json.dumps(SCHEMA, indent=2) + "\n")
