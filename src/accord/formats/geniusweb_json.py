"""GeniusWeb JSON folders -> accord scenarios (Pasman and Jonker, GeniusWeb, 2019-2021).

A folder holds a domain ``{"name", "issuesValues"}`` (optional: every profile embeds its
domain) and ``LinearAdditiveUtilitySpace`` profiles. Semantics, as in GeniusWeb's
``geniusweb.profile.utilityspace``:

* utility = sum over issues of ``issueWeights[issue] * utility(value)`` (weights as written);
* ``DiscreteValueSetUtilities`` (older files: ``discreteutils``) map each value to a
  utility; a value without one is worth 0;
* ``NumberValueSetUtilities`` (``numberutils``) interpolate linearly between
  ``(lowValue, lowUtility)`` and ``(highValue, highUtility)``, 0 outside. GeniusWeb rounds
  that interpolation to 8 decimals; accord keeps it exact;
* a ``reservationBid``'s utility is the reservation value.

Number issues ``{"range": {"low", "high", "step"}}`` become numeric points; discrete issues
``{"values": [...]}`` categorical ones. Party ids are the profile file names without
extension. Other JSON files (settings, tournaments, partial orderings) are skipped with a note.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from accord.errors import InputError, Problem, ScenarioError, UnsupportedFormatError
from accord.formats.files import MAX_INPUT_BYTES, read_limited
from accord.formats.imported import Imported
from accord.model import (
    CategoricalRating,
    NumericRange,
    Option,
    Party,
    PiecewiseLinear,
    Point,
    Preferences,
    Rating,
    Scenario,
    Value,
    tidy_number,
)

MAX_JSON_BYTES = MAX_INPUT_BYTES
PROFILE_KEY = "LinearAdditiveUtilitySpace"
_DISCRETE = ("DiscreteValueSetUtilities", "discreteutils")
_NUMBER = ("NumberValueSetUtilities", "numberutils")
_OTHER_PROFILES = ("DefaultPartialOrdering", "DefaultPartialOrderingProfile", "SumOfGroupsUtilitySpace")


@dataclass(frozen=True)
class _File:
    path: Path
    data: dict[str, Any]


def read_geniusweb(folder: Path) -> Imported:
    """Read the GeniusWeb domain and profiles in ``folder`` (see the module docstring).

    Raises UnsupportedFormatError when the folder holds no GeniusWeb domain or profiles of
    several domains; ScenarioError for content that does not fit its domain; InputError
    for unreadable JSON.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise UnsupportedFormatError(
            f"{folder}: not a folder; a GeniusWeb domain is a folder with a domain and its profiles",
            file=str(folder),
        )
    notes: list[str] = []
    domains, profiles = _classify(folder, notes)
    domain = _domain(folder, domains, profiles)
    points = tuple(_point(domain, name, spec) for name, spec in domain.data["issuesValues"].items())
    preferences: dict[str, Preferences] = {}
    for profile in profiles:
        if profile.path.stem in preferences:
            raise UnsupportedFormatError(
                f"{profile.path}: a second profile named {profile.path.stem!r}; rename one of the files",
                file=str(profile.path),
            )
        preferences[profile.path.stem] = _preferences(profile, points, notes)
    if len(preferences) < 2:
        have = ", ".join(preferences) or "none"
        raise ScenarioError(
            [
                Problem(
                    str(folder),
                    "",
                    f"{len(preferences)} GeniusWeb profile(s) ({have}); a negotiation needs two",
                    "add a LinearAdditiveUtilitySpace profile per party",
                )
            ]
        )
    title = str(domain.data.get("name") or folder.name)
    scenario = Scenario(
        title=title,
        parties=tuple(Party(p, p) for p in preferences),
        points=points,
        preferences=preferences,
        description=f"GeniusWeb domain {title!r} read from {folder}: {len(preferences)} profiles.",
        origin="geniusweb",
        source=str(folder),
    )
    return Imported(scenario, tuple(notes))


def load_json(path: Path) -> Any:
    """The JSON value in ``path`` (size-limited); InputError with line and column if malformed."""
    raw = read_limited(path, MAX_JSON_BYTES)
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text; save the file as UTF-8", file=str(path)) from err
    except json.JSONDecodeError as err:
        raise InputError(
            f"{path}:{err.lineno}:{err.colno}: not valid JSON ({err.msg}); fix the file at that place",
            file=str(path),
            line=err.lineno,
        ) from err


def kind_of(data: Any) -> str:
    """``"domain"``, ``"profile"``, ``"other-profile"`` or ``"other"`` for a parsed JSON value."""
    if not isinstance(data, dict):
        return "other"
    if "issuesValues" in data:
        return "domain"
    if PROFILE_KEY in data:
        return "profile"
    return "other-profile" if any(k in data for k in _OTHER_PROFILES) else "other"


def looks_like_json(path: Path) -> bool:
    """Whether ``path`` is a file whose first non-blank character is ``{``."""
    try:
        with path.open("rb") as handle:
            head = handle.read(256)
    except OSError:
        return False
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{")


def _classify(folder: Path, notes: list[str]) -> tuple[list[_File], list[_File]]:
    domains: list[_File] = []
    profiles: list[_File] = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        if not looks_like_json(path):
            continue
        data = load_json(path)
        kind = kind_of(data)
        if kind == "domain":
            domains.append(_File(path, data))
        elif kind == "profile":
            profiles.append(_File(path, data))
        elif kind == "other-profile":
            notes.append(f"{path}: a {next(iter(data))} profile has no utilities accord can use; skipped")
        else:
            top = ", ".join(list(data)[:3]) if isinstance(data, dict) else type(data).__name__
            notes.append(f"{path}: neither a GeniusWeb domain nor a profile ({top}); ignored")
    return domains, profiles


def _domain(folder: Path, domains: list[_File], profiles: list[_File]) -> _File:
    if len(domains) > 1 and any(d.data != domains[0].data for d in domains):
        names = ", ".join(d.path.name for d in domains)
        raise UnsupportedFormatError(f"{folder}: several GeniusWeb domains ({names}); keep one per folder")
    if domains:
        domain = domains[0]
    elif profiles:
        domain = _File(profiles[0].path, _embedded(profiles[0]))
    else:
        subfolders = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
        hint = f"; it holds sub-folders ({', '.join(subfolders[:5])}): pass one of them" if subfolders else ""
        raise UnsupportedFormatError(
            f'{folder}: no GeniusWeb domain ({{"name", "issuesValues"}}) or {PROFILE_KEY} profile here{hint}',
            file=str(folder),
        )
    for profile in profiles:
        embedded = _embedded(profile)
        if embedded and (embedded.get("issuesValues") != domain.data["issuesValues"]):
            raise UnsupportedFormatError(
                f"{folder}: {profile.path.name} is for domain {embedded.get('name')!r}, which differs from "
                f"{domain.data.get('name')!r} ({domain.path.name}); put each domain's profiles in their own folder",
                file=str(profile.path),
            )
    if not isinstance(domain.data.get("issuesValues"), dict) or not domain.data["issuesValues"]:
        raise _problem(domain.path, "issuesValues", "the domain has no issues", "list the issues and their values")
    return domain


def _embedded(profile: _File) -> dict[str, Any]:
    body = profile.data[PROFILE_KEY]
    embedded = body.get("domain") if isinstance(body, dict) else None
    return embedded if isinstance(embedded, dict) else {}


def _problem(path: Path, where: str, message: str, hint: str) -> ScenarioError:
    return ScenarioError([Problem(file=str(path), path=where, message=message, hint=hint)])


def _point(domain: _File, name: str, spec: Any) -> Point:
    where = f"issuesValues.{name}"
    if isinstance(spec, dict) and isinstance(spec.get("values"), list) and spec["values"]:
        values = [str(v) for v in spec["values"]]
        if len(set(values)) != len(values):
            raise _problem(domain.path, where, "a value is listed twice", "delete the duplicate")
        return Point(id=name, title=name, options=tuple(Option(v) for v in values))
    if isinstance(spec, dict) and isinstance(spec.get("range"), dict):
        low, high, step = (
            _finite(domain.path, f"{where}.range.{k}", spec["range"].get(k)) for k in ("low", "high", "step")
        )
        if step <= 0 or high < low:
            raise _problem(domain.path, f"{where}.range", "needs low <= high and step > 0", "fix the range")
        count = math.floor((high - low) / step + 1e-9)
        return Point(id=name, title=name, range=NumericRange(low, tidy_number(low + count * step), step))
    raise UnsupportedFormatError(
        f'{domain.path}: {where}: expected {{"values": [...]}} or {{"range": {{low, high, step}}}}',
        file=str(domain.path),
    )


def _finite(path: Path, where: str, raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise _problem(path, where, f"{raw!r} is not a number", "write a number")
    return float(raw)


def _preferences(profile: _File, points: tuple[Point, ...], notes: list[str]) -> Preferences:
    body = profile.data[PROFILE_KEY]
    utilities = body.get("issueUtilities") if isinstance(body, dict) else None
    weights = body.get("issueWeights") if isinstance(body, dict) else None
    if not isinstance(utilities, dict) or not isinstance(weights, dict):
        raise _problem(profile.path, PROFILE_KEY, "issueUtilities or issueWeights is missing", "add both")
    ratings: dict[str, Rating] = {}
    weight_of: dict[str, float] = {}
    for point in points:
        where = f"{PROFILE_KEY}.issueWeights.{point.id}"
        if point.id not in weights or point.id not in utilities:
            raise _problem(profile.path, where, f"no weight or utilities for issue {point.id!r}", "add them")
        weight_of[point.id] = _finite(profile.path, where, weights[point.id])
        ratings[point.id] = _rating(profile.path, point, utilities[point.id], notes)
    prefs = Preferences(party=profile.path.stem, weights=weight_of, ratings=ratings, weight_total=1.0, rating_scale=1.0)
    bid = body.get("reservationBid")
    if isinstance(bid, dict):
        values = bid.get("issuevalues", {})
        agreement = {p.id: _bid_value(p, values[p.id]) for p in points if isinstance(values, dict) and p.id in values}
        return replace(prefs, reservation=prefs.utility(agreement))
    return prefs


def _bid_value(point: Point, raw: Any) -> Value:
    if point.range is not None and isinstance(raw, int | float) and not isinstance(raw, bool):
        return tidy_number(float(raw))
    return str(raw)


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
    if key in _DISCRETE:
        scores = table.get("valueUtilities") if isinstance(table, dict) else None
        if point.range is not None or not isinstance(scores, dict):
            raise _problem(path, where, "discrete utilities need a discrete issue and valueUtilities", "fix the file")
        missing = [o.id for o in point.options if o.id not in scores]
        if missing:
            notes.append(f"{path}: {where}: no utility for {', '.join(map(repr, missing))}; GeniusWeb counts 0")
        return CategoricalRating({o.id: _finite(path, f"{where}.{o.id}", scores.get(o.id, 0.0)) for o in point.options})
    if point.range is None or not isinstance(table, dict):
        raise _problem(path, where, "number utilities need a number issue", "fix the file")
    low, low_u, high, high_u = (
        _finite(path, f"{where}.{k}", table.get(k)) for k in ("lowValue", "lowUtility", "highValue", "highUtility")
    )
    if high <= low:
        raise _problem(path, where, f"highValue {high:g} is not above lowValue {low:g}", "swap them")
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
