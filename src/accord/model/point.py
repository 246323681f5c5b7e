"""Points of the agreement: categorical options or a numeric range."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from accord.errors import ModelError
from accord.model.checks import fail, finite, require_id, unique

Number = int | float
Value = str | int | float
"""An option id (categorical point) or a number (numeric point)."""


def tidy_number(x: float) -> Number:
    """``x`` rounded to 10 decimals, as an ``int`` when it is whole (600000, not 600000.0)."""
    r = round(float(x), 10)
    return int(r) if r.is_integer() else r


def format_value(value: Value, unit: str = "") -> str:
    """Human form of a value: ``"recognise"``, ``"600,000"``, ``"2.5 %"``."""
    if isinstance(value, str):
        return value
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.10g}"
    return f"{text} {unit}".strip()


@dataclass(frozen=True)
class Option:
    """One formulation of a point."""

    id: str
    text: str = ""

    def __post_init__(self) -> None:
        require_id("Option", "id", self.id)


@dataclass(frozen=True)
class NumericRange:
    """A numeric point's values: ``min``, ``min + step``, ..., ``max``.

    ``min`` and ``max`` are finite with ``min <= max``; ``step`` is finite and positive
    (a range of one value, ``min == max``, still needs a positive step).
    """

    min: float
    max: float
    step: float
    unit: str = ""

    def __post_init__(self) -> None:
        where = f"NumericRange({self.min!r}, {self.max!r}, {self.step!r})"
        low = finite(where, "min", self.min)
        high = finite(where, "max", self.max)
        if finite(where, "step", self.step) <= 0:
            fail(where, "step", self.step, "give a positive step (the distance between two values)")
        if low > high:
            fail(where, "min", self.min, f"give a min of at most max ({self.max!r}), or swap them")

    def count(self) -> int:
        """How many values the range holds."""
        return round((self.max - self.min) / self.step) + 1

    def values(self) -> tuple[Number, ...]:
        """Every value of the range, in increasing order."""
        return tuple(tidy_number(self.min + i * self.step) for i in range(self.count()))

    def on_grid(self, x: float) -> bool:
        """Whether ``x`` is one of the range's values (to 1e-9 of a step)."""
        k = (x - self.min) / self.step
        return self.min - 1e-9 <= x <= self.max + 1e-9 and abs(k - round(k)) < 1e-9


@dataclass(frozen=True)
class Point:
    """One clause or issue: either ``options`` or a numeric ``range``."""

    id: str
    title: str = ""
    description: str = ""
    options: tuple[Option, ...] = ()
    range: NumericRange | None = None

    def __post_init__(self) -> None:
        require_id("Point", "id", self.id)
        where = f"point {self.id!r}"
        if self.options and self.range is not None:
            raise ModelError(f"{where}: has both options and a numeric range; give one or the other")
        unique(where, "option", (o.id for o in self.options))

    @property
    def is_numeric(self) -> bool:
        """True for a numeric point."""
        return self.range is not None

    def values(self) -> tuple[Value, ...]:
        """Option ids, or the numeric values of the range."""
        if self.range is not None:
            return self.range.values()
        return tuple(o.id for o in self.options)

    def option(self, option_id: str) -> Option | None:
        """The option with this id, or None."""
        for o in self.options:
            if o.id == option_id:
                return o
        return None

    def has_value(self, value: Value) -> bool:
        """Whether ``value`` is one of this point's values."""
        if self.range is not None:
            return not isinstance(value, str) and self.range.on_grid(float(value))
        return isinstance(value, str) and value in self._option_ids

    @cached_property
    def _option_ids(self) -> frozenset[str]:
        """The option ids, as a set (computed once)."""
        return frozenset(o.id for o in self.options)

    def describe(self, value: Value) -> str:
        """A value as a person reads it (numbers with the unit)."""
        return format_value(value, self.range.unit if self.range else "")
