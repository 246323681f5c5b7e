"""Meaning checks of the ranges in a scenario v1 document's preferences.

A weight, a rating or the reservation value may be written as a range: ``{min, max}``
(uniform) or ``{mean, sd}`` (normal), each with an optional ``estimate``. The schema
(:mod:`accord.formats.schema`) checks the shape: one of those two key sets, numbers,
``sd > 0``, probabilities in [0, 1]. These checks add what a schema cannot say: ``min``
no larger than ``max``, the estimate inside the range, and the range (or a normal's mean
and estimate) inside the number's valid interval (:func:`accord.model.uncertainty.support`):
weights 0 or more, ratings 0 to 100, the reservation value 0 to 1.

Each check adds Problems to the :class:`~accord.formats.scenario_checks.Checker` it is
given and never stops at the first one. :func:`estimate` and :func:`distribution` turn a
checked number into the model's estimate and distribution, for the checks and the reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accord.formats.document import Path_
from accord.model import Distribution, Normal, ParameterKind, Uniform, support

if TYPE_CHECKING:
    from accord.formats.scenario_checks import Checker

_VALID = {
    "weight": "a weight is 0 or more",
    "rating": "a rating lies in [0, 100]",
    "reservation": "the reservation value lies in [0, 1]",
}


def estimate(raw: Any) -> float:
    """The single value of a number as written: the number itself, or a range's
    ``estimate``, else its midpoint (``{min, max}``) or mean (``{mean, sd}``)."""
    if not isinstance(raw, dict):
        return float(raw)
    if "estimate" in raw:
        return float(raw["estimate"])
    if "mean" in raw:
        return float(raw["mean"])
    return (float(raw["min"]) + float(raw["max"])) / 2  # as Uniform.centre computes it


def distribution(raw: dict[str, Any]) -> Distribution:
    """The distribution of a checked range object."""
    if "mean" in raw:
        return Normal(float(raw["mean"]), float(raw["sd"]))
    return Uniform(float(raw["min"]), float(raw["max"]))


def preferences(checker: Checker, base: Path_, prefs: dict[str, Any]) -> None:
    """Every range of one party's preferences (``base``: ``("preferences", party)``)."""
    if "reservation" in prefs:
        _number(checker, (*base, "reservation"), prefs["reservation"], "reservation")
    for point, weight in prefs["weights"].items():
        _number(checker, (*base, "weights", point), weight, "weight")
    for point, table in prefs["ratings"].items():
        for key, rating in table.items():
            _number(checker, (*base, "ratings", point, key), rating, "rating")
        if "range" in checker.points.get(point, {}):
            _same_breakpoint(checker, (*base, "ratings", point), table)


def _same_breakpoint(checker: Checker, path: Path_, table: dict[Any, Any]) -> None:
    """A range at a breakpoint written twice (``1`` and ``1.0``) would not say which
    rating it belongs to."""
    seen: dict[float, Any] = {}
    for key, rating in table.items():
        try:
            x = float(key)
        except ValueError:
            continue  # scenario_checks reports it
        if x in seen and (isinstance(rating, dict) or isinstance(table[seen[x]], dict)):
            checker.add(
                (*path, key),
                f"breakpoints {seen[x]!r} and {key!r} are the same number, and one has a range",
                "keep one of them",
                key=True,
            )
        seen.setdefault(x, key)


def _number(checker: Checker, path: Path_, raw: Any, kind: ParameterKind) -> None:
    if not isinstance(raw, dict):
        return
    low, high = support(kind)
    valid = _VALID[kind]
    if "mean" in raw:
        if not low <= raw["mean"] <= high:
            checker.add(
                (*path, "mean"),
                f"the mean {raw['mean']} lies outside the valid interval: {valid}",
                "move the mean inside (a normal is truncated to that interval)",
            )
        if "estimate" in raw and not low <= raw["estimate"] <= high:
            checker.add(
                (*path, "estimate"),
                f"the estimate {raw['estimate']} lies outside the valid interval: {valid}",
                "move the estimate inside",
            )
        return
    lo, hi = raw["min"], raw["max"]
    if lo > hi:
        checker.add(path, f"the range's min {lo} is above its max {hi}", "make min no larger than max")
    elif lo < low or hi > high:
        checker.add(
            (*path, "min" if lo < low else "max"),
            f"the range {lo}..{hi} reaches outside the valid interval: {valid}",
            "narrow the range",
        )
    elif "estimate" in raw and not lo <= raw["estimate"] <= hi:
        checker.add(
            (*path, "estimate"),
            f"the estimate {raw['estimate']} lies outside the range {lo}..{hi}",
            "move the estimate into the range, or widen the range",
        )
