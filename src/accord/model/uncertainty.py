"""Uncertain estimates: a weight, rating or reservation value known only as a range.

A party's preferences are an analyst's estimates. Any weight, rating or reservation value
may carry a distribution beside its single value (the *estimate*, which the deterministic
analyses use): a uniform range ``[low, high]``, or a normal ``(mean, sd)`` truncated to the
parameter's valid interval (:func:`support`). Red lines, links and interactions carry a
``probability`` of holding instead (:class:`accord.model.RedLine` and its siblings).

This module holds only the data and its checks; sampling is
:mod:`accord.analysis.robust.sampling`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from accord.model.checks import fail, finite, require_id
from accord.model.point import Value, format_value

ParameterKind = Literal["weight", "rating", "reservation"]
"""What an uncertain number is: a point's weight, a rating of one value, the reservation value."""
PARAMETER_KINDS: tuple[ParameterKind, ...] = ("weight", "rating", "reservation")


@dataclass(frozen=True)
class Uniform:
    """Every value of ``[low, high]`` equally likely (``low == high``: a known value)."""

    low: float
    high: float

    def __post_init__(self) -> None:
        finite("Uniform", "low", self.low)
        finite("Uniform", "high", self.high)
        if self.low > self.high:
            fail("Uniform", "min", self.low, f"give a min no larger than the max ({self.high:g})")

    @property
    def centre(self) -> float:
        """The midpoint: the default estimate."""
        return (self.low + self.high) / 2

    def describe(self) -> str:
        """``0.5..0.66``."""
        return f"{format_value(self.low)}..{format_value(self.high)}"


@dataclass(frozen=True)
class Normal:
    """A normal distribution of ``mean`` and standard deviation ``sd`` (positive),
    truncated to the parameter's valid interval when sampled."""

    mean: float
    sd: float

    def __post_init__(self) -> None:
        finite("Normal", "mean", self.mean)
        if finite("Normal", "sd", self.sd) <= 0:
            fail("Normal", "sd", self.sd, "give a positive standard deviation (or a range {min, max})")

    @property
    def centre(self) -> float:
        """The mean: the default estimate."""
        return self.mean

    def describe(self) -> str:
        """``0.58±0.04``."""
        return f"{format_value(self.mean)}±{format_value(self.sd)}"


Distribution = Uniform | Normal


def support(kind: ParameterKind, rating_scale: float = 100.0) -> tuple[float, float]:
    """The valid interval of a parameter: weights ``[0, inf)``, ratings ``[0, scale]``,
    reservation values ``[0, 1]``. Normal distributions are truncated to it."""
    if kind == "weight":
        return 0.0, math.inf
    if kind == "rating":
        return 0.0, rating_scale
    return 0.0, 1.0


@dataclass(frozen=True)
class Uncertain:
    """One uncertain number of a party's preferences.

    ``kind`` ``weight``: the weight of ``point``; ``rating``: the rating of ``value`` on
    ``point`` (an option id, or a breakpoint of a numeric point); ``reservation``: the
    reservation value (no point).
    """

    kind: ParameterKind
    distribution: Distribution
    point: str | None = None
    value: Value | None = None

    def __post_init__(self) -> None:
        if self.kind not in PARAMETER_KINDS:
            fail("Uncertain", "kind", self.kind, f"use one of {', '.join(PARAMETER_KINDS)}")
        if self.kind == "reservation":
            if self.point is not None or self.value is not None:
                fail("Uncertain", "point", self.point, "a reservation value names no point")
            return
        require_id("Uncertain", "point", self.point)
        if self.kind == "rating" and self.value is None:
            fail("Uncertain", "value", self.value, "name the option (or breakpoint) whose rating is uncertain")
        if self.kind == "weight" and self.value is not None:
            fail("Uncertain", "value", self.value, "a weight belongs to a whole point; give no value")

    @property
    def key(self) -> tuple[str, str | None, Value | None]:
        """``(kind, point, value)``: what this number is, without its distribution."""
        return (self.kind, self.point, self.value)

    def describe(self) -> str:
        """``reservation``, ``weight of donbas`` or ``rating of donbas=contact-line``."""
        if self.kind == "reservation":
            return "reservation"
        if self.kind == "weight":
            return f"weight of {self.point}"
        return f"rating of {self.point}={format_value(self.value) if self.value is not None else ''}"


def check_probability(where: str, probability: float) -> None:
    """ModelError unless ``probability`` is a finite number in [0, 1]."""
    p = finite(where, "probability", probability)
    if not 0.0 <= p <= 1.0:
        fail(where, "probability", probability, "give a probability from 0 to 1 (1: it surely holds)")
