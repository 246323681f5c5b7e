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


LONG_LIST = 100
"""Lists of objects longer than this are printed one compact item per line."""


def print_json(data: Any) -> None:
    """Print ``data`` as JSON on stdout (see :func:`json_text`)."""
    typer.echo(json_text(data))


def json_text(data: Any, level: int = 0) -> str:
    """``data`` as JSON indented by two spaces, except that a list of more than
    :data:`LONG_LIST` objects or lists has one compact item per line (a frontier of 12,000
    points prints in a tenth of the time, and reads better: one point per line)."""
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(data, dict) and data:
        items = [f"{inner}{_compact(str(k))}: {json_text(v, level + 1)}" for k, v in data.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(data, list) and data:
        long = len(data) > LONG_LIST and all(isinstance(v, dict | list) for v in data)
        items = [inner + (_compact(v) if long else json_text(v, level + 1)) for v in data]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return _compact(data)


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))


@contextmanager
def working(message: str) -> Iterator[None]:
    """A spinner on stderr while a long computation runs (only on a terminal)."""
    err = Console(stderr=True)
    if not err.is_terminal:
        yield
        return
    with err.status(message + "...", spinner="dots"):
        yield
