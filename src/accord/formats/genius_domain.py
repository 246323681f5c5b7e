"""GENIUS domain files: the issues and their values, as GENIUS's ``DomainImpl`` reads them.

A domain is a ``<negotiation_template>`` holding a ``<utility_space>``, or a bare
``<utility_space>`` without weights or evaluations. Its ``<objective>`` tree holds
``<issue>`` elements (nested objectives are walked in document order, as GENIUS's
pre-order issue enumeration does):

* discrete issues list their values as direct ``<item value=...>`` children (items nested
  in ``<similarity_function>`` blocks are not values);
* integer issues carry ``lowerbound``/``upperbound`` attributes (or a ``<range>`` child);
* real issues carry a ``<range lowerbound upperbound>`` child. GENIUS treats them as
  continuous; accord takes :data:`REAL_VALUES` evenly spaced values, both bounds included.

The issue kind may sit in ``type``, ``vtype`` or ``etype`` (files differ); the first present
wins, in that order, and no attribute means discrete (Hindriks et al., GENIUS, 2009).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from accord.errors import Problem, ScenarioError, UnsupportedFormatError
from accord.formats.safe_xml import XmlDocument
from accord.model import NumericRange, Option, Point

REAL_VALUES = 11
"""Values accord takes on a real GENIUS issue: lower bound, 9 between, upper bound (step (hi-lo)/10)."""

KINDS = ("discrete", "integer", "real")


@dataclass(frozen=True)
class GeniusIssue:
    """One issue of a GENIUS domain."""

    index: int
    name: str
    kind: str
    values: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    low: float = 0.0
    high: float = 0.0

    def grid(self) -> NumericRange:
        """The values accord uses for an integer (step 1) or real (:data:`REAL_VALUES`) issue."""
        if self.kind == "integer":
            return NumericRange(self.low, self.high, 1)
        if self.high == self.low:
            return NumericRange(self.low, self.high, 1.0)
        return NumericRange(self.low, self.high, (self.high - self.low) / (REAL_VALUES - 1))

    def point(self) -> Point:
        """The issue as an accord point (id and title are the issue name)."""
        if self.kind == "discrete":
            options = tuple(Option(v, d) for v, d in zip(self.values, self.descriptions, strict=True))
            return Point(id=self.name, title=self.name, options=options)
        return Point(id=self.name, title=self.name, range=self.grid())


def fail(doc: XmlDocument, element: ET.Element | None, where: str, message: str, hint: str) -> ScenarioError:
    """A ScenarioError about ``element`` of ``doc`` (its line when known)."""
    line = doc.line(element) if element is not None else None
    return ScenarioError([Problem(file=doc.source, path=where, message=message, hint=hint, line=line)])


def number(doc: XmlDocument, element: ET.Element, attribute: str, where: str) -> float:
    """The finite number in ``attribute`` of ``element``; ScenarioError if missing or not a number."""
    raw = element.get(attribute)
    try:
        value = float(raw) if raw is not None else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        shown = f"attribute {attribute} is missing" if raw is None else f"{attribute}={raw!r} is not a finite number"
        raise fail(doc, element, where, shown, f'write {attribute}="<number>"')
    return value


def issue_kind(doc: XmlDocument, element: ET.Element) -> str | None:
    """The issue kind written on ``element`` (``type``, then ``vtype``, then ``etype``), or None."""
    for attribute in ("type", "vtype", "etype"):
        raw = element.get(attribute)
        if raw:
            kind = raw.strip().lower()
            if kind not in KINDS:
                name = element.get("name", "?")
                raise UnsupportedFormatError(
                    f"{doc.source}: line {doc.line(element)}: issue {name!r} has {attribute}={raw!r}; "
                    "accord reads discrete, integer and real GENIUS issues (the old 'price' "
                    "evaluator is not supported); rewrite the issue as one of these",
                    file=doc.source,
                    line=doc.line(element),
                )
            return kind
    return None


def issue_elements(level: ET.Element) -> list[ET.Element]:
    """The ``<issue>`` elements under ``level``, walking nested ``<objective>`` elements in order."""
    found: list[ET.Element] = []
    for child in level:
        if child.tag == "issue":
            found.append(child)
        elif child.tag == "objective":
            found.extend(issue_elements(child))
    return found


def domain_space(doc: XmlDocument) -> ET.Element:
    """The ``<utility_space>`` of a domain document."""
    if doc.root.tag == "utility_space":
        return doc.root
    space = doc.root.find("utility_space")
    if space is None:
        raise fail(doc, doc.root, "negotiation_template", "no <utility_space> element", "add the issues")
    return space


def domain_title(doc: XmlDocument, fallback: str) -> str:
    """The name of the domain's root objective, or ``fallback`` when it is empty or ``root``."""
    objective = domain_space(doc).find("objective")
    name = (objective.get("name", "") if objective is not None else "").strip()
    return name if name and name.lower() != "root" else fallback


def read_domain(doc: XmlDocument) -> tuple[GeniusIssue, ...]:
    """Every issue of a domain document, in document order."""
    issues = tuple(_issue(doc, e) for e in issue_elements(domain_space(doc)))
    if not issues:
        raise fail(doc, doc.root, "", "the domain has no <issue>", "add at least one issue")
    seen_index: set[int] = set()
    seen_name: set[str] = set()
    for issue in issues:
        if issue.index in seen_index or issue.name in seen_name:
            raise fail(
                doc,
                None,
                f"issue {issue.name!r}",
                f"index {issue.index} or name {issue.name!r} is used twice",
                "give every issue its own index and name",
            )
        seen_index.add(issue.index)
        seen_name.add(issue.name)
    return issues


def issue_index(doc: XmlDocument, element: ET.Element, where: str) -> int:
    """The integer ``index`` attribute of an issue or weight element."""
    value = number(doc, element, "index", where)
    if not value.is_integer():
        raise fail(doc, element, where, f"index {value} is not a whole number", "use whole-number indexes")
    return int(value)


def _issue(doc: XmlDocument, element: ET.Element) -> GeniusIssue:
    name = element.get("name")
    if not name:
        raise fail(doc, element, "issue", "an <issue> has no name", 'add name="..."')
    where = f"issue {name!r}"
    index = issue_index(doc, element, where)
    kind = issue_kind(doc, element) or "discrete"
    if kind == "discrete":
        items = [c for c in element if c.tag == "item"]
        values = tuple(_item_value(doc, item, where) for item in items)
        if not values:
            raise fail(doc, element, where, "a discrete issue without <item> values", "list its values as <item>")
        duplicate = next((v for i, v in enumerate(values) if v in values[:i]), None)
        if duplicate is not None:
            raise fail(doc, element, where, f"value {duplicate!r} is listed twice", "delete one of them")
        descriptions = tuple(item.get("description", "") for item in items)
        return GeniusIssue(index, name, kind, values, descriptions)
    low, high = _bounds(doc, element, where, kind)
    return GeniusIssue(index, name, kind, low=low, high=high)


def _item_value(doc: XmlDocument, item: ET.Element, where: str) -> str:
    value = item.get("value")
    if value is None:
        raise fail(doc, item, where, "an <item> has no value", 'add value="..."')
    return value


def _bounds(doc: XmlDocument, element: ET.Element, where: str, kind: str) -> tuple[float, float]:
    holder = element
    if element.get("lowerbound") is None or kind == "real":
        found = element.find("range")
        holder = found if found is not None else element
    low = number(doc, holder, "lowerbound", where)
    high = number(doc, holder, "upperbound", where)
    if kind == "integer" and not (low.is_integer() and high.is_integer()):
        raise fail(doc, holder, where, f"integer bounds {low}..{high} are not whole numbers", "use whole numbers")
    if high < low:
        raise fail(doc, holder, where, f"upperbound {high} is below lowerbound {low}", "swap them")
    return low, high
