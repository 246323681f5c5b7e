"""One place where library errors become one-line messages and exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from accord.errors import AccordError, ScenarioError

P = ParamSpec("P")
R = TypeVar("R")


class State:
    """Process-wide CLI flags set by the top-level callback."""

    debug = False


def print_error(err: AccordError) -> None:
    """Write ``err`` to stderr, one problem per line."""
    if isinstance(err, ScenarioError):
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
    else:
        print(f"error: {err}", file=sys.stderr)


def reports_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn AccordError into a message on stderr and exit code 1 (re-raise with --debug)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except AccordError as err:
            if State.debug:
                raise
            print_error(err)
            raise typer.Exit(1) from err
        except (KeyboardInterrupt, typer.Exit):
            raise
        except Exception as err:
            if State.debug:
                raise
            print(
                f"error: internal error: {type(err).__name__}: {err}; "
                "run again with --debug for the traceback and please report it",
                file=sys.stderr,
            )
            raise typer.Exit(1) from err

    return wrapper
