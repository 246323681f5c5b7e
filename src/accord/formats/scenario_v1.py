"""Scenario format v1 (YAML or JSON) -> :class:`accord.model.Scenario`.

Reading goes: safe YAML 1.2 or strict JSON with positions (:mod:`yaml_source`, which
chooses between them, and :mod:`json_source`) -> version check -> JSON
Schema (:mod:`schema`) -> finite numbers -> meaning checks (:mod:`scenario_checks`) ->
model. Every stage reports all of its problems at once; the first stage that finds any
stops the reading with a :class:`ScenarioError`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from accord.errors import ScenarioError
from accord.formats.assignments import as_value, parse_assignment
from accord.formats.document import Document
from accord.formats.record_checks import ids, parents_of
from accord.formats.scenario_checks import Checker, non_finite
from accord.formats.schema import structural_problems
from accord.formats.uncertainty_checks import distribution, estimate
from accord.formats.yaml_source import load_document, parse_text
from accord.model import (
    Basis,
    CategoricalRating,
    Draft,
    Interaction,
    Link,
    NumericRange,
    Option,
    ParameterKind,
    Party,
    PiecewiseLinear,
    Point,
    Preferences,
    Rating,
    RedLine,
    Role,
    Scenario,
    Source,
    Stance,
    StanceKind,
    Uncertain,
    Value,
)


def load(path: Path) -> Scenario:
    """Read and validate a scenario file; raise ScenarioError listing every problem."""
    return from_document(load_document(Path(path)))


def loads(text: str, name: str = "<string>") -> Scenario:
    """Read and validate scenario text (``name`` appears in error messages)."""
    return from_document(parse_text(text, name))


def from_document(doc: Document) -> Scenario:
    """Validate a parsed document and build the model from it."""
    _validate(doc)
    return _Builder(doc.data, doc.file).scenario()


def _validate(doc: Document) -> None:
    if doc.problems:
        raise ScenarioError(doc.problems)
    if not isinstance(doc.data, dict) or "accord" not in doc.data:
        raise ScenarioError(
            [
                doc.problem(
                    (),
                    "not an accord scenario: the top-level key `accord: 1` is missing",
                    "start the file with `accord: 1`",
                )
            ]
        )
    if doc.data["accord"] != 1 or isinstance(doc.data["accord"], bool):
        raise ScenarioError(
            [
                doc.problem(
                    ("accord",), f"unsupported format version {doc.data['accord']!r}", "this accord reads `accord: 1`"
                )
            ]
        )
    for stage in (structural_problems, non_finite):
        problems = stage(doc)
        if problems:
            raise ScenarioError(problems)
    problems = Checker(doc).run()
    if problems:
        raise ScenarioError(problems)


class _Builder:
    """Builds model objects from a validated document."""

    def __init__(self, data: dict[str, Any], source: str) -> None:
        self.data = data
        self.source = source
        self.numeric = {p["id"]: "range" in p for p in data["points"]}
        self.point_index = {p["id"]: i for i, p in enumerate(data["points"])}
        self.option_index = {p["id"]: {o["id"]: j for j, o in enumerate(p.get("options", []))} for p in data["points"]}

    def value(self, point: str, raw: Any) -> Value:
        value = as_value(raw, self.numeric[point])
        if value is None:  # the checks have refused this already
            raise AssertionError(f"unchecked value {raw!r} of point {point!r}")
        return value

    def scenario(self) -> Scenario:
        d = self.data
        return Scenario(
            title=d["title"],
            description=d.get("description", ""),
            parties=tuple(self.party(p) for p in d["parties"]),
            points=tuple(self.point(p) for p in d["points"]),
            drafts=tuple(self.draft(x) for x in d.get("drafts", [])),
            stances=tuple(self.stance(s) for s in d.get("stances", [])),
            preferences={k: self.preferences(k, v) for k, v in d.get("preferences", {}).items()},
            origin="accord",
            source=self.source,
            bargainers=tuple(d["bargainers"]) if "bargainers" in d else None,
        )

    @staticmethod
    def party(p: dict[str, Any]) -> Party:
        return Party(p["id"], p["name"], Role(p.get("role", "signatory")), p.get("description", ""))

    @staticmethod
    def point(p: dict[str, Any]) -> Point:
        rng = p.get("range")
        return Point(
            id=p["id"],
            title=p.get("title", p["id"]),
            description=p.get("description", ""),
            options=tuple(Option(o["id"], o.get("text", "")) for o in p.get("options", [])),
            range=NumericRange(rng["min"], rng["max"], rng["step"], rng.get("unit", "")) if rng else None,
        )

    def draft(self, x: dict[str, Any]) -> Draft:
        return Draft(
            id=x["id"],
            title=x.get("title", x["id"]),
            date=x.get("date", ""),
            authors=tuple(ids(x["authors"] if "authors" in x else x.get("author"))),
            parents=tuple(parents_of(x)),
            description=x.get("description", ""),
            choices={k: self.value(k, v) for k, v in x.get("choices", {}).items() if v is not None},
            texts=dict(x.get("texts", {})),
        )

    def stance(self, s: dict[str, Any]) -> Stance:
        src = s.get("source")
        point = s.get("point")
        proposal = s.get("proposal")
        return Stance(
            party=s["party"],
            draft=s["draft"],
            stance=StanceKind(s["stance"]),
            point=point,
            proposal=self.value(point, proposal) if point is not None and proposal is not None else None,
            note=s.get("note", ""),
            source=Source(**src) if src is not None else None,
            basis=Basis(s["basis"]) if "basis" in s else None,
            reason=s.get("reason", ""),
        )

    def preferences(self, party: str, p: dict[str, Any]) -> Preferences:
        uncertain: list[Uncertain] = []

        def number(raw: Any, kind: ParameterKind, point: str | None = None, value: Value | None = None) -> float:
            """The estimate of a number as written; a range also becomes an Uncertain entry."""
            if isinstance(raw, dict):
                uncertain.append(Uncertain(kind, distribution(raw), point, value))
            return estimate(raw)

        ratings: dict[str, Rating] = {}
        for point, table in p["ratings"].items():
            if self.numeric[point]:
                curve = ((float(k), number(v, "rating", point, float(k))) for k, v in table.items())
                ratings[point] = PiecewiseLinear(tuple(sorted(curve)))
            else:
                ratings[point] = CategoricalRating({k: number(v, "rating", point, k) for k, v in table.items()})
        weights = {k: number(v, "weight", k) for k, v in p["weights"].items()}
        reservation = number(p.get("reservation", 0.0), "reservation")
        return Preferences(
            party=party,
            weights=weights,
            ratings=ratings,
            reservation=reservation,
            red_lines=tuple(self.red_line(t) for t in p.get("red_lines", [])),
            links=tuple(self.link(k) for k in p.get("links", [])),
            interactions=tuple(
                Interaction(
                    tuple((k, self.value(k, v)) for k, v in t["when"].items()),
                    float(t["bonus"]),
                    float(t.get("probability", 1.0)),
                )
                for t in p.get("interactions", [])
            ),
            uncertain=tuple(sorted(uncertain, key=self.order)),
        )

    def order(self, u: Uncertain) -> tuple[int, int, float]:
        """The canonical order of uncertain numbers, whatever the file's order of keys: the
        reservation value, then weights, then ratings, by point, then option or breakpoint."""
        kind = ("reservation", "weight", "rating").index(u.kind)
        point = self.point_index.get(u.point, -1) if u.point is not None else -1
        if isinstance(u.value, str):
            return kind, point, self.option_index[u.point or ""].get(u.value, -1)
        return kind, point, float(u.value or 0.0)

    def red_line(self, item: str | dict[str, Any]) -> RedLine:
        """A red line: its text, or ``{line, probability}``."""
        text = item["line"] if isinstance(item, dict) else item
        probability = float(item.get("probability", 1.0)) if isinstance(item, dict) else 1.0
        a = parse_assignment(text)
        value = self.value(a.point, a.text)
        if a.op == "=":
            return RedLine(a.point, option=value, probability=probability)
        if isinstance(value, str):
            raise AssertionError(f"unchecked bound {text!r}")
        if a.op == "<":
            return RedLine(a.point, below=value, probability=probability)
        return RedLine(a.point, above=value, probability=probability)

    def link(self, k: dict[str, Any]) -> Link:
        cond = parse_assignment(k["if"])
        thens = [parse_assignment(t) for t in (k["then"] if isinstance(k["then"], list) else [k["then"]])]
        return Link(
            point=cond.point,
            value=self.value(cond.point, cond.text),
            requires_point=thens[0].point,
            requires=tuple(self.value(t.point, t.text) for t in thens),
            probability=float(k.get("probability", 1.0)),
        )
