"""Module-level task functions for ``test_batch.py``.

Worker processes (a local pool's, a Dask cluster's) import a task's function by name, so
these live in a module of their own, importable as ``unit.batch_tasks`` wherever ``tests``
is on the path (pytest's ``pythonpath``; spawned processes inherit it).
"""

from __future__ import annotations

import os

import numpy as np

from accord.errors import ModelError, TimeLimitError

Chunk = tuple[range, np.random.SeedSequence]


def draws(chunk: Chunk) -> np.ndarray:
    """One standard normal draw per sample of the chunk, from the chunk's own stream."""
    samples, seed = chunk
    return np.random.default_rng(seed).standard_normal(len(samples))


def square(n: int) -> int:
    return n * n


def time_limit_at_3(n: int) -> int:
    """Raises TimeLimitError (keyword-only ``seconds``: pickle cannot rebuild it by itself) at 3."""
    if n == 3:
        raise TimeLimitError(f"task {n} ran out of time", seconds=1.5)
    return n


def model_error_at_2(n: int) -> int:
    if n == 2:
        raise ModelError(f"weights of task {n} do not sum to 1")
    return n


class Unpicklable(Exception):
    """An exception holding something pickle refuses (a lambda)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.callback = lambda: None


def unpicklable_at_1(n: int) -> int:
    if n == 1:
        raise Unpicklable(f"task {n} failed")
    return n


def dies_at_1(n: int) -> int:
    """Ends its worker process at once, as the kernel's out-of-memory killer would."""
    if n == 1:
        os._exit(1)
    return n


class Stubborn(Exception):
    """An exception that even ``__new__`` cannot build from its args alone."""

    def __new__(cls, message: str, *, code: int) -> Stubborn:
        return super().__new__(cls, message)

    def __init__(self, message: str, *, code: int) -> None:
        super().__init__(message)
        self.code = code


def stubborn(n: int) -> int:
    raise Stubborn(f"task {n} failed", code=n)
