"""GeniusWeb ``LinearAdditiveUtilitySpace`` profiles -> accord preferences (Pasman and
Jonker, GeniusWeb, 2019-2021; ``geniusweb.profile.utilityspace``).

The half of :mod:`accord.formats.geniusweb_json` that reads one profile against its
domain's points, by GeniusWeb's own rules:

* utility = sum over issues of ``issueWeights[issue] * utility(value)``; the weights must be
  0 or more and sum to 1 (to 1e-9), as ``LinearAdditiveUtilitySpace`` requires;
* ``DiscreteValueSetUtilities`` (older files: ``discreteutils``) map each value to a utility
  in [0, 1]; a value without one is worth 0, as GeniusWeb's ``getUtility`` returns (noted);
* ``NumberValueSetUtilities`` (``numberutils``) interpolate linearly between
  ``(lowValue, lowUtility)`` and ``(highValue, highUtility)``, 0 outside. GeniusWeb rounds
  that interpolation to 8 decimals; accord keeps it exact;
* a ``reservationBid`` must name values of the domain; its utility is the reservation value.

Anything else is refused with the file and the JSON path (a ScenarioError).
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path
from typing import Any

from accord.errors import Problem, ScenarioError, UnsupportedFormatError, did_you_mean
from accord.model import (
    CategoricalRating,
    NumericRange,
    PiecewiseLinear,
    Point,
    Preferences,
    Rating,
    Value,
    tidy_number,
)

PROFILE_KEY = "LinearAdditiveUtilitySpace"
_DISCRETE = ("DiscreteValueSetUtilities", "discreteutils")
_NUMBER = ("NumberValueSetUtilities", "numberutils")
_WEIGHT_SUM_SLACK = 1e-9


def shown(spec: Any) -> str:
    """A JSON value as written, cut at 120 characters (``no such issue`` for None)."""
    if spec is None:
        return "no such issue"
    text = json.dumps(spec, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."


def problem(path: Path, where: str, message: str, hint: str) -> ScenarioError:
    """A ScenarioError about the JSON path ``where`` of the file ``path``."""
    return ScenarioError([Problem(file=str(path), path=where, message=message, hint=hint)])


def finite(path: Path, where: str, raw: Any) -> float:
    """``raw`` as a finite number; ScenarioError otherwise (JSON booleans are not numbers)."""
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise problem(path, where, f"{json.dumps(raw)} is not a number", "write a number")
    return float(raw)


def unit(path: Path, where: str, raw: Any) -> float:
    """``raw`` as a number in [0, 1], the range of a GeniusWeb utility; ScenarioError otherwise."""
    value = finite(path, where, raw)
    if not 0 <= value <= 1:
        raise problem(
            path, where, f"utility {json.dumps(raw)} is outside [0, 1], which GeniusWeb requires", "write 0 to 1"
        )
    return value


def read_preferences(path: Path, data: dict[str, Any], points: tuple[Point, ...], notes: list[str]) -> Preferences:
    """The preferences in profile ``data`` (read from ``path``; the party is the file name
    without extension) over the domain's ``points``; ``notes`` gets what was read leniently."""
    body = data[PROFILE_KEY]
    utilities = body.get("issueUtilities") if isinstance(body, dict) else None
    weights = body.get("issueWeights") if isinstance(body, dict) else None
    if not isinstance(utilities, dict) or not isinstance(weights, dict):
        raise problem(path, PROFILE_KEY, "issueUtilities or issueWeights is missing", "add both")
    known = [p.id for p in points]
    for key, table in (("issueWeights", weights), ("issueUtilities", utilities)):
        extra = next((k for k in table if k not in known), None)
        if extra is not None:
            raise problem(
                path,
                f"{PROFILE_KEY}.{key}.{extra}",
                f"issue {extra!r} is not in the domain{did_you_mean(extra, known)} (issues: {', '.join(known)})",
                "remove it or correct its name",
            )
    ratings: dict[str, Rating] = {}
    weight_of: dict[str, float] = {}
    for point in points:
        where = f"{PROFILE_KEY}.issueWeights.{point.id}"
        if point.id not in weights or point.id not in utilities:
            raise problem(path, where, f"no weight or utilities for issue {point.id!r}", "add them")
        weight_of[point.id] = finite(path, where, weights[point.id])
        if weight_of[point.id] < 0:
            raise problem(path, where, f"weight {json.dumps(weights[point.id])} is negative", "write 0 to 1")
        ratings[point.id] = _rating(path, point, utilities[point.id], notes)
    total = sum(weight_of.values())
    if abs(total - 1) > _WEIGHT_SUM_SLACK:
        raise problem(
            path,
            f"{PROFILE_KEY}.issueWeights",
            f"the weights sum to {total:.10g}; GeniusWeb requires them to sum to 1",
            f"divide each weight by {total:.10g}" if total > 0 else "give the issues weights that sum to 1",
        )
    prefs = Preferences(party=path.stem, weights=weight_of, ratings=ratings, weight_total=1.0, rating_scale=1.0)
    agreement = _reservation_bid(path, body.get("reservationBid"), points)
    return replace(prefs, reservation=min(1.0, prefs.utility(agreement))) if agreement else prefs


def _reservation_bid(path: Path, bid: Any, points: tuple[Point, ...]) -> dict[str, Value]:
    """The agreement a ``reservationBid`` names (empty when there is none)."""
    where = f"{PROFILE_KEY}.reservationBid"
    if bid is None:
        return {}
    values = bid.get("issuevalues") if isinstance(bid, dict) else None
    if not isinstance(values, dict):
        raise problem(
            path,
            where,
            f"{shown(bid)} has no issuevalues object",
            'write {"issuevalues": {"<issue>": <value>, ...}} or remove the reservationBid',
        )
    by_id = {p.id: p for p in points}
    agreement: dict[str, Value] = {}
    for issue, raw in values.items():
        point = by_id.get(issue)
        if point is None:
            raise problem(
                path,
                f"{where}.issuevalues.{issue}",
                f"issue {issue!r} is not in the domain{did_you_mean(issue, by_id)}",
                "remove it or correct its name",
            )
        agreement[issue] = _bid_value(path, f"{where}.issuevalues.{issue}", point, raw)
    return agreement


def _bid_value(path: Path, where: str, point: Point, raw: Any) -> Value:
    if point.range is not None:
        if isinstance(raw, int | float) and not isinstance(raw, bool) and point.range.on_grid(float(raw)):
            return tidy_number(float(raw))
        grid = f"{point.range.min:g}..{point.range.max:g} step {point.range.step:g}"
        raise problem(path, where, f"{json.dumps(raw)} is not a value of issue {point.id!r} ({grid})", "use one")
    labels = [o.id for o in point.options]
    if isinstance(raw, str) and raw in labels:
        return raw
    raise problem(
        path,
        where,
        f"{json.dumps(raw)} is not a value of issue {point.id!r}{did_you_mean(str(raw), labels)}",
        f"use one of {', '.join(labels[:8])}{', ...' if len(labels) > 8 else ''}",
    )


def _rating(path: Path, point: Point, spec: Any, notes: list[str]) -> Rating:
    where = f"{PROFILE_KEY}.issueUtilities.{point.id}"
    body = next(((k, spec[k]) for k in (*_DISCRETE, *_NUMBER) if isinstance(spec, dict) and k in spec), None)
    if body is None:
        shown = ", ".join(spec) if isinstance(spec, dict) else repr(spec)
        raise UnsupportedFormatError(
            f"{path}: {where}: unknown value-set utilities ({shown}); accord reads "
            "DiscreteValueSetUtilities and NumberValueSetUtilities",
            file=str(path),
        )
    key, table = body
    where = f"{where}.{key}"
    if key in _DISCRETE:
        scores = table.get("valueUtilities") if isinstance(table, dict) else None
        if point.range is not None or not isinstance(scores, dict):
            raise problem(path, where, "discrete utilities need a discrete issue and valueUtilities", "fix the file")
        labels = [o.id for o in point.options]
        extra = next((v for v in scores if v not in labels), None)
        if extra is not None:
            raise problem(
                path,
                f"{where}.valueUtilities.{extra}",
                f"{extra!r} is not a value of issue {point.id!r}{did_you_mean(extra, labels)}",
                "remove it or correct its name",
            )
        missing = [v for v in labels if v not in scores]
        if missing:
            notes.append(
                f"{path}: {where}: no utility for {', '.join(map(repr, missing))}; read as 0, which is what "
                "GeniusWeb's getUtility gives (its isFitting would refuse the profile)"
            )
        return CategoricalRating(
            {v: unit(path, f"{where}.valueUtilities.{v}", scores[v]) if v in scores else 0.0 for v in labels}
        )
    if point.range is None or not isinstance(table, dict):
        raise problem(path, where, "number utilities need a number issue", "fix the file")
    low, high = (finite(path, f"{where}.{k}", table.get(k)) for k in ("lowValue", "highValue"))
    low_u, high_u = (unit(path, f"{where}.{k}", table.get(k)) for k in ("lowUtility", "highUtility"))
    if high <= low:
        raise problem(path, where, f"highValue {high:g} is not above lowValue {low:g}", "swap them")
    return PiecewiseLinear(number_breakpoints(point.range, low, low_u, high, high_u))


def number_breakpoints(
    grid: NumericRange, low: float, low_u: float, high: float, high_u: float
) -> tuple[tuple[float, float], ...]:
    """Breakpoints, on ``grid``, of GeniusWeb's ``NumberValueSetUtilities``.

    Linear from ``(low, low_u)`` to ``(high, high_u)`` and 0 outside ``[low, high]``; only
    grid values are ever evaluated, so the breakpoints are grid values.
    """

    def utility(x: float) -> float:
        if x < low or x > high:
            return 0.0
        return low_u + (high_u - low_u) * (x - low) / (high - low)

    values = [float(v) for v in grid.values()]
    inside = [i for i, x in enumerate(values) if low <= x <= high]
    keep = {0, len(values) - 1}
    if inside:
        first, last = inside[0], inside[-1]
        keep |= {first, last, max(first - 1, 0), min(last + 1, len(values) - 1)}
    return tuple((values[i], utility(values[i])) for i in sorted(keep))
