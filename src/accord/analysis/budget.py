"""Time budgets and progress reports for the long analyses.

Every analysis entry point that can run long (the Pareto-list merge of
:mod:`accord.analysis.pareto`, the CP-SAT frontier and solutions of
:mod:`accord.analysis.cpsat`, the correction sets of :mod:`accord.analysis.feasibility`)
takes ``time_limit`` and ``progress`` keywords:

- ``time_limit``: seconds of wall-clock time for the whole call (:data:`TIME_LIMIT` by
  default), ``None`` for no limit, or a :class:`Deadline` that several calls share (a
  command line that computes a frontier and then the solutions gives both one budget).
  The clock is read between steps (merge steps, solver calls) and inside the compiled
  maxima kernel, and every solver call gets the time left as its own limit, so a call
  returns or raises within about its limit plus one short step.
- ``progress``: a callable ``progress(message, fraction)`` called between steps from the
  calling thread, with ``fraction`` in [0, 1] the share of the work done; where the amount
  of work is not known in advance (how many frontier points a solver will find), the share
  of the time limit used. A command line draws a progress bar with it.

What happens when the time runs out is each entry point's to say (its docstring): an
optimisation returns the best agreement found, marked ``optimal=False``; anything that has
nothing sound to return raises :class:`~accord.errors.TimeLimitError`, whose message says
what could not be done and what to do instead.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

TIME_LIMIT = 60.0
"""Default seconds of wall-clock time for one analysis call."""

Progress = Callable[[str, float], None]
"""``progress(message, fraction)``: what is being done and the share of the work done."""

Clock = Callable[[], float]
"""A monotonic clock in seconds (``time.monotonic``, or a fake one in tests)."""


class DeadlinePassed(Exception):
    """Raised inside the analysis when a :class:`Deadline` has passed; every public entry
    point catches it and raises :class:`~accord.errors.TimeLimitError` with its own context."""


class Deadline:
    """The time by which an analysis must stop: ``seconds`` after creation by ``clock``
    (``None``: never).

    >>> Deadline(None).remaining() is None
    True
    >>> Deadline(0.0).expired()
    True
    """

    def __init__(self, seconds: float | None, *, clock: Clock = time.monotonic) -> None:
        if seconds is not None and (math.isnan(seconds) or seconds < 0):
            raise ValueError(f"a time limit is a number of seconds >= 0 or None, not {seconds!r}")
        self.seconds = seconds
        self.clock = clock
        self.start = clock()

    def __repr__(self) -> str:
        return f"Deadline({self.seconds!r})"

    def elapsed(self) -> float:
        """Seconds since the deadline was set."""
        return self.clock() - self.start

    def remaining(self) -> float | None:
        """Seconds left (0.0 once passed), or None without a limit."""
        if self.seconds is None:
            return None
        return max(0.0, self.seconds - self.elapsed())

    def expired(self) -> bool:
        """Whether the time is up."""
        left = self.remaining()
        return left is not None and left <= 0.0

    def check(self) -> None:
        """Raise :class:`DeadlinePassed` when the time is up."""
        if self.expired():
            raise DeadlinePassed

    def used(self) -> float:
        """The share of the limit used, in [0, 1] (0.0 without a limit)."""
        if self.seconds is None:
            return 0.0
        if self.seconds <= 0:
            return 1.0
        return min(1.0, self.elapsed() / self.seconds)

    def described(self) -> str:
        """The limit in words, as "60 s"."""
        return "no limit" if self.seconds is None else f"{self.seconds:g} s"


TimeLimit = float | Deadline | None
"""Seconds for the call, a Deadline shared by several calls, or None for no limit."""


def as_deadline(limit: TimeLimit) -> Deadline:
    """``limit`` as a Deadline (a given one is shared, not copied)."""
    if isinstance(limit, Deadline):
        return limit
    return Deadline(None if limit is None else float(limit))


def report(progress: Progress | None, message: str, fraction: float) -> None:
    """Call ``progress`` (if any) with ``fraction`` clamped to [0, 1]."""
    if progress is not None:
        progress(message, min(1.0, max(0.0, fraction)))
