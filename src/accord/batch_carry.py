"""Carrying a worker's exception back to the caller of :mod:`accord.batch`, type and all.

pickle rebuilds an exception by calling its class with its ``args``; most of accord's
errors take other arguments (``UnknownIdError(kind, id, known)``), so a worker wraps such an
exception as :class:`_Carried` (its class, ``args`` and attributes) and the caller rebuilds
it without calling ``__init__`` (:func:`restored`), then notes which task raised it.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import TypeVar

from accord.errors import BatchError

T = TypeVar("T")
R = TypeVar("R")


def portable_call(fn: Callable[[T], R], task: T) -> R:
    """``fn(task)`` in a worker; an exception that pickle cannot rebuild travels as _Carried.

    The carried exception is raised outside the handler, so it has neither cause nor
    context: Dask installs tblib's pickling of exceptions, which pickles both, and they would
    be the very exception pickle cannot rebuild."""
    try:
        return fn(task)
    except Exception as exc:
        if _round_trips(exc):
            raise
        carried = _Carried.of(exc)
    raise carried


def _round_trips(exc: BaseException) -> bool:
    try:
        copy = pickle.loads(pickle.dumps(exc))
    except Exception:
        return False
    return type(copy) is type(exc) and str(copy) == str(exc)


class _Carried(Exception):
    """An exception whose class pickle cannot rebuild (its ``__init__`` takes other arguments
    than its ``args``, as most of accord's errors do), carried as its class, ``args`` and
    attributes and rebuilt in the caller without calling ``__init__``."""

    @classmethod
    def of(cls, exc: BaseException) -> _Carried:
        carried = cls(type(exc), exc.args, {k: v for k, v in vars(exc).items() if k != "__notes__"})
        try:
            pickle.dumps(carried)
        except Exception:
            return cls(BatchError, (f"a task raised {type(exc).__qualname__}: {exc}",), {})
        return carried

    def rebuilt(self) -> BaseException:
        kind, args, state = self.args
        try:
            exc: BaseException = kind.__new__(kind, *args)
            exc.args = args
            exc.__dict__.update(state)
        except Exception:
            return BatchError(f"a task raised {kind.__qualname__}: {args}")
        return exc


def restored(error: BaseException, where: str) -> BaseException:
    """The worker's exception as the caller raises it: rebuilt if carried, noted with its task."""
    if isinstance(error, _Carried):
        rebuilt = error.rebuilt().with_traceback(error.__traceback__)
        rebuilt.__cause__ = error.__cause__
        error = rebuilt
    error.add_note(where)
    return error
