"""One place where errors become one-line messages and exit codes.

Exit codes: 0 success; 1 bad input (any :class:`accord.errors.AccordError`: a file that
cannot be read, is wrong, or cannot be written; an optional part not installed); 2 usage
error (click's own, for a wrong option or argument); 3 internal error, an exception outside
accord's tree, which is a defect of accord.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from accord.cli.output import clean
from accord.errors import AccordError, ScenarioError

P = ParamSpec("P")
R = TypeVar("R")

BAD_INPUT = 1
INTERNAL_ERROR = 3


class State:
    """Process-wide CLI flags set by the top-level callback."""

    debug = False


def print_error(err: AccordError) -> None:
    """Write ``err`` to stderr, one problem per line (terminal controls in it escaped)."""
    if isinstance(err, ScenarioError):
        for problem in err.problems:
            print(f"error: {clean(problem)}", file=sys.stderr)
    else:
        print(f"error: {clean(err)}", file=sys.stderr)


def reports_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """AccordError becomes a message on stderr and exit code 1; any other exception is an
    internal error, exit code 3 (with --debug, both are re-raised with their traceback)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            result = fn(*args, **kwargs)
            sys.stdout.flush()  # a full disk behind `> file` shows here, inside the handler
            return result
        except OSError as err:
            if isinstance(err, BrokenPipeError):  # `accord analyze ... | head`: the reader has gone
                _silence_stdout()
                raise typer.Exit(BAD_INPUT) from err
            if State.debug:
                raise
            # files are read through InputError and written through OutputError: an OSError
            # that reaches here is the standard output (a full disk, a closed terminal)
            _silence_stdout()
            print(f"error: standard output: cannot write: {err.strerror or err}", file=sys.stderr)
            raise typer.Exit(BAD_INPUT) from err
        except AccordError as err:
            if State.debug:
                raise
            print_error(err)
            raise typer.Exit(BAD_INPUT) from err
        except (KeyboardInterrupt, typer.Exit):
            raise
        except Exception as err:
            if State.debug:
                raise
            print(
                f"error: internal error: {type(err).__name__}: {clean(err)}; "
                "this is a defect of accord: run again with --debug for the traceback and please report it",
                file=sys.stderr,
            )
            raise typer.Exit(INTERNAL_ERROR) from err

    return wrapper


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing at exit does not raise a second time."""
    try:
        fileno = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (a test runner's capture): nothing to silence
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)
