"""Meaning checks of a scenario v1 document that has passed the schema.

Each check appends Problems (with positions) and never stops at the first one, so a user
sees every error of a file at once. The record's checks are in :mod:`record_checks`, those
of the preferences' ranges in :mod:`uncertainty_checks`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from accord.errors import Problem, did_you_mean, known_list
from accord.formats import record_checks, uncertainty_checks
from accord.formats.assignments import Assignment, as_value, parse_assignment
from accord.formats.document import Document, Path_

MAX_RANGE_VALUES = 100_000


def non_finite(doc: Document) -> list[Problem]:
    """NaN and infinite numbers anywhere in the document."""
    return [
        doc.problem(path, f"{value!r} is not a finite number", "write an ordinary number")
        for path, value in _numbers(doc.data, ())
        if not math.isfinite(value)
    ]


def _numbers(data: Any, path: Path_) -> Iterator[tuple[Path_, float]]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _numbers(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _numbers(v, (*path, i))
    elif isinstance(data, float):
        yield path, data


class Checker:
    """Runs every meaning check over one document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.data: dict[str, Any] = doc.data
        self.problems: list[Problem] = []
        self.parties = self._unique("parties")
        self.points = self._unique("points")
        self.drafts = self._unique("drafts")

    def run(self) -> list[Problem]:
        """All problems found."""
        for i, point in enumerate(self.data["points"]):
            self._point(i, point)
        for i, draft in enumerate(self.data.get("drafts", [])):
            self._draft(i, draft)
        record_checks.cycles(self)
        self._dates()
        for i, stance in enumerate(self.data.get("stances", [])):
            self._stance(i, stance)
            record_checks.evidence(self, i, stance)
        record_checks.histories(self)
        record_checks.bargainers(self)
        for party, prefs in self.data.get("preferences", {}).items():
            self._preferences(party, prefs)
        return self.problems

    def add(self, path: Path_, message: str, hint: str = "", *, key: bool = False) -> None:
        """Record one problem."""
        self.problems.append(self.doc.problem(path, message, hint, key=key))

    def _unique(self, section: str) -> dict[str, dict[str, Any]]:
        seen: dict[str, dict[str, Any]] = {}
        for i, item in enumerate(self.data.get(section, [])):
            if item["id"] in seen:
                self.add((section, i, "id"), f"id {item['id']!r} is used twice in {section}", "give each a unique id")
            else:
                seen[item["id"]] = item
        return seen

    # -- points ---------------------------------------------------------------------
    def _point(self, i: int, point: dict[str, Any]) -> None:
        seen: set[str] = set()
        for j, option in enumerate(point.get("options", [])):
            if option["id"] in seen:
                self.add(
                    ("points", i, "options", j, "id"),
                    f"point {point['id']!r} lists option {option['id']!r} twice",
                    "rename or delete one",
                )
            seen.add(option["id"])
        rng = point.get("range")
        if rng is not None:
            self._range(("points", i, "range"), rng)

    def _range(self, path: Path_, rng: dict[str, Any]) -> None:
        lo, hi, step = rng["min"], rng["max"], rng["step"]
        if not all(math.isfinite(x) for x in (lo, hi, step)):
            return
        if lo >= hi:
            self.add(path, f"min {lo} is not below max {hi}", "make min smaller than max")
            return
        count = (hi - lo) / step
        if abs(count - round(count)) > 1e-9 * max(1.0, count):
            self.add(
                (*path, "step"),
                f"step {step} does not divide max - min = {hi - lo}",
                "choose a step that does, or move max",
            )
        elif count + 1 > MAX_RANGE_VALUES:
            self.add(
                (*path, "step"),
                f"the range holds {int(count) + 1:,} values (limit {MAX_RANGE_VALUES:,})",
                "use a larger step",
            )

    def value_problem(self, point_id: str, value: Any) -> str | None:
        """Why ``value`` is not a value of the point, or None when it is."""
        point = self.points.get(point_id)
        if point is None:
            return f"unknown point {point_id!r}{did_you_mean(point_id, self.points)}"
        written, value = value, as_value(value, "range" in point)
        if value is None:
            return f"{written!r} is not a value of point {point_id!r}"
        if "range" in point:
            rng = point["range"]
            if isinstance(value, str):
                return f"{value!r} is not a number; point {point_id!r} is numeric"
            if not rng["min"] <= value <= rng["max"]:
                return f"{value!r} is outside point {point_id!r}'s range {rng['min']}..{rng['max']}"
            k = (value - rng["min"]) / rng["step"]
            if abs(k - round(k)) > 1e-9:
                return f"{value!r} is not on point {point_id!r}'s grid (step {rng['step']} from {rng['min']})"
            return None
        options = [o["id"] for o in point["options"]]
        if not isinstance(value, str) or value not in options:
            return f"point {point_id!r} has no option {value!r}{_close(str(value), options)}"
        return None

    # -- drafts ---------------------------------------------------------------------
    def _draft(self, i: int, draft: dict[str, Any]) -> None:
        base: Path_ = ("drafts", i)
        record_checks.draft_links(self, i, draft)
        for point, value in draft.get("choices", {}).items():
            if point not in self.points:
                self.add((*base, "choices", point), *self.unknown("point", point, "points"), key=True)
            elif value is not None and (why := self.value_problem(point, value)):
                self.add((*base, "choices", point), why, "choose one of the point's values")
        for point in draft.get("texts", {}):
            if point not in self.points:
                self.add((*base, "texts", point), *self.unknown("point", point, "points"), key=True)

    def _dates(self) -> None:
        """Dates that match YYYY-MM-DD (the schema's check) but name no day of the calendar."""
        places: list[tuple[Path_, Any]] = [
            (("drafts", i, "date"), d.get("date")) for i, d in enumerate(self.data.get("drafts", []))
        ]
        for i, stance in enumerate(self.data.get("stances", [])):
            for key in ("date", "published"):
                places.append((("stances", i, "source", key), (stance.get("source") or {}).get(key)))
        for path, text in places:
            if not isinstance(text, str):
                continue
            try:
                date.fromisoformat(text[:10])
            except ValueError as err:
                self.add(path, f"date {text!r} is not a day of the calendar ({err})", "write a real date as YYYY-MM-DD")

    def unknown(self, kind: str, given: str, section: str) -> tuple[str, str]:
        """``unknown point 'x'; did you mean 'y'?`` and, when nothing is close, a short list."""
        known: dict[str, Any] = getattr(self, section)
        return unknown(kind, given, known, section)

    # -- stances --------------------------------------------------------------------
    def _stance(self, i: int, stance: dict[str, Any]) -> None:
        base: Path_ = ("stances", i)
        if stance["party"] not in self.parties:
            self.add((*base, "party"), *self.unknown("party", stance["party"], "parties"))
        if stance["draft"] not in self.drafts:
            self.add((*base, "draft"), *self.unknown("draft", stance["draft"], "drafts"))
        point = stance.get("point")
        if point is not None and point not in self.points:
            self.add((*base, "point"), *self.unknown("point", point, "points"))
            return
        proposal = stance.get("proposal")
        if stance["stance"] == "amend" and proposal is None:
            self.add(base, "an `amend` stance needs a `proposal`", "add `proposal:` with the option or number proposed")
        elif stance["stance"] != "amend" and proposal is not None:
            self.add(
                (*base, "proposal"),
                f"only an `amend` stance takes a proposal, not {stance['stance']!r}",
                "remove `proposal` or use `stance: amend`",
            )
        elif proposal is not None and point is None:
            self.add((*base, "proposal"), "a proposal needs the `point` it amends", "add `point:`")
        elif proposal is not None and point is not None and (why := self.value_problem(point, proposal)):
            self.add((*base, "proposal"), why, "propose one of the point's values")

    # -- preferences ----------------------------------------------------------------
    def _preferences(self, party: str, prefs: dict[str, Any]) -> None:
        base: Path_ = ("preferences", party)
        if party not in self.parties:
            self.add(base, *self.unknown("party", party, "parties"), key=True)
        uncertainty_checks.preferences(self, base, prefs)
        weights = {point: uncertainty_checks.estimate(w) for point, w in prefs["weights"].items()}
        for point in weights:
            if point not in self.points:
                self.add((*base, "weights", point), *self.unknown("point", point, "points"), key=True)
        if weights and not any(w > 0 for w in weights.values()):
            self.add((*base, "weights"), "every weight is 0", "give at least one point a positive weight")
        if not weights:
            self.add((*base, "weights"), "no point has a weight", "weigh at least one point")
        for point, ratings in prefs["ratings"].items():
            self._ratings((*base, "ratings", point), point, ratings, weights.get(point, 0))
        for point, weight in weights.items():
            if weight > 0 and point in self.points and point not in prefs["ratings"]:
                written = prefs["weights"][point]
                self.add(
                    (*base, "ratings"),
                    f"point {point!r} has weight {weight if isinstance(written, dict) else written} but no ratings",
                    f"add `{point}:` under ratings",
                )
        for j, line in enumerate(prefs.get("red_lines", [])):
            if isinstance(line, dict):
                self._assignment((*base, "red_lines", j, "line"), line["line"], allow_bounds=True)
            else:
                self._assignment((*base, "red_lines", j), line, allow_bounds=True)
        for j, link in enumerate(prefs.get("links", [])):
            self._link((*base, "links", j), link)
        for j, term in enumerate(prefs.get("interactions", [])):
            for point, value in term["when"].items():
                if why := self.value_problem(point, value):
                    self.add((*base, "interactions", j, "when", point), why, "name a point and one of its values")

    def _ratings(self, path: Path_, point_id: str, ratings: dict[str, Any], weight: float) -> None:
        point = self.points.get(point_id)
        if point is None:
            self.add(path, *self.unknown("point", point_id, "points"), key=True)
            return
        if "range" in point:
            self._curve(path, point, ratings)
            return
        options = [o["id"] for o in point["options"]]
        for option in ratings:
            if option not in options:
                self.add(
                    (*path, option), f"point {point_id!r} has no option {option!r}{_close(option, options)}", key=True
                )
        missing = [o for o in options if o not in ratings]
        if weight > 0 and missing:
            self.add(
                path,
                f"no rating for option(s) {', '.join(map(repr, missing))}",
                "rate every option of a weighted point (0-100)",
            )

    def _curve(self, path: Path_, point: dict[str, Any], ratings: dict[str, Any]) -> None:
        rng = point["range"]
        if not ratings:
            self.add(path, "a numeric point's rating needs at least one breakpoint", "add `value: rating` pairs")
        for key in ratings:
            try:
                x = float(key)
            except ValueError:
                self.add(
                    (*path, key),
                    f"breakpoint {key!r} is not a number; point {point['id']!r} is numeric",
                    "use numbers as keys",
                    key=True,
                )
                continue
            if not rng["min"] <= x <= rng["max"]:
                self.add(
                    (*path, key),
                    f"breakpoint {key} is outside the range {rng['min']}..{rng['max']}",
                    "move it into the range",
                    key=True,
                )

    def _assignment(self, path: Path_, text: str, *, allow_bounds: bool) -> Assignment | None:
        parsed = parse_assignment(text)
        if parsed.point not in self.points:
            self.add(path, *self.unknown("point", parsed.point, "points"))
            return None
        numeric = "range" in self.points[parsed.point]
        if parsed.op != "=":
            if not allow_bounds or not numeric or isinstance(as_value(parsed.text, True), str):
                self.add(
                    path, f"{text!r}: '<' and '>' take a number on a numeric point", "write point=option for an option"
                )
                return None
            return parsed
        if why := self.value_problem(parsed.point, parsed.text):
            self.add(path, f"{text!r}: {why}", "name one of the point's values")
            return None
        return parsed

    def _link(self, path: Path_, link: dict[str, Any]) -> None:
        cond = self._assignment((*path, "if"), link["if"], allow_bounds=False)
        thens = link["then"] if isinstance(link["then"], list) else [link["then"]]
        targets = [self._assignment((*path, "then"), t, allow_bounds=False) for t in thens]
        points = {t.point for t in targets if t is not None}
        if len(points) > 1:
            self.add(
                (*path, "then"),
                f"`then` names several points ({', '.join(sorted(points))})",
                "list values of one point only; write one link per point",
            )
        elif cond is not None and cond.point in points:
            self.add((*path, "then"), f"a link cannot tie point {cond.point!r} to itself", "name another point")


def unknown(kind: str, given: str, known: Iterable[str], section: str) -> tuple[str, str]:
    """Message and hint for an id that is not defined: the closest known id when there is one,
    else the first few known ids (never the whole list: a file may hold hundreds)."""
    ids = list(known)
    suggestion = did_you_mean(given, ids)
    if suggestion:
        return f"unknown {kind} {given!r}{suggestion}", ""
    if not ids:
        return f"unknown {kind} {given!r}", f"the file defines no {section}"
    return f"unknown {kind} {given!r}", f"known {section}: {known_list(ids)}"


def _close(given: str, options: list[str]) -> str:
    """``; did you mean 'h38'?`` or `` (options: h35, h38)``, shortened past eight."""
    return did_you_mean(given, options) or f" (options: {known_list(options)})"
