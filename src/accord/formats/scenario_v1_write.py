"""accord scenario -> scenario format v1 text (YAML), the inverse of ``scenario_v1.load``.

Used by ``accord import`` to convert GENIUS and GeniusWeb domains. Choices made:

* ids that break the format's id rule (``^[A-Za-z0-9][A-Za-z0-9_.-]*$``, at most 100
  characters), such as the GENIUS issue ``"CD player"`` or the value ``"19'' LCD"``, become
  slugs (``CD-player``); the original stays as the point's title, the option's text or the
  party's name;
* ratings are written on the 0-100 scale (``rating * 100 / rating_scale``);
* weights are written as given. accord divides weights by their sum, while GENIUS and
  GeniusWeb use them as written (``weight_total = 1``); when the two differ, the party's
  utilities in the file are those of the source divided by that sum, and the description
  says so, party by party. Discount factors have no place in format v1 and are listed
  there too;
* ranges (``{min, max}`` or ``{mean, sd}``) are written where the party's number is
  uncertain, with ``estimate`` only when it is not the default (the midpoint or the mean),
  and unrounded, so that the file reads back to equal preferences; a red line, link or
  interaction gets its ``probability`` when it is below 1 (a red line is then written
  ``{line, probability}``). A point whose weight is 0 is left out unless it carries a range.

Raises ExportError for what format v1 cannot hold: ratings outside [0, 100] after
conversion, negative weights, or a rated party whose weights are all 0. The text is then
read back with :func:`accord.formats.scenario_v1.loads`, the reader ``accord check`` uses,
and refused with that reader's reasons if it would not pass: one reader, one verdict.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

import yaml

from accord.errors import ExportError, Problem, ScenarioError
from accord.formats import scenario_v1
from accord.formats.export_common import unique_names
from accord.model import (
    CategoricalRating,
    Draft,
    NumericRange,
    Party,
    PiecewiseLinear,
    Point,
    Preferences,
    Rating,
    RedLine,
    Role,
    Scenario,
    Stance,
    Uncertain,
    Uniform,
    Value,
    tidy_number,
)

ID_RULE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
MAX_ID = 100
_ORIGINS = {"genius": "GENIUS", "geniusweb": "GeniusWeb"}


def dump_scenario(scenario: Scenario) -> str:
    """``scenario`` as accord scenario v1 YAML text (see the module docstring)."""
    ids = _Ids(scenario)
    data: dict[str, Any] = {"accord": 1, "title": scenario.title}
    description = _description(scenario)
    if description:
        data["description"] = description
    data["parties"] = [_party(ids, p) for p in scenario.parties]
    data["points"] = [_point(ids, p) for p in scenario.points]
    if scenario.drafts:
        data["drafts"] = [_draft(ids, d) for d in scenario.drafts]
    if scenario.stances:
        data["stances"] = [_stance(ids, s) for s in scenario.stances]
    if scenario.bargainers is not None:
        data["bargainers"] = [ids.party[p] for p in scenario.bargainers]
    if scenario.preferences:
        data["preferences"] = {
            ids.party[p]: _preferences(ids, scenario, scenario.preferences[p]) for p in scenario.rated_parties
        }
    text: str = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    try:
        scenario_v1.loads(text, "<converted>")
    except ScenarioError as err:
        raise ExportError(_refusal(scenario, err.problems)) from err
    return text


def _refusal(scenario: Scenario, problems: list[Problem]) -> str:
    """Why the converted text is refused: the reader's first problem, without the position
    and the hint, which are about a text that was never written, and how many more there are."""
    first = problems[0]
    where = f"{first.path}: " if first.path else ""
    more = len(problems) - 1
    others = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return (
        f"{scenario.source or scenario.title}: the converted scenario would not pass `accord check`, so it is "
        f"not written: {where}{first.message}{others}; correct it in the source"
    )


class _Dumper(yaml.SafeDumper):
    """Safe YAML with multi-line text as literal blocks."""


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _text)


class _Flow(dict[str, Any]):
    """A small mapping written on one line: ``{min: 0.52, max: 0.64}``."""


def _flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)


_Dumper.add_representer(_Flow, _flow)


def slug(text: str) -> str:
    """``text`` made into an id of format v1 (unchanged when it already is one)."""
    if ID_RULE.match(text) and len(text) <= MAX_ID:
        return text
    cleaned = re.sub(r"[^A-Za-z0-9_.\-]+", "-", text)
    cleaned = re.sub(r"^[^A-Za-z0-9]+", "", cleaned)[:MAX_ID].rstrip("-")
    return cleaned or "x"


def _unique_ids(names: Iterable[str]) -> dict[str, str]:
    """Each name's id: valid names keep theirs; the others get distinct slugs."""
    return unique_names(names, slug, sep="-", limit=MAX_ID, key=str)


class _Ids:
    """The v1 id of every party, point, option and draft of a scenario."""

    def __init__(self, scenario: Scenario) -> None:
        self.party = _unique_ids([p.id for p in scenario.parties] + list(scenario.preferences))
        self.point = _unique_ids(p.id for p in scenario.points)
        self.draft = _unique_ids(d.id for d in scenario.drafts)
        self.option = {p.id: _unique_ids(o.id for o in p.options) for p in scenario.points}
        self.numeric = {p.id for p in scenario.points if p.is_numeric}

    def value(self, point: str, value: Value) -> Value:
        """A value as written: a number, or the option's v1 id."""
        if point in self.numeric or not isinstance(value, str):
            return tidy_number(float(value))
        return self.option.get(point, {}).get(value, slug(value))

    def assignment(self, point: str, op: str, value: Value) -> str:
        """``point=value`` (or ``<``, ``>``) with v1 ids."""
        return f"{self.point.get(point, slug(point))}{op}{self.value(point, value)}"


def _description(scenario: Scenario) -> str:
    lines = [scenario.description.strip()] if scenario.description.strip() else []
    origin = _ORIGINS.get(scenario.origin)
    if origin and scenario.source not in scenario.description:
        lines.append(f"Converted by accord from {origin} ({scenario.source}).")
    for party in scenario.rated_parties:
        prefs = scenario.preferences[party]
        total = sum(prefs.weights.values())
        if prefs.weight_total is not None and not math.isclose(total, prefs.weight_total, rel_tol=1e-9, abs_tol=1e-12):
            lines.append(
                f"Party {party}: the source uses the weights as written (they sum to {total:.10g}, not "
                f"{prefs.weight_total:g}); accord divides them by their sum, so {party}'s utilities here "
                f"are the source's divided by {total / prefs.weight_total:.10g}."
            )
        if prefs.discount is not None:
            lines.append(f"Party {party}: discount factor {prefs.discount:g} in the source (not part of format v1).")
    return "\n".join(lines)


def _party(ids: _Ids, party: Party) -> dict[str, Any]:
    out: dict[str, Any] = {"id": ids.party[party.id], "name": party.name or party.id}
    if party.role is not Role.SIGNATORY:
        out["role"] = party.role.value
    if party.description:
        out["description"] = party.description
    return out


def _point(ids: _Ids, point: Point) -> dict[str, Any]:
    out: dict[str, Any] = {"id": ids.point[point.id], "title": point.title or point.id}
    if point.description:
        out["description"] = point.description
    if point.range is not None:
        rng: dict[str, Any] = {k: tidy_number(getattr(point.range, k)) for k in ("min", "max", "step")}
        if point.range.unit:
            rng["unit"] = point.range.unit
        out["range"] = rng
        return out
    options = []
    for option in point.options:
        new_id = ids.option[point.id][option.id]
        text = option.text
        if new_id != option.id:
            text = option.id if text in ("", option.id) else f"{option.id}: {text}"
        options.append({"id": new_id, "text": text} if text else {"id": new_id})
    out["options"] = options
    return out


def _draft(ids: _Ids, draft: Draft) -> dict[str, Any]:
    out: dict[str, Any] = {"id": ids.draft[draft.id]}
    for key in ("title", "date", "description"):
        if getattr(draft, key):
            out[key] = getattr(draft, key)
    authors = [ids.party.get(a, slug(a)) for a in draft.authors]
    parents = [ids.draft.get(p, slug(p)) for p in draft.parents]
    if authors:
        out.update({"author": authors[0]} if len(authors) == 1 else {"authors": authors})
    if parents:
        out.update({"parent": parents[0]} if len(parents) == 1 else {"parents": parents})
    if draft.choices:
        out["choices"] = {ids.point.get(p, slug(p)): ids.value(p, v) for p, v in draft.choices.items()}
    if draft.texts:
        out["texts"] = {ids.point.get(p, slug(p)): t for p, t in draft.texts.items()}
    return out


def _stance(ids: _Ids, stance: Stance) -> dict[str, Any]:
    out: dict[str, Any] = {
        "party": ids.party.get(stance.party, slug(stance.party)),
        "draft": ids.draft.get(stance.draft, slug(stance.draft)),
    }
    if stance.point is not None:
        out["point"] = ids.point.get(stance.point, slug(stance.point))
    out["stance"] = stance.stance.value
    if stance.proposal is not None and stance.point is not None:
        out["proposal"] = ids.value(stance.point, stance.proposal)
    if stance.note:
        out["note"] = stance.note
    if stance.source is not None:
        fields = ("quote", "speaker", "date", "outlet", "published", "link")
        out["source"] = {k: getattr(stance.source, k) for k in fields if getattr(stance.source, k)}
    if stance.basis is not None:
        out["basis"] = stance.basis.value
    if stance.reason:
        out["reason"] = stance.reason
    return out


def _preferences(ids: _Ids, scenario: Scenario, prefs: Preferences) -> dict[str, Any]:
    if any(w < 0 for w in prefs.weights.values()):
        raise ExportError(f"party {prefs.party!r} has a negative weight; format v1 needs weights >= 0")
    if not any(prefs.weights.get(p.id, 0.0) > 0 for p in scenario.points):
        raise ExportError(f"party {prefs.party!r} gives every point weight 0; format v1 needs a positive weight")
    ranged = {u.point for u in prefs.uncertain}
    kept = [p for p in scenario.points if prefs.weights.get(p.id, 0.0) > 0 or p.id in ranged]
    ranges = {u.key: u for u in prefs.uncertain}
    out: dict[str, Any] = {}
    reservation = ranges.get(("reservation", None, None))
    if reservation is not None:
        out["reservation"] = _range(reservation, prefs.reservation)
    elif prefs.reservation:
        out["reservation"] = prefs.reservation
    out["weights"] = {
        ids.point[p.id]: _number(ranges.get(("weight", p.id, None)), prefs.weights[p.id])
        for p in kept
        if p.id in prefs.weights
    }
    out["ratings"] = {ids.point[p.id]: _ratings(ids, p, prefs, prefs.ratings.get(p.id)) for p in kept}
    if prefs.red_lines:
        out["red_lines"] = [_probable(r, line.probability) for line in prefs.red_lines for r in _red_line(ids, line)]
    if prefs.links:
        out["links"] = [
            _with_probability(
                {
                    "if": ids.assignment(k.point, "=", k.value),
                    "then": [ids.assignment(k.requires_point, "=", v) for v in k.requires],
                },
                k.probability,
            )
            for k in prefs.links
        ]
    if prefs.interactions:
        out["interactions"] = [
            _with_probability(
                {"when": {ids.point.get(p, slug(p)): ids.value(p, v) for p, v in k.conditions}, "bonus": k.bonus},
                k.probability,
            )
            for k in prefs.interactions
        ]
    return out


def _red_line(ids: _Ids, line: RedLine) -> list[str]:
    if line.option is not None:
        return [ids.assignment(line.point, "=", line.option)]
    bounds = []
    if line.below is not None:
        bounds.append(ids.assignment(line.point, "<", line.below))
    if line.above is not None:
        bounds.append(ids.assignment(line.point, ">", line.above))
    return bounds


def _probable(text: str, probability: float) -> str | dict[str, Any]:
    """A red line: its text when it surely holds, else ``{line, probability}``."""
    return text if probability == 1 else _Flow(line=text, probability=probability)


def _with_probability(item: dict[str, Any], probability: float) -> dict[str, Any]:
    return item if probability == 1 else {**item, "probability": probability}


def _number(u: Uncertain | None, estimate: float, factor: float = 1.0) -> Any:
    """A number as written: plain, or the range of ``u`` (see :func:`_range`)."""
    return estimate if u is None else _range(u, estimate, factor)


def _range(u: Uncertain, estimate: float, factor: float = 1.0) -> _Flow:
    """``{min, max}`` or ``{mean, sd}`` times ``factor`` (the rating scale's change), with
    the ``estimate`` only when it is not the default (the midpoint or the mean)."""
    d = u.distribution
    if isinstance(d, Uniform):
        out = _Flow(min=_exact(d.low * factor), max=_exact(d.high * factor))
    else:
        out = _Flow(mean=_exact(d.mean * factor), sd=_exact(d.sd * factor))
    if estimate != d.centre:
        out["estimate"] = _exact(estimate * factor)
    return out


def _exact(x: float) -> int | float:
    """``x`` unrounded (a range reads back exactly), as an ``int`` when it is a whole number."""
    return int(x) if x.is_integer() and abs(x) < 2**53 else x


def _ratings(ids: _Ids, point: Point, prefs: Preferences, rating: Rating | None) -> dict[Any, Any]:
    if point.range is None:
        scores = rating.scores if isinstance(rating, CategoricalRating) else {}
        table: dict[Any, float] = {ids.option[point.id][o.id]: scores.get(o.id, 0.0) for o in point.options}
    else:
        table = {tidy_number(x): y for x, y in _curve(point.range, rating)}
    out: dict[Any, Any] = {k: _scaled(prefs, point.id, v) for k, v in table.items()}
    factor = 100.0 / prefs.rating_scale
    for u in prefs.uncertain:
        if u.kind != "rating" or u.point != point.id or u.value is None:
            continue
        key = ids.value(point.id, u.value)
        estimate = prefs.estimate(u)
        if key in out and estimate is not None:
            out[key] = _range(u, estimate, factor)
    return out


def _curve(rng: NumericRange, rating: Rating | None) -> list[tuple[float, float]]:
    lo, hi = float(rng.min), float(rng.max)
    if not isinstance(rating, PiecewiseLinear) or not rating.breakpoints:
        return [(lo, 0.0)]
    inside = [(x, y) for x, y in rating.breakpoints if lo <= x <= hi]
    edges = [(x, rating(x)) for x in (lo, hi) if all(abs(x - bx) > 0 for bx, _ in inside)]
    return sorted(inside + edges)


def _scaled(prefs: Preferences, point: str, rating: float) -> int | float:
    value = rating * 100.0 / prefs.rating_scale
    if -1e-9 <= value < 0:
        value = 0.0
    if 100 < value <= 100 + 1e-9:
        value = 100.0
    if not 0 <= value <= 100:
        raise ExportError(
            f"party {prefs.party!r} rates a value of point {point!r} {value:.6g} on the 0-100 scale; "
            "format v1 ratings lie in 0..100"
        )
    return tidy_number(value)
