"""Write docs/reference/cli.md from the ``--help`` of every command (``make docs``).

A test (tests/unit/docs/test_cli_reference.py) fails when the page is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from accord.cli.app import app

PAGE = Path(__file__).parents[1] / "docs" / "reference" / "cli.md"


def command_names() -> list[str]:
    """Every subcommand of ``accord``, sorted."""
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def help_text(args: list[str]) -> str:
    """The ``--help`` output of ``accord ARGS``, at a fixed width."""
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "100", "TERM": "dumb"}, prog_name="accord")
    return result.stdout.rstrip() + "\n"


def render() -> str:
    """The whole page."""
    parts = [
        "# Command-line reference\n",
        "Generated from `accord --help` by `scripts/cli_reference.py` (run `make docs`);",
        "a test fails when it is out of date.\n",
        "Exit codes: 0 success; 1 bad input (a file that is invalid, unreadable or cannot be written: one line per\n"
        "problem on stderr); 2 usage error; 3 internal error (a defect of accord: please report it with `--debug`).\n",
        "## accord\n",
        "```text\n" + help_text([]) + "```\n",
    ]
    for name in command_names():
        parts.append(f"## accord {name}\n")
        parts.append("```text\n" + help_text([name]) + "```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    PAGE.write_text(render())
    sys.stdout.write(f"wrote {PAGE}\n")
