"""Shared output options and rendering helpers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as one JSON object.")]


def console() -> Console:
    """A console on stdout (made per call so tests capture it)."""
    return Console(highlight=False, soft_wrap=False)


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON on stdout."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))


@contextmanager
def working(message: str) -> Iterator[None]:
    """A spinner on stderr while a long computation runs (only on a terminal)."""
    err = Console(stderr=True)
    if not err.is_terminal:
        yield
        return
    with err.status(message + "...", spinner="dots"):
        yield
