"""Fake clocks for the time-limit tests: no test waits or asserts a duration."""

from __future__ import annotations


class Clock:
    """A clock that moves only when told (``clock.now += 5``)."""

    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Ticking:
    """A clock that moves ``step`` seconds every time it is read: a deadline of 25 s on a
    clock of 10 s steps lets exactly one solve run (with 5 s of real time for CP-SAT)."""

    def __init__(self, step: float) -> None:
        self.now = -step
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now
