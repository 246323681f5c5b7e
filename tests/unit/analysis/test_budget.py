"""Time budgets: a Deadline on a fake clock, shared or made from seconds, and progress."""

from __future__ import annotations

import math

import pytest

from accord.analysis.budget import TIME_LIMIT, Deadline, DeadlinePassed, as_deadline, report
from clocks import Clock


def test_a_deadline_counts_down_on_its_clock() -> None:
    clock = Clock()
    d = Deadline(10.0, clock=clock)
    assert (d.remaining(), d.expired(), d.used()) == (10.0, False, 0.0)
    d.check()
    clock.now += 4
    assert (d.elapsed(), d.remaining(), d.used()) == (4.0, 6.0, 0.4)
    clock.now += 7
    assert (d.remaining(), d.expired(), d.used()) == (0.0, True, 1.0)
    with pytest.raises(DeadlinePassed):
        d.check()
    assert d.described() == "10 s"
    assert repr(d) == "Deadline(10.0)"


def test_no_limit_never_expires() -> None:
    clock = Clock()
    d = Deadline(None, clock=clock)
    clock.now += 1e9
    assert (d.remaining(), d.expired(), d.used(), d.described()) == (None, False, 0.0, "no limit")
    d.check()


def test_a_zero_limit_is_spent_at_once() -> None:
    d = Deadline(0.0, clock=Clock())
    assert d.expired()
    assert d.used() == 1.0


@pytest.mark.parametrize("bad", [-1.0, math.nan])
def test_a_limit_is_a_number_of_seconds(bad: float) -> None:
    with pytest.raises(ValueError, match="seconds >= 0 or None"):
        Deadline(bad)


def test_as_deadline_shares_a_given_deadline_and_makes_one_from_seconds() -> None:
    shared = Deadline(5.0)
    assert as_deadline(shared) is shared
    assert as_deadline(3).seconds == 3.0
    assert as_deadline(None).seconds is None
    assert TIME_LIMIT == 60.0


def test_report_clamps_the_fraction_and_skips_a_missing_hook() -> None:
    heard: list[tuple[str, float]] = []
    report(lambda m, f: heard.append((m, f)), "a", 1.5)
    report(lambda m, f: heard.append((m, f)), "b", -0.5)
    report(None, "c", 0.5)
    assert heard == [("a", 1.0), ("b", 0.0)]
