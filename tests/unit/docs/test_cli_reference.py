"""Every command has help text with an example, and the CLI reference page is up to date."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import typer

from accord.cli.app import app

ROOT = Path(__file__).parents[3]
spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "scripts" / "cli_reference.py")
assert spec is not None
assert spec.loader is not None
cli_reference = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cli_reference)


def test_every_command_has_help_and_an_example() -> None:
    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"accord {name} has no help text"
        assert "Example:" in command.help or "Examples:" in command.help, f"accord {name} has no Example: block"


def test_cli_reference_is_up_to_date() -> None:
    page = (ROOT / "docs" / "reference" / "cli.md").read_text()
    assert page == cli_reference.render(), "run `make docs` to regenerate docs/reference/cli.md"
