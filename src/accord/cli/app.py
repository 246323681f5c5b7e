"""The ``accord`` application: one Typer app, one module per command group."""

from __future__ import annotations

from typing import Annotated

import typer

from accord import __version__
from accord.cli import analyze, convert, diff, inspect, propose, report, robust, serve
from accord.cli.errors import State

app = typer.Typer(
    name="accord",
    help="Negotiation support: versions of a single text, stances, Pareto frontiers, fair compromises.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"accord {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks instead of one-line errors.")] = False,
) -> None:
    """accord: negotiation support and mediation."""
    State.debug = debug


app.command()(inspect.check)
app.command()(inspect.show)
app.command()(inspect.schema)
app.command(name="import")(convert.import_)
app.command()(analyze.analyze)
app.command()(propose.propose)
app.command()(report.report)
app.command()(convert.export)
app.command()(diff.diff)
app.command()(robust.robust)
app.command()(serve.serve)
app.command()(serve.seed)
app.add_typer(serve.users, name="user")


def main() -> None:
    """Console-script entry point."""
    app()
